"""Pilot tests for what a first user ran into: keys while quitting, notes changed from the CLI
while the TUI is open, typing a filter, the Add screen's input and log, tags, removing papers."""

from __future__ import annotations

import pytest
from textual import events

from reader import db, library, notes, passes

from .conftest import NOW


async def settle(app, pilot, delay: float | None = None):
    await app.workers.wait_for_complete()
    await pilot.pause(delay)


# -- 3. keys that arrive while the app quits ---------------------------------------------------


@pytest.mark.parametrize("key", ["a", "s", "r"])
async def test_key_right_after_quit_opens_nothing_and_exits_cleanly(make, key):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        # Both keys queued before the quit is processed, as when typed quickly in a terminal.
        app.post_message(events.Key("q", "q"))
        app.post_message(events.Key(key, key))
        await pilot.pause()
    assert app.return_code == 0
