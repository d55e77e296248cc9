"""Pilot tests of the sentence cursor on the reading screen (2005.12359 §3): `s` starts it,
right / left move by sentence, shift+right extends; `q` quotes into a note field with the place
and the math as TeX, `c` makes a cloze card of the words asked for, `h` highlights, and the
highlight is drawn on the text's lines."""

from __future__ import annotations

from reader.reading import notes, quotes
from reader.tui.widgets.doc_layout import lay_out
from reader.tui.widgets.sentence_cursor import sentence_ranges
from reader.text.html import latexml
from reader.text import places

from .conftest import HTML, open_paper, until

MOOR = "2005.12359"
P1 = "S3.SS0.SSS0.Px1.p1"   # §3 ¶1: "Let f=(f₁,…) … be a continuous … path." "Then the …"


async def answer(pilot, app, text: str) -> None:
    await until(pilot, lambda: type(app.screen).__name__ == "Ask", "the prompt")
    await pilot.press("ctrl+u", *text, "enter")
    await until(pilot, lambda: type(app.screen).__name__ == "HtmlReadingScreen", "the prompt gone")


def test_each_sentence_is_found_on_its_lines():
    doc = latexml.parse((HTML / MOOR / "index.html").read_bytes())
    layout = lay_out(doc, 60)
    for para in places.paragraphs(doc)[:60]:
        ranges = sentence_ranges(layout, para)
        assert len(ranges) == len(para.sentences)
        for sentence, pieces in zip(para.sentences, ranges):
            drawn = "".join(layout.lines[ln].text[s:e] for ln, s, e in pieces)
            assert "".join(drawn.split()) == "".join(sentence.text().split()), para.anchor


async def test_quote_cloze_and_highlight_from_the_sentence_cursor(make, library_html):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        screen, view = await open_paper(app, pilot, MOOR)
        assert screen.jump(P1)
        await pilot.pause()
        assert not screen.check_action("sentence_quote", ())   # no cursor yet
        await pilot.press("s")
        assert screen.chosen().place == "§3 ¶1 s1"
        assert any(name == "sentence" for marks in view.overlays.values() for *_, name in marks)
        await pilot.press("q")
        await answer(pilot, app, "how")
        how = notes.get(app.conn, MOOR).how
        assert how.startswith("> Let $f=(f_{1},\\dots,f_{d})\\colon[a,b]\\to\\mathbb{R}^{d}$ be a "
                              "continuous") and how.endswith("[§3 ¶1 s1]")
        assert "[§3 ¶1 s1]" in screen.query_one("NotesEditor").draft().how   # shown beside
        # right twice: ¶2 s1, a cloze of one word of it.
        await pilot.press("right", "right")
        assert screen.chosen().place == "§3 ¶2 s1"
        await pilot.press("left")
        assert screen.chosen().place == "§3 ¶1 s2"
        await pilot.press("right")
        await pilot.press("c")
        await answer(pilot, app, "Stieltjes")
        assert "{{c1::Stieltjes}}" in notes.get(app.conn, MOOR).text
        assert "[§3 ¶2 s1]" in notes.get(app.conn, MOOR).text
        # shift+right: s1–2, highlighted and drawn.
        await pilot.press("shift+right")
        assert screen.chosen().place == "§3 ¶2 s1–2"
        await pilot.press("h")
        kept = [q for q in quotes.for_paper(app.conn, MOOR) if q.kind == "highlight"]
        assert [q.place for q in kept] == ["§3 ¶2 s1–2"]
        assert screen.sentence is None
        lines = {ln for ln, marks in view.overlays.items() for *_, name in marks if name == "highlight"}
        first = view.line_of("S3.SS0.SSS0.Px1.p2")
        assert first in lines and len(lines) >= 2
        # escape ends a cursor before it leaves the screen
        await pilot.press("s")
        await pilot.press("escape")
        assert screen.sentence is None and type(app.screen).__name__ == "HtmlReadingScreen"


async def test_highlights_kept_are_drawn_when_the_paper_opens(make, library_html):
    doc, paras = quotes.paragraphs(library_html, MOOR)
    taken = places.find_spec(doc, paras, places.parse("3:2:2"))
    from .conftest import NOW

    quotes.add(library_html, MOOR, taken, "highlight", NOW)
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        screen, view = await open_paper(app, pilot, MOOR)
        await until(pilot, lambda: view.overlays, "the highlight drawn")
        ranges = sentence_ranges(view.doc_layout, taken.para)[1]
        assert {ln for ln, *_ in ranges} == set(view.overlays)
