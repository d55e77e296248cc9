"""No TUI outlives its terminal (issue 18): however the terminal goes (the window closed, SIGHUP,
tmux killed, the pty gone without a signal), the TUI stores what was typed and is gone within
3 s, the library closed.

Seen: after a tmux test the TUI ran on for 17 minutes with its pty deleted, holding
paperdeck.db open, its main thread blocked for good in Textual's shutdown (a write queued
for a writer thread that had died on the hung-up terminal; Textualize/textual #6692).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader import clock
from reader.library import papers as library
from reader.reading import notes
from reader.store import db
from reader.store import paths as paths_mod
from tests.tui.conftest import SAMPLE
from tests.waiting import WAIT_S, wait_for

from .ptyapp import ROOT, PtyApp
from .test_never_lose import PID, open_paper

BOUND_S = 3.0
TYPED = "lost words "


@pytest.fixture
def lib(home):
    """One paper with a What note; no connection left open (the TUI's is the last one)."""
    conn = db.open_library(paths_mod.resolve(home))
    with db.transaction(conn):
        library.insert(conn, SAMPLE[0])
    notes.save(conn, PID, clock.now(), what="old")
    conn.close()
    return home


def stored(home: Path) -> str:
    conn = db.connect(paths_mod.resolve(home).db)
    try:
        return notes.get(conn, PID).what
    finally:
        conn.close()


def closed_cleanly(home: Path) -> bool:
    """The last connection closed: SQLite folded its write-ahead log in and removed it."""
    wal = home / "paperdeck.db-wal"
    return not wal.exists() or wal.stat().st_size == 0


def gone(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rpartition(")")[2].split()[0] == "Z"   # exited, not yet reaped
    except FileNotFoundError:
        return True


# -- a real pty ---------------------------------------------------------------------------------

WAYS = {
    "the window closed": lambda app: app.close_terminal(),        # the kernel sends SIGHUP
    "SIGHUP": lambda app: app.kill(signal.SIGHUP),
    # The case seen in tmux: quitting, and the terminal gone while the app shuts down.
    "quit as the window closes": lambda app: (app.send("\x11"), app.close_terminal()),
    # No signal at all: the writes fail (EIO) and the terminal reports a hang-up.
    "the terminal gone without a signal": lambda app: app.close_terminal(),
}


@pytest.mark.parametrize("way", list(WAYS))
def test_the_tui_is_gone_within_3_s_of_losing_its_terminal(home, lib, way):
    with PtyApp(home, controlling=way != "the terminal gone without a signal") as app:
        open_paper(app)
        mark = app.mark()
        app.send(TYPED)
        app.wait_for_after(mark, "words")           # in the note, perhaps not saved yet
        lost_at = time.monotonic()
        WAYS[way](app)
        app.wait(timeout=WAIT_S)
        took = time.monotonic() - lost_at
    assert took < BOUND_S, f"still running {took:.1f} s after the terminal went"
    assert closed_cleanly(home)
    assert stored(home) == TYPED + "old"


def test_a_tui_whose_shutdown_blocks_is_ended_within_3_s_of_sighup(home, lib):
    """The terminal stopped taking output, then the hang-up: Textual's writer is stuck in a
    write that never returns, so its shutdown never ends; the guard ends the process."""
    with PtyApp(home) as app:
        open_paper(app)
        mark = app.mark()
        app.send(TYPED)
        app.wait_for_after(mark, "words")
        app.stop_output()                           # every frame from now on waits
        lost_at = time.monotonic()
        app.kill(signal.SIGHUP)
        app.wait(timeout=WAIT_S)
        took = time.monotonic() - lost_at
    assert took < BOUND_S, f"still running {took:.1f} s after SIGHUP"
    assert closed_cleanly(home)
    assert stored(home) == TYPED + "old"


# -- tmux ---------------------------------------------------------------------------------------

TMUX = shutil.which("tmux")


class Pane:
    """The TUI in a tmux pane on its own socket; `pid` is the TUI's process."""

    def __init__(self, tmp: Path, home: Path) -> None:
        self.socket = str(tmp / "tmux.sock")
        pidfile = tmp / "tui.pid"
        script = tmp / "run.sh"
        script.write_text(f"echo $$ > {pidfile}\nexec env -u NO_COLOR -u COLUMNS -u LINES "
                          f"PAPERDECK_HOME='{home}' PYTHONPATH='{ROOT}' TERM=tmux-256color "
                          f"{sys.executable} -m reader.cli\n")
        self("new-session", "-d", "-s", "t", "-x", "100", "-y", "30", f"sh {script}")
        self.server = int(self("display", "-p", "-t", "t", "#{pid}"))
        self.pid = int(wait_for(lambda: pidfile.exists() and pidfile.read_text().strip(),
                                what="the TUI's pid"))

    def __call__(self, *args: str, check: bool = True) -> str:
        r = subprocess.run([TMUX, "-S", self.socket, "-f", os.devnull, *args],
                           capture_output=True, text=True, timeout=20)
        assert r.returncode == 0 or not check, r.stderr
        return r.stdout

    def wait_for(self, text: str) -> None:
        wait_for(lambda: text in self("capture-pane", "-p", "-t", "t"), what=f"{text!r} shown")

    def keys(self, *keys: str, literal: bool = False) -> None:
        self("send-keys", "-t", "t", *(["-l"] if literal else []), *keys)

    def close(self) -> None:
        self("kill-server", check=False)
        wait_for(lambda: gone(self.server), what="the tmux server gone")


TMUX_WAYS = {
    "tmux kill-server": lambda pane: pane("kill-server"),
    "kill -9 of the tmux server": lambda pane: os.kill(pane.server, signal.SIGKILL),
    "ctrl+q, then tmux kill-server": lambda pane: (pane.keys("C-q"), pane("kill-server")),
}


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
@pytest.mark.parametrize("way", list(TMUX_WAYS))
def test_the_tui_is_gone_within_3_s_of_its_tmux(tmp_path, home, lib, way):
    pane = Pane(tmp_path, home)
    try:
        pane.wait_for("Sequence Transduction")
        pane.keys("Enter")
        pane.wait_for("Write")
        pane.keys("e")
        pane.keys(TYPED, literal=True)
        pane.wait_for(TYPED + "old")
        lost_at = time.monotonic()
        TMUX_WAYS[way](pane)
        wait_for(lambda: gone(pane.pid), what="the TUI gone")
        took = time.monotonic() - lost_at
    finally:
        pane.close()
        if not gone(pane.pid):
            os.kill(pane.pid, signal.SIGKILL)
    assert took < BOUND_S, f"still running {took:.1f} s after tmux went"
    assert closed_cleanly(home)
    assert stored(home) == TYPED + "old"
