"""Whole-process timings of the library verbs over a synthetic library (default 10,000 papers).

    python bench/bench_library.py [--papers 10000] [--runs 7]

Targets on a 2-core machine: `paperdeck --help` <= 100 ms, `paperdeck show ID` <= 100 ms,
`paperdeck list --json` <= 500 ms. Prints the median and the worst of the runs; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth_library import make_library  # noqa: E402

EXE = str(Path(sys.executable).with_name("paperdeck"))


def timed(args: list[str], env: dict, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([EXE, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as home:
        t = time.perf_counter()
        make_library(home, a.papers)
        print(f"generated {a.papers} papers in {time.perf_counter() - t:.1f} s; "
              f"database {os.path.getsize(Path(home) / 'paperdeck.db') / 1e6:.1f} MB")
        env = {**os.environ, "PAPERDECK_HOME": home}
        import sqlite3

        some_id = sqlite3.connect(Path(home) / "paperdeck.db").execute(
            "SELECT id FROM papers LIMIT 1 OFFSET 5000").fetchone()[0]
        for label, args, target in [
            ("paperdeck --help", ["--help"], 100),
            (f"paperdeck show {some_id}", ["show", some_id], 100),
            (f"paperdeck show {some_id} --json", ["show", some_id, "--json"], 100),
            (f"paperdeck list --json ({a.papers} papers)", ["list", "--json"], 500),
            (f"paperdeck list ({a.papers} papers)", ["list"], 500),
        ]:
            median, worst = timed(args, env, a.runs)
            print(f"{label:<45} median {median:6.0f} ms  worst {worst:6.0f} ms  (target <= {target} ms)")


if __name__ == "__main__":
    main()
