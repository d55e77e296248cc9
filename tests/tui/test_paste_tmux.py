"""A reading list pasted into the Add box in a real terminal (tmux `paste-buffer -p`: a bracketed
paste, its line feeds sent as carriage returns, as xterm-style terminals send them): every id is
imported once, whatever the line endings."""

from __future__ import annotations

import sys
import time
from urllib.parse import parse_qs, urlsplit

import pytest

from reader.library import papers as library
from reader.store import db
from reader.store import paths as paths_mod
from tests.selfmade import Entry, atom_feed
from tests.tui.test_terminal_tmux import ROOT, TMUX, WAIT_S, Tmux

pytestmark = pytest.mark.skipif(TMUX is None, reason="tmux is not installed")

IDS = ["2401.00001", "2401.00002", "2401.00003", "2401.00004"]


def start(tmp_path, home, arxiv_server) -> Tmux:
    env = {"PAPERDECK_HOME": str(home), "PYTHONPATH": str(ROOT), "TERM": "tmux-256color",
           "PAPERDECK_ARXIV_API_URL": arxiv_server.api_url,
           "PAPERDECK_ARXIV_PDF_URL": arxiv_server.pdf_url}
    command = " ".join(f"{k}='{v}'" for k, v in env.items())
    tmux = Tmux(tmp_path)
    tmux("new-session", "-d", "-s", "t", "-x", "100", "-y", "30",
         f"env -u NO_COLOR -u COLUMNS -u LINES {command} {sys.executable} -m reader.cli")
    return tmux


def imported(home) -> list[str]:
    conn = db.connect(paths_mod.resolve(str(home)).db)
    try:
        return [p.id for p in library.all_papers(conn)]
    finally:
        conn.close()


@pytest.mark.parametrize("ending", ["\r", "\r\n", "mixed"])
def test_a_paste_with_any_line_endings_imports_every_id_once(tmp_path, home, arxiv_server, ending):
    for i in IDS:  # one request per id or one for all: either way each is answered
        arxiv_server.id_lists[i] = (200, atom_feed([Entry(f"{i}v1", f"Paper {i}", ["A. Author"])]))
    arxiv_server.id_lists[",".join(IDS)] = (200, atom_feed(
        [Entry(f"{i}v1", f"Paper {i}", ["A. Author"]) for i in IDS]))
    if ending == "mixed":
        text = f"{IDS[0]}\r\n{IDS[1]}\r{IDS[2]}\n{IDS[3]}\r"
    else:
        text = ending.join(IDS) + ending
    tmux = start(tmp_path, home, arxiv_server)
    try:
        tmux.wait_for("Press  a  to add")
        tmux("send-keys", "-t", "t", "a")
        tmux.wait_for("Add papers")
        # -r: the buffer is sent as it is (tmux would turn each LF into a CR otherwise);
        # -p: as a bracketed paste, since paperdeck asked the terminal for it.
        tmux("set-buffer", "-b", "list", text)
        tmux("paste-buffer", "-p", "-r", "-d", "-b", "list", "-t", "t")
        shown = tmux.wait_for(IDS[-1])
        assert " ".join(IDS) in shown, shown  # each id once, in its place, on one line
        tmux("send-keys", "-t", "t", "Enter")
        deadline = time.monotonic() + WAIT_S
        while sorted(imported(home)) != IDS and time.monotonic() < deadline:
            time.sleep(0.2)
        assert sorted(imported(home)) == IDS, tmux.screen()
        searched = [q["search_query"] for q in map(parse_qs, (urlsplit(r).query for r in
                    arxiv_server.api_requests())) if q.get("search_query", [""])[0]]
        assert searched == []  # no search of arXiv for the pasted text
    finally:
        tmux("kill-server")


def test_tmux_turns_line_feeds_into_carriage_returns(tmp_path, home, arxiv_server):
    """What a user's plain `paste-buffer -p` sends (LF made CR): imported all the same."""
    for i in IDS[:2]:
        arxiv_server.id_lists[i] = (200, atom_feed([Entry(f"{i}v1", f"Paper {i}", ["A. Author"])]))
    arxiv_server.id_lists[",".join(IDS[:2])] = (200, atom_feed(
        [Entry(f"{i}v1", f"Paper {i}", ["A. Author"]) for i in IDS[:2]]))
    tmux = start(tmp_path, home, arxiv_server)
    try:
        tmux.wait_for("Press  a  to add")
        tmux("send-keys", "-t", "t", "a")
        tmux.wait_for("Add papers")
        tmux("set-buffer", "-b", "list", "\n".join(IDS[:2]) + "\n")
        tmux("paste-buffer", "-p", "-d", "-b", "list", "-t", "t")
        tmux.wait_for(IDS[1])
        tmux("send-keys", "-t", "t", "Enter")
        deadline = time.monotonic() + WAIT_S
        while sorted(imported(home)) != IDS[:2] and time.monotonic() < deadline:
            time.sleep(0.2)
        assert sorted(imported(home)) == IDS[:2], tmux.screen()
    finally:
        tmux("kill-server")
