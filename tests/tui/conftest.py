"""TUI fixtures: an app built by the same factory as the CLI, on a temporary library, a pinned clock."""

from __future__ import annotations

import asyncio
import inspect
from datetime import datetime, timezone

import pytest

from reader import config as config_mod
from reader.library import papers as library
from reader.store import db
from reader.store import paths as paths_mod
from reader.models import Paper

@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests in a fresh event loop (no asyncio plugin needed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {n: pyfuncitem.funcargs[n] for n in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None


NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)


def seed_papers(conn, papers):
    with db.transaction(conn):
        for p in papers:
            library.insert(conn, p)


SAMPLE = [
    Paper(id="1211.3711", version=1, latest_version=1, title="Sequence Transduction with Recurrent Neural Networks",
          authors=("Alex Graves",), abstract="Many machine learning tasks can be expressed as the transformation"
          " of input sequences into output sequences: speech recognition, machine translation.",
          categories=("cs.NE", "cs.LG"), primary_category="cs.NE", published="2012-11-14T21:52:28Z",
          added="2026-11-01T10:00:00Z"),
    Paper(id="1706.03762", version=7, latest_version=7, title="Attention Is All You Need",
          authors=("Ashish Vaswani", "Noam Shazeer", "Niki Parmar"), abstract="The dominant sequence transduction models.",
          published="2017-06-12T17:57:34Z", added="2026-11-02T10:00:00Z"),
    Paper(id="1412.6980", version=9, latest_version=9, title="Adam: A Method for Stochastic Optimization",
          authors=("Diederik P. Kingma", "Jimmy Ba"), abstract="We introduce Adam.",
          published="2014-12-22T13:54:29Z", added="2026-11-03T10:00:00Z"),
    Paper(id="2101.00001", version=1, latest_version=1, title="Markup is shown as typed: [b]bold[/b] and [/] and [red]x",
          authors=("Ada [i]Lovelace[/i]",), abstract="An abstract with [link=x]markup[/link].",
          published="2021-01-01T00:00:00Z", added="2026-11-04T10:00:00Z"),
]


@pytest.fixture
def tui_paths(home):
    return paths_mod.resolve(home)


@pytest.fixture
def make(tui_paths):
    """make(**kwargs) -> a PaperdeckApp on the test library with the clock pinned."""
    from reader.tui.app import make_app

    def build(**kwargs):
        config = config_mod.load(tui_paths)
        kwargs.setdefault("now", NOW)
        kwargs.setdefault("tz", timezone.utc)
        return make_app(tui_paths, config, **kwargs)

    return build


@pytest.fixture
def seeded(tui_paths):
    conn = db.open_library(tui_paths)
    seed_papers(conn, SAMPLE)
    yield conn
    conn.close()
