"""`paperdeck backup` and the automatic backup before migrations: consistent copies, pruning."""

from __future__ import annotations

import os
import sqlite3
import threading

from reader.library import papers as library
from reader.store import backup
from reader.store.db import connect, latest_version, migrate, open_library, transaction

from tests.waiting import wait_for

from .conftest import make_paper


def count_papers(path) -> int:
    c = sqlite3.connect(path)
    try:
        return c.execute("SELECT count(*) FROM papers").fetchone()[0]
    finally:
        c.close()


def test_backup_to_file_is_a_standalone_copy(conn, add, cli, tmp_path):
    add(make_paper(1))
    dest = tmp_path / "copy.db"
    code, out, err = cli("backup", "-o", str(dest))
    assert code == 0, err
    assert out.strip() == str(dest)
    assert count_papers(dest) == 1
    assert not (tmp_path / "copy.db-wal").exists()
    c = sqlite3.connect(dest)
    assert c.execute("PRAGMA user_version").fetchone()[0] == latest_version()
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    c.close()


def test_backup_while_another_connection_holds_a_write_transaction(conn, paths, add, tmp_path):
    add(make_paper(1))
    writer = connect(paths.db)
    writer.execute("BEGIN IMMEDIATE")
    library.insert(writer, make_paper(2))  # uncommitted
    try:
        dest = backup.backup_database(conn, paths, dest=tmp_path / "during.db")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert count_papers(dest) == 1  # the committed state only


def test_backup_during_concurrent_writes_is_consistent(conn, paths, tmp_path):
    stop = threading.Event()
    written = []

    def write() -> None:
        w = connect(paths.db)
        n = 100
        while not stop.is_set():
            n += 1
            with transaction(w):  # each paper with its tag: a copy must never hold one without the other
                library.insert(w, make_paper(n, tags=("t",)))
            written.append(n)
        w.close()

    t = threading.Thread(target=write)
    t.start()
    try:
        wait_for(lambda: len(written) >= 5 or not t.is_alive(), what="five papers written")
        copies = [backup.backup_database(conn, paths, dest=tmp_path / f"c{i}.db") for i in range(5)]
    finally:
        stop.set()
        t.join()
    for dest in copies:
        c = sqlite3.connect(dest)
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        papers, tags = c.execute("SELECT (SELECT count(*) FROM papers), (SELECT count(*) FROM tags)").fetchone()
        assert papers == tags and papers >= 5
        c.close()


def test_backups_folder_keeps_the_newest_n(conn, paths, home, cli):
    (home / "config.yaml").write_text("backup:\n  keep: 3\n")
    made = []
    for i in range(5):
        code, out, _ = cli("backup")
        assert code == 0
        made.append(out.strip())
        os.utime(out.strip(), (1_000_000 + i, 1_000_000 + i))
    left = sorted(str(p) for p in backup.backups(paths))
    assert left == sorted(made[-3:])


def test_migration_backs_up_an_old_schema_database(paths):
    old = connect(paths.db)
    migrate(old, None, target=1)
    with transaction(old):
        library.insert(old, make_paper(1))
    old.close()
    assert backup.backups(paths) == []
    conn = open_library(paths)
    conn.close()
    (copy,) = backup.backups(paths)
    assert f"before-v{latest_version()}" in copy.name
    c = sqlite3.connect(copy)
    assert c.execute("PRAGMA user_version").fetchone()[0] == 1
    assert c.execute("SELECT id FROM papers").fetchall() == [("2101.00001",)]
    c.close()


def test_new_library_is_not_backed_up(paths):
    open_library(paths).close()
    assert backup.backups(paths) == []


def test_migration_backup_survives_a_bad_config(paths, home):
    old = connect(paths.db)
    migrate(old, None, target=1)
    old.close()
    (home / "config.yaml").write_text("backup:\n  keep: nonsense\n")
    open_library(paths).close()
    assert len(backup.backups(paths)) == 1


def test_unwritable_destination_is_one_line(conn, cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = cli("backup", "-o", str(blocker / "sub" / "copy.db"))
    assert code == 2 and "does not exist" in err and err.count("\n") == 1


def test_copies_taken_before_an_upgrade_stay_out_of_the_rotation(paths, home, cli):
    old = connect(paths.db)
    migrate(old, None, target=1)
    old.close()
    open_library(paths).close()
    (upgrade,) = backup.backups(paths)
    (home / "config.yaml").write_text("backup:\n  keep: 2\n")
    for i in range(4):
        code, out, _ = cli("backup")
        assert code == 0
        os.utime(out.strip(), (2_000_000 + i, 2_000_000 + i))   # all newer than the upgrade copy
    left = backup.backups(paths)
    assert upgrade in left and len(left) == 3


def test_a_backup_killed_midway_leaves_parts_the_next_backup_sweeps(conn, paths, cli):
    # kill -9 in the middle of writing a copy into backups/ (as during the pre-import backup).
    import subprocess
    import sys

    from tests.processes import ROOT

    script = (
        "import os, signal, sqlite3, sys\n"
        "from pathlib import Path\n"
        "from reader.store.outfile import replacing\n"
        "with replacing(Path(sys.argv[1])) as tmp:\n"
        "    c = sqlite3.connect(tmp); c.execute('BEGIN'); c.execute('CREATE TABLE t (x)')\n"
        "    c.execute('INSERT INTO t VALUES (1)')\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    paths.backups.mkdir(exist_ok=True)
    target = paths.backups / "paperdeck-20260101-000000-before-import.db"
    done = subprocess.run([sys.executable, "-c", script, str(target)], cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == -9
    parts = sorted(p.name for p in paths.backups.iterdir())
    assert parts and all(p.startswith(".paperdeck-") and ".part" in p for p in parts)
    assert cli("backup")[0] == 0
    assert len(list(paths.backups.glob(".paperdeck-*"))) == len(parts)   # too fresh to be stale
    for p in paths.backups.glob(".paperdeck-*"):
        os.utime(p, (1_000_000, 1_000_000))                              # as if from yesterday
    assert cli("backup")[0] == 0
    assert list(paths.backups.glob(".paperdeck-*")) == []
    assert len(backup.backups(paths)) == 2
