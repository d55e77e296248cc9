"""Pilot tests: the Library and the Add screen against the local arXiv server."""

from __future__ import annotations

from reader.library import papers as library
from reader.store import db
from tests.selfmade import Entry, atom_feed, tiny_pdf
from tests.waiting import settled



async def settle(app, pilot):
    await settled(pilot)


async def test_empty_library_greets(make):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        welcome = app.screen.query_one("#library-welcome")
        assert welcome.display
        assert "press  a  to add" in str(welcome.render()).lower()


async def test_filter_ranks_and_status_and_sort(make, seeded):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("PaperTable")
        assert table.row_count == 4
        assert table.rows[0].id == "2101.00001"  # newest added first
        await pilot.press("slash", *"attention")  # the table has the focus at start: / filters
        assert [r.id for r in table.rows][0] == "1706.03762"
        await pilot.press("escape")  # to the table, where single keys act; the filter stays
        assert table.row_count == 1 and table.has_focus
        await pilot.press("escape")  # in the table: clears the filter
        assert table.row_count == 4
        await pilot.press("o")  # sort by title
        assert table.rows[0].title.startswith("Adam")
        await pilot.press("f", "f", "f")  # status: in progress, unread, pass 1
        assert table.row_count == 0


async def test_add_by_id_through_add_screen(make, arxiv_server):
    arxiv_server.id_lists["1211.3711"] = (200, atom_feed([
        Entry("1211.3711v1", "Sequence Transduction with Recurrent Neural Networks", ["Alex Graves"])]))
    arxiv_server.pdfs["1211.3711v1"] = tiny_pdf(["Page one text", "Page two text"])
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        assert type(app.screen).__name__ == "AddScreen"
        await pilot.press(*"arXiv:1211.3711", "enter")
        await settle(app, pilot)
        conn = db.connect(app.paths.db)
        paper = library.get(conn, "1211.3711")
        assert paper is not None and paper.pdf_status == "ok"
        await pilot.press("escape")
        await settle(app, pilot)
        table = app.screen.query_one("PaperTable")
        assert [r.id for r in table.rows] == ["1211.3711"]


async def test_search_and_pick(make, arxiv_server):
    feed = atom_feed([Entry("1211.3711v1", "Sequence Transduction [b]RNN[/b]", ["Alex Graves"], summary="Abstract."),
                      Entry("1706.03762v7", "Attention Is All You Need", ["Ashish Vaswani"])])
    arxiv_server.id_lists["1706.03762"] = (200, atom_feed([Entry("1706.03762v7", "Attention Is All You Need", ["Ashish Vaswani"])]))
    arxiv_server.searches[("transduction", 0, 25)] = (200, feed)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", *"transduction", "enter")
        await settle(app, pilot)
        options = app.screen.query_one("OptionList")
        assert options.option_count == 2
        assert "[b]RNN[/b]" in str(options.get_option_at_index(0).prompt)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        conn = db.connect(app.paths.db)
        assert library.exists(conn, "1706.03762")
        assert not library.exists(conn, "1211.3711")


async def test_unknown_id_is_one_clear_notification(make, arxiv_server):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", *"0808.05394", "enter")
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
        assert any("no such paper" in m for m in messages), messages
        conn = db.connect(app.paths.db)
        assert library.all_papers(conn) == []
