"""`paperdeck find` on huge pages that repeat the word (issue 20.3). Prints figures, asserts nothing.

    .venv/bin/python bench/bench_find_huge_pages.py [--code DIR] [--pages 50] [--page-kb 1024]
        [--series 50,100,200,400] [--runs 3] [--ceiling 600]

Builds, with the code under test, libraries whose pages hold `--page-kb` KB of text in which
every `--every`-th word (default: every other) is "transducer": one paper of one page for each size in `--series` (the
issue's growth figures), then the library of the issue: one paper of `--pages` such pages and
a few ordinary papers. On each it times `find.search()` inside a child process (the query
alone: no start-up, no building), for a whole word that is on every page, a prefix, a phrase
and a word on one small page only. A query past `--ceiling` seconds is stopped and shown as
"> ceiling".

`--code DIR` runs another checkout, for the "before" figures of the main branch:
    git archive main | (mkdir -p /tmp/main-code && tar -x -C /tmp/main-code)
    .venv/bin/python bench/bench_find_huge_pages.py --code /tmp/main-code
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ("transducer", "transduc*", '"the transducer"', "lattice")

BUILD = r"""
import random, sys
from reader.store import db, paths as paths_mod
from reader.library import papers as library
from reader.models import Paper

home, pages, page_kb, every = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(20)
words = ("the of a network sequence model output input prediction joint alignment blank "
         "label speech recurrent hidden layer state loss training").split()

def page_text():
    out, size = [], 0
    while size < page_kb * 1024:
        line = " ".join("transducer" if i % every == 0 else rng.choice(words) for i in range(12))
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)

conn = db.open_library(paths_mod.resolve(home))
with db.transaction(conn):
    library.insert(conn, Paper(id="1211.3711", title="Sequence Transduction with RNNs",
                               authors=("Alex Graves",), added="2026-11-01T10:00:00Z"))
    for n in range(1, pages + 1):
        conn.execute("INSERT INTO pages (paper_id, page, text) VALUES (?, ?, ?)",
                     ("1211.3711", n, page_text()))
    for i in range(5):
        key = f"1706.0{i:04d}"
        library.insert(conn, Paper(id=key, title=f"An ordinary paper {i}", authors=("A. Person",),
                                   added="2026-11-01T10:00:00Z"))
        conn.execute("INSERT INTO pages (paper_id, page, text) VALUES (?, 1, ?)",
                     (key, "a small page about lattice models and the transducer " * 20))
conn.close()
"""

TIME = r"""
import json, statistics, sys, time
from reader.store import db, paths as paths_mod
from reader.text import find

home, query, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
conn = db.open_library(paths_mod.resolve(home))
times, hits = [], []
for _ in range(runs):
    t = time.perf_counter()
    hits = find.search(conn, query)
    times.append(time.perf_counter() - t)
print(json.dumps({"median": statistics.median(times), "worst": max(times), "hits": len(hits),
                  "first": hits[0].marked()[:70] if hits else ""}))
"""


def run(code: Path, script: str, *args: str, timeout: float | None = None):
    env = dict(os.environ, PYTHONPATH=str(code), PYTHONDONTWRITEBYTECODE="1")
    env.pop("PAPERDECK_HOME", None)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script), *args], env=env,
                          cwd=code, capture_output=True, text=True, timeout=timeout, check=False)


def build(code: Path, home: Path, pages: int, page_kb: int, every: int) -> float:
    t = time.perf_counter()
    r = run(code, BUILD, str(home), str(pages), str(page_kb), str(every))
    if r.returncode:
        raise SystemExit(f"building failed:\n{r.stderr}")
    return time.perf_counter() - t


def timed(code: Path, home: Path, query: str, runs: int, ceiling: float) -> str:
    try:
        r = run(code, TIME, str(home), query, str(runs), timeout=ceiling * runs + 60)
    except subprocess.TimeoutExpired:
        return f"> {ceiling:.0f} s (stopped)"
    if r.returncode:
        return "failed: " + (r.stderr.strip().splitlines() or ["?"])[-1]
    f = json.loads(r.stdout)
    return (f"{f['median'] * 1000:9.1f} ms median, {f['worst'] * 1000:9.1f} ms worst, "
            f"{f['hits']} hits  {f['first']!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--code", type=Path, default=ROOT, help="checkout to run (default: this one)")
    ap.add_argument("--pages", type=int, default=50)
    ap.add_argument("--page-kb", type=int, default=1024)
    ap.add_argument("--series", default="50,100,200,400", help="KB of the one-page libraries")
    ap.add_argument("--every", type=int, default=2, help="the word is every N-th word of a page")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--ceiling", type=float, default=600.0, help="seconds a query may take")
    a = ap.parse_args()
    code = a.code.resolve()
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    print(f"code: {code}{' (this checkout, ' + commit + ')' if code == ROOT else ''}")
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    with tempfile.TemporaryDirectory(prefix="bench-find-") as tmp:
        sizes = [int(s) for s in a.series.split(",") if s.strip()]
        for kb in sizes:
            home = Path(tmp) / f"one-{kb}"
            build(code, home, 1, kb, a.every)
            print(f"\none page of {kb} KB (runs: {a.runs})")
            for q in QUERIES[:1]:
                print(f"  find {q!r:<20} {timed(code, home, q, a.runs, a.ceiling)}")
        home = Path(tmp) / "library"
        took = build(code, home, a.pages, a.page_kb, a.every)
        print(f"\n{a.pages} pages of {a.page_kb} KB in one paper, 5 small papers "
              f"(built in {took:.0f} s; runs: {a.runs})")
        for q in QUERIES:
            print(f"  find {q!r:<20} {timed(code, home, q, a.runs, a.ceiling)}")
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
