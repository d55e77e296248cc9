"""The TUI within a frame (issue 14): the page drawn line by line, the library taken in row by row,
the collector kept out of the frames. Figures: bench/bench_tui.py."""

from __future__ import annotations

import gc
from dataclasses import replace
from datetime import timedelta

import pytest
from rich.cells import cell_len

from reader.reading import passes
from reader.library import papers as library
from reader.store import db
from reader.tui.data import LibraryView, library_view, newest_rows, rows_for, sort_rows
from reader.tui.widgets.page_view import wrap
from tests.selfmade import Entry, atom_feed, tiny_pdf
from tests.waiting import settled

from .conftest import NOW
from .test_paper_reading import with_pdf


async def settle(app, pilot):
    await settled(pilot)


# -- wrapping a page -------------------------------------------------------------------------


@pytest.mark.parametrize("width", [2, 7, 20, 80])
def test_wrap_keeps_every_word_in_place_within_the_width(width):
    text = ("The integration of the remaining nearest neighbours is performed explicitly.\n\n"
            "Supercalifragilisticexpialidocious  words   and  a  tail \n"
            "数学の定理 ═ wide and ​zero-width characters, é and e\u0301.")
    lines = wrap(text, width)
    for start, end in lines:
        assert cell_len(text[start:end]) <= width, (width, text[start:end])
        assert "\n" not in text[start:end]
    # Every character that is not a space where a line broke is shown, once, in order.
    shown = "".join(text[s:e] for s, e in lines).replace(" ", "")
    assert shown == text.replace("\n", "").replace(" ", "")
    assert [s for s, _ in lines] == sorted(s for s, _ in lines)


def test_wrap_breaks_between_words_and_keeps_empty_paragraphs():
    text = "one two three four\n\nfive"
    assert [text[s:e] for s, e in wrap(text, 9)] == ["one two", "three", "four", "", "five"]


# -- the Reading screen ----------------------------------------------------------------------


LONG = " ".join(f"word{i}" for i in range(600)) + " needle at the end."


async def test_search_scrolls_to_a_match_deep_in_a_wrapped_paragraph(make, seeded, home):
    # One paragraph of ~4,000 characters: ~50 lines at 80 columns. The old view counted the
    # page's newlines to find a match's line and stayed at the top.
    with_pdf(home, seeded, "1211.3711", [LONG])
    app = make(screen="read", paper_id="1211.3711")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"needle", "enter")
        await settled(pilot)
        view = app.screen.query_one("#read-page")
        line = view.line_of(view.spans[view.current][0])
        assert line > 30
        top, height = int(view.scroll_y), view.scrollable_content_region.height
        assert top <= line < top + height


async def test_a_resize_keeps_the_line_being_read_at_the_top(make, seeded, home):
    with_pdf(home, seeded, "1211.3711", [LONG])
    app = make(screen="read", paper_id="1211.3711")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        view = app.screen.query_one("#read-page")
        view.scroll_to(y=12, animate=False, immediate=True)
        await settled(pilot)
        first_word = view.wrapped()[12].split()[0]
        for size in ((80, 24), (100, 30), (120, 40)):
            await pilot.resize_terminal(*size)
            await settled(pilot)
            top = view.wrapped()[int(view.scroll_y)]
            assert first_word in top.split() or first_word in view.wrapped()[int(view.scroll_y) - 1], size
            assert all(cell_len(line) <= view.scrollable_content_region.width for line in view.wrapped())


async def test_cached_pages_show_reflowed_and_are_searched_across_lines(make, seeded, home):
    pages = [f"Page {i:02} is about sequence transduction with recurrent\nneural networks that map "
             "any input sequence to an\noutput sequence of any length, trained end to end\n"
             "with one loss." for i in range(1, 40)]
    with_pdf(home, seeded, "1211.3711", pages)
    app = make(screen="read", paper_id="1211.3711")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
    app = make(screen="read", paper_id="1211.3711")   # again: the pages come from the cache
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert len(screen.pages) == 39 and not screen.extracting
        assert screen.shown_text(1).startswith("Page 01 is about sequence transduction with "
                                               "recurrent neural networks")
        await pilot.press("slash", *"recurrent neural", "enter")   # across a PDF line break
        assert len(screen.matches) == 39


# -- the library, row by row -----------------------------------------------------------------


def _config(conn):
    from reader import config as config_mod
    from reader.store import paths as paths_mod

    return config_mod.load(paths_mod.resolve(None))   # PAPERDECK_HOME: the test's library


def _rows(conn) -> LibraryView:
    return library_view(conn, NOW, _config(conn))


def test_newest_rows_are_the_first_screenful_of_the_whole_view(seeded):
    view = _rows(seeded)
    rows, total = newest_rows(seeded, NOW, _config(seeded), limit=3)
    assert total == 4
    assert rows == view.ordered("added")[:3]


@pytest.mark.parametrize("sort", ["added", "title", "year", "status", "due"])
def test_sorted_by_buckets_as_by_a_full_sort(seeded, sort):
    passes.finish(seeded, "1412.6980", 1, NOW - timedelta(days=3))
    passes.finish(seeded, "1211.3711", 2, NOW - timedelta(days=3))
    rows = _rows(seeded).rows
    keys = {
        "added": lambda r: (r.added, r.id),
        "title": lambda r: r.title.casefold(),
        "year": lambda r: (r.year, r.added, r.id),
        "status": lambda r: (("unread", "pass 1", "pass 2", "pass 3").index(r.status), r.added, r.id),
        "due": lambda r: (r.due, r.added, r.id),
    }
    expected = sorted(rows, key=keys[sort], reverse=sort != "title")
    assert [r.id for r in sort_rows(rows, sort)] == [r.id for r in expected]


def test_a_view_takes_papers_in_row_by_row_without_reindexing(seeded, tui_paths):
    view = _rows(seeded)
    index = view.index
    paper = replace(library.get(seeded, "1706.03762"), id="2601.00001", title="Transducers for everyone",
                    authors=("Grace Hopper",), added="2026-11-21T08:00:00Z")
    with db.transaction(seeded):
        library.insert(seeded, paper)
    library.update_fields(seeded, "1211.3711", title="Sequence Transduction, revised")
    library.delete(seeded, tui_paths.data, "1412.6980", NOW)
    rows, index_rows, missing = rows_for(seeded, ["2601.00001", "1211.3711", "1412.6980"], NOW,
                                         _config(seeded))
    assert missing == {"1412.6980"}
    updated = view.update(rows, index_rows, missing)
    assert updated.index is index                        # the whole library was not indexed again
    assert [r.id for r in updated.ordered("added")][0] == "2601.00001"
    assert "1412.6980" not in updated.by_id
    assert [r.id for r in updated.ranked("hopper")] == ["2601.00001"]
    assert [r.id for r in updated.ranked("revised")] == ["1211.3711"]
    assert updated.ranked("kingma") == []                # removed: not found by its old entry
    assert view.ranked("kingma")                          # the old view is untouched
    assert updated.ranked("transduction")[0].id in ("2601.00001", "1211.3711")


async def test_an_import_adds_rows_to_the_table_without_reloading_the_library(make, seeded, arxiv_server):
    ids = ["2601.00001", "2601.00002"]
    arxiv_server.id_lists[",".join(ids)] = (200, atom_feed(
        [Entry(f"{i}v1", f"Imported paper {i}", ["Grace Hopper"]) for i in ids]))
    for i in ids:
        arxiv_server.pdfs[f"{i}v1"] = tiny_pdf(["text"])
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        index = screen.library.index
        app.start_import(ids)
        await settle(app, pilot)
        table = screen.query_one("PaperTable")
        assert [r.id for r in table.rows][:2] == ["2601.00002", "2601.00001"]
        assert screen.library.index is index
        await pilot.press(*"hopper")
        assert sorted(r.id for r in table.rows) == ids


async def test_the_library_leaves_the_collector_and_the_app_gives_it_back(make, seeded):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        row = app.screen.library.rows[0]
        assert gc.get_freeze_count() > 0
        assert not any(o is row for o in gc.get_objects())   # a full collection skips it
    assert gc.get_freeze_count() == 0


async def test_a_large_library_ranks_in_a_worker_and_shows_the_newest_query(make, seeded, monkeypatch):
    import reader.tui.screens.library as library_screen

    monkeypatch.setattr(library_screen, "SYNC_ROWS", 0)    # every library counts as large
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("PaperTable")
        assert table.row_count == 4
        await pilot.press("slash", *"attention")
        await settle(app, pilot)
        assert [r.id for r in table.rows] == ["1706.03762"]
        await pilot.press("ctrl+u", *"kingma")
        await settle(app, pilot)
        assert [r.id for r in table.rows] == ["1412.6980"]
        assert "1/4" in str(app.screen.query_one("#library-view").render())


async def test_back_from_a_paper_the_table_shows_what_changed_elsewhere(make, seeded, tui_paths):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        index = screen.library.index
        await pilot.press(*"graves", "enter")
        assert type(app.screen).__name__ == "PaperScreen"
        # Meanwhile, in another process (the CLI): a pass, a new paper, a removal.
        other = db.connect(tui_paths.db)
        passes.finish(other, "1706.03762", 1, NOW)
        paper = replace(library.get(other, "1706.03762"), id="2601.00009", title="Added from the CLI",
                        added="2026-11-21T08:30:00Z")
        with db.transaction(other):
            library.insert(other, paper)
        library.delete(other, tui_paths.data, "1412.6980", NOW)
        other.close()
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("escape")   # back in the table: escape clears the filter
        await settle(app, pilot)
        rows = {r.id: r for r in screen.query_one("PaperTable").rows}
        assert rows["1706.03762"].status == "pass 1"
        assert "2601.00009" in rows and "1412.6980" not in rows
        assert screen.library.index is index
