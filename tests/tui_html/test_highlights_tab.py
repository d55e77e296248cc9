"""The Paper screen's Highlights tab: a paper's highlights and quotes with their places; Enter
on one opens the reading screen at its paragraph."""

from __future__ import annotations

from reader.reading import quotes
from reader.text import places

from .conftest import NOW, until

MOOR = "2005.12359"


async def test_highlights_are_listed_and_enter_reads_there(make, library_html):
    doc, paras = quotes.paragraphs(library_html, MOOR)
    quotes.add(library_html, MOOR, places.find_spec(doc, paras, places.parse("3:2:2")),
               "highlight", NOW)
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen", "the library")
        app.open_screen("paper", MOOR)
        await until(pilot, lambda: type(app.screen).__name__ == "PaperScreen", "the Paper screen")
        screen = app.screen
        await pilot.pause()
        screen.action_tab("marks")
        marks = screen.query_one("HighlightsList")
        await until(pilot, lambda: marks.option_count == 1, "the highlight listed")
        shown = str(marks.get_option_at_index(0).prompt)
        assert shown.startswith("highlight  §3 ¶2 s2\nIn brief, the signature transform")
        assert "Marks (1)" in str(screen.query_one("TabbedContent").get_tab("marks").label)
        marks.highlighted = 0
        await pilot.press("enter")
        await until(pilot, lambda: type(app.screen).__name__ == "HtmlReadingScreen", "reading")
        view = app.screen.query_one("DocView")
        await until(pilot, lambda: view.doc_layout is not None and
                    view.top == view.line_of("S3.SS0.SSS0.Px1.p2"), "at the paragraph")
