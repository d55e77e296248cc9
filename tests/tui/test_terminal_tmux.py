"""The TUI in a real terminal (tmux) on a library holding escape sequences: after every screen the
window title is unchanged and no colour from the data was drawn.

The library holds a paper imported with `paperdeck import yaml` (cleaned on the way in) and rows
written as a library filled before that cleaning could hold them (only the TUI's line filter
stands between them and the terminal). Each carries EVIL: OSC 0 (retitle the window to PWNED),
SGR 31 (red), a C1 CSI, DEL and bidi overrides.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.store import db
from reader.store import paths as paths_mod
from tests.hostile import EVIL_CLEAN, LEGACY_ID, evil_yaml, seed_legacy
from tests.waiting import wait_for

ROOT = Path(__file__).resolve().parents[2]
TMUX = shutil.which("tmux")
pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")
SGR = re.compile(r"\x1b\[([0-9;:]*)m")
WAIT_S = 30.0


def basic_colours(captured: str) -> set[int]:
    """The 8/16-colour SGR codes (30-37, 40-47, 90-97, 100-107) in `captured`; the parameters of
    256-colour and RGB colours (38;5;n, 38;2;r;g;b) are skipped, not read as codes."""
    found = set()
    for params in SGR.findall(captured):
        codes = [int(p or 0) for p in re.split(r"[;:]", params)]
        i = 0
        while i < len(codes):
            code = codes[i]
            if code in (38, 48, 58):
                i += 2 if codes[i + 1:i + 2] == [5] else 4
            elif 30 <= code <= 37 or 40 <= code <= 47 or 90 <= code <= 97 or 100 <= code <= 107:
                found.add(code)
            i += 1
    return found


def test_basic_colours_reads_sgr_as_a_terminal_does():
    assert basic_colours("\x1b[31mred\x1b[0m") == {31}
    assert basic_colours("\x1b[1;38;5;31m\x1b[48;2;31;31;31m\x1b[38:5:31m") == set()
    assert basic_colours("\x1b[38;5;74;41m") == {41}


class Tmux:
    def __init__(self, tmp: Path):
        self.socket = str(tmp / "tmux.sock")

    def __call__(self, *args: str) -> str:
        r = subprocess.run([TMUX, "-S", self.socket, "-f", os.devnull, *args],
                           capture_output=True, text=True, timeout=20)
        assert r.returncode == 0, r.stderr
        return r.stdout

    def title(self) -> str:
        return self("display", "-p", "-t", "t", "#{pane_title}").strip()

    def screen(self, escapes: bool = False) -> str:
        return self("capture-pane", "-p", "-t", "t", *(["-e"] if escapes else []))

    def wait_for(self, text: str) -> str:
        def shown() -> str:
            screen = self.screen()
            return screen if text in screen else ""

        try:
            return wait_for(shown, timeout=WAIT_S, every=0.1, what=f"{text!r} on the screen")
        except AssertionError:
            size = self("display", "-p", "-t", "t", "#{window_width}x#{window_height}").strip()
            raise AssertionError(f"{text!r} never appeared; the screen ({size}):\n{self.screen()}") from None

    def settled(self) -> str:
        """The screen once it stops changing (two captures in a row alike, colours included):
        the whole frame has arrived."""
        last = [None]

        def same() -> str:
            shown = self.screen(escapes=True)
            alike, last[0] = shown == last[0], shown
            return shown if alike else ""

        return wait_for(same, timeout=WAIT_S, every=0.1, what="the screen to settle")


def test_every_screen_in_tmux(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "PAPERDECK_HOME": str(home), "PYTHONPATH": str(ROOT),
           "TERM": "tmux-256color", "COLORTERM": "truecolor"}
    for name in ("NO_COLOR", "COLUMNS", "LINES"):  # the size is the pane's; colours are on
        env.pop(name, None)
    export = tmp_path / "evil.yaml"
    export.write_text(evil_yaml(), encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "reader.cli", "import", "yaml", str(export)],
                       env=env, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    conn = db.open_library(paths_mod.resolve(str(home)))
    seed_legacy(conn)
    conn.close()

    tmux = Tmux(tmp_path)
    command = " ".join(f"{k}='{env[k]}'" for k in ("PAPERDECK_HOME", "PYTHONPATH", "TERM", "COLORTERM"))
    tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "40",
         f"env -u NO_COLOR -u COLUMNS -u LINES {command} {sys.executable} -m reader.cli")
    try:
        title = tmux.title()

        def check(name: str, text: str) -> None:
            tmux.wait_for(text)
            shown = tmux.settled()   # the rest of the frame too
            assert tmux.title() == title, f"{name}: the window title became {tmux.title()!r}"
            colours = basic_colours(shown)
            assert 31 not in colours, f"{name}: the data's red (SGR 31) was drawn"

        def keys(*k: str) -> None:
            tmux("send-keys", "-t", "t", *k)

        check("library", EVIL_CLEAN)
        keys("/")
        tmux("send-keys", "-t", "t", "-l", LEGACY_ID)
        check("library filtered", "1/4")
        keys("Enter")
        check("paper", "Eve EVIL")
        check("paper notes", "what EVIL")
        for tab, text in (("free notes", "text EVIL"), ("todos", "todo EVIL"), ("cards", "front EVIL")):
            keys("F2")
            check(f"paper {tab}", text)
        keys("C-r")
        check("reading", "Page text EVIL")
        keys("Escape")
        check("back to paper", "Eve EVIL")
        keys("Escape")
        check("back to library", "due today")
        keys("Escape")  # from the filter to the table, where single keys act
        # The table's keys in the footer: the escape was read alone (an escape followed at
        # once by r would be read as alt+r).
        check("library table", "r Review")
        keys("r")
        for done in range(3):
            check(f"review card {done + 1}", f"done {done}")
            keys("Space")
            check(f"review card {done + 1} answer", "back EVIL")
            keys("3")
        keys("s")
        check("stats", "Stats")
        keys("C-q")
    finally:
        tmux("kill-server")
    assert title and "PWNED" not in title
