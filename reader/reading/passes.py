"""Reading passes (S. Keshav: 1 skim, 2 careful read, 3 re-derive) and the status they give.

A paper's status is derived, never stored: the highest finished pass (`unread` when none is).
Each pass has a start and a finish time (UTC); finishing a pass that was never started starts it
at the same moment.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from reader import clock
from reader.store.db import transaction
from reader.errors import UsageError
from reader.models import Pass

STATUSES = ("unread", "pass 1", "pass 2", "pass 3")
IN_PROGRESS = "in progress"   # a filter beside the statuses: a pass started and not finished


def status_name(highest_finished: int | None) -> str:
    return STATUSES[highest_finished or 0]


def parse_status(text: str) -> str:
    """What a user typed (`unread`, `pass 2`, `pass2`, `2`, `p2`) as a status name."""
    t = text.strip().lower().replace(" ", "").replace("-", "").replace("_", "")
    for s in STATUSES:
        if t == s.replace(" ", ""):
            return s
    if t in ("inprogress", "reading", "started", "open"):
        return IN_PROGRESS
    if t in ("0", "none", "new"):
        return "unread"
    # The words items other than papers go by (reader.library.kinds): done once, twice, thrice.
    times = {"done": 1, "once": 1, "twice": 2, "thrice": 3}
    if t in times:
        return STATUSES[times[t]]
    if t.lstrip("p") in ("1", "2", "3"):
        return f"pass {t.lstrip('p')}"
    raise UsageError(f"unknown status {text!r}; use one of: {', '.join(STATUSES)}, {IN_PROGRESS} "
                     "(for items other than papers: new, done, twice, thrice)")


def _check(number: int) -> int:
    if number not in (1, 2, 3):
        raise UsageError(f"a pass is 1, 2 or 3, not {number}")
    return number


def _row(r: sqlite3.Row) -> Pass:
    return Pass(r["paper_id"], r["pass"], r["started"], r["finished"])


def for_paper(conn: sqlite3.Connection, paper_id: str) -> list[Pass]:
    """The paper's passes, by number."""
    rows = conn.execute(
        "SELECT paper_id, pass, started, finished FROM passes WHERE paper_id = ? ORDER BY pass",
        (paper_id,),
    )
    return [_row(r) for r in rows]


def get(conn: sqlite3.Connection, paper_id: str, number: int) -> Pass | None:
    r = conn.execute(
        "SELECT paper_id, pass, started, finished FROM passes WHERE paper_id = ? AND pass = ?",
        (paper_id, number),
    ).fetchone()
    return _row(r) if r else None


def start(conn: sqlite3.Connection, paper_id: str, number: int, now: datetime) -> Pass:
    """Record that pass `number` started at `now` (no change if it already started)."""
    _check(number)
    with transaction(conn):
        conn.execute(
            "INSERT OR IGNORE INTO passes (paper_id, pass, started) VALUES (?, ?, ?)",
            (paper_id, number, clock.iso(now)),
        )
    return get(conn, paper_id, number)  # type: ignore[return-value]


def finish(conn: sqlite3.Connection, paper_id: str, number: int, now: datetime) -> Pass:
    """Record that pass `number` finished at `now`, starting it too if it was not.
    A pass finished before keeps its first finish time."""
    _check(number)
    t = clock.iso(now)
    with transaction(conn):
        conn.execute(
            "INSERT INTO passes (paper_id, pass, started, finished) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (paper_id, pass) DO UPDATE SET finished = coalesce(finished, excluded.finished)",
            (paper_id, number, t, t),
        )
    return get(conn, paper_id, number)  # type: ignore[return-value]


def undo(conn: sqlite3.Connection, paper_id: str, number: int) -> bool:
    """Forget pass `number` of a paper (started or finished). True if there was one."""
    _check(number)
    with transaction(conn):
        cur = conn.execute("DELETE FROM passes WHERE paper_id = ? AND pass = ?", (paper_id, number))
    return cur.rowcount > 0


def status(conn: sqlite3.Connection, paper_id: str) -> str:
    r = conn.execute(
        "SELECT max(pass) FROM passes WHERE paper_id = ? AND finished IS NOT NULL", (paper_id,)
    ).fetchone()
    return status_name(r[0])


def statuses(conn: sqlite3.Connection) -> dict[str, str]:
    """Status of every paper that has a finished pass (others are `unread`), in one query."""
    rows = conn.execute(
        "SELECT paper_id, max(pass) FROM passes WHERE finished IS NOT NULL GROUP BY paper_id"
    )
    return {pid: STATUSES[n] for pid, n in rows}


def in_progress(conn: sqlite3.Connection) -> set[str]:
    """Papers with a pass started and not finished."""
    return {r[0] for r in conn.execute("SELECT DISTINCT paper_id FROM passes WHERE finished IS NULL")}


def skipping_pass_2(conn: sqlite3.Connection, paper_id: str, number: int) -> str | None:
    """Why recording pass `number` deserves a question first, or None: pass 3 (re-derive)
    follows a careful pass 2, and this paper has none finished."""
    if number != 3:
        return None
    two = get(conn, paper_id, 2)
    if two is not None and two.done:
        return None
    three = get(conn, paper_id, 3)
    if three is not None:
        return None  # pass 3 is under way already: finishing it asks nothing new
    state = "is only started" if two is not None else "was never recorded"
    return f"pass 3 (re-derive) comes after a careful pass 2, and pass 2 of {paper_id} {state}"


def finished_between(conn: sqlite3.Connection, start_iso: str, end_iso: str) -> list[Pass]:
    """Passes finished in [start, end) (UTC ISO), oldest first: for per-period statistics."""
    rows = conn.execute(
        "SELECT paper_id, pass, started, finished FROM passes "
        "WHERE finished >= ? AND finished < ? ORDER BY finished, paper_id, pass",
        (start_iso, end_iso),
    )
    return [_row(r) for r in rows]
