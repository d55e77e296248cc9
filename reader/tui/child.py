"""What every child process of the TUI shares (reader/tui/extract_proc.py, index_proc.py): the
library it opens from its arguments, the one-line messages it prints for the TUI to read, and its
exit when the TUI stops reading (a closed pipe) or interrupts it."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path


def library(data: str, config_dir: str):
    """(Paths, a connection) for the library the TUI named. The TUI has migrated it already."""
    from reader.store import db
    from reader.store.paths import Paths

    paths = Paths(data=Path(data), config_dir=Path(config_dir))
    conn: sqlite3.Connection = db.connect(paths.db)
    return paths, conn


def say(*words: object) -> None:
    """One line to the TUI, each word's whitespace folded so that a message stays one line."""
    print(" ".join(" ".join(str(w).split()) for w in words), flush=True)


def problem(e: BaseException) -> str:
    """An unexpected error as a line for the screen, never a traceback."""
    return f"{type(e).__name__}: {' '.join(str(e).split())}"


def yield_to_the_ui(niceness: int) -> None:
    """Run at a lower priority than the TUI: on a machine whose cores are busy, the OS gives the
    UI's process the CPU first (a page read a little later, never a frame drawn late: the
    100-paper background read stalled frames 90 ms with 18 ms of the UI's own CPU in them,
    bench/bench_tui.py). On an idle machine it changes nothing."""
    try:
        os.nice(niceness)
    except (AttributeError, OSError):
        pass  # no nice() here (Windows), or not allowed: the normal priority


def run(main: Callable[[list[str]], int], niceness: int = 0) -> None:
    """The `if __name__ == "__main__"` of a child: a closed pipe or ^C ends it quietly."""
    if niceness:
        yield_to_the_ui(niceness)
    try:
        raise SystemExit(main(sys.argv[1:]))
    except (KeyboardInterrupt, BrokenPipeError):
        raise SystemExit(1) from None
