"""Pilot tests of the reading screen on arXiv's HTML: the outline, [ and ], citations (their
entry, ✓ for a paper in the library, `a` adds one), references followed and `b` back, the TeX
toggle, search by section, the place kept; and the PDF text, labelled, where there is no HTML."""

from __future__ import annotations

from reader.library import papers as library
from reader.store import db
from reader.text.html import html_store
from reader.tui import reading_places
from tests.selfmade import Entry, atom_feed

from .conftest import NOW, until, open_paper


def section_of(screen) -> str | None:
    section = screen.current_section()
    return section.id if section else None


def where(screen) -> str:
    return str(screen.query_one("#read-where").render())


async def press_until(pilot, key: str, condition, tries: int = 80) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.press(key)
    assert condition(), f"{key} pressed {tries} times"


async def test_outline_enter_jumps_and_brackets_step_sections(make, library_html):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, view = await open_paper(app, pilot, "2005.12359")
        outline = screen.query_one("Outline")
        assert outline.display  # beside the text from 100 columns
        assert view.top == 0 and section_of(screen) is None
        await pilot.press("o")  # to the outline
        assert outline.has_focus
        entries = [e.id for e in outline.entries]
        await press_until(pilot, "down", lambda: outline.highlighted == entries.index("S3"))
        await pilot.press("enter")
        assert view.has_focus and section_of(screen) == "S3"
        assert "§3 Background" in where(screen)
        assert view.doc_layout.lines[view.top + 1].text.startswith("3 Background")
        await pilot.press("right_square_bracket")
        assert section_of(screen) == "S4"
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert section_of(screen) == "S6"
        await pilot.press("left_square_bracket")
        assert section_of(screen) == "S5"
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert section_of(screen) == "S3"
        # At 80 columns the outline is not beside the text; `o` shows it.
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not outline.display


async def test_citation_shows_its_entry_with_a_tick_and_a_adds_the_others(make, library_html, arxiv_server):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, view = await open_paper(app, pilot, "2005.12359")
        panel = screen.query_one("CitationPanel")
        # [24] Kingma and Ba: Adam, which the library holds.
        assert screen.jump("A1.SS4.SSS1")
        await press_until(pilot, "tab", lambda: view.link_target() == "cite:bib.bib24")
        await pilot.press("enter")
        assert panel.display
        shown = str(panel.query_one("Static").render())
        assert "Adam: A method for stochastic optimization" in shown
        assert "arXiv:1412.6980  ✓ in your library" in shown
        assert not screen.check_action("add_cited", ())   # nothing to add from this one
        await pilot.press("escape")
        assert not panel.display and type(app.screen).__name__ == "HtmlReadingScreen"
        # [5, 6, 7] in the introduction: Chen's papers, no arXiv id; the first with one: Allam Jr
        # et al. (arXiv:1810.00001), not in the library: `a` imports it through the app's import.
        arxiv_server.id_lists["1810.00001"] = (200, atom_feed([Entry(
            "1810.00001v1", "The Photometric LSST Astronomical Time-series Classification Challenge",
            ["Tarek Allam Jr"])]))
        screen.show_citation(["bib.bib1"])
        await pilot.pause()
        assert "a adds it to your library" in str(panel.query_one("Static").render())
        await pilot.press("a")
        await until(pilot, lambda: library.get(app.conn, "1810.00001") is not None, "the cited paper added")
        await until(pilot, lambda: "✓ in your library" in str(panel.query_one("Static").render()),
                    "the panel's tick")


async def test_reference_jumps_to_the_equation_and_b_comes_back(make, library_html):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, view = await open_paper(app, pilot, "2005.12359")
        assert screen.jump("S4")
        await press_until(pilot, "tab", lambda: view.link_target() == "ref:S3.E1", tries=150)
        link_line = view.link_at().line
        before = view.top
        await pilot.press("enter")
        eq = view.line_of("S3.E1")
        assert view.top <= eq < view.top + 3 and section_of(screen) == "S3"
        assert view.doc_layout.lines[eq].text.rstrip().endswith("(1)")   # its number at the right
        await pilot.press("b")
        assert view.top == before and view.link_at().line == link_line   # back, cursor on the link
        await pilot.press("b")   # and back to where the test's own jump to §4 started
        assert view.top == 0 and view.link_at() is None
        await pilot.press("b")   # nothing further back: says so, moves nothing
        assert view.top == 0 and "Nothing to go back to" in str(list(app._notifications)[-1].message)


async def test_t_shows_math_as_tex_and_back(make, library_html):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, view = await open_paper(app, pilot, "2005.12359")
        screen.jump("S3.E1")
        rendered = view.doc_layout.lines[view.line_of("S3.E1")].text
        assert "Sig" in rendered and "\\mathrm" not in rendered
        await pilot.press("t")
        await until(pilot, lambda: view.doc_layout.tex, "the TeX layout")
        line = view.line_of("S3.E1")
        assert view.doc_layout.lines[line].text.lstrip().startswith("\\mathrm{Sig}^{N}(f)")
        assert view.top <= line < view.top + 3   # still reading the same place
        assert "TeX" in where(screen)
        await pilot.press("t")
        await until(pilot, lambda: not view.doc_layout.tex, "the rendered layout")
        assert view.doc_layout.lines[view.line_of("S3.E1")].text == rendered


async def test_search_finds_matches_by_section(make, library_html):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, view = await open_paper(app, pilot, "2005.12359")
        await pilot.press("slash", *"Levy area", "enter")
        assert screen.matches, "Levy area is in §3"
        first = screen.matches[screen.match_index]
        assert view.doc_layout.lines[first[0][0]].section.startswith("S3")
        assert "“Levy area” 1/" in where(screen)
        # The outline counts the matches of each section.
        labels = {e.id: str(o.prompt) for e, o in zip(screen.query_one("Outline").entries,
                                                        screen.query_one("Outline")._options)}
        assert "(" in labels["S3"] and labels["S1"].endswith("Introduction")
        await pilot.press("m")
        assert screen.match_index == 1
        await pilot.press("slash", *"no such words here", "enter")
        assert screen.matches == []


async def test_the_place_read_is_kept(make, library_html, tui_paths):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, view = await open_paper(app, pilot, "2005.12359")
        screen.jump("S5")
        await pilot.press("down", "down", "down")
        place = view.place()
        await pilot.press("escape")
        await until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen", "the library")
    assert reading_places.get(tui_paths.data, "2005.12359") == place
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:   # another width: the same block on top
        screen, view = await open_paper(app, pilot, "2005.12359")
        assert view.place()[0] == place[0] and section_of(screen) == "S5"


async def test_no_html_reads_the_pdf_text_and_says_why(make, library_html):
    with db.transaction(library_html):
        library_html.execute("DELETE FROM html_pages WHERE paper_id = '2510.21958'")
    html_store.record_failure(library_html, "2510.21958", 1, "none",
                              "arXiv has no HTML for this paper", NOW)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen", "the library")
        app.open_screen("read", "2510.21958")
        await until(pilot, lambda: type(app.screen).__name__ == "ReadingScreen", "the PDF reading screen")
        await pilot.pause()
        assert str(app.screen.query_one("#read-source").render()) == "PDF text: arXiv has no HTML for this paper"


async def test_first_open_fetches_the_html_and_reads_it(make, library_html, arxiv_server):
    """A paper whose HTML was never asked for opens on its PDF text, asks arXiv, and turns
    to the HTML as soon as it is kept (nothing was read there yet)."""
    with db.transaction(library_html):
        library_html.execute("DELETE FROM html_pages WHERE paper_id = '2510.21958'")
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen", "the library")
        app.open_screen("read", "2510.21958")
        await until(pilot, lambda: type(app.screen).__name__ == "HtmlReadingScreen", "the HTML screen")
        assert "/html/2510.21958v1" in arxiv_server.html_requests()


async def test_figures_are_fetched_when_first_shown_and_a_missing_one_keeps_its_caption(
        make, library_html, tui_paths, arxiv_server):
    app = make()
    app.figure_mode = "halfcell"
    async with app.run_test(size=(120, 40)) as pilot:
        screen, view = await open_paper(app, pilot, "2510.21958")
        folder = html_store.figures_dir(tui_paths.papers, "2510.21958", 1)
        await until(pilot, lambda: (folder / "x1.png").is_file(), "figure x1.png fetched")
        await until(pilot, lambda: any(ln.drawn for ln in view.doc_layout.lines), "a figure drawn")
    app = make()
    app.figure_mode = "halfcell"
    async with app.run_test(size=(120, 40)) as pilot:
        screen, view = await open_paper(app, pilot, "2005.12359")   # its x1.png... are not on arXiv
        assert not any(ln.drawn for ln in view.doc_layout.lines)
        fig = view.line_of("S3.F1")
        texts = [ln.text for ln in view.doc_layout.lines[fig:fig + 6]]
        assert any("Figure 1: Given a path (bold)" in t for t in texts)
        assert any("▶ image x1.png" in t for t in texts)
        screen.jump("S3.F1")
        await pilot.press("v")   # no image kept: one clear line, nothing opened
        assert any("x1.png" in str(n.message) for n in app._notifications)
