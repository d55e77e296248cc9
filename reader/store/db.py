"""The SQLite library: connecting, transactions and schema migrations.

One database file, WAL mode (readers never block the writer, so the TUI and the CLI can run at
the same time), foreign keys on, a busy timeout so a second process waits instead of failing,
and every write inside `transaction()`.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from decks.db import transaction

from reader.store import failures
from reader.errors import PaperdeckError
from reader.store.paths import Paths

BUSY_TIMEOUT_S = 15.0

__all__ = ["connect", "transaction", "migrate", "open_library", "latest_version", "check_schema"]


class ReadOnlyConnection(sqlite3.Connection):
    """A library opened read-only because the outside world refuses writes (`why`: the one
    line saying so); reading works, a write fails with SQLite's "readonly database"."""

    why: PaperdeckError | None = None


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating if needed) a database file with paperdeck's settings, without migrating.

    When the disk is full or the library is read-only, an existing library is opened
    read-only (a ReadOnlyConnection) where SQLite allows it: a WAL library needs room for its
    `-shm` file, so without room even `list` failed."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise PaperdeckError(f"{path.parent} is not a folder (a file is in the way of the "
                             "library); move it, or set PAPERDECK_HOME to a folder") from None
    except OSError as e:
        raise failures.explain(e, path) or PaperdeckError(
            f"cannot make the folder {path.parent}: {e.strerror or e}") from None
    conn = None
    try:
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        conn.row_factory = sqlite3.Row
        _wal(conn)
        conn.execute("PRAGMA synchronous=FULL")
        conn.execute("PRAGMA foreign_keys=ON")
    except sqlite3.OperationalError as e:
        if conn is not None:
            conn.close()
        if "locked" in str(e) or "busy" in str(e):
            raise PaperdeckError(
                f"the library {path} stayed busy for {BUSY_TIMEOUT_S:g} s (another paperdeck is "
                "writing to it); try again in a moment") from None
        why = failures.unwritable(path)
        if why is not None:
            return _read_only(path, why)
        raise PaperdeckError(f"cannot open the library database {path}: {e}") from None
    except sqlite3.DatabaseError as e:
        raise PaperdeckError(
            f"cannot open the library database {path}: {e}; restore it from {path.parent / 'backups'}"
        ) from None
    return conn


def _read_only(path: Path, why: str) -> ReadOnlyConnection:
    """The library as it is on disk, without the `-shm` file SQLite cannot make (immutable: no
    locks, no WAL). Only when its `-wal` holds nothing: its committed data is then all in the
    database file, and no one can add to it while the disk refuses writes."""
    wal = path.with_name(path.name + "-wal")
    if not path.is_file() or (wal.exists() and wal.stat().st_size > 0):
        raise failures.refusal(path, why, "the library cannot be opened") from None
    from urllib.parse import quote

    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True,
                               isolation_level=None, check_same_thread=False,
                               factory=ReadOnlyConnection)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as e:
        raise PaperdeckError(f"cannot open the library database {path}: {e}") from None
    conn.why = failures.refusal(path, why, "the library is open read-only")
    return conn


def _wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. Turning it on for a new file needs a moment of exclusive access, and
    SQLite answers "locked" at once (not after the busy timeout) when a second process is
    opening the same new file, so wait and retry here."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def migrations() -> list[tuple[int, str, str]]:
    """(number, name, sql) for every module `reader/migrations/mNNNN_name.py`, in order."""
    from reader.store import migrations as pkg

    found = []
    for info in pkgutil.iter_modules(pkg.__path__):
        if info.name.startswith("m") and info.name[1:5].isdigit():
            module = importlib.import_module(f"{pkg.__name__}.{info.name}")
            found.append((int(info.name[1:5]), info.name[6:], module.SQL))
    found.sort()
    numbers = [n for n, _, _ in found]
    assert numbers == list(range(1, len(found) + 1)), f"migrations must be numbered 1..N: {numbers}"
    return found


def latest_version() -> int:
    return len(migrations())


def statements(script: str) -> Iterator[str]:
    """Split a script into statements (triggers included), since executescript() would commit."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf
            buf = ""
    if buf.strip():
        raise ValueError(f"incomplete SQL statement: {buf.strip()[:60]}")


_TABLE_DDL = re.compile(
    r"^\s*(CREATE\s+(?:VIRTUAL\s+)?TABLE(?:\s+IF\s+NOT\s+EXISTS)?|DROP\s+TABLE(?:\s+IF\s+EXISTS)?"
    r"|ALTER\s+TABLE)\s+[\"`\[]?(\w+)[\"`\]]?(?:\s+RENAME\s+TO\s+[\"`\[]?(\w+))?",
    re.IGNORECASE | re.MULTILINE)


def _tables_by_version(steps: list[tuple[int, str, str]]) -> tuple[list[set[str]], dict[str, int]]:
    """The tables each schema version has (index = version), read from the migrations' own SQL,
    and the version that first made each table."""
    have: set[str] = set()
    versions = [set()]
    made: dict[str, int] = {}
    for number, _name, sql in steps:
        for verb, table, renamed in _TABLE_DDL.findall(sql):
            verb = verb.split()[0].upper()
            if verb == "CREATE":
                have.add(table)
                made.setdefault(table, number)
            elif verb == "DROP":
                have.discard(table)
            elif renamed:  # ALTER TABLE a RENAME TO b
                have.discard(table)
                have.add(renamed)
                made.setdefault(renamed, number)
        versions.append(set(have))
    return versions, made


def check_schema(conn: sqlite3.Connection, steps: list[tuple[int, str, str]] | None = None) -> int:
    """The library's schema number, after checking that its tables are the ones that number
    means: each table the migrations up to it made is there, and none a later one makes.
    Anything else (a table dropped by hand, `PRAGMA user_version` set by hand) would make a
    migration fail half-way or a command fail later, so it stops here with one line.
    Cheap enough for every start: one query of sqlite_master (~0.1 ms)."""
    steps = migrations() if steps is None else steps
    # One statement, so the number and the tables come from one snapshot even while another
    # process migrates.
    current, names = conn.execute(
        "SELECT user_version, (SELECT json_group_array(name) FROM sqlite_master "
        "WHERE type = 'table') FROM pragma_user_version").fetchone()
    if current > len(steps):
        raise PaperdeckError(
            f"this library was written by a newer paperdeck (schema {current}, this one knows "
            f"{len(steps)}); upgrade paperdeck to open it"
        )
    versions, made = _tables_by_version(steps)
    actual = set(json.loads(names))
    missing = sorted(versions[current] - actual)
    extra = sorted((actual & set(made)) - versions[current])
    if missing or extra:
        def listed(tables: list[str]) -> str:
            more = f" and {len(tables) - 3} more" if len(tables) > 3 else ""
            return f"the table{'s' if len(tables) > 1 else ''} " + ", ".join(tables[:3]) + more

        wrong = ([f"lacks {listed(missing)}"] if missing else []) + (
            [f"has {listed(extra)} from a later schema"] if extra else [])
        path = conn.execute("PRAGMA database_list").fetchone()[2]
        raise PaperdeckError(
            f"the library {path} is marked schema {current} but {' and '.join(wrong)}: it was "
            "changed outside paperdeck and is left untouched; save your data with 'paperdeck "
            "export yaml -o all.yaml' from the paperdeck that made it, then import that into a "
            "new library")
    return current


def migrate(conn: sqlite3.Connection, paths: Paths | None = None, target: int | None = None,
            keep_backups: int | None = None) -> int:
    """Bring the schema up to `target` (default: newest). Backs the database up first when an
    existing library is upgraded (keeping the newest `keep_backups` copies). Safe with two
    processes starting at once."""
    steps = migrations()
    target = len(steps) if target is None else target
    current = check_schema(conn, steps)
    if current >= target:
        return current
    if current > 0 and paths is not None:
        from reader.store.backup import backup_database

        backup_database(conn, paths, reason=f"before-v{target}", keep=keep_backups)
    with transaction(conn):
        # Re-read inside the write lock: another process may have migrated meanwhile.
        current = check_schema(conn, steps)
        for number, _name, sql in steps[current:target]:
            for statement in statements(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version={number}")
    return target


def open_library(paths: Paths, keep_backups: int | None = None) -> sqlite3.Connection:
    """Connect to the library at `paths` and bring its schema up to date."""
    conn = connect(paths.db)
    migrate(conn, paths, keep_backups=keep_backups)
    return conn
