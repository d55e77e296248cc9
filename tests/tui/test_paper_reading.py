"""Pilot tests: the whole flow (add by id, open, write notes, passes, TODOs) and the Reading screen."""

from __future__ import annotations

from reader.text.pdf import pdftext
from reader.reading import notes
from reader.reading import passes
from reader.library import papers as library
from reader.store import db
from tests.selfmade import Entry, atom_feed, tiny_pdf
from tests.waiting import settled, until



async def settle(app, pilot):
    await settled(pilot)


def with_pdf(home, conn, paper_id: str, pages: list[str]) -> None:
    folder = home / "papers"
    folder.mkdir(exist_ok=True)
    (folder / f"{paper_id}.pdf").write_bytes(tiny_pdf(pages))
    library.update_fields(conn, paper_id, pdf_status="ok", pdf_path=f"papers/{paper_id}.pdf")


async def test_add_open_write_notes_and_passes(make, arxiv_server):
    arxiv_server.id_lists["1211.3711"] = (200, atom_feed([
        Entry("1211.3711v1", "Sequence Transduction with Recurrent Neural Networks", ["Alex Graves"])]))
    arxiv_server.pdfs["1211.3711v1"] = tiny_pdf(["Page one", "Page two"])
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", *"https://arxiv.org/abs/1211.3711", "enter")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("enter")
        assert type(app.screen).__name__ == "PaperScreen"
        await pilot.press("r", "x")  # keys meant for the screen: never typed into a note
        assert app.screen.query_one("#note-what").text == ""
        await pilot.press("e", *"Turns one sequence into another [b]")  # e: write
        await pilot.press("tab", *"An RNN transducer.", "tab", *"Speech recognition.")
        await pilot.press("ctrl+n")  # start pass 1
        await settle(app, pilot)
        cards = str(app.screen.query_one("#paper-cards").render())
        assert "Why does" in cards and "Speech recognition." in cards
        await pilot.press("ctrl+s")
        conn = db.connect(app.paths.db)
        stored = notes.get(conn, "1211.3711")
        assert (stored.what, stored.how, stored.why) == (
            "Turns one sequence into another [b]", "An RNN transducer.", "Speech recognition.")
        assert passes.for_paper(conn, "1211.3711")[0].started == "2026-11-21T09:00:00Z"
        await pilot.press("ctrl+n")  # finish pass 1
        await pilot.press("ctrl+t", *"implement it", "enter")
        await settle(app, pilot)
        assert [t.text for t in notes.todos_for(conn, "1211.3711")] == ["implement it"]
        await pilot.press("escape", "escape")  # out of the TODO input, then back to the library
        await settle(app, pilot)
        table = app.screen.query_one("PaperTable")
        assert table.rows[0].status == "pass 1"


async def test_notes_autosave_after_a_second_and_on_quit(make, seeded):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("escape", "end", "enter", "e", *"first draft")
        # Saved by the debounce, with no key pressed and no quitting.
        await until(pilot, lambda: notes.get(seeded, "1211.3711").what == "first draft",
                    what="the note saved after a pause in typing")
        await pilot.press(*" and more")
    # The app quit before the second debounce fired: the unmount flush saved it.
    assert notes.get(seeded, "1211.3711").what == "first draft and more"


async def test_reading_pages_search_goto_and_cancel(make, seeded, home):
    with_pdf(home, seeded, "1211.3711", [f"Page {i} about transduction\nline two" for i in range(1, 6)])
    app = make(screen="read", paper_id="1211.3711")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert type(screen).__name__ == "ReadingScreen"
        assert sorted(screen.pages) == [1, 2, 3, 4, 5]
        assert "Page 1 about" in screen.query_one("#read-page").text
        await pilot.press("n", "n")
        assert screen.current == 3
        await pilot.press("slash", *"TRANSDUCTION", "enter")
        assert len(screen.matches) == 5 and screen.matches[screen.match_index][0] == 3
        await pilot.press("m")
        assert screen.current == 4
        await pilot.press("g", "1", "enter")
        assert screen.current == 1
        await pilot.press("ctrl+n")
        await settle(app, pilot)
        assert passes.for_paper(seeded, "1211.3711")[0].number == 1
        await pilot.press("escape")
        assert type(app.screen).__name__ == "LibraryScreen"
    assert pdftext.state(seeded, "1211.3711").status == "done"


async def test_reading_without_pdf_says_so(make, seeded):
    app = make(screen="read", paper_id="1706.03762")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        text = app.screen.query_one("#read-page").text
        assert "has no PDF" in text and "paperdeck add 1706.03762" in text
        assert "press ctrl+o" in text


async def test_leaving_reading_cancels_extraction(make, seeded, home):
    with_pdf(home, seeded, "1211.3711", [f"Page {i}" for i in range(1, 2000)])
    app = make(screen="read", paper_id="1211.3711")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: getattr(app.screen, "pages", None),
                    what="the first pages read")     # under way, far from done (2,000 pages: a busy machine still leaves most to read)
        await pilot.press("escape")
        await settle(app, pilot)
    state = pdftext.state(seeded, "1211.3711")
    assert state is not None and state.status == "partial"


async def test_open_pdf_without_one_offers_to_fetch_it(make, seeded, arxiv_server):
    arxiv_server.id_lists["1706.03762"] = (200, atom_feed([
        Entry("1706.03762v7", "Attention Is All You Need", ["Ashish Vaswani"])]))
    arxiv_server.pdfs["1706.03762v7"] = tiny_pdf(["Attention"])
    app = make(screen="paper", paper_id="1706.03762")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+o")
        assert type(app.screen).__name__ == "Confirm"
        assert not any("paperdeck add" in n.message for n in app._notifications)
        await pilot.press("y")
        await settle(app, pilot)
        assert library.get(seeded, "1706.03762").pdf_status == "ok"
        assert type(app.screen).__name__ == "PaperScreen"
        assert "PDF on disk" in str(app.screen.query_one("#paper-meta").render())


async def test_review_route_notifies_when_missing_or_opens(make, seeded):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        cls = app.screen_class("stats")
        await pilot.press("escape", "s")
        if cls is None:
            assert any("stats screen is not in this build" in n.message for n in app._notifications)
        else:
            assert isinstance(app.screen, cls)
