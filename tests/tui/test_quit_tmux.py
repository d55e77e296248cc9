"""Quitting while a page is being extracted, in a real terminal (tmux): the shell gets its screen
back with no frame of the TUI drawn over it, the extraction child is gone, the pages done so far
are kept (issue 14)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.text.pdf import pdftext
from reader.library import papers as library
from reader.store import db
from reader.store import paths as paths_mod
from tests.selfmade import tiny_pdf
from tests.waiting import wait_for

from .conftest import SAMPLE, seed_papers
from .test_terminal_tmux import Tmux

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
TUI_MARKS = ("page ", "palette", "extracting", "Prev page", "▏", "╭")


def _home_reading(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    conn = db.open_library(paths_mod.resolve(home))
    seed_papers(conn, SAMPLE[:1])
    (home / "papers").mkdir()
    (home / "papers" / "1211.3711.pdf").write_bytes(
        tiny_pdf([f"Page {i} of a long paper about sequence transduction." for i in range(1, 600)]))
    library.update_fields(conn, "1211.3711", pdf_status="ok", pdf_path="papers/1211.3711.pdf")
    conn.close()
    return home


def _children(home: Path) -> list[str]:
    r = subprocess.run(["ps", "-ww", "-eo", "pid,args"], capture_output=True, text=True)
    return [line for line in r.stdout.splitlines() if "extract_proc" in line and str(home) in line]


@pytest.mark.parametrize("how", ["ctrl+q", "SIGTERM"])
def test_quitting_while_extracting_leaves_the_shell_clean(tmp_path, how):
    home = _home_reading(tmp_path)
    tmux = Tmux(tmp_path)
    env = f"PAPERDECK_HOME='{home}' PYTHONPATH='{ROOT}' TERM=tmux-256color"
    pidfile = tmp_path / "pid"
    script = tmp_path / "run.sh"      # the TUI, then what the shell shows once it is gone
    script.write_text(f"sh -c 'echo $$ > {pidfile}; exec env -u NO_COLOR -u COLUMNS -u LINES {env} "
                      f"{sys.executable} -m reader.cli read 1211.3711'\n"
                      "echo EXITED $?\nexec sleep 60\n")
    tmux("new-session", "-d", "-s", "t", "-x", "100", "-y", "30", f"sh {script}")
    try:
        tmux.wait_for("/599")                # pages are coming in: the child is extracting
        assert _children(home), "no extraction running to quit during"
        started = time.monotonic()
        if how == "ctrl+q":
            tmux("send-keys", "-t", "t", "C-q")
        else:
            os.kill(int(pidfile.read_text()), signal.SIGTERM)
        tmux.wait_for("EXITED")
        assert time.monotonic() - started < 5
        # Nothing is left that could draw late: the TUI has exited, its child too.
        wait_for(lambda: not _children(home), what="the extraction child gone")
        shown = tmux.screen()
        lines = [line for line in shown.splitlines() if line.strip()]
        assert lines == [f"EXITED {0 if how == 'ctrl+q' else 128 + signal.SIGTERM}"], shown
        assert not any(mark in shown for mark in TUI_MARKS), shown
    finally:
        tmux("kill-server")
    conn = db.connect(paths_mod.resolve(home).db)
    state = pdftext.state(conn, "1211.3711")
    kept = len(pdftext.cached_pages(conn, "1211.3711"))
    conn.close()
    assert state is not None and state.status == "partial" and 0 < kept < 599
