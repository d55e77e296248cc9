"""Pilot tests of the Skim view (Keshav's first pass): opened with ctrl+f from the Paper and the
reading screens, its lines from the document model of 2510.21958, Enter on a heading reading
there, `a` adding a reference through the app's import, ctrl+n finishing pass 1, the five Cs
saved; a PDF-only paper said to be partial."""

from __future__ import annotations

from reader.library import papers as library
from reader.reading import fivecs, passes
from tests.selfmade import Entry, atom_feed

from .conftest import until

STROPKAY = "2510.21958"


async def open_skim(app, pilot, paper_id: str = STROPKAY):
    await until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen", "the library")
    app.open_screen("paper", paper_id)
    await until(pilot, lambda: type(app.screen).__name__ == "PaperScreen", "the Paper screen")
    await pilot.pause()
    await pilot.press("ctrl+f")
    await until(pilot, lambda: type(app.screen).__name__ == "SkimScreen", "the Skim view")
    screen = app.screen
    await until(pilot, lambda: screen.skim is not None, "the skim loaded")
    await pilot.pause()
    return screen


def texts(screen) -> list[str]:
    return [text for _style, text, _anchor in screen.lines]


async def go_to(pilot, screen, wanted) -> None:
    i = next(k for k, line in enumerate(screen.lines) if wanted(line))
    screen.query_one("#skim-lines").highlighted = i
    await pilot.pause()


async def test_skim_shows_headings_captions_and_references(make, library_html):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_skim(app, pilot)
        shown = texts(screen)
        assert shown[0] == "A Stylometric Application of Large Language Models"
        for heading in ("1 Introduction", "2 Methods", "3 Results", "4 Discussion",
                        "Acknowledgments", "Data and code availability"):
            assert heading in shown
        assert sum(1 for s, _, _ in screen.lines if s == "caption") == 6
        assert "References (28, 0 in the library)" in shown
        assert screen.query_one("#skim-lines").option_count == len(screen.lines)


async def test_enter_on_a_heading_reads_there_and_back_from_the_reading_screen(make, library_html):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_skim(app, pilot)
        await go_to(pilot, screen, lambda line: line[1].strip() == "3 Results")
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "HtmlReadingScreen", "reading")
        reading = app.screen
        view = reading.query_one("DocView")
        await until(pilot, lambda: view.doc_layout is not None, "laid out")
        await until(pilot, lambda: reading.current_section() is not None and
                    reading.current_section().id == "S3", "§3 at the top")
        # From the reading screen: ctrl+f, Enter on §2.1, and back in the same reading screen.
        await pilot.press("ctrl+f")
        await until(pilot, lambda: type(app.screen).__name__ == "SkimScreen", "the Skim view")
        skim = app.screen
        await until(pilot, lambda: skim.skim is not None, "the skim loaded")
        await go_to(pilot, skim, lambda line: line[2] == "S2.SS1" and line[0] == "subheading")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is reading, "back in the reading screen")
        await until(pilot, lambda: view.section() is not None and view.section().startswith("S2.SS1"),
                    "§2.1 there")


async def test_a_adds_a_reference_and_it_is_ticked(make, library_html, arxiv_server):
    arxiv_server.id_lists["1711.05101"] = (200, atom_feed([Entry(
        "1711.05101v3", "Decoupled Weight Decay Regularization", ["Ilya Loshchilov"])]))
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_skim(app, pilot)
        await go_to(pilot, screen, lambda line: line[0] == "ref" and "Loshchilov" in line[1])
        await pilot.press("a")
        await until(pilot, lambda: library.get(app.conn, "1711.05101") is not None, "added")
        await until(pilot, lambda: "References (28, 1 in the library)" in texts(screen), "✓")
        assert any(s == "ref-held" and t.startswith("✓ Loshchilov") for s, t, _ in screen.lines)


async def test_ctrl_n_finishes_pass_1_and_the_five_cs_are_saved(make, library_html):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_skim(app, pilot)
        await pilot.press("tab")
        assert screen.focused.id == "c-category"
        await pilot.press(*"Empirical", "enter")
        assert screen.focused.id == "c-context"
        await pilot.press(*"Stylometry", "escape")
        assert fivecs.get(app.conn, STROPKAY).category == "Empirical"
        assert fivecs.get(app.conn, STROPKAY).context == "Stylometry"
        await pilot.press("ctrl+n")
        await until(pilot, lambda: any(p.number == 1 and p.done
                                       for p in passes.for_paper(app.conn, STROPKAY)), "pass 1")
        await until(pilot, lambda: "pass 1 ✓" in str(screen.query_one("#skim-title").render()),
                    "the title says so")
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "PaperScreen", "back")


async def test_a_pdf_only_paper_says_it_is_partial(make, library_html):
    # 1412.6980 is in the library without its HTML (never asked for): what the PDF gives.
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_skim(app, pilot, "1412.6980")
        assert any(s == "note" and t.startswith("partial, from the PDF's text") for s, t, _ in screen.lines)
        assert "Abstract" in texts(screen)


async def test_the_pdf_reading_screen_has_the_skim_key_and_enter_comes_back_at_the_page(
        make, library_html, tui_paths):
    """Issue 22: the PDF-text Reading screen has the Skim key too (ctrl+f), the same view; Enter
    on a page's line is the same Reading screen at that page, not a second one."""
    import shutil

    from reader.models import Paper
    from reader.store import db
    from reader.text.pdf import pdftext
    from tests.conftest import SHARED

    paths = tui_paths
    paths.papers.mkdir(parents=True, exist_ok=True)
    shutil.copy(SHARED / "arxiv-pdf/1111.2011v2.pdf", paths.papers / "1111.2011.pdf")
    with db.transaction(library_html):
        library.insert(library_html, Paper(
            id="1111.2011", version=2, latest_version=2, title="Quantum Criticality",
            authors=("J. Murray",), pdf_path="papers/1111.2011.pdf", pdf_status="ok",
            added="2026-11-01T00:00:00Z"))
    assert len(pdftext.extract_all(library_html, paths, "1111.2011")) > 2
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen", "the library")
        app.open_screen("read", "1111.2011")
        await until(pilot, lambda: type(app.screen).__name__ == "ReadingScreen", "PDF reading")
        reading = app.screen
        await until(pilot, lambda: len(reading.pages) > 2, "its pages")
        await pilot.press("ctrl+f")
        await until(pilot, lambda: type(app.screen).__name__ == "SkimScreen", "the Skim view")
        skim = app.screen
        await until(pilot, lambda: skim.skim is not None, "the skim loaded")
        assert any(s == "note" and t.startswith("partial, from the PDF's text")
                   for s, t, _ in skim.lines)
        await go_to(pilot, skim, lambda line: line[0] == "subheading" and line[2] == "p2")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is reading, "back in the reading screen")
        assert reading.current == 2 and len(app.screen_stack) == 3   # default, library, reading
        titles = [c.title for c in app.get_system_commands(reading)]
        assert "paper: skim (first pass)" in titles
