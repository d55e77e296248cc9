"""The reading screen on arXiv's HTML: the two papers of ../shared/fixtures/arxiv-html kept in a
temporary library the way `add` keeps them (reader.text.html.html_store), their figures served by the
local arXiv and fetched by the screen, the clock pinned."""

from __future__ import annotations

import asyncio
import inspect
from datetime import datetime, timezone

import pytest

from reader import config as config_mod
from reader.library import papers as library
from reader.models import Paper
from reader.store import db
from reader.store import paths as paths_mod
from reader.text.html import html_store
from tests.conftest import HAVE_SHARED, SHARED

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)
HTML = SHARED / "arxiv-html"

PAPERS = {
    "2005.12359": Paper(id="2005.12359", version=1, latest_version=1,
                        title="Path Imputation Strategies for Signature Models of Irregular Time Series",
                        authors=("Michael Moor", "Max Horn", "Christian Bock", "Karsten Borgwardt",
                                 "Bastian Rieck"), abstract="Signatures and imputation.",
                        published="2020-05-25T17:50:01Z", added="2026-11-01T10:00:00Z"),
    "2510.21958": Paper(id="2510.21958", version=1, latest_version=1,
                        title="A Stylometric Application of Large Language Models",
                        authors=("Harrison F. Stropkay", "Jiayi Chen"), abstract="Stylometry.",
                        published="2025-10-24T12:00:00Z", added="2026-11-02T10:00:00Z"),
    # Cited by 2005.12359 ([24] Kingma and Ba): in the library, so its entry shows a ✓.
    "1412.6980": Paper(id="1412.6980", version=9, latest_version=9,
                       title="Adam: A Method for Stochastic Optimization",
                       authors=("Diederik P. Kingma", "Jimmy Ba"), abstract="We introduce Adam.",
                       published="2014-12-22T13:54:29Z", added="2026-11-03T10:00:00Z"),
}


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {n: pyfuncitem.funcargs[n] for n in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None


@pytest.fixture
def tui_paths(home):
    return paths_mod.resolve(home)


@pytest.fixture
def library_html(tui_paths, arxiv_server):
    """The library with both papers' HTML kept (parsed once, as at `add`); their figures are
    on the local arXiv, not yet in the library."""
    if not HAVE_SHARED:
        pytest.skip("../shared/fixtures is absent (a user's clone); CI has it")
    conn = db.open_library(tui_paths)
    with db.transaction(conn):
        for paper in PAPERS.values():
            library.insert(conn, paper)
    for pid in ("2005.12359", "2510.21958"):
        html_store.store_page(conn, pid, 1, (HTML / pid / "index.html").read_bytes(), NOW)
        arxiv_server.serve_html(f"{pid}v1", HTML / pid)
    yield conn
    conn.close()


@pytest.fixture
def make(tui_paths):
    from reader.tui.app import make_app

    def build(**kwargs):
        kwargs.setdefault("now", NOW)
        kwargs.setdefault("tz", timezone.utc)
        return make_app(tui_paths, config_mod.load(tui_paths), **kwargs)

    return build


async def until(pilot, condition, what: str, ceiling: float = 20.0) -> None:
    """Wait for `condition()` (a generous ceiling: a busy machine), never a fixed sleep."""
    loop = asyncio.get_running_loop()
    end = loop.time() + ceiling
    while not condition():
        if loop.time() > end:
            raise AssertionError(f"waited {ceiling:.0f} s for {what}")
        await pilot.pause(0.02)


async def open_paper(app, pilot, paper_id: str):
    """Open the paper's reading screen from the library; the screen once its text is laid out."""
    await until(pilot, lambda: type(app.screen).__name__ == "LibraryScreen", "the library")
    app.open_screen("read", paper_id)
    await until(pilot, lambda: type(app.screen).__name__ == "HtmlReadingScreen", "the reading screen")
    screen = app.screen
    await until(pilot, lambda: screen.is_mounted and screen.query("DocView"), "the screen mounted")
    view = screen.query_one("DocView")
    await until(pilot, lambda: view.doc_layout is not None, "the paper laid out")
    await pilot.pause()
    return screen, view
