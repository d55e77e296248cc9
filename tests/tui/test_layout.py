"""Every screen whole at 80x24, 100x30, 120x40 and after resizing between them (issue 14): the
cases seen, each reproduced first. The pictures: tests/tui/test_snapshots.py."""

from __future__ import annotations

import os
import stat
import threading
from datetime import date, timedelta

import pytest
from rich.cells import cell_len
from textual.geometry import Region

from reader.reading import notes
from reader.library import papers as library
from reader.store import db
from reader.models import Paper

from tests.waiting import settled, until

from .conftest import NOW
from .test_paper_reading import with_pdf

SIZES = [(80, 24), (100, 30), (120, 40)]
LONG_TITLE = "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"


async def settle(app, pilot):
    await settled(pilot)


def shown(widget) -> list[str]:
    """The lines a widget draws (borders included), as text."""
    return [strip.text for strip in widget.render_lines(Region(0, 0, *widget.outer_size))]


def footer_fits(app, width: int) -> None:
    """Every key of the footer is shown whole, clear of the palette's key at the right."""
    keys = list(app.screen.query("FooterKey"))
    palette = [k for k in keys if k.key == "ctrl+p"]
    keys = [k for k in keys if k.key != "ctrl+p"]
    assert keys
    edge = palette[0].region.x if palette else width
    for key in keys:
        assert key.region.right <= edge <= width, (key.key, key.region, edge, width)


@pytest.fixture
def long_paper(seeded, home):
    paper = Paper(id="1111.2011", version=2, latest_version=2, title=LONG_TITLE,
                  authors=("Adrian Del Maestro", "Bernd Rosenow", "Subir Sachdev", "Markus Müller"),
                  abstract="We study an extended node on a Bethe lattice. " * 8,
                  published="2011-11-08T20:00:00Z", added="2026-11-05T10:00:00Z")
    with db.transaction(seeded):
        library.insert(seeded, paper)
    notes.save(seeded, "1111.2011", NOW, what="Shows how an extended node becomes critical.",
               how="Large connectivity; one node's effective action.",
               why="A solvable model of local quantum criticality.",
               text="Q: What two properties define the lattice used here for the large "
                    "connectivity limit of writing?\nA: Tree-like, fixed coordination.\n")
    with_pdf(home, seeded, "1111.2011", ["Quantum Criticality for Extended Nodes on a Bethe "
                                         "Lattice in the Large Connectivity Limit " * 30])
    return paper


# -- titles ----------------------------------------------------------------------------------


@pytest.mark.parametrize("screen, title_id", [("paper", "#paper-title"), ("read", "#read-title")])
@pytest.mark.parametrize("size", SIZES)
async def test_a_long_title_is_cut_with_an_ellipsis(make, long_paper, screen, title_id, size):
    # Seen: "Sequence Transduction with" - the rest wrapped into a line that is not shown.
    app = make(screen=screen, paper_id="1111.2011")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        line = shown(app.screen.query_one(title_id))
        assert len(line) == 1
        text = line[0].rstrip()
        if cell_len(LONG_TITLE) + 2 > app.screen.query_one(title_id).size.width:
            assert text.endswith("…") and LONG_TITLE.startswith(text.strip()[:-1]), text
        else:
            assert text.strip() == LONG_TITLE


async def test_the_reading_header_gives_the_title_the_room(make, long_paper):
    app = make(screen="read", paper_id="1111.2011")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        where = app.screen.query_one("#read-where")
        assert "page 1/1" in shown(where)[0]
        assert app.screen.query_one("#read-title").size.width >= 60


# -- the Reading screen: the page and the notes beside it -------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_page_lines_fit_beside_the_scrollbar(make, long_paper, size):
    # Seen: wrapped for the whole width, then the scrollbar came and hid the last letters.
    app = make(screen="read", paper_id="1111.2011")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one("#read-page")
        assert len(view.wrapped()) > view.scrollable_content_region.height  # it scrolls
        assert max(cell_len(line) for line in view.wrapped()) <= view.scrollable_content_region.width
        assert max(cell_len(line) for line in view.wrapped()) >= view.scrollable_content_region.width - 12


async def test_notes_shown_again_at_another_width_are_drawn_rewrapped(make, long_paper):
    # Seen after resizing 120 -> 80: "Q: What two properties defi" / "writing?", the middle
    # missing; a TextArea rewrapped to its new width but drew its old lines.
    app = make(screen="read", paper_id="1111.2011")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2")                     # notes hidden
        await pilot.resize_terminal(100, 30)
        await pilot.press("f2")                     # shown again, narrower
        await settled(pilot)
        for name in ("what", "how", "why", "text"):
            area = app.screen.query_one(f"#note-{name}")
            lines = shown(area)[1:-1]                # inside the border
            drawn = " ".join(line.strip("│ ▁▂▃▄▅▆▇█") for line in lines).split()
            words = area.text.split()
            assert drawn == words[: len(drawn)] and len(drawn) >= min(len(words), 4), (name, lines)


async def test_notes_go_below_100_columns_and_come_back(make, long_paper):
    app = make(screen="read", paper_id="1111.2011")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        editor = app.screen.query_one("NotesEditor")
        assert editor.display
        await pilot.resize_terminal(80, 24)
        assert not editor.display
        await pilot.resize_terminal(120, 40)
        assert editor.display


# -- footers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_footers_fit(make, long_paper, size):
    app = make()
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        footer_fits(app, size[0])                    # the library, table focused
        await pilot.press("slash")
        footer_fits(app, size[0])                    # the library, filter focused
        await pilot.press("escape", "a")
        footer_fits(app, size[0])                    # add
        await pilot.press("escape", "slash", *"quantum", "enter")
        await settle(app, pilot)
        for keys in ((), ("f2",), ("escape", "f2"), ("escape", "f2")):   # paper: each tab
            await pilot.press(*keys)
            footer_fits(app, size[0])
        await pilot.press("escape", "ctrl+r")
        await settle(app, pilot)
        footer_fits(app, size[0])                    # reading
        await pilot.press("escape", "escape", "s")
        await settle(app, pilot)
        footer_fits(app, size[0])                    # stats
        await pilot.press("escape", "l")
        await settle(app, pilot)
        footer_fits(app, size[0])                    # journal
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("escape", "n")
        await settle(app, pilot)
        footer_fits(app, size[0])                    # the reading queue


# -- Add: the results get the room -----------------------------------------------------------


async def test_search_results_keep_the_room_while_imports_are_logged(make, arxiv_server):
    # Seen at 80x24: with the Imports log showing, one search result was visible.
    from tests.selfmade import Entry, atom_feed, tiny_pdf

    entries = [Entry(f"2{i:03d}.0000{i}v1", f"Paper {i} on sequence transduction with a title "
                     "long enough to wrap at eighty columns", ["Alex Graves", "Another Author"],
                     summary="Many machine learning tasks can be expressed as transduction. " * 4)
               for i in range(1, 8)]
    arxiv_server.searches[("transduction", 0, 25)] = (200, atom_feed(entries))
    for e in entries:
        pid = e.id[:-2]
        arxiv_server.id_lists[pid] = (200, atom_feed([e]))
        arxiv_server.pdfs[e.id] = tiny_pdf(["x"])
    app = make(screen="add")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"transduction", "enter")
        await settle(app, pilot)
        for _ in range(4):                           # four imports: eight lines of log
            await pilot.press("enter", "down")
            await settle(app, pilot)
        results = app.screen.query_one("#add-results")
        assert results.region.height >= 12
        assert app.screen.query_one("#add-log").region.height <= 4


# -- Review: grade buttons -------------------------------------------------------------------


@pytest.mark.parametrize("size", [(60, 15), (80, 24), (100, 30)])
async def test_grade_buttons_keep_to_one_line_in_one_form(make, seeded, size):
    # Seen at 60x15: "1 Again" over "<10m" on one button.
    from decks.cards import add_card

    add_card(seeded, "What does Adam do?", "Adaptive moments.", "ctx", "1412.6980", now=NOW)
    app = make(screen="review")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        if size[0] >= 80:
            footer_fits(app, size[0])                # the card's front
        await pilot.press("space")
        await settled(pilot)
        labels = []
        for rating in (1, 2, 3, 4):
            button = app.screen.query_one(f"#grade-{rating}")
            label = str(button.label)
            assert cell_len(label) <= button.size.width - 2, (label, button.size)
            labels.append(label)
        assert len({len(label.split()) for label in labels}) == 1, labels     # one form for all
        footer_fits(app, size[0])


@pytest.mark.parametrize("size", SIZES)
async def test_review_footers_fit(make, seeded, size):
    from tests.tui_review import seed

    seed.seed_cards(seeded)                           # cards from notes: every key applies
    app = make(screen="review")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        footer_fits(app, size[0])                    # the front
        await pilot.press("space")
        footer_fits(app, size[0])                    # the back
        await pilot.press("3")
        footer_fits(app, size[0])                    # the next card, an answer to undo
        await pilot.press("t", *"from memory")
        footer_fits(app, size[0])                    # typing the answer first
        await pilot.press("escape", "c")
        await settled(pilot)
        footer_fits(app, size[0])                    # the card's actions


# -- Stats: the forecast's axis --------------------------------------------------------------


def test_forecast_labels_are_a_week_apart_and_name_the_month():
    # Seen: "…30  1 2" - a label every day or two, one- and two-digit days spaced unevenly.
    from reader.tui.widgets.bars import axis_labels

    days = [date(2026, 11, 21) + timedelta(days=i) for i in range(30)]
    for col in (1, 2, 3, 4):
        line = axis_labels(days, 3, col)
        labels = line.split()
        assert " ".join(labels) == "21 Nov 28 5 Dec 12 19", (col, line)
        starts = [line.index(t) for t in ("21 Nov", "28", "5 Dec", "12", "19")]
        assert {b - a for a, b in zip(starts, starts[1:])} == {7 * col}, (col, line)


# -- ctrl+o ----------------------------------------------------------------------------------


def _stub_opener(folder, code: int) -> None:
    opener = folder / "xdg-open"
    opener.write_text(f"#!/bin/sh\necho \"$1\" > {folder}/opened\nexit {code}\n")
    opener.chmod(opener.stat().st_mode | stat.S_IEXEC)


async def _press_ctrl_o(make, home, seeded):
    with_pdf(home, seeded, "1211.3711", ["text"])
    app = make(screen="paper", paper_id="1211.3711")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        await until(pilot, lambda: any("file is" in n.message for n in app._notifications),
                    what="a notification giving the path")
        return [n.message for n in app._notifications]


@pytest.mark.parametrize("display", [None, ":99"])
async def test_ctrl_o_without_an_opener_says_so_and_gives_the_path(make, seeded, home, tmp_path,
                                                                    monkeypatch, display):
    # Seen: "Opening …" and nothing followed.
    monkeypatch.setenv("PATH", str(tmp_path))         # no xdg-open anywhere
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    if display:
        monkeypatch.setenv("DISPLAY", display)
    else:
        monkeypatch.delenv("DISPLAY", raising=False)
    messages = await _press_ctrl_o(make, home, seeded)
    path = str(home / "papers" / "1211.3711.pdf")
    said = [m for m in messages if "Cannot open the PDF" in m]
    assert len(said) == 1 and said[0].endswith(f"The file is {path}"), messages
    assert ("no display" in said[0]) == (display is None)
    assert not any(m.startswith("Opening") for m in messages)


async def test_ctrl_o_when_the_opener_gives_up_says_so_and_gives_the_path(make, seeded, home, tmp_path,
                                                                        monkeypatch):
    _stub_opener(tmp_path, 3)                         # xdg-open: "no method available"
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":99")
    messages = await _press_ctrl_o(make, home, seeded)
    path = str(home / "papers" / "1211.3711.pdf")
    assert (tmp_path / "opened").read_text().strip() == path
    said = [m for m in messages if "Cannot open the PDF" in m]
    assert len(said) == 1 and "exit 3" in said[0] and said[0].endswith(f"The file is {path}"), messages


async def test_ctrl_o_opens_the_pdf_with_the_opener(make, seeded, home, tmp_path, monkeypatch):
    _stub_opener(tmp_path, 0)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DISPLAY", ":99")
    with_pdf(home, seeded, "1211.3711", ["text"])
    app = make(screen="paper", paper_id="1211.3711")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        await until(pilot, lambda: (tmp_path / "opened").exists(), what="the opener started")
        # The thread that waits on the opener has seen it exit (and said so, had it failed).
        await until(pilot, lambda: not any(t.name == "pdf-open" for t in threading.enumerate()),
                    what="the opener's exit seen")
        messages = [n.message for n in app._notifications]
    assert (tmp_path / "opened").read_text().strip() == str(home / "papers" / "1211.3711.pdf")
    assert any(m.startswith("Opening 1211.3711.pdf") for m in messages)
    assert not any("Cannot open" in m for m in messages)


@pytest.mark.parametrize("size", SIZES)
async def test_the_paper_tabs_fit_their_strip(make, long_paper, size):
    # Seen at 80x24: "Notes  Free notes  TODOs (1)  Cards (4)  Refere", the last tab cut.
    app = make(screen="paper", paper_id="1111.2011")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        strip = app.screen.query_one("#paper-tabs Tabs")
        tabs = list(strip.query("Tab"))
        assert len(tabs) == 6   # notes, free notes, TODOs, cards, references, highlights
        for tab in tabs:
            assert tab.region.right <= strip.region.right, (str(tab.label), tab.region, strip.region)
        labels = [str(t.label) for t in tabs]
        assert labels[2] == "TODOs" and labels[3].startswith("Cards (")
        if size[0] >= 120:
            assert labels[1] == "Free notes" and labels[4].startswith("References")
