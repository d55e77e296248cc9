"""`export yaml` and `import yaml` merge by the rules of sync (issue 23: "it is the same merge,
from a snapshot"), so that two libraries exchanging YAML files converge.

A library keeps, for its exchanges, the same kind of state a sync keeps: every cell
(`changes`) with the clock of its last change, tombstones, and every change to a note field.
Exporting first folds this library's changes since into that state (each stamped by this
device's clock), then writes the document with a `merge:` section (reader/exports/
restore_clocks.py): every cell's clock, the tombstones, the note changes. Importing folds this
library's own changes the same way, reads the file's cells from the document (restored into a
scratch library in memory, so every value is read as the library reads its own), and merges
both with `merge.absorb` / `replay_note` / `desired`, writing the result with `apply.write`:
the latest change wins per field, a removal wins over older changes, a note field merges
against the text its writer started from and a field changed on both sides is a conflict kept
in drafts/, reported once. A second import of the same file finds nothing newer.

The state is this library's own, apart from the folder sync's (`sync_state`): what a file
carried to this library is not counted as sent to the sync folder, so the folder still gets
it. It lives in `sync_meta` (bookkeeping, never exported), one row per cell under
'exchange <key>' and per note change under 'exchange-note <id>'.
What the YAML document does not carry as cells (five_cs, quotes) is merged as `restore` does.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from decks.settings import DeckSettings

from reader.store.db import transaction
from reader.store.paths import Paths
from reader.sync import apply
from reader.sync.changes import REMOVED, current, decode, diff, encode, note_field
from reader.sync.hlc import Clock, parse
from reader.sync.log import Change
from reader.sync.merge import Conflict, Entry, absorb, desired, replay_note

__all__ = ["export", "merge", "merges", "Merged"]

CELL = "exchange "
NOTE = "exchange-note "
CLOCK = "exchange-clock"
OLDEST = "0000000000000000-000000-"   # a cell the file holds without a clock (written by hand)


@dataclass
class Merged:
    received: int = 0                  # changes the file brought that were newer here
    applied: int = 0                   # cells of the library changed
    conflicts: list[tuple[str, str, Path | None]] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    replayed: int = 0
    extras: int = 0                    # five_cs and quotes added or updated

    @property
    def changed(self) -> bool:
        return bool(self.applied or self.extras or self.conflicts)

    def lines(self, name: str, dry_run: bool = False) -> list[str]:
        if not self.changed:
            return [f"{name}: nothing new"]
        n = self.applied + self.extras
        out = [f"{'would merge' if dry_run else 'merged'} {name}: {n} change{'s' * (n != 1)} "
               "in the library"]
        for pid, fname, draft in self.conflicts:
            where = f"the other is in {draft}" if draft else "the other would go to drafts/"
            out.append(f"{pid} {fname}: changed on both sides; the library keeps one text, {where}")
        for pid in self.kept:
            out.append(f"{pid}: removed on the other side but changed after; kept")
        if self.removed:
            out.append(f"removed as on the other side: {', '.join(sorted(self.removed))}")
        if self.replayed:
            out.append(f"{self.replayed} card{'s' * (self.replayed != 1)} answered on both "
                       "sides: rescheduled from all their answers")
        return out


class _DryRun(Exception):
    pass


def _carried(key: tuple) -> bool:
    """A cell a YAML document carries (a local PDF's file is not in it)."""
    return not (key[0] == "p" and len(key) == 3 and key[2] == "file")


def _library(conn) -> dict[tuple, Any]:
    return {k: v for k, v in current(conn).items() if _carried(k)}


def _now_ms(now: datetime) -> int:
    return int(now.timestamp() * 1000)


def _utc(now: datetime) -> str:
    return now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Book:
    """This library's exchange state, as loaded; `save` writes back what changed."""

    def __init__(self, conn: sqlite3.Connection, now: datetime):
        self.conn = conn
        self.me = conn.execute("SELECT id FROM sync_device WHERE this = 1").fetchone()[0]
        row = conn.execute("SELECT value FROM sync_meta WHERE name = ?", (CLOCK,)).fetchone()
        self.clock = Clock(self.me, parse(row[0]) if row else None)
        self.now_ms = _now_ms(now)
        self.state: dict[tuple, Entry] = {}
        for name, value in self._rows(CELL):
            v, hlc, removed, base = json.loads(value)
            self.state[decode(name)] = Entry(v, hlc, bool(removed), base)
        self.before = {k: (e.value, e.hlc, e.removed, e.base) for k, e in self.state.items()}
        self.notes: dict[str, tuple[tuple, str, str, str | None]] = {}
        for name, value in self._rows(NOTE):
            key, hlc, text, base = json.loads(value)
            self.notes[name] = (tuple(key), hlc, text, base)
        self.new_notes: set[str] = set()

    def _rows(self, prefix: str):
        # names sort by their prefix: a range read of the primary key
        for name, value in self.conn.execute(
                "SELECT name, value FROM sync_meta WHERE name >= ? AND name < ?",
                (prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1))):
            yield name[len(prefix):], value

    def live(self) -> dict[tuple, Any]:
        return {k: e.value for k, e in self.state.items() if not e.removed}

    def local(self, have: dict[tuple, Any]) -> list[Change]:
        """This library's changes since the last exchange, stamped now."""
        found = diff(self.live(), have)
        if not found:
            return []
        stamp = str(self.clock.tick(self.now_ms))
        newest: dict[str, str] | None = None
        out = []
        for i, (key, value) in enumerate(found):
            if note_field(key):
                old = self.state.get(key)
                base = None if old is None or old.removed else old.value
                out.append(Change(stamp, i, key, "" if value is REMOVED else value, False, base))
            elif value is REMOVED:
                base = None
                if key[0] == "p" and len(key) == 2:   # what its remover had seen under it
                    if newest is None:
                        newest = {}
                        for k, e in self.state.items():
                            if k[0] == "p" and len(k) > 2 and e.hlc > newest.get(k[1], ""):
                                newest[k[1]] = e.hlc
                    base = newest.get(key[1], "")
                out.append(Change(stamp, i, key, None, True, base))
            else:
                out.append(Change(stamp, i, key, value))
        return out

    def take(self, changes: list[Change]) -> list[Conflict]:
        """Absorb `changes`; note fields replayed from every change seen to them."""
        touched, note_changes = absorb(self.state, changes)
        for c in note_changes:
            if c.id not in self.notes:
                self.notes[c.id] = (c.key, c.hlc, c.value if isinstance(c.value, str) else "",
                                    c.base)
                self.new_notes.add(c.id)
        keys = {c.key for c in note_changes} & touched
        by_key: dict[tuple, list] = {k: [] for k in keys}
        for cid, (key, hlc, text, base) in self.notes.items():
            if key in by_key:
                by_key[key].append((hlc, int(cid.rsplit("/", 1)[1]), text, base))
        conflicts = []
        for key in sorted(keys, key=encode):
            self.state[key], found = replay_note(key, by_key[key])
            conflicts += found
        return conflicts

    def save(self) -> None:
        dirty = [(CELL + encode(k), json.dumps([e.value, e.hlc, e.removed, e.base],
                                                ensure_ascii=False))
                 for k, e in self.state.items()
                 if self.before.get(k) != (e.value, e.hlc, e.removed, e.base)]
        dirty += [(NOTE + cid, json.dumps([list(self.notes[cid][0]), *self.notes[cid][1:]],
                                          ensure_ascii=False)) for cid in self.new_notes]
        dirty.append((CLOCK, str(self.clock.last)))
        self.conn.executemany("INSERT OR REPLACE INTO sync_meta (name, value) VALUES (?, ?)",
                              dirty)

    def section(self) -> dict[str, Any]:
        """The document's `merge:` section (reader/exports/restore_clocks.py)."""
        clocks: dict[str, list[str]] = {}
        removed = []
        for key, e in sorted(self.state.items(), key=lambda kv: encode(kv[0])):
            if e.removed:
                removed.append([encode(key), e.hlc, e.base])
            elif not note_field(key):
                clocks.setdefault(e.hlc, []).append(encode(key))
        notes = [[cid, encode(key), hlc, text, base]
                 for cid, (key, hlc, text, base) in sorted(self.notes.items())]
        return {"device": self.me, "clocks": dict(sorted(clocks.items())), "removed": removed,
                "notes": notes}


def export(conn: sqlite3.Connection, now: datetime) -> dict[str, Any]:
    """The YAML export (reader.exports.snapshot) with its `merge:` section. Folds this library's
    changes since the last exchange into its exchange state first (so their clocks are kept)."""
    from reader.exports import snapshot

    with transaction(conn):
        book = _Book(conn, now)
        book.take(book.local(_library(conn)))
        book.save()
        data = snapshot.export(conn)
        data["merge"] = book.section()
    return data


def merges(conn: sqlite3.Connection, data: Any) -> bool:
    """Whether `import yaml` merges `data` by these rules: a file with clocks, written by
    another library. This library's own export coming back is a backup being restored:
    `restore` adds what the library lacks (here, its clocks would say the library's later
    removals win, and a restore that brings nothing back is no restore)."""
    section = data.get("merge") if isinstance(data, dict) else None
    if not isinstance(section, dict):
        return False
    me = conn.execute("SELECT id FROM sync_device WHERE this = 1").fetchone()[0]
    return section.get("device") != me


def _file_cells(data: dict[str, Any]) -> dict[tuple, Any]:
    """The document's cells, read as the library reads its own: restored into a scratch
    library in memory (checked as any import is: a bad file is refused here, one line)."""
    from reader.exports import restore
    from reader.store.db import connect, migrate

    scratch = connect(":memory:")
    try:
        migrate(scratch)
        restore.restore(scratch, data)
        return _library(scratch)
    finally:
        scratch.close()


def _incoming(cells: dict[tuple, Any], clocks) -> list[Change]:
    out = []
    oldest = OLDEST + clocks.device
    for i, (key, value) in enumerate(cells.items()):
        if not note_field(key):
            out.append(Change(clocks.clocks.get(key, oldest), i, key, value))
    history = {key for _, key, _, _, _ in clocks.notes}
    for key, value in cells.items():   # a note field the file holds with no change to it
        if note_field(key) and key not in history and value:
            out.append(Change(oldest, 0, key, value, False, None))
    for key, hlc, base in clocks.removed:
        out.append(Change(hlc, 0, key, None, True, base))
    for cid, key, hlc, text, base in clocks.notes:
        out.append(Change(hlc, int(cid.rsplit("/", 1)[1]), key, text, False, base))
    return out


def merge(conn: sqlite3.Connection, paths: Paths, data: dict[str, Any], now: datetime,
          settings: DeckSettings | None = None, dry_run: bool = False,
          before_commit: Callable[[Merged], None] | None = None) -> Merged:
    """Merge a YAML export that has a `merge:` section into the library, in one transaction
    (see the module's doc). `before_commit(result)`: as for `restore.restore`."""
    from reader.exports import restore

    plan = restore.check(data, restore.layout(conn))
    cells = _file_cells(data)
    settings = settings or DeckSettings()
    result = Merged()
    try:
        with transaction(conn):
            book = _Book(conn, now)
            have = _library(conn)
            incoming = _incoming(cells, plan.merge)
            newest = max((c.hlc for c in incoming), default=None)
            if newest:
                book.clock.receive(parse(newest), book.now_ms)
            result.received = sum(1 for c in incoming if c.key not in book.state
                                  or c.hlc > book.state[c.key].hlc)
            if not _holds_data(conn) and not book.state:
                # A new library: the file restored as it is (restore keeps each card's log in
                # its order, two answers in one second included), its clocks taken with it.
                restore.restore(conn, data, paths, settings=settings)
                book.take(incoming)
                result.applied = len(diff(have, _library(conn)))
                book.save()
                if dry_run:
                    raise _DryRun
                if before_commit is not None:
                    before_commit(result)
                return result
            mine = book.local(have)
            conflicts = book.take(incoming + mine)
            want, kept = desired(book.state)
            done = apply.write(conn, paths.data, have, want, now, settings)
            result.applied, result.replayed = done.cells, done.replayed
            result.removed = sorted(done.removed)
            for _ in range(3):   # what applying made (cards following notes, replays)
                have = _library(conn)
                more = book.local(have)
                if not more:
                    break
                conflicts += book.take(more)
                want, _ = desired(book.state)
                result.applied += apply.write(conn, paths.data, have, want, now, settings).cells
            _find_pdfs(conn, paths, done.papers_in)
            result.extras = _extras(conn, data)
            result.kept = [p for p in kept if _first_time(
                conn, f"kept:{p}:{book.state[('p', p)].hlc}", ("p", p), now)]
            for c in conflicts:
                if _first_time(conn, c.id, c.key, now):
                    result.conflicts.append((c.key[1], c.key[3], c))
            book.save()
            if dry_run:
                result.conflicts = [(p, f, None) for p, f, _ in result.conflicts]
                raise _DryRun
            result.conflicts = [(p, f, _keep(conn, paths, c, now))
                                for p, f, c in result.conflicts]
            if before_commit is not None:
                before_commit(result)
    except _DryRun:
        pass
    return result


def _holds_data(conn) -> bool:
    return conn.execute("SELECT EXISTS (SELECT 1 FROM papers) OR EXISTS (SELECT 1 FROM cards)"
                        ).fetchone()[0] == 1


def _first_time(conn, event_id: str, key: tuple, now: datetime) -> bool:
    """Reported once (the sync's table: one found by a sync is not reported again here)."""
    cur = conn.execute("INSERT OR IGNORE INTO sync_conflicts (id, key, draft, found) "
                       "VALUES (?, ?, NULL, ?)", (event_id, encode(key), _utc(now)))
    return cur.rowcount > 0


def _keep(conn, paths: Paths, c: Conflict, now: datetime) -> Path:
    from reader.store import drafts

    draft = drafts.keep_conflict(paths.data, c.key[1], c.key[3], c.text, now)
    conn.execute("UPDATE sync_conflicts SET draft = ? WHERE id = ?", (str(draft), c.id))
    return draft


def _find_pdfs(conn, paths: Paths, pids: set[str]) -> None:
    """A paper new here uses its PDF if papers/ already holds it (as `restore` does)."""
    for pid in sorted(pids):
        pdf = paths.pdf_for(pid)
        if pdf.exists():
            conn.execute("UPDATE papers SET pdf_path = ?, pdf_status = 'ok' WHERE id = ? "
                         "AND pdf_path IS NULL", (str(pdf.relative_to(paths.data)), pid))


EXTRAS = ("five_cs", "quotes")


def _extras(conn, data: dict[str, Any]) -> int:
    """What the document carries that is no cell of sync's (five_cs, quotes), merged by
    `restore`'s rules into the papers the library holds after the merge."""
    from reader.exports import restore, snapshot

    wanted = {p["id"]: p for p in data.get("papers") or []
              if isinstance(p, dict) and any(p.get(n) for n in EXTRAS)}
    if not wanted:
        return 0
    columns = restore.layout(conn).papers.names
    papers = []
    for p in snapshot.export(conn)["papers"]:   # the papers as they stand: only these added
        if p["id"] in wanted:
            papers.append({**{c: p[c] for c in columns if c in p},
                           **{n: wanted[p["id"]].get(n) for n in EXTRAS}})
    if not papers:
        return 0
    done = restore.restore(conn, {"format": data["format"], "version": data["version"],
                                  "papers": papers})
    return done.details
