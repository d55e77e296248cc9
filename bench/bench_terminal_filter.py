"""The cost of the TUI's terminal filter (reader/tui/terminal_filter.py) per full repaint.
Prints figures, asserts nothing.

    python bench/bench_terminal_filter.py [--papers 500] [--frames 300]

At 120x40, on the Library screen (a full table) and the Reading screen (a page of text with the
notes beside it): a cold full repaint (every widget's line cache cleared) records each line the
widgets hand to the line filters; then the check runs over those lines --frames times. Printed,
per frame: the check on the real lines (clean text, the common case), on the same lines with an
escape sequence in every segment (the worst case: every line rebuilt), and the cold full repaint
itself (render every line, encode the frame to the terminal's bytes) with Textual's filters
alone and with the app's (TerminalSafe running them, then the check). In the running app a
line's filtered form is cached with the line (`Strip.apply_filter`), so the filter runs only on
lines that changed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from rich.segment import Segment  # noqa: E402
from textual.app import App  # noqa: E402
from textual.filter import LineFilter  # noqa: E402

from reader import config
from reader.store import db  # noqa: E402
from reader.store.paths import resolve  # noqa: E402
from reader.tui.app import make_app  # noqa: E402
from reader.tui.terminal_filter import TerminalSafe  # noqa: E402
from synth_reading import make_reading_library  # noqa: E402

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)


class Recording(LineFilter):
    """Placed where TerminalSafe's check runs (after Textual's filters): keeps the lines it sees."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[tuple[list[Segment], object]] = []

    def apply(self, segments, background):
        self.lines.append((list(segments), background))
        return segments


def cold_repaint(app) -> str:
    """A full repaint with every widget's line cache cleared; the frame's bytes."""
    for widget in app.screen.walk_children(with_self=True):
        widget._styles_cache.clear()
    return app.screen._compositor.render_full_update().render_segments(app.console)


def per_frame_us(fn, frames: int, rounds: int = 5) -> float:
    runs = []
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(frames):
            fn()
        runs.append((time.perf_counter() - t) / frames * 1e6)
    return min(runs)


def measure(app, name: str, frames: int) -> None:
    textual_only = lambda: App.get_line_filters(app)  # noqa: E731 - Textual's own filters
    recording = Recording()
    app.get_line_filters = lambda: (*textual_only(), recording)
    frame = cold_repaint(app)
    del app.get_line_filters
    lines = recording.lines
    dirty = [([Segment(s.text + "\x1b[31m", s.style, s.control) for s in segs], bg)
             for segs, bg in lines]
    check = TerminalSafe()  # the check alone: Textual's filters already ran on these lines

    def run(batch):
        return lambda: [check.apply(segs, bg) for segs, bg in batch]

    clean_us = per_frame_us(run(lines), frames)
    dirty_us = per_frame_us(run(dirty), frames)
    # Whole repaints, with the app's filters and with Textual's alone, interleaved (the best of
    # each is taken: the machine may be busy with other work).
    with_runs, without_runs = [], []
    n = max(10, frames // 10)
    for _ in range(9):
        with_runs.append(per_frame_us(lambda: cold_repaint(app), n, rounds=1))
        app.get_line_filters = textual_only
        try:
            without_runs.append(per_frame_us(lambda: cold_repaint(app), n, rounds=1))
        finally:
            del app.get_line_filters
    segments = sum(len(s) for s, _ in lines)
    print(f"{name:<8} {len(lines):>4} lines, {segments:>5} segments, {len(frame):>6} bytes | "
          f"check: clean {clean_us:6.1f} us, every segment dirty {dirty_us:6.1f} us | "
          f"cold full repaint: {min(without_runs) / 1000:5.2f} ms Textual's filters, "
          f"{min(with_runs) / 1000:5.2f} ms the app's")


async def bench(home: Path, frames: int) -> None:
    paths = resolve(str(home))
    app = make_app(paths, config.load(paths), now=NOW, tz=timezone.utc)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause(0.5)
        measure(app, "library", frames)
        conn = db.connect(paths.db)
        pid = conn.execute("SELECT paper_id FROM notes LIMIT 1").fetchone()[0]
        conn.close()
        app.open_screen("read", paper_id=pid)
        await app.workers.wait_for_complete()
        await pilot.pause(0.5)
        measure(app, "reading", frames)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=500)
    ap.add_argument("--frames", type=int, default=300)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        make_reading_library(tmp, papers=args.papers, pages=3)
        asyncio.run(bench(Path(tmp), args.frames))


if __name__ == "__main__":
    main()
