"""The reading log: a dated journal of what happened to papers, built from the data itself
(papers added, passes started and finished, notes written, TODOs added and ticked off)."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from . import clock
from .errors import UsageError


@dataclass(frozen=True)
class Event:
    at: str             # ISO 8601 UTC
    paper_id: str
    title: str
    kind: str           # added | pass_started | pass_finished | notes | todo_added | todo_done
    detail: str = ""    # pass number, TODO text

    @property
    def description(self) -> str:
        if self.kind == "added":
            return "added"
        if self.kind == "pass_started":
            return f"started pass {self.detail}"
        if self.kind == "pass_finished":
            return f"finished pass {self.detail}"
        if self.kind == "notes":
            return "wrote notes"
        if self.kind == "todo_added":
            return f"TODO added: {self.detail}"
        if self.kind == "todo_done":
            return f"TODO done: {self.detail}"
        return self.kind

    def local_time(self) -> datetime:
        return clock.parse_iso(self.at).astimezone()


# Events in the same second (times are stored to the second) are listed in the order they must
# have happened: a paper is added before it is read; pass N starts, then finishes, before pass
# N+1 starts; TODOs in the order they were added (their id), each added before it is ticked off.
_RANK = {"added": 0, "pass_started": 1, "pass_finished": 1, "notes": 2, "todo_added": 3,
         "todo_done": 3}


def _order(kind: str, seq: int) -> tuple[int, int]:
    step = 1 if kind in ("pass_finished", "todo_done") else 0
    return _RANK.get(kind, 9), 2 * seq + step

_QUERY = """
SELECT added AS at, id AS paper_id, 'added' AS kind, '' AS detail, 0 AS seq FROM papers
    WHERE added >= :since AND added < :until
UNION ALL
SELECT started, paper_id, 'pass_started', pass, pass FROM passes
    WHERE started >= :since AND started < :until AND (finished IS NULL OR finished != started)
UNION ALL
SELECT finished, paper_id, 'pass_finished', pass, pass FROM passes
    WHERE finished >= :since AND finished < :until
UNION ALL
SELECT modified, paper_id, 'notes', '', 0 FROM notes
    WHERE modified >= :since AND modified < :until
      AND (what != '' OR how != '' OR why != '' OR text != '')
UNION ALL
SELECT created, paper_id, 'todo_added', text, id FROM todos
    WHERE created >= :since AND created < :until
UNION ALL
SELECT done, paper_id, 'todo_done', text, id FROM todos WHERE done >= :since AND done < :until
"""


def events(conn: sqlite3.Connection, since: datetime | None = None,
           until: datetime | None = None) -> list[Event]:
    """Events in [since, until), oldest first."""
    bounds = {
        "since": clock.iso(since) if since else "",
        "until": clock.iso(until) if until else "9999",
    }
    titles = {}
    found = []
    for r in conn.execute(_QUERY, bounds):
        found.append((r["at"], r["paper_id"], r["kind"], str(r["detail"]), r["seq"]))
    ids = {f[1] for f in found}
    if ids:
        if len(ids) < 500:
            q = f"SELECT id, title FROM papers WHERE id IN ({','.join('?' * len(ids))})"
            titles = dict(conn.execute(q, tuple(ids)).fetchall())
        else:
            titles = dict(conn.execute("SELECT id, title FROM papers").fetchall())
    found.sort(key=lambda f: (f[0], f[1], _order(f[2], f[4])))
    return [Event(at, pid, titles.get(pid, pid), kind, detail) for at, pid, kind, detail, _ in found]


def parse_day(text: str, today: date) -> date:
    """A day as a user types it: YYYY-MM-DD, today, yesterday, or Nd (N days ago)."""
    t = text.strip().lower()
    if t == "today":
        return today
    if t == "yesterday":
        return today - timedelta(days=1)
    m = re.fullmatch(r"(\d+)\s*d", t)
    if m:
        return today - timedelta(days=int(m.group(1)))
    try:
        return date.fromisoformat(t)
    except ValueError:
        raise UsageError(f"not a date: {text!r}; use YYYY-MM-DD, today, yesterday or 7d") from None


def local_day_start(day: date) -> datetime:
    """Local midnight starting `day`, as aware UTC."""
    return datetime.combine(day, time(0)).astimezone().astimezone(timezone.utc)
