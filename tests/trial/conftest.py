"""The trial's fixtures: the app built by the CLI's factory on the test library, async tests."""

from __future__ import annotations

import asyncio
import inspect
from datetime import timezone

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests in a fresh event loop (no asyncio plugin needed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {n: pyfuncitem.funcargs[n] for n in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None


@pytest.fixture
def make_app(home):
    """make_app(now=..., **kwargs) -> a PaperdeckApp on the test library, in UTC."""
    from reader import config as config_mod
    from reader.store import paths as paths_mod
    from reader.tui.app import make_app as factory

    paths = paths_mod.resolve(home)

    def build(**kwargs):
        kwargs.setdefault("tz", timezone.utc)
        return factory(paths, config_mod.load(paths), **kwargs)

    return build
