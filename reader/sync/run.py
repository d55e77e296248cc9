"""One sync: find this library's changes, read everyone's, merge, write, append ours.

Everything in the library happens in one transaction, and this device's new lines are
appended (and flushed) before it commits: a crash leaves either nothing done, or lines whose
changes the next sync finds again (the same values once more: merging them changes nothing).
A sync with nothing new writes nothing, in the folder or in the library.
"""

from __future__ import annotations

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
from reader.sync import apply, files, log
from reader.sync.changes import REMOVED, current, decode, diff, dumps, encode, note_field
from reader.sync.hlc import Clock, parse
from reader.sync.log import Change
from reader.sync.merge import Conflict, Entry, absorb, desired, replay_note

__all__ = ["sync", "status", "Report", "device"]


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


def _load_state(conn) -> dict[tuple, Entry]:
    state = {}
    for key, value, hlc, base in conn.execute("SELECT key, value, hlc, base FROM sync_state"):
        state[decode(key)] = Entry(None if value is None else json.loads(value), hlc,
                                   value is None, base)
    return state


def _live(state: dict[tuple, Entry]) -> dict[tuple, Any]:
    return {k: e.value for k, e in state.items() if not e.removed}


def _have(conn, paths: Paths, state: dict[tuple, Entry]) -> dict[tuple, Any]:
    """The library as cells. A local paper whose PDF has not arrived keeps the hash it has."""
    known = {k[1]: e.value for k, e in state.items()
             if len(k) == 3 and k[0] == "p" and k[2] == "file" and not e.removed}
    shas = files.local_files(conn, paths, known)
    for pid, sha in known.items():
        shas.setdefault(pid, sha)
    return current(conn, shas)


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
        state[key], found = replay_note(key, rows)
        conflicts += found
    return conflicts


def _now_ms(now: datetime) -> int:
    return int(now.timestamp() * 1000)


def sync(conn: sqlite3.Connection, paths: Paths, folder: Path, now: datetime,
         settings: DeckSettings | None = None, name: str | None = None) -> Report:
    """Sync the library with `folder` (see the module's doc). `name`: this computer's name
    (`sync.device`; default: the host name)."""
    folder = Path(folder)
    settings = settings or DeckSettings()
    with transaction(conn):
        me, stored_name = device(conn)
        report = Report(folder, me)
        clock = Clock(me, parse(_meta(conn, "clock")) if _meta(conn, "clock") else None)
        state = _load_state(conn)
        before = {k: (e.value, e.hlc, e.removed, e.base) for k, e in state.items()}
        have = _have(conn, paths, state)
        local = diff(_live(state), have)
        incoming, offsets = [], {}
        for dev, path in log.files(folder):
            if dev == me:
                continue
            rel = path.relative_to(folder).as_posix()
            row = conn.execute("SELECT offset FROM sync_read WHERE file = ?", (rel,)).fetchone()
            start = 0 if row is None else row[0]
            changes, progress = log.read_new(path, start)
            for ch in changes:
                try:
                    clock.receive(parse(ch.hlc), _now_ms(now))
                except ValueError:
                    progress[1] += 1
                    continue
                incoming.append(ch)
            if progress[0] != start:
                offsets[rel] = progress[0]
            report.skipped += progress[1]
        report.received = len(incoming)
        mine = _changes(str(clock.tick(_now_ms(now))), local, state) if local else []
        touched, notes = absorb(state, incoming + mine)
        conflicts = _merge_notes(conn, state, notes, touched)
        want, kept = desired(state)
        done = apply.write(conn, paths.data, have, want, now, settings)
        report.applied, report.replayed = done.cells, done.replayed
        report.removed = sorted(done.removed)
        report.waiting = files.bring_in(folder, paths, conn, want)
        for _ in range(3):   # what applying made (cards following notes, replays, kept papers)
            have = _have(conn, paths, state)
            more = diff(_live(state), have)
            if not more:
                break
            more = _changes(str(clock.tick(_now_ms(now))), more, state)
            t2, n2 = absorb(state, more)
            conflicts += _merge_notes(conn, state, n2, t2)
            mine += more
            want, _ = desired(state)
            apply.write(conn, paths.data, have, want, now, settings)
        report.kept = [p for p in kept if _new_event(conn, f"kept:{p}:{state[('p', p)].hlc}", ("p", p), now)]
        for c in conflicts:
            report.conflicts += _keep_conflict(conn, paths, c, now)
        report.sent = len(mine)
        dirty = [(encode(k), None if e.removed else dumps(e.value),
                  e.hlc, e.base) for k, e in state.items()
                 if before.get(k) != (e.value, e.hlc, e.removed, e.base)]
        conn.executemany("INSERT OR REPLACE INTO sync_state (key, value, hlc, base) "
                         "VALUES (?, ?, ?, ?)", dirty)
        conn.executemany("INSERT OR REPLACE INTO sync_read (file, offset) VALUES (?, ?)",
                         list(offsets.items()))
        if mine or incoming:
            _set_meta(conn, "clock", str(clock.last))
            _set_meta(conn, "last_sync", now.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
            _set_meta(conn, "last_in", str(len(incoming)))
            _set_meta(conn, "last_out", str(len(mine)))
        if _meta(conn, "folder") != str(folder.resolve()):
            _set_meta(conn, "folder", str(folder.resolve()))
        _write_name(folder, me, name or stored_name or socket.gethostname())
        report.files_out = files.carry_out(folder, paths, conn, _have_files(conn, paths, state))
        log.append(log.month_file(folder, me, now.astimezone(timezone.utc).strftime("%Y-%m")), mine)
    return report


def _have_files(conn, paths: Paths, state: dict[tuple, Entry]) -> dict[str, str]:
    known = {k[1]: e.value for k, e in state.items()
             if len(k) == 3 and k[0] == "p" and k[2] == "file" and not e.removed}
    return files.local_files(conn, paths, known)


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
    state = _load_state(conn)
    waiting = diff(_live(state), _have(conn, paths, state))
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
