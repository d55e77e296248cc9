"""The outside world saying no: a full disk, a read-only library or file system, a
PAPERDECK_HOME that is a file, a bad PAPERDECK_NOW. One clear line each, nothing lost, reading
still works where SQLite allows it.

The full disk is real: a 2 MB tmpfs mounted for the test (root only; skipped elsewhere).
SQLite's `PRAGMA max_page_count` makes one connection's database "full" without root, but
only that: it cannot refuse the `-shm` file a second process needs to open the library, nor a
PDF or a backup written beside it, which is where the bugs were. It is used below only for
the one thing it reproduces (SQLITE_FULL from a statement).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import ROOT, run_cli
from tests.waiting import settled


# -- a real full disk ----------------------------------------------------------------------

class Disk:
    """A small tmpfs: `fill()` takes its last byte, `free()` gives the room back."""

    def __init__(self, root: Path):
        self.root = root
        self.filler = root / "filler"

    def fill(self) -> None:
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError:
            pass
        finally:
            os.close(fd)
        assert shutil.disk_usage(self.root).free < 4096

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)


def _mount(where: Path, options: str) -> None:
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"a real full disk needs a tmpfs mount (root): {done.stderr.strip()}")


@pytest.fixture
def disk(tmp_path):
    where = tmp_path / "disk"
    where.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("a real full disk needs a tmpfs mount, which needs root")
    _mount(where, "size=2m")
    yield Disk(where)
    subprocess.run(["umount", "-l", str(where)], check=False)


def _library_with_cards(home: Path, n: int = 3) -> None:
    for i in range(n):
        code, _, err = run_cli(home, "card", "add", "--front", f"front {i}", "--back", "back")
        assert code == 0, err


def test_cli_on_a_full_disk_reads_and_refuses_writes_in_one_line(disk):
    home = disk.root / "home"
    _library_with_cards(home)
    disk.fill()
    # No room for the -shm file a new connection needs: this blocked even `list` before.
    code, out, err = run_cli(home, "cards")
    assert code == 0 and out.count("front") == 3
    db = home / "paperdeck.db"
    assert err == (f"paperdeck: warning: the disk is full ({db}): the library is open "
                   "read-only; free some space and try again\n")
    code, out, err = run_cli(home, "card", "add", "--front", "new", "--back", "b")
    assert (code, out) == (1, "")
    assert err.endswith(f"paperdeck: the disk is full ({db}): nothing was saved; free some "
                        "space and try again\n")
    assert "unexpected" not in err and err.count("\n") == 2          # the warning, the error
    code, out, err = run_cli(home, "backup")
    assert (code, out) == (1, "") and "unexpected" not in err
    assert err.splitlines()[-1].startswith(f"paperdeck: the disk is full ({home / 'backups'}/")
    assert list((home / "backups").iterdir()) == []                   # no part left behind
    disk.free()
    assert run_cli(home, "card", "add", "--front", "new", "--back", "b")[0] == 0
    listed = run_cli(home, "cards")[1]
    assert listed.count("front ") == 3 and listed.splitlines()[-1].endswith(" new")  # all kept


def test_cli_write_while_another_process_holds_the_library_open(disk):
    # The TUI running: -shm and -wal exist and are sized, so the CLI opens normally and its
    # write hits SQLITE_FULL (it said "unexpected error (… database or disk is full)").
    from reader.store.db import connect

    home = disk.root / "home"
    _library_with_cards(home)
    tui = connect(home / "paperdeck.db")
    tui.execute("SELECT count(*) FROM cards").fetchone()
    try:
        disk.fill()
        code, out, err = run_cli(home, "card", "add", "--front", "F" * 3000, "--back", "b" * 3000)
        assert (code, out) == (1, "")
        assert err == (f"paperdeck: the disk is full ({home / 'paperdeck.db'}): nothing was "
                       "saved; free some space and try again\n")
        assert run_cli(home, "due")[0] == 0
    finally:
        tui.close()


def test_export_onto_a_full_disk_names_it(disk, tmp_path):
    home = tmp_path / "home"                 # the library has room; the export target not
    _library_with_cards(home)
    disk.fill()
    target = disk.root / "cards.apkg"
    code, out, err = run_cli(home, "export", "anki", "-o", str(target))
    assert (code, out) == (1, "")
    assert err == (f"paperdeck: the disk is full ({target}): nothing was written; free some "
                   "space and try again\n")
    assert sorted(p.name for p in disk.root.iterdir()) == ["filler"]


def test_adding_a_pdf_onto_a_full_disk_names_it_and_leaves_nothing(disk, tmp_path):
    from tests.selfmade import tiny_pdf

    home = disk.root / "home"
    _library_with_cards(home, 1)
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(tiny_pdf(["A Title For This Paper", "body"] * 20))
    disk.fill()
    code, out, err = run_cli(home, "add", str(pdf))
    assert (code, out) == (1, "")
    last = err.splitlines()[-1]
    assert last.startswith(f"paperdeck: the disk is full ({home / 'papers' / 'local_'}")
    assert last.endswith(".pdf): nothing was saved; free some space and try again")
    assert "unexpected" not in err and list((home / "papers").glob("*")) == []
    disk.free()
    key = run_cli(home, "add", str(pdf))[1].strip()
    disk.fill()
    code, out, err = run_cli(home, "text", key, "--page", "1")   # read, though not cached
    assert (code, out) == (0, "A Title For This Paper\n"), err
    assert err.startswith("paperdeck: warning: the disk is full") and err.count("\n") == 1


async def _review_on_a_full_disk(disk):
    from datetime import timezone

    from reader import config as config_mod
    from reader.store import paths as paths_mod
    from reader.tui.app import make_app
    from reader.tui.screens.review import ReviewScreen
    from tests.tui_review import seed

    home = disk.root / "home"
    paths = paths_mod.Paths(data=home, config_dir=home)
    conn = seed.open_conn(paths)
    seed.seed_papers(conn)
    seed.seed_cards(conn)
    conn.close()
    app = make_app(paths, config_mod.load(paths), now=seed.NOW, tz=timezone.utc, screen="review")
    log = "SELECT card_id, rating FROM review_log ORDER BY id"
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await pilot.press("space", "3")                    # saved while there is room
        first = app.conn.execute(log).fetchall()
        shown = screen.card
        disk.fill()
        await pilot.press("space", "3")
        await settled(pilot)
        assert app.screen is screen and screen.card.id == shown.id and screen.revealed
        assert [tuple(r) for r in app.conn.execute(log)] == [tuple(r) for r in first]
        note = app._notifications
        assert any(n.title == "Not saved" and "the disk is full" in n.message for n in note)
        assert not app.conn.in_transaction
        disk.free()
        await pilot.press("3")                             # the same card, graded again
        rows = [tuple(r) for r in app.conn.execute(log)]
        assert rows == [tuple(r) for r in first] + [(shown.id, 3)]
        assert screen.session.done == 2
    return app


def test_tui_review_on_a_full_disk_notifies_and_loses_nothing(disk):
    import asyncio

    asyncio.run(_review_on_a_full_disk(disk))


def test_sqlite_full_from_a_statement_is_the_disk_full_line(tmp_path):
    # Without root: SQLITE_FULL made by max_page_count, told as the full disk it stands for.
    from reader.store.failures import explain

    db = tmp_path / "x.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.execute(f"PRAGMA max_page_count = {conn.execute('PRAGMA page_count').fetchone()[0]}")
    with pytest.raises(sqlite3.OperationalError) as e:
        conn.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 100)
    conn.close()
    assert str(explain(e.value, db)) == (f"the disk is full ({db}): nothing was saved; free some "
                                         "space and try again")


# -- read-only libraries -------------------------------------------------------------------

def _as_a_user(home: Path, *args: str) -> tuple[int, str, str]:
    """`paperdeck ARGS` without root's power to write read-only files (uid 0 keeps the venv
    readable; CAP_DAC_OVERRIDE is dropped). Skips where that cannot be done."""
    if os.geteuid() != 0:
        return run_cli(home, *args)
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only file cannot be made")
    drop = "-dac_override,-dac_read_search"
    env = {**os.environ, "PAPERDECK_HOME": str(home), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}",
                           sys.executable, "-m", "reader.cli", *args], env=env,
                          capture_output=True, text=True, timeout=30)
    if done.returncode != 0 and "setpriv" in done.stderr:
        pytest.skip(f"cannot drop capabilities here: {done.stderr.strip()}")
    return done.returncode, done.stdout, done.stderr


def test_a_read_only_database_reads_and_refuses_writes_in_one_line(tmp_path):
    home = tmp_path / "home"
    _library_with_cards(home, 1)
    db = home / "paperdeck.db"
    db.chmod(0o444)
    try:
        code, out, err = _as_a_user(home, "cards")
        assert code == 0 and "front 0" in out, err
        code, out, err = _as_a_user(home, "card", "add", "--front", "x", "--back", "y")
        assert (code, out) == (1, "")
        assert err == (f"paperdeck: {db} is read-only: nothing was saved; make it writable "
                       "(chmod u+w), or set PAPERDECK_HOME to a writable folder\n")
    finally:
        db.chmod(0o644)


def test_a_read_only_file_system_reads_and_refuses_writes_in_one_line(tmp_path):
    where = tmp_path / "ro"
    where.mkdir()
    if os.geteuid() != 0:
        pytest.skip("a read-only file system needs a mount (root)")
    _mount(where, "size=4m")
    try:
        home = where / "home"
        _library_with_cards(home, 1)
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        db = home / "paperdeck.db"
        code, out, err = run_cli(home, "cards")
        assert code == 0 and "front 0" in out
        assert err == (f"paperdeck: warning: {db} is on a read-only file system: the library is "
                       "open read-only; remount it read-write, or set PAPERDECK_HOME to a "
                       "writable folder\n")
        code, out, err = run_cli(home, "card", "add", "--front", "x", "--back", "y")
        assert (code, out) == (1, "")
        assert err.endswith(f"paperdeck: {db} is on a read-only file system: nothing was saved; "
                            "remount it read-write, or set PAPERDECK_HOME to a writable folder\n")
        assert "unexpected" not in err
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


# -- the environment -----------------------------------------------------------------------

def test_paperdeck_home_that_is_a_file(tmp_path):
    home = tmp_path / "home"
    home.write_text("not a folder")
    for verb in ("list", "due", "config"):
        code, out, err = run_cli(home, verb)
        assert (code, out) == (2, "")
        assert err == (f"paperdeck: PAPERDECK_HOME={str(home)!r} is a file, not a folder; point "
                       "it at a folder (one that does not exist yet is made)\n")


def test_a_file_in_the_way_of_the_data_folder(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    code, out, err = run_cli(blocker / "home", "list")
    assert (code, out) == (1, "")
    assert err.startswith("paperdeck: ") and "is not a folder" in err and err.count("\n") == 1


@pytest.mark.parametrize("now, words", [
    ("yesterday", "PAPERDECK_NOW='yesterday' is not an ISO 8601 time"),
    ("2026-13-01", "PAPERDECK_NOW='2026-13-01' is not an ISO 8601 time"),
    ("0001-01-01T00:00:00+00:00", "PAPERDECK_NOW='0001-01-01T00:00:00+00:00' is outside 1900-2199"),
    ("9999-12-31", "PAPERDECK_NOW='9999-12-31' is outside 1900-2199"),
])
def test_a_bad_paperdeck_now_is_one_line(home, cli, monkeypatch, now, words):
    monkeypatch.setenv("PAPERDECK_NOW", now)
    for verb in (("due",), ("card", "add", "--front", "f", "--back", "b"), ("list",)):
        code, out, err = cli(*verb)
        assert (code, out) == (2, "")
        assert err.startswith(f"paperdeck: {words}") and err.count("\n") == 1
    assert not (home / "paperdeck.db").exists()                  # nothing written
