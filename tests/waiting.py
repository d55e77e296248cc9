"""Waiting for a condition, never for a fixed time.

A test that sleeps to let something happen fails on a slow, busy machine (issue 18: a palette
given 0.5 s to fill). These wait until the condition holds, with a ceiling generous enough for a
loaded two-core machine; the ceiling only decides how long a failing test takes to say so.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

WAIT_S = 30.0   # the ceiling: a condition not met by then is a failure
POLL_S = 0.02   # how often a condition is looked at (not a wait for anything)


def _failed(what: str, timeout: float, last: object) -> AssertionError:
    return AssertionError(f"{what} did not happen within {timeout:g} s (last seen: {last!r})")


def wait_for(condition: Callable[[], T], *, timeout: float = WAIT_S, what: str = "the condition",
             every: float = 0.05) -> T:
    """For threads and processes: call `condition` until it returns something true, and return
    that; fail the test after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise _failed(what, timeout, value)
        time.sleep(every)


class When(threading.Thread):
    """`action()` in the background as soon as `condition()` holds (e.g. cancel a download once
    it is under way). After `timeout` the action is done anyway, so nothing waits on it for
    ever, and `held` says the condition never held; `at` is when the action was done."""

    def __init__(self, condition: Callable[[], object], action: Callable[[], object], *,
                 timeout: float = WAIT_S) -> None:
        super().__init__(daemon=True, name="when")
        self._condition, self._action, self._timeout = condition, action, timeout
        self.held = False
        self.at: float | None = None
        self.start()

    def run(self) -> None:
        deadline = time.monotonic() + self._timeout
        while not self._condition() and time.monotonic() < deadline:
            time.sleep(POLL_S)
        self.held = bool(self._condition())
        self.at = time.monotonic()
        self._action()


async def until(pilot, condition: Callable[[], T], *, timeout: float = WAIT_S,
                what: str = "the condition") -> T:
    """For a Pilot: let the app run until `condition()` is true, then until the screen has
    processed what that set off (a refresh, a message); return the condition's value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            await pilot.pause()
            return value
        if time.monotonic() > deadline:
            raise _failed(what, timeout, value)
        await pilot.pause(POLL_S)


async def settled(pilot, *, timeout: float = WAIT_S) -> None:
    """Every worker done (those started by what the finished ones posted, too), then every
    message handled."""
    app = pilot.app
    deadline = time.monotonic() + timeout

    def idle() -> bool:
        return all(w.is_finished for w in app.workers)

    while True:
        await until(pilot, idle, timeout=max(0.0, deadline - time.monotonic()),
                    what="every worker to finish (running: " + ", ".join(
                        w.name or repr(w) for w in app.workers if not w.is_finished) + ")")
        if idle():
            return


def steady_cursors(app) -> None:
    """Every text cursor shown and no longer blinking: a picture taken now does not depend on
    which half-second of the blink it falls in."""
    for screen in app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            widget.cursor_blink = False
