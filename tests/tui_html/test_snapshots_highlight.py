"""Snapshot of a highlighted paragraph of 2005.12359 §3 at 80x24 (¶2, its sentences 1-2 kept
as a highlight, its sentence 4 under the sentence cursor), looked at as a picture before it was
accepted."""

from __future__ import annotations

from tests.waiting import settled, steady_cursors

from reader.reading import quotes
from reader.text import places

from .conftest import NOW, open_paper, until

P2 = "S3.SS0.SSS0.Px1.p2"


async def _highlighted(pilot):
    app = pilot.app
    screen, view = await open_paper(app, pilot, "2005.12359")
    await until(pilot, lambda: view.overlays, "the highlight drawn")
    await app.workers.wait_for_complete()
    screen.jump(P2)
    await pilot.press("s", "right", "right", "right")
    await settled(pilot)
    steady_cursors(pilot.app)


def test_highlighted_paragraph_80x24(snap_compare, make, library_html):
    doc, paras = quotes.paragraphs(library_html, "2005.12359")
    quotes.add(library_html, "2005.12359", places.find_spec(doc, paras, places.parse("3:2:1-2")),
               "highlight", NOW)
    assert snap_compare(make(), terminal_size=(80, 24), run_before=_highlighted)
