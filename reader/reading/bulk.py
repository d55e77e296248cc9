"""What a bulk action acted on, for the journal: the items one reading list added.

`paperdeck add --from FILE` records the list's name for each item it added (migration 15); the
journal (reader.reading.readlog) names it in the one line it makes of that import. The name is
what the user typed (a path's last part; "standard input" for `-`), cleaned for the terminal.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import PurePath

from reader.store.db import transaction
from reader.text.textsafe import one_line

MAX_NAME = 200   # a name is a line of the journal, not a document


def source_name(source: str) -> str:
    """The name a list is known by in the journal: its file's name ('-': standard input)."""
    if source == "-":
        return "standard input"
    name = one_line(PurePath(source).name or source)
    return name[:MAX_NAME - 1] + "…" if len(name) > MAX_NAME else name


def record_added(conn: sqlite3.Connection, source: str, item_ids: Iterable[str]) -> None:
    """Note that `source` added these items (in one transaction); an item already noted keeps
    the list that added it first."""
    name = source_name(source)
    rows = [(pid, name) for pid in item_ids]
    if rows:
        with transaction(conn):
            conn.executemany("INSERT OR IGNORE INTO added_from (paper_id, source) VALUES (?, ?)",
                             rows)
