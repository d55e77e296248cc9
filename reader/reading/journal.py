"""The journal's free entries: what the user wrote about a day ("watched NYU 5L on EBMs; the
concept seems pretty cool but extremely confusing"), optionally about one item.

An entry belongs to a local calendar day (today unless told otherwise) and keeps the time it was
written. Entries are only ever added or removed, never edited in place, so two writers (the TUI's
Journal and `paperdeck journal`) cannot overwrite each other. `reader.reading.readlog` merges them with
the events the data records (passes, notes, TODOs, reviews).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from reader import clock
from reader.library import papers as library
from reader.store.db import transaction
from reader.errors import UsageError
from reader.text.textsafe import clean

MAX_TEXT = 20_000


@dataclass(frozen=True)
class Entry:
    id: int
    day: str               # YYYY-MM-DD, local
    text: str
    item_id: str | None
    written: str           # ISO 8601 UTC


def entry_text(text: str | None) -> str:
    """The text as stored: line ends made `\\n`, control characters out, outer blank lines
    trimmed; UsageError when nothing is left or it is too long."""
    text = clean((text or "").replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        raise UsageError("an entry needs some text: paperdeck journal \"watched NYU 5L; confusing\"")
    if len(text) > MAX_TEXT:
        raise UsageError(f"an entry of {len(text)} characters is too long (at most {MAX_TEXT})")
    return text


def add(conn: sqlite3.Connection, text: str, day: date, now: datetime,
        item: str | None = None) -> Entry:
    """Write an entry for `day` (about `item`, any id form); checked before anything is
    written."""
    text = entry_text(text)
    if not clock.EARLIEST.year <= day.year < clock.LATEST.year:
        raise UsageError(f"{day.isoformat()} is outside the years {clock.EARLIEST.year}-"
                         f"{clock.LATEST.year - 1}; an entry is about a day inside them")
    item_id = library.require(conn, item).id if item else None
    with transaction(conn):
        cur = conn.execute("INSERT INTO journal (day, text, item_id, written) VALUES (?, ?, ?, ?)",
                           (day.isoformat(), text, item_id, clock.iso(now)))
    return get(conn, cur.lastrowid)  # type: ignore[return-value]


def _row(r) -> Entry:
    return Entry(r[0], r[1], r[2], r[3], r[4])


def get(conn: sqlite3.Connection, entry_id: int) -> Entry | None:
    r = conn.execute("SELECT id, day, text, item_id, written FROM journal WHERE id = ?",
                     (entry_id,)).fetchone()
    return _row(r) if r else None


def between(conn: sqlite3.Connection, first: date | None = None,
            last: date | None = None) -> list[Entry]:
    """Entries of the days first..last (both included; None: unbounded), in the order written."""
    rows = conn.execute(
        "SELECT id, day, text, item_id, written FROM journal WHERE day >= ? AND day <= ? "
        "ORDER BY day, written, id",
        (first.isoformat() if first else "", last.isoformat() if last else "9999-99-99"))
    return [_row(r) for r in rows]


def remove(conn: sqlite3.Connection, entry_id: int) -> Entry:
    entry = get(conn, entry_id)
    if entry is None:
        raise UsageError(f"there is no journal entry {entry_id}; 'paperdeck log --json' shows "
                         "entries with their numbers")
    with transaction(conn):
        conn.execute("DELETE FROM journal WHERE id = ?", (entry_id,))
    return entry
