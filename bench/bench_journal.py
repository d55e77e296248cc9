"""Journal and units on a large library: prints figures, asserts nothing.

    python bench/bench_journal.py [--papers 10000] [--cards 100000] [--reviews 1000000] [--runs 3]

Builds 10,000 papers (bench/synth_library.py) with passes over two years, 100,000 cards and
1,000,000 reviews (bench/bench_decks.py), 70 units of 10 days and 2,000 journal entries, then
times, whole process: `paperdeck log` (every event: the reviews are one aggregate per day),
`log --since 30d`, `log --unit N --markdown`, `unit`, `unit list`; and in process the Stats
screen's unit report. Targets: `log --unit N --markdown` and `unit` <= 300 ms; `log` of
everything <= 3 s.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)


def build(home: Path, papers: int, cards: int, reviews: int) -> None:
    from bench_decks import build as build_deck
    from synth_library import make_library

    from reader import clock
    from reader.reading import units
    from reader.store.db import open_library, transaction
    from reader.store.paths import resolve

    make_library(home, papers)
    conn = open_library(resolve(home))
    build_deck(conn, cards, reviews)
    rng = random.Random(7)
    ids = [r[0] for r in conn.execute("SELECT id FROM papers")]
    with transaction(conn):
        for pid in rng.sample(ids, min(len(ids), 3000)):
            t = NOW - timedelta(days=rng.uniform(0, 700))
            conn.execute("INSERT OR IGNORE INTO passes VALUES (?, 1, ?, ?)",
                         (pid, clock.iso(t), clock.iso(t + timedelta(hours=2))))
        for k in range(2000):
            day = (NOW - timedelta(days=rng.uniform(0, 700))).date()
            conn.execute("INSERT INTO journal (day, text, item_id, written) VALUES (?, ?, ?, ?)",
                         (day.isoformat(), f"entry {k} about the day", rng.choice(ids),
                          f"{day.isoformat()}T20:00:00Z"))
    first = date(2024, 12, 1)
    for n in range(70):
        units.create(conn, first + timedelta(days=10 * n), 10, {"paper": 3, "lecture": 2}, NOW)
    conn.close()


def timed(args: list[str], env: dict, runs: int) -> str:
    cmd = [sys.executable, "-m", "reader.cli", *args]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        r = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if r.returncode != 0:
            return f"failed: {r.stderr.strip()[:120]}"
    lines = r.stdout.count("\n")
    return f"{statistics.median(times) * 1000:8.1f} ms  ({lines} lines)"


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--papers", type=int, default=10_000)
    p.add_argument("--cards", type=int, default=100_000)
    p.add_argument("--reviews", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=3)
    a = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        start = time.perf_counter()
        build(home, a.papers, a.cards, a.reviews)
        print(f"built in {time.perf_counter() - start:.1f} s: {a.papers} papers, {a.cards} cards, "
              f"{a.reviews} reviews, 70 units, 2,000 entries")
        env = dict(os.environ, PAPERDECK_HOME=str(home), PAPERDECK_NOW=NOW.isoformat(),
                   PYTHONPATH=str(ROOT), TZ="Europe/Berlin")
        for args in (["log"], ["log", "--since", "30d"], ["log", "--unit", "70", "--markdown"],
                     ["unit"], ["unit", "list"], ["list"]):
            print(f"paperdeck {' '.join(args):<28} {timed(args, env, a.runs)}")
        from reader.store.db import open_library
        from reader.store.paths import resolve
        from reader.tui.deck_data import unit_stats

        conn = open_library(resolve(home))
        start = time.perf_counter()
        unit_stats(conn, NOW.date())
        print(f"Stats screen's units (in process)    {(time.perf_counter() - start) * 1000:8.1f} ms")
        conn.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
