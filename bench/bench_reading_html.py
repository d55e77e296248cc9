"""Benchmark the reading screen on arXiv's HTML (2005.12359: 423 KB, 752 formulas). Prints
figures, asserts nothing: median and worst of N runs, as one line per scenario a script can
read (`summary NAME median_ms=… worst_ms=… ui_cpu_ms=… load=…`, as bench/bench_tui.py prints),
after a line that says how fast the machine is (bench_tui's `machine` line).

    .venv/bin/python bench/bench_reading_html.py [--runs 5]

- first frame: from pushing the screen on a paper whose model is stored to the first frame that
  shows its text (the model read and laid out in workers);
- scroll step: a `down` key to the frame that shows it;
- citation jump: Enter on a citation to the frame with its bibliography entry shown, and
  Enter on a reference to the frame at the equation;
- the longest stall of the UI's event loop across all of it (bench/tui_stalls.py) [<= 50 ms],
  with the UI thread's CPU in it (a stall with little of it: the OS ran someone else).
The screen is opened on a warmed-up app, as bench_tui's Reading screen is: the library loaded
and the modules a screen needs imported (reader/tui/app.py's prewarm).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tui_stalls import LoopLag  # noqa: E402

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)
PAPER = ROOT.parent / "shared" / "fixtures" / "arxiv-html" / "2005.12359" / "index.html"


async def painted(app) -> float:
    done = asyncio.get_running_loop().create_future()
    app.screen.call_after_refresh(lambda: done.done() or done.set_result(time.perf_counter()))
    return await done


def put_cursor(view, target: str) -> None:
    """The link cursor on the first link to `target`, scrolled into view."""
    index = next(i for i, ln in enumerate(view.doc_layout.links) if ln.target == target)
    view.set_link(index)


async def wait(condition, what: str, ceiling: float = 60.0) -> None:
    end = time.perf_counter() + ceiling
    while not condition():
        if time.perf_counter() > end:
            raise SystemExit(f"bench: no {what} within {ceiling:.0f} s")
        await asyncio.sleep(0)


async def one_run(home: Path) -> dict[str, float]:
    from reader import config
    from reader.store import paths
    from reader.tui.app import make_app
    from bench_tui import send_key

    p = paths.resolve(home)
    app = make_app(p, config.load(p), now=NOW)
    out: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause(1.5)      # the library is up, the prewarm under way: let it end
        await app.workers.wait_for_complete()
        lag = LoopLag(app)
        t0 = time.perf_counter()
        app.open_screen("read", "2005.12359")
        await wait(lambda: type(app.screen).__name__ == "HtmlReadingScreen" and app.screen.is_mounted
                   and app.screen.query("DocView") and app.screen.query_one("DocView").doc_layout is not None,
                   "laid-out paper")
        out["first frame"] = await painted(app) - t0
        screen, view = app.screen, app.screen.query_one("DocView")
        await pilot.pause(0.3)
        steps = []
        for _ in range(10):
            t0 = time.perf_counter()
            top = view.top
            send_key(app, "down")
            await wait(lambda: view.top != top, "scroll")
            steps.append(await painted(app) - t0)
            await asyncio.sleep(0.03)
        out["scroll step"] = statistics.median(steps)
        put_cursor(view, "cite:bib.bib24")
        await pilot.pause(0.1)
        panel = screen.query_one("CitationPanel")
        t0 = time.perf_counter()
        send_key(app, "enter")
        await wait(lambda: panel.display, "citation panel")
        out["citation shown"] = await painted(app) - t0
        send_key(app, "escape")
        await pilot.pause(0.1)
        put_cursor(view, "ref:S3.E1")
        await pilot.pause(0.1)
        top = view.top
        t0 = time.perf_counter()
        send_key(app, "enter")
        await wait(lambda: view.top != top, "jump")
        out["reference jump"] = await painted(app) - t0
        await pilot.pause(0.2)
        out["longest UI stall"] = lag.stop()
        out["ui_cpu"] = lag.worst_ui_cpu
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not PAPER.is_file():
        raise SystemExit("../shared/fixtures/arxiv-html is absent: nothing to measure")
    from bench_tui import machine_line, summary_line

    sys.stdout.reconfigure(line_buffering=True)
    print(machine_line())
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir()
        os.environ["PAPERDECK_HOME"] = str(home)
        os.environ["PAPERDECK_ARXIV_HTML_URL"] = "http://127.0.0.1:9/html/"   # figures: none
        from reader.library import papers as library
        from reader.models import Paper
        from reader.store import db, paths
        from reader.text.html import html_store

        conn = db.open_library(paths.resolve(home))
        with db.transaction(conn):
            library.insert(conn, Paper(id="2005.12359", version=1, latest_version=1,
                                       title="Path Imputation Strategies for Signature Models",
                                       authors=("Michael Moor",), abstract="", added="2026-11-01T10:00:00Z"))
        t1 = time.perf_counter()
        html_store.store_page(conn, "2005.12359", 1, PAPER.read_bytes(), NOW)
        print(f"page parsed and stored in {1000 * (time.perf_counter() - t1):.0f} ms")
        conn.close()
        runs = [asyncio.run(one_run(home)) for _ in range(args.runs)]
    worst = max(runs, key=lambda r: r["longest UI stall"])
    for name in runs[0]:
        if name == "ui_cpu":
            continue
        stall = name == "longest UI stall"
        summary_line("html_" + name.replace(" ", "_"), [r[name] for r in runs],
                     worst["ui_cpu"] if stall else None)


if __name__ == "__main__":
    main()
