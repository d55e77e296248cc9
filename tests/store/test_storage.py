"""The database: settings, migrations from the first schema, two processes at once."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pytest

from reader.store import db
from reader.errors import PaperdeckError
from reader.store.paths import resolve


def test_connection_settings(tmp_path):
    conn = db.open_library(resolve(tmp_path))
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 10_000
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.latest_version()


def test_first_schema_upgrades_under_newest_code_with_a_backup(tmp_path):
    paths = resolve(tmp_path)
    old = db.connect(paths.db)
    db.migrate(old, target=1)
    old.execute(
        "INSERT INTO papers (id, version, title, authors, added) VALUES (?, ?, ?, ?, ?)",
        ("1211.3711", 1, "Sequence Transduction", json.dumps(["Alex Graves"]), "2024-01-01T00:00:00Z"),
    )
    old.execute("INSERT INTO tags VALUES ('1211.3711', 'asr')")
    old.close()

    conn = db.open_library(paths)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.latest_version() > 1
    from reader.library.papers import get

    paper = get(conn, "1211.3711")
    assert paper.title == "Sequence Transduction" and paper.tags == ("asr",)
    backups = list(paths.backups.glob("*.db"))
    assert len(backups) == 1
    copy = sqlite3.connect(backups[0])
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert copy.execute("SELECT title FROM papers").fetchone()[0] == "Sequence Transduction"


def test_a_newer_database_is_refused_not_damaged(tmp_path):
    paths = resolve(tmp_path)
    conn = db.open_library(paths)
    conn.execute(f"PRAGMA user_version={db.latest_version() + 5}")
    conn.close()
    with pytest.raises(PaperdeckError, match="newer paperdeck"):
        db.open_library(paths)


def test_failed_transaction_writes_nothing(tmp_path):
    conn = db.open_library(resolve(tmp_path))
    with pytest.raises(RuntimeError):
        with db.transaction(conn):
            conn.execute("INSERT INTO papers (id, title, added) VALUES ('1', 't', 'x')")
            with db.transaction(conn):  # nested: a savepoint
                conn.execute("INSERT INTO papers (id, title, added) VALUES ('2', 't', 'x')")
            raise RuntimeError("crash in the middle")
    assert conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 0


def test_two_processes_opening_a_new_library_at_once(tmp_path):
    code = (
        "import sys; from reader.store.db import open_library; from reader.store.paths import resolve\n"
        "c = open_library(resolve(sys.argv[1]))\n"
        "from reader.store.db import transaction\n"
        "for i in range(50):\n"
        "    with transaction(c):\n"
        "        c.execute('INSERT INTO papers (id, title, added) VALUES (?, ?, ?)', (sys.argv[2] + str(i), 't', 'x'))\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path), tag]) for tag in "ab"]
    assert [p.wait(timeout=60) for p in procs] == [0, 0]
    conn = db.open_library(resolve(tmp_path))
    assert conn.execute("SELECT count(*) FROM papers").fetchone()[0] == 100
