"""The sync state (`sync_state`: every cell as the last sync merged it), read a group at a time.

A `State` is a dict of the cells loaded so far: the groups (`mirror.group`) a sync touches are
loaded whole, with one range of keys each (a group's keys share a prefix as JSON text), or the
whole table when most of it is wanted (the first sync). Setting a cell marks it to be written
back; only those are.
"""

from __future__ import annotations

import json
import sqlite3
from operator import itemgetter
from typing import Any, Iterable

from reader.sync.changes import decode, dumps, encode
from reader.sync.merge import Entry
from reader.sync.mirror import group

__all__ = ["State"]

WHOLE = 3000     # groups: above this the whole state is read in one pass
_TOP = "\U0010ffff"


def _ranges(g: tuple) -> list[tuple[str, str]]:
    """(low, high) key ranges holding exactly the cells of group `g`."""
    heads = [g] + ([("a",) + g[1:]] if g[0] == "c" else [])
    out = []
    for h in heads:
        prefix = encode(h)[:-1] + ","
        out.append((prefix, prefix + _TOP))
    if len(g) > 1:
        exact = encode(g)
        out.append((exact, exact))
    return out


class State(dict):
    def __init__(self, conn: sqlite3.Connection):
        super().__init__()
        self.conn = conn
        self.loaded: set[tuple] = set()
        self.whole = False
        self.dirty: set[tuple] = set()

    def __setitem__(self, key: tuple, entry: Entry) -> None:
        self.dirty.add(key)
        super().__setitem__(key, entry)

    def _take(self, rows: Iterable[tuple]) -> None:
        put = super().__setitem__
        for key, value, hlc, base in rows:
            k = decode(key)
            if k not in self.dirty:
                put(k, Entry(None if value is None else json.loads(value), hlc, value is None, base))

    def load(self, groups: Iterable[tuple]) -> None:
        if self.whole:
            return
        todo = set(groups) - self.loaded
        if len(todo) > WHOLE:
            self._take(self.conn.execute("SELECT key, value, hlc, base FROM sync_state"))
            self.whole = True
            return
        for g in todo:
            for low, high in _ranges(g):
                if low == high:
                    self._take(self.conn.execute(
                        "SELECT key, value, hlc, base FROM sync_state WHERE key = ?", (low,)))
                else:
                    self._take(self.conn.execute(
                        "SELECT key, value, hlc, base FROM sync_state WHERE key >= ? AND key < ?",
                        (low, high)))
        self.loaded |= todo

    def under(self, groups: set[tuple]) -> dict[tuple, Entry]:
        """The loaded cells of `groups` (load them first)."""
        return {k: e for k, e in self.items() if group(k) in groups}

    def live(self, groups: set[tuple]) -> dict[tuple, Any]:
        return {k: e.value for k, e in self.under(groups).items() if not e.removed}

    def cell(self, key: tuple) -> Entry | None:
        """One cell, loaded if need be."""
        if key not in self and not self.whole:
            self._take(self.conn.execute("SELECT key, value, hlc, base FROM sync_state "
                                         "WHERE key = ?", (encode(key),)))
        return self.get(key)

    def clean(self, key: tuple) -> bool:
        """Mark `key` written (by the caller, with `write`); whether it was waiting to be."""
        if key in self.dirty:
            self.dirty.discard(key)
            return True
        return False

    def write(self, rows: list[tuple]) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO sync_state (key, value, hlc, base) VALUES (?, ?, ?, ?)", rows)

    def save(self) -> None:
        """Write the cells set since loading and not written yet, in key order (a first sync
        writes a million: into the B-tree in order, not page by random page)."""
        get = super().__getitem__
        keys = [(encode(k), k) for k in self.dirty]
        keys.sort(key=itemgetter(0))
        rows = []
        for text, k in keys:
            e = get(k)
            rows.append((text, None if e.removed else dumps(e.value), e.hlc, e.base))
            if len(rows) >= 20000:
                self.write(rows)
                rows = []
        self.write(rows)
        self.dirty.clear()
