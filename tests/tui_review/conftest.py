"""Fixtures for the Review and Stats screens: a temporary library, the app on a pinned clock."""

from __future__ import annotations

import asyncio
import inspect
from datetime import timezone

import pytest

from reader import config as config_mod
from reader.store import paths as paths_mod

from . import seed


@pytest.fixture
def rv_paths(home):
    return paths_mod.resolve(home)


@pytest.fixture
def conn(rv_paths):
    c = seed.open_conn(rv_paths)
    yield c
    c.close()


@pytest.fixture
def make(rv_paths):
    """make(**kwargs) -> a PaperdeckApp on the test library, clock pinned to seed.NOW, UTC."""
    from reader.tui.app import make_app

    def build(**kwargs):
        kwargs.setdefault("now", seed.NOW)
        kwargs.setdefault("tz", timezone.utc)
        return make_app(rv_paths, config_mod.load(rv_paths), **kwargs)

    return build


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests of this folder in a fresh event loop (no async plugin needed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None
