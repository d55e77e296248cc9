"""Snapshot of the Skim view of 2510.21958 at 80x24, looked at as a picture before it was
accepted: the title bar, the first pass's lines (title, authors, abstract), the five Cs' fields
and the footer, all whole."""

from __future__ import annotations

from tests.waiting import settled, steady_cursors

from .conftest import until


async def _skim(pilot):
    app = pilot.app
    await until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen", "the library")
    app.open_screen("skim", "2510.21958")
    await until(pilot, lambda: type(app.screen).__name__ == "SkimScreen", "the Skim view")
    screen = app.screen
    await until(pilot, lambda: screen.skim is not None, "the skim loaded")
    await app.workers.wait_for_complete()
    await settled(pilot)
    steady_cursors(pilot.app)


def test_skim_view_80x24(snap_compare, make, library_html):
    assert snap_compare(make(), terminal_size=(80, 24), run_before=_skim)
