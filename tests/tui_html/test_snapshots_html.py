"""Snapshots of the reading screen on arXiv's HTML, each looked at as a picture before it was
accepted: 2005.12359 at §3 with equation (1) (its figure images are not on arXiv: the caption
and the line to open the image stand in), and a figure of 2510.21958 drawn in half-cells.
At 80x24 and 120x40."""

from __future__ import annotations

import pytest

from tests.waiting import settled, steady_cursors

from .conftest import open_paper, until


def at(paper_id: str, anchor: str, figures: bool = False):
    async def run_before(pilot):
        app = pilot.app
        screen, view = await open_paper(app, pilot, paper_id)
        if figures:
            await until(pilot, lambda: any(ln.drawn for ln in view.doc_layout.lines), "a figure drawn")
        await app.workers.wait_for_complete()
        screen.jump(anchor)
        await settled(pilot)
        steady_cursors(pilot.app)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_section_3_with_equation_1(snap_compare, make, library_html, size):
    assert snap_compare(make(), terminal_size=size, run_before=at("2005.12359", "S3.E1"))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_a_figure_drawn(snap_compare, make, library_html, size):
    app = make()
    app.figure_mode = "halfcell"
    assert snap_compare(app, terminal_size=size, run_before=at("2510.21958", "S3.F2", figures=True))
