"""Benchmark `paperdeck sync` on a large library. Prints figures, asserts nothing.

    .venv/bin/python bench/bench_sync.py [--papers 10000] [--cards 50000] [--answers 1000000]

Builds library A (bench/synth_library.py's papers, bench/bench_decks.py's cards and review
log), then measures: A's first sync out into an empty folder, B's first sync in (an empty
library), an everyday sync with 100 new changes on A (50 tags, 50 answers) and B taking them
in, and a sync with nothing new; the folder's size; the peak memory of this process (after
building A, and after each sync: the build's own peak is not the sync's). Ends with one line per
figure, `name value`, for scripts (seconds, MB).
Targets (issue 23): the first sync under 60 s, an everyday one under 1 s.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_decks import build  # noqa: E402
from bench.synth_library import make_library  # noqa: E402
from decks.reviews import answer  # noqa: E402
from reader.library import papers as library  # noqa: E402
from reader.store.db import open_library  # noqa: E402
from reader.store.paths import resolve  # noqa: E402
from reader.sync import sync  # noqa: E402

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)


def size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


SUMMARY: list[tuple[str, float]] = []


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(name: str, label: str, fn):
    t = time.perf_counter()
    out = fn()
    took = time.perf_counter() - t
    SUMMARY.append((name, took))
    print(f"{label:<44} {took:8.2f} s   "
          f"({out.sent} out, {out.received} in, {out.applied} applied; "
          f"peak memory so far {peak_mb():.0f} MB)", flush=True)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--cards", type=int, default=50_000)
    ap.add_argument("--answers", type=int, default=1_000_000)
    args = ap.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench_sync_"))
    t = time.perf_counter()
    make_library(root / "A", args.papers)
    pa, pb = resolve(root / "A"), resolve(root / "B")
    a = open_library(pa)
    build(a, args.cards, args.answers)
    print(f"library A: {args.papers} papers, {args.cards} cards, {args.answers} answers "
          f"(built in {time.perf_counter() - t:.0f} s, peak memory {peak_mb():.0f} MB)", flush=True)
    SUMMARY.append(("build_peak_mb", peak_mb()))
    b = open_library(pb)
    folder = root / "folder"
    folder.mkdir()
    timed("first_out", "first sync out (A into an empty folder)", lambda: sync(a, pa, folder, NOW))
    print(f"folder size: {size(folder) / 1e6:.1f} MB", flush=True)
    SUMMARY.append(("first_folder_mb", size(folder) / 1e6))
    timed("first_in", "first sync in (an empty library B)", lambda: sync(b, pb, folder, NOW))
    ids = [r[0] for r in a.execute("SELECT id FROM papers ORDER BY id LIMIT 50")]
    for pid in ids:
        library.change_tags(a, pid, ["bench-new"], [])
    cards = [r[0] for r in a.execute("SELECT id FROM cards WHERE state = 'review' LIMIT 50")]
    for cid in cards:
        answer(a, cid, 3, NOW + timedelta(hours=1))
    timed("everyday_out", "everyday sync out (A, 100 new changes)", lambda: sync(a, pa, folder, NOW + timedelta(hours=2)))
    timed("everyday_in", "everyday sync in (B takes them)", lambda: sync(b, pb, folder, NOW + timedelta(hours=2)))
    timed("nothing_new", "a sync with nothing new (A)", lambda: sync(a, pa, folder, NOW + timedelta(hours=3)))
    print(f"folder size: {size(folder) / 1e6:.1f} MB", flush=True)
    SUMMARY.append(("folder_mb", size(folder) / 1e6))
    SUMMARY.append(("peak_mb", peak_mb()))
    print(f"peak memory: {peak_mb():.0f} MB")
    print(f"(left in {root}; remove it when done)")
    for name, value in SUMMARY:
        print(f"{name} {value:.2f}")


if __name__ == "__main__":
    main()
