"""Writing the merged state into the library: every cell where the library differs from it.

Inside the caller's transaction. Papers first (their rows, then what hangs off them), then
cards, then each card's answers: a card whose answers changed gets its log from the merged
answers; its scheduling state is the one written with exactly those answers (the device that
wrote it computed it, so every device holds the same), else it is replayed through FSRS from
them (`decks.reviews.rewrite_log`), and the replay travels on as this device's change. Cards
follow merged notes (`cardgen`), and removed papers go last.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from decks.reviews import Answer, rewrite_log
from decks.settings import DeckSettings

from reader.sync.changes import (ANSWER, CARD_FIELDS, NOTE_TEXTS, SCHED, TODO_FIELDS, answers_digest,
                                 paper_columns)

__all__ = ["write", "Applied"]

_MISSING = object()


@dataclass
class Applied:
    papers_in: set[str] = field(default_factory=set)      # papers added or changed here
    removed: set[str] = field(default_factory=set)
    cells: int = 0
    replayed: int = 0


def _group(keys) -> dict[str, list[tuple]]:
    groups: dict[str, list[tuple]] = {}
    for k in keys:
        if k[0] == "p":
            kind = "paper" if len(k) == 2 else ("field" if k[2] == "f" else k[2])
        elif k[0] == "c":
            kind = "card" if len(k) == 3 else ("cardfield" if k[3] == "f" else "sched")
        else:
            kind = k[0]
        groups.setdefault(kind, []).append(k)
    return groups


def write(conn: sqlite3.Connection, data: Path, have: dict[tuple, Any], want: dict[tuple, Any],
          now: datetime, settings: DeckSettings) -> Applied:
    """Make the library hold `want` where it holds `have` (both as `changes.current` reads)."""
    out = Applied()
    if have == want:          # compared in C, without sets of a first sync's million keys
        return out
    differ = [k for k in set(have) | set(want) if have.get(k, _MISSING) != want.get(k, _MISSING)]
    if not differ:
        return out
    out.cells = len(differ)
    g = _group(differ)
    cols = paper_columns(conn)
    adds = [k[1] for k in g.get("paper", []) if k in want]
    for pid in sorted(adds, key=lambda p: (want.get(("p", p, "f", "added")) or "", p)):
        row = {c: want.get(("p", pid, "f", c)) for c in cols}
        row = {c: v for c, v in row.items() if v is not None}
        row.setdefault("title", pid)
        row.setdefault("added", want.get(("p", pid, "f", "added")) or now.strftime("%Y-%m-%dT%H:%M:%SZ"))
        names = ["id", *row]
        conn.execute(f"INSERT INTO papers ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                     [pid, *row.values()])
        out.papers_in.add(pid)
    for k in g.get("field", []):   # a field without a cell is NULL
        pid, col = k[1], k[3]
        if ("p", pid) in want and pid not in adds and col in cols:
            conn.execute(f"UPDATE papers SET {col} = ? WHERE id = ?", (want.get(k), pid))
            out.papers_in.add(pid)
    live = lambda pid: ("p", pid) in want  # noqa: E731
    for k in g.get("tag", []):
        if k in want and live(k[1]):
            conn.execute("INSERT OR IGNORE INTO tags (paper_id, tag) VALUES (?, ?)", (k[1], k[3]))
        elif k not in want:
            conn.execute("DELETE FROM tags WHERE paper_id = ? AND tag = ?", (k[1], k[3]))
    for k in g.get("pass", []):
        if k in want and live(k[1]):
            conn.execute("INSERT OR REPLACE INTO passes (paper_id, pass, started, finished) "
                         "VALUES (?, ?, ?, ?)", (k[1], k[3], *want[k]))
        elif k not in want:
            conn.execute("DELETE FROM passes WHERE paper_id = ? AND pass = ?", (k[1], k[3]))
    for pid in sorted({k[1] for k in g.get("notes", [])}):
        if not live(pid):
            continue
        values = {f: want.get(("p", pid, "notes", f)) or "" for f in NOTE_TEXTS}
        modified = want.get(("p", pid, "notes", "modified")) or now.strftime("%Y-%m-%dT%H:%M:%SZ")
        conn.execute(
            "INSERT INTO notes (paper_id, what, how, why, text, modified) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (paper_id) DO UPDATE SET what = excluded.what, how = excluded.how, "
            "why = excluded.why, text = excluded.text, modified = excluded.modified",
            (pid, *values.values(), modified))
        out.papers_in.add(pid)
    for k in g.get("nlog", []):
        if k in want and live(k[1]):
            conn.execute("INSERT OR REPLACE INTO notes_log (paper_id, day, first_at, last_at) "
                         "VALUES (?, ?, ?, ?)", (k[1], k[3], *want[k]))
        elif k not in want:
            conn.execute("DELETE FROM notes_log WHERE paper_id = ? AND day = ?", (k[1], k[3]))
    _todos(conn, g.get("todo", []), want, live)
    for k in g.get("plan", []):
        if k in want and live(k[1]):
            conn.execute("INSERT OR REPLACE INTO reading_plan (paper_id, priority, read_by, "
                         "snoozed_until, modified) VALUES (?, ?, ?, ?, ?)", (k[1], *want[k]))
        elif k not in want:
            conn.execute("DELETE FROM reading_plan WHERE paper_id = ?", (k[1],))
    for k in g.get("citekey", []):
        if k in want and live(k[1]):
            conn.execute("INSERT OR REPLACE INTO citation_keys (paper_id, key, created) "
                         "VALUES (?, ?, ?)", (k[1], *want[k]))
        elif k not in want:
            conn.execute("DELETE FROM citation_keys WHERE paper_id = ?", (k[1],))
    ids = _CardIds(conn, len(g.get("card", [])) + len(g.get("sched", [])) > 1000)
    new = _cards(conn, g, want, ids)
    out.replayed = _answers(conn, g, have, want, settings, ids, new)
    for k in g.get("s", []):
        if k in want:
            conn.execute("INSERT OR REPLACE INTO deck_settings (name, value) VALUES (?, ?)",
                         (k[1], want[k]))
        else:
            conn.execute("DELETE FROM deck_settings WHERE name = ?", (k[1],))
    _units(conn, g.get("u", []), want)
    for k in g.get("j", []):
        if k in want:
            text, item = want[k]
            if item is not None and conn.execute("SELECT 1 FROM papers WHERE id = ?",
                                                 (item,)).fetchone() is None:
                item = None
            conn.execute("INSERT INTO journal (day, text, item_id, written) VALUES (?, ?, ?, ?)",
                         (k[1], text, item, k[2]))
        else:
            conn.execute("DELETE FROM journal WHERE day = ? AND written = ? AND text = ?",
                         (k[1], k[2], have[k][0]))
    _follow_notes(conn, out.papers_in & {k[1] for k in g.get("notes", [])} | set(adds), now)
    from reader.library import papers as library

    for k in g.get("paper", []):
        if k not in want:
            library.delete(conn, data, k[1], now)
            out.removed.add(k[1])
    return out


def _todos(conn, keys: list[tuple], want: dict, live) -> None:
    made = sorted((k for k in keys if len(k) == 4 and k in want and live(k[1])),
                  key=lambda k: (want.get(k + ("created",)) or "", want[k] or 0, k[3]))
    for k in made:
        pid, uid = k[1], k[3]
        if conn.execute("SELECT 1 FROM todos WHERE uid = ?", (uid,)).fetchone() is None:
            text, created, done = (want.get(k + (f,)) for f in TODO_FIELDS)
            conn.execute("INSERT INTO todos (paper_id, uid, text, created, done) VALUES (?, ?, ?, ?, ?)",
                         (pid, uid, text or "", created or "1970-01-01T00:00:00Z", done))
    for k in keys:
        if len(k) == 4 and k not in want:
            conn.execute("DELETE FROM todos WHERE uid = ?", (k[3],))
        elif len(k) == 5 and k[4] in TODO_FIELDS and k[:4] in want and live(k[1]):
            conn.execute(f"UPDATE todos SET {k[4]} = ? WHERE uid = ?", (want.get(k), k[3]))


class _CardIds:
    """Card row ids by identity: looked up one by one, or all at once for many cards."""

    def __init__(self, conn, many: bool):
        self.conn = conn
        self.known: dict[tuple, int] | None = None
        if many:
            self.known = {}
            for card_id, source_key, uid in conn.execute("SELECT id, source_key, uid FROM cards"):
                if source_key is not None:
                    self.known[("c", "s", source_key)] = card_id
                elif uid is not None:
                    self.known[("c", "h", uid)] = card_id

    def get(self, ident: tuple) -> int | None:
        if self.known is not None:
            return self.known.get(ident)
        col = "source_key" if ident[1] == "s" else "uid"
        row = self.conn.execute(f"SELECT id FROM cards WHERE {col} = ? AND "
                                f"{'uid IS NULL' if ident[1] == 's' else 'source_key IS NULL'}",
                                (ident[2],)).fetchone()
        return None if row is None else row[0]

    def made(self, ident: tuple, card_id: int) -> None:
        if self.known is not None:
            self.known[ident] = card_id


def _cards(conn, g: dict, want: dict, ids: _CardIds) -> set[tuple]:
    """Cards made and card fields changed; the cards made (their fields all written)."""
    made = [k for k in g.get("card", []) if k in want]
    new: set[tuple] = set()
    for ident in sorted(made, key=lambda k: (want.get(k + ("f", "created")) or "", want[k] or 0, k)):
        if ids.get(ident) is not None:
            continue
        row = {f: want.get(ident + ("f", f)) for f in CARD_FIELDS}
        row = {f: v for f, v in row.items() if v is not None}
        row.setdefault("front", "")
        row.setdefault("back", "")
        row.setdefault("new_order", row.get("created") or "")
        row.setdefault("created", row["new_order"])
        row.setdefault("modified", row["created"])
        if ident[1] == "s":
            row["source_key"] = ident[2]
        else:
            row["uid"] = ident[2]
        cur = conn.execute(f"INSERT INTO cards ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                           list(row.values()))
        ids.made(ident, cur.lastrowid)
        new.add(ident)
    for k in g.get("cardfield", []):
        ident = k[:3]
        if ident in new:
            continue
        card_id = ids.get(ident)
        if card_id is not None and k[4] in CARD_FIELDS and ident in want:
            conn.execute(f"UPDATE cards SET {k[4]} = ? WHERE id = ?", (want.get(k), card_id))
    # a card gone from the merged state keeps its row: its answers need it (cards are never
    # removed, only deleted by hand, which is a field)
    return new


_LOG_INSERT = (f"INSERT INTO review_log ({', '.join(('card_id', 'uid') + ANSWER)}) "
               f"VALUES ({', '.join('?' * (2 + len(ANSWER)))})")
_SCHED_UPDATE = f"UPDATE cards SET {', '.join(f'{c} = ?' for c in SCHED)} WHERE id = ?"


def _answers(conn, g: dict, have: dict, want: dict, settings: DeckSettings, ids: _CardIds,
             new: set[tuple]) -> int:
    """Cards whose answers or scheduling differ: their log and state as merged."""
    idents = {("c",) + k[1:3] for k in g.get("a", [])} | {k[:3] for k in g.get("sched", [])}
    if not idents:
        return 0
    by_card: dict[tuple, dict[str, list]] = {i: {} for i in idents}
    for k, v in want.items():     # every answer of those cards, not only those that differ
        if k[0] == "a" and ("c",) + k[1:3] in by_card:
            by_card[("c",) + k[1:3]][k[3]] = v
    replayed = 0
    log_rows: list[tuple] = []     # answers of cards made just now: appended in one go
    scheds: list[tuple] = []
    for ident in sorted(idents):
        card_id = ids.get(ident)
        if card_id is None:
            continue
        answers = by_card[ident]
        sched = want.get(ident + ("sched",))
        rows = sorted(answers.items(), key=lambda kv: (kv[1][1], kv[0]))
        if sched is not None and sched[-1] == answers_digest(answers):
            if ident in new:
                log_rows.extend((card_id, uid, *v) for uid, v in rows)
            else:
                _set_log(conn, card_id, rows)
            scheds.append((*sched[:len(SCHED)], card_id))
        else:
            from decks.clock import parse_iso

            rewrite_log(conn, card_id, [Answer(uid, r[0], parse_iso(r[1]), r[2], r[11])
                                        for uid, r in rows], settings)
            replayed += 1
    conn.executemany(_LOG_INSERT, log_rows)
    conn.executemany(_SCHED_UPDATE, scheds)
    return replayed


def _set_log(conn, card_id: int, rows: list[tuple[str, list]]) -> None:
    """The card's log as `rows` (uid, values): appended when it only adds to the log, else
    written again (the way `decks.reviews.rewrite_log` does, inside review_log_rewrites)."""
    old = [(uid, v) for uid, v in ((r[0], r[1:]) for r in conn.execute(
        f"SELECT uid, {', '.join(ANSWER)} FROM review_log WHERE card_id = ? ORDER BY id", (card_id,)))]
    old = [(u, list(v)) for u, v in old]
    if old == rows[:len(old)]:
        conn.executemany(_LOG_INSERT, [(card_id, uid, *v) for uid, v in rows[len(old):]])
        return
    conn.execute("INSERT INTO review_log_rewrites (card_id) VALUES (?)", (card_id,))
    conn.execute("DELETE FROM review_log WHERE card_id = ?", (card_id,))
    conn.execute("DELETE FROM review_log_rewrites WHERE card_id = ?", (card_id,))
    conn.executemany(_LOG_INSERT, [(card_id, uid, *v) for uid, v in rows])


def _units(conn, keys: list[tuple], want: dict) -> None:
    for k in sorted((k for k in keys if len(k) == 2), key=lambda k: k in want):
        if k in want:
            conn.execute("INSERT INTO units (number, first, last, created) VALUES (?, ?, ?, ?) "
                         "ON CONFLICT (number) DO UPDATE SET first = excluded.first, "
                         "last = excluded.last, created = excluded.created", (k[1], *want[k]))
        else:
            conn.execute("DELETE FROM units WHERE number = ?", (k[1],))
    for k in keys:
        if len(k) != 4:
            continue
        live = conn.execute("SELECT 1 FROM units WHERE number = ?", (k[1],)).fetchone()
        if k[2] == "goal":
            if k in want and live:
                conn.execute("INSERT OR REPLACE INTO unit_goals (unit, kind, count) VALUES (?, ?, ?)",
                             (k[1], k[3], want[k]))
            elif k not in want:
                conn.execute("DELETE FROM unit_goals WHERE unit = ? AND kind = ?", (k[1], k[3]))
        elif k[2] == "item":
            if k in want and live and conn.execute("SELECT 1 FROM papers WHERE id = ?",
                                                   (k[3],)).fetchone():
                conn.execute("INSERT OR REPLACE INTO unit_items (unit, item_id, planned, "
                             "carried_from) VALUES (?, ?, ?, ?)", (k[1], k[3], *want[k]))
            elif k not in want:
                conn.execute("DELETE FROM unit_items WHERE unit = ? AND item_id = ?", (k[1], k[3]))


def _follow_notes(conn, pids: set[str], now: datetime) -> None:
    """Generated cards follow the merged notes, as after any notes edit."""
    from reader.reading import cardgen
    from reader.reading import notes

    for pid in sorted(pids):
        if conn.execute("SELECT 1 FROM papers WHERE id = ?", (pid,)).fetchone():
            cardgen.sync_paper(conn, pid, notes.get(conn, pid), now)
