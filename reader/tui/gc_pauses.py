"""Keep Python's cyclic garbage collector out of the frames.

A full collection walks every object the process holds. With the library's rows and search
index in memory that is 25-45 ms at 10,000 papers and 150-180 ms at 100,000, and it ran whenever
enough objects had been made since the last one: while a screen opened, as a filter key was
handled, or in the worker loading the library (holding the interpreter lock the UI needs).
Measured with bench/bench_tui.py, these were the stalls over 50 ms.

So the long-lived objects (modules, the app, the library once loaded) are moved out of the
collector's sight with `gc.freeze()` once they are built, and a bulk build in a worker runs with
automatic collection paused (`bulk_build()`); young objects are still collected as usual, in a
few milliseconds. Nothing the library keeps forms reference cycles, so a frozen view that is
replaced is freed by reference counting as before.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_builds = 0


def settle() -> None:
    """Everything alive now is long-lived: leave it out of future collections."""
    gc.freeze()


@contextmanager
def bulk_build() -> Iterator[None]:
    """Build many objects (in a worker) without a collection in the middle; what was built is
    settled at the end. Builds may overlap: collection resumes when the last one ends."""
    global _builds
    with _lock:
        if _builds == 0:
            gc.disable()
        _builds += 1
    try:
        yield
    finally:
        with _lock:
            _builds -= 1
            if _builds == 0:
                gc.freeze()
                gc.enable()
