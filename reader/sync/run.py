"""One sync: find this library's changes, read everyone's, merge, write, append ours.

Everything in the library happens in one transaction, and this device's new lines are
appended (and flushed) before it commits: a crash leaves either nothing done, or lines whose
changes the next sync finds again (the same values once more: merging them changes nothing).
A sync with nothing new writes nothing, in the folder or in the library.
"""

from __future__ import annotations

import gc
import json
import socket
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from decks.settings import DeckSettings

from reader.store.db import transaction
from reader.store.paths import Paths
from reader.sync import apply, files, log, mirror
from reader.sync.changes import REMOVED, current, diff, dumps, encode, note_field
from reader.sync.hlc import Clock, parse
from reader.sync.log import Change
from reader.sync.merge import Conflict, Entry, absorb, desired, replay_note
from reader.sync.mirror import group
from reader.sync.state import State

__all__ = ["sync", "status", "Report", "device"]

CACHE_KIB = 256 * 1024


@dataclass
class Report:
    folder: Path
    device: str
    sent: int = 0                      # changes written to the folder
    received: int = 0                  # changes read from other devices
    applied: int = 0                   # cells of the library changed by them
    conflicts: list[tuple[str, str, Path]] = field(default_factory=list)  # paper, field, draft
    kept: list[str] = field(default_factory=list)        # removed elsewhere, kept: changed here
    removed: list[str] = field(default_factory=list)
    replayed: int = 0
    skipped: int = 0                   # whole lines that were no change (a damaged copy)
    waiting: list[str] = field(default_factory=list)     # local papers whose PDF has not arrived
    files_out: int = 0

    def lines(self) -> list[str]:
        out = [f"synced with {self.folder}: {self.sent} change{'s' * (self.sent != 1)} out, "
               f"{self.received} in ({self.applied} applied)"]
        for pid, name, draft in self.conflicts:
            out.append(f"{pid} {name}: changed on two computers; the library keeps one text, "
                       f"the other is in {draft}")
        for pid in self.kept:
            out.append(f"{pid}: removed on another computer but changed after; kept")
        if self.removed:
            out.append(f"removed as on another computer: {', '.join(sorted(self.removed))}")
        if self.replayed:
            out.append(f"{self.replayed} card{'s' * (self.replayed != 1)} answered on two "
                       "computers: rescheduled from all their answers")
        if self.waiting:
            out.append(f"PDF not in the folder yet (next sync): {', '.join(self.waiting)}")
        if self.skipped:
            out.append(f"{self.skipped} damaged line{'s' * (self.skipped != 1)} in the folder "
                       "skipped")
        return out


def device(conn: sqlite3.Connection) -> tuple[str, str | None]:
    row = conn.execute("SELECT id, name FROM sync_device WHERE this = 1").fetchone()
    return row[0], row[1]


def _meta(conn, name: str) -> str | None:
    row = conn.execute("SELECT value FROM sync_meta WHERE name = ?", (name,)).fetchone()
    return None if row is None else row[0]


def _set_meta(conn, name: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO sync_meta (name, value) VALUES (?, ?)", (name, value))


def _files_known(state: State, pids) -> dict[str, Any]:
    """paper -> the SHA-256 of its local PDF the state holds (for those of `pids` it has)."""
    out = {}
    for pid in pids:
        e = state.cell(("p", pid, "file"))
        if e is not None and not e.removed:
            out[pid] = e.value
    return out


def _local_papers(conn, within: set[str] | None = None) -> list[str]:
    ids = [r[0] for r in conn.execute("SELECT id FROM papers WHERE id LIKE 'local:%'")]
    return ids if within is None else [p for p in ids if p in within]


def _have(conn, paths: Paths, state: State, ch: mirror.Changed) -> dict[tuple, Any]:
    """The library as cells, where `ch` found it changed. A local paper whose PDF has not
    arrived keeps the hash it has."""
    within = None if ch.scope.everything else ch.scope.papers
    known = _files_known(state, _local_papers(conn, within))
    shas = files.local_files(conn, paths, known, within)
    for pid, sha in known.items():
        shas.setdefault(pid, sha)
    return current(conn, shas, ch.scope)


def _changes(stamp: str, found: list[tuple[tuple, Any]], state: dict[tuple, Entry],
             start: int = 0) -> list[Change]:
    newest: dict[str, str] | None = None
    out = []
    for i, (key, value) in enumerate(found, start):
        if note_field(key):
            old = state.get(key)
            base = None if old is None or old.removed else old.value
            out.append(Change(stamp, i, key, "" if value is REMOVED else value, False, base))
        elif value is REMOVED:
            base = None
            if key[0] == "p" and len(key) == 2:
                if newest is None:
                    newest = {}
                    for k, e in state.items():
                        if k[0] == "p" and len(k) > 2 and e.hlc > newest.get(k[1], ""):
                            newest[k[1]] = e.hlc
                base = newest.get(key[1], "")
            out.append(Change(stamp, i, key, None, True, base))
        else:
            out.append(Change(stamp, i, key, value))
    return out


def _merge_notes(conn, state: dict[tuple, Entry], notes: list[Change], keys: set) -> list[Conflict]:
    conn.executemany(
        "INSERT OR IGNORE INTO sync_notes (id, key, hlc, value, base) VALUES (?, ?, ?, ?, ?)",
        [(c.id, encode(c.key), c.hlc, json.dumps(c.value if isinstance(c.value, str) else ""),
          None if c.base is None else json.dumps(c.base)) for c in notes])
    conflicts = []
    for key in sorted({c.key for c in notes} & keys, key=encode):
        rows = []
        for cid, hlc, value, base in conn.execute(
                "SELECT id, hlc, value, base FROM sync_notes WHERE key = ?", (encode(key),)):
            rows.append((hlc, int(cid.rsplit("/", 1)[1]), json.loads(value),
                         None if base is None else json.loads(base)))
        merged, found = replay_note(key, rows)
        if state.get(key) != merged:     # replayed the same: nothing to write
            state[key] = merged
        conflicts += found
    return conflicts


def _now_ms(now: datetime) -> int:
    return int(now.timestamp() * 1000)


def _loaded(state: State, ch: mirror.Changed) -> dict[tuple, Any]:
    state.load(ch.groups)
    return state.live(ch.groups)


def sync(conn: sqlite3.Connection, paths: Paths, folder: Path, now: datetime,
         settings: DeckSettings | None = None, name: str | None = None) -> Report:
    """Sync the library with `folder` (see the module's doc). `name`: this computer's name
    (`sync.device`; default: the host name)."""
    folder = Path(folder)
    settings = settings or DeckSettings()
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    # a first sync writes a million rows into tables bigger than SQLite's default page cache
    # (2 MB): each insert would then read its index pages again. Memory only as used.
    conn.execute(f"PRAGMA cache_size = {min(cache, -CACHE_KIB) if cache < 0 else -CACHE_KIB}")
    # A first sync holds millions of cells (tuples, lists): Python's cycle collector would walk
    # them all again and again as more are made (most of the time of a first sync). They make
    # no cycles; reference counting frees them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _sync(conn, paths, folder, now, settings, name)
    finally:
        if collecting:
            gc.enable()
        conn.execute(f"PRAGMA cache_size = {int(cache)}")


def _sync(conn: sqlite3.Connection, paths: Paths, folder: Path, now: datetime,
          settings: DeckSettings, name: str | None) -> Report:
    with transaction(conn):
        me, stored_name = device(conn)
        report = Report(folder, me)
        clock = Clock(me, parse(_meta(conn, "clock")) if _meta(conn, "clock") else None)
        state = State(conn)
        incoming, offsets = [], {}
        for dev, path in log.files(folder):
            if dev == me:
                continue
            rel = path.relative_to(folder).as_posix()
            row = conn.execute("SELECT offset FROM sync_read WHERE file = ?", (rel,)).fetchone()
            start = 0 if row is None else row[0]
            changes, progress = log.read_new(path, start)
            seen, bad = None, False
            for ch in changes:
                if ch.hlc != seen:      # one stamp for all the changes of one sync
                    seen = ch.hlc
                    try:
                        clock.receive(parse(ch.hlc), _now_ms(now))
                        bad = False
                    except ValueError:
                        bad = True
                if bad:
                    progress[1] += 1
                    continue
                incoming.append(ch)
            if progress[0] != start:
                offsets[rel] = progress[0]
            report.skipped += progress[1]
        report.received = len(incoming)
        # What changed here since the last sync: found by SQL (mirror), then compared cell by
        # cell with the state for those groups only.
        ch = mirror.changed(conn)
        state.load(ch.groups | {group(c.key) for c in incoming})
        have = _have(conn, paths, state, ch)
        local = diff(_loaded(state, ch), have)
        mine = _changes(str(clock.tick(_now_ms(now))), local, state) if local else []
        del local
        mirror.refresh(conn, ch)          # the state now knows the library as it is
        touched, notes = absorb(state, incoming + mine)
        n_in = len(incoming)
        del incoming     # the state holds what they said
        conflicts = _merge_notes(conn, state, notes, touched)
        groups = {group(k) for k in touched}
        want, kept = desired(state.under(groups))
        rest = groups - ch.groups       # the library has not changed since `have` was read
        if rest:
            have.update(_have(conn, paths, state, _changed_for(conn, rest)))
        if not ch.groups <= groups:
            have = {k: v for k, v in have.items() if group(k) in groups}
        writes = conn.total_changes
        done = apply.write(conn, paths.data, have, want, now, settings)
        report.applied, report.replayed = done.cells, done.replayed
        report.removed = sorted(done.removed)
        report.waiting = files.bring_in(folder, paths, conn,
                                        _files_known(state, _local_papers(conn)))
        del have, want
        for _ in range(3 if conn.total_changes != writes else 0):
            # what applying made (cards following notes, replays, kept papers)
            ch = mirror.changed(conn)
            if not ch.groups:
                break
            more, have = _compare(conn, paths, state, ch)
            mirror.refresh(conn, ch)
            if not more:
                break
            more = _changes(str(clock.tick(_now_ms(now))), more, state)
            t2, n2 = absorb(state, more)
            conflicts += _merge_notes(conn, state, n2, t2)
            mine += more
            g2 = {group(k) for k in t2}
            want, _ = desired(state.under(g2))
            apply.write(conn, paths.data, {k: v for k, v in have.items() if group(k) in g2},
                        want, now, settings)
        report.kept = [p for p in kept if _new_event(conn, f"kept:{p}:{state[('p', p)].hlc}", ("p", p), now)]
        for c in conflicts:
            report.conflicts += _keep_conflict(conn, paths, c, now)
        report.sent = len(mine)
        conn.executemany("INSERT OR REPLACE INTO sync_read (file, offset) VALUES (?, ?)",
                         list(offsets.items()))
        if mine or n_in:
            _set_meta(conn, "clock", str(clock.last))
            _set_meta(conn, "last_sync", now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
            _set_meta(conn, "last_in", str(n_in))
            _set_meta(conn, "last_out", str(len(mine)))
        if _meta(conn, "folder") != str(folder.resolve()):
            _set_meta(conn, "folder", str(folder.resolve()))
        _write_name(folder, me, name or stored_name or socket.gethostname())
        local_pdfs = _local_papers(conn)
        report.files_out = files.carry_out(folder, paths, conn, files.local_files(
            conn, paths, _files_known(state, local_pdfs)))
        log.append(log.month_file(folder, me, now.astimezone(timezone.utc).strftime("%Y-%m")),
                   _lines_and_state(state, mine))
        state.save()
    return report


def _lines_and_state(state: State, mine: list[Change]):
    """This device's changes as lines of its log; on the way, each cell the state holds as the
    change set it is written to the state with the same JSON (made once, not twice)."""
    rows = []
    for c in mine:
        key = encode(c.key)
        value = None if c.removed else dumps(c.value)
        yield c.line(key, value)
        e = state.get(c.key)
        if e is not None and e.hlc == c.hlc and e.removed == c.removed and e.value == c.value \
                and e.base == (c.base if c.removed else None) and state.clean(c.key):
            rows.append((key, value, e.hlc, e.base))
            if len(rows) >= 20000:
                state.write(rows)
                rows = []
    state.write(rows)


def _compare(conn, paths: Paths, state: State, ch: mirror.Changed,
             chunk: int = 10000) -> tuple[list, dict[tuple, Any]]:
    """The library's differences from the state where `ch` found it changed, and its cells in
    the groups that differ. Many groups (after a first sync took everything in) are read a
    chunk at a time: never a second copy of the whole library in memory."""
    if len(ch.groups) <= chunk:
        have = _have(conn, paths, state, ch)
        return diff(_loaded(state, ch), have), have
    found, keep = [], {}
    groups = sorted(ch.groups, key=encode)
    for i in range(0, len(groups), chunk):
        part = mirror.Changed(set(groups[i:i + chunk]), _changed_for(conn, groups[i:i + chunk]).scope, 0)
        have = _have(conn, paths, state, part)
        more = diff(_loaded(state, part), have)
        differ = {group(k) for k, _ in more}
        keep.update((k, v) for k, v in have.items() if group(k) in differ)
        found += more
    return found, keep


def _changed_for(conn, groups) -> mirror.Changed:
    """A `Changed` naming `groups` (for reading them as cells; never to refresh a mirror)."""
    scope = mirror.Scope()
    idents = []
    for g in groups:
        if g[0] == "p":
            scope.papers.add(g[1])
        elif g[0] == "j":
            scope.days.add(g[1])
        elif g[0] == "s":
            scope.settings = True
        elif g[0] == "u":
            scope.units = True
        else:
            idents.append(g)
    if len(idents) > 1000:
        ids = {("c", "s", sk) if sk is not None else ("c", "h", uid): i
               for i, sk, uid in conn.execute("SELECT id, source_key, uid FROM cards")}
        scope.cards |= {ids[g] for g in idents if g in ids}
        idents = []
    for g in idents:
        col = "source_key" if g[1] == "s" else "uid"
        row = conn.execute(f"SELECT id FROM cards WHERE {col} = ?", (g[2],)).fetchone()
        if row is not None:
            scope.cards.add(row[0])
    return mirror.Changed(set(groups), scope, 0)


def _write_name(folder: Path, me: str, name: str) -> None:
    """devices/<id>/name: this computer's name, for people reading the folder."""
    path = folder / log.DEVICES / me / "name"
    text = name.strip() + "\n"
    if path.is_file() and path.read_text(encoding="utf-8", errors="replace") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(".name.part")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _name_of(folder: Path, dev: str) -> str:
    path = folder / log.DEVICES / dev / "name"
    try:
        from reader.text.textsafe import one_line

        return f"{one_line(path.read_text(encoding='utf-8', errors='replace'))[:60]} ({dev})"
    except OSError:
        return dev


def _new_event(conn, event_id: str, key: tuple, now: datetime) -> bool:
    cur = conn.execute("INSERT OR IGNORE INTO sync_conflicts (id, key, draft, found) VALUES (?, ?, NULL, ?)",
                       (event_id, encode(key), now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")))
    return cur.rowcount > 0


def _keep_conflict(conn, paths: Paths, c: Conflict, now: datetime) -> list[tuple[str, str, Path]]:
    from reader.store import drafts

    if conn.execute("SELECT 1 FROM sync_conflicts WHERE id = ?", (c.id,)).fetchone():
        return []
    draft = drafts.keep_conflict(paths.data, c.key[1], c.key[3], c.text, now)
    conn.execute("INSERT INTO sync_conflicts (id, key, draft, found) VALUES (?, ?, ?, ?)",
                 (c.id, encode(c.key), str(draft),
                  now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")))
    return [(c.key[1], c.key[3], draft)]


def status(conn: sqlite3.Connection, paths: Paths, folder: Path | None,
           name: str | None = None) -> list[str]:
    """What waits to go out, what came in last time, and what waits in the folder."""
    me, stored = device(conn)
    name = name or stored
    state = State(conn)
    ch = mirror.changed(conn)
    waiting = diff(_loaded(state, ch), _have(conn, paths, state, ch))
    out = [f"this computer: {name or socket.gethostname()} (device {me})"]
    last = _meta(conn, "last_sync")
    out.append(f"last sync: {last} ({_meta(conn, 'last_out')} out, {_meta(conn, 'last_in')} in)"
               if last else "last sync: never")
    out.append(f"waiting to go out: {len(waiting)} change{'s' * (len(waiting) != 1)}")
    if folder is not None and Path(folder).is_dir():
        new = 0
        for dev, path in log.files(Path(folder)):
            if dev == me:
                continue
            rel = path.relative_to(folder).as_posix()
            row = conn.execute("SELECT offset FROM sync_read WHERE file = ?", (rel,)).fetchone()
            changes, _ = log.read_new(path, 0 if row is None else row[0])
            new += sum(1 for _ in changes)
        others = sorted(_name_of(Path(folder), dev) for dev in
                        {d for d, _ in log.files(Path(folder))} - {me})
        if others:
            out.append(f"other computers in the folder: {', '.join(others)}")
        out.append(f"waiting in {folder}: {new} change{'s' * (new != 1)} from other computers")
    return out
