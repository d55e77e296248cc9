"""Add the reading side to a synthetic library: PDF text (pages), passes, notes and TODOs.

    python bench/synth_reading.py make HOME [--papers 10000] [--pages 20] [--page-chars 3000]

Builds the papers with bench/synth_library.py (`make_library`), then bulk-inserts P pages of
text per paper straight into the database (the FTS5 triggers index them as they go), finished
passes for about half the papers, what/how/why notes for a third, and TODOs. Reusable from
other benchmarks: `make_reading_library(home, papers=..., pages=...)`.

Page text is made of words drawn from a Zipf-like distribution over a 30,000-word vocabulary
(a few common words, a long tail of rare ones), so full-text queries meet realistic posting
list sizes: common words on nearly every page, rare ones on a few.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth_library import WORDS, make_library  # noqa: E402

from reader.store import db  # noqa: E402
from reader.store.paths import resolve  # noqa: E402

COMMON = ("the of and a in to is we that for with as by this on are be it from at an which "
          "can our model data results method show these two where using its also than each").split()


def vocabulary(rng: random.Random, size: int = 30_000) -> list[str]:
    """Common English words, the synth library's topic words, then a long tail of made-up words."""
    syllables = "ka lo mi tra sen vor qui del ax ph on ri zu mel tor gan eps ul bri fo".split()
    tail = set()
    while len(tail) < size - len(COMMON) - len(WORDS):
        tail.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return COMMON + list(WORDS) + sorted(tail)


class PageWriter:
    """Pages of synthetic text: Zipf-distributed words, sentences and paragraphs."""

    def __init__(self, rng: random.Random, chars: int):
        self.rng, self.chars = rng, chars
        self.vocab = vocabulary(rng)
        self.weights = list(accumulate(1.0 / (rank + 1) ** 1.05 for rank in range(len(self.vocab))))
        # A pool of words to draw from cheaply: sampling by weight once, in bulk.
        self.pool = rng.choices(self.vocab, cum_weights=self.weights, k=400_000)

    def page(self) -> str:
        rng, pool = self.rng, self.pool
        start = rng.randrange(len(pool) - 1200)
        words = pool[start:start + self.chars // 6]
        rng.shuffle(words)
        lines, line = [], []
        width = 0
        for i, w in enumerate(words):
            if i % 14 == 0 and line:
                line[-1] += "."
                w = w.capitalize()
            line.append(w)
            width += len(w) + 1
            if width > 60:
                lines.append(" ".join(line))
                line, width = [], 0
        lines.append(" ".join(line))
        return "\n".join(lines)


def make_reading_library(home: str | Path, papers: int = 10_000, pages: int = 20,
                         page_chars: int = 3000, seed: int = 1, progress=None) -> Path:
    """A library of `papers` papers with `pages` pages of text each (and passes, notes, TODOs)."""
    rng = random.Random(seed)
    dbfile = make_library(home, papers, seed=seed)
    paths = resolve(home)
    conn = db.connect(paths.db)
    conn.execute("PRAGMA synchronous=OFF")          # a bulk load: the benchmark's own data
    ids = [r[0] for r in conn.execute("SELECT id FROM papers ORDER BY added, id")]
    writer = PageWriter(rng, page_chars)
    t0 = time.perf_counter()
    batch = 200
    for start in range(0, len(ids), batch):
        chunk = ids[start:start + batch]
        with db.transaction(conn):
            conn.executemany(
                "INSERT INTO pages (paper_id, page, text) VALUES (?, ?, ?)",
                [(pid, n, writer.page()) for pid in chunk for n in range(1, pages + 1)],
            )
            conn.executemany(
                "INSERT INTO extraction (paper_id, status, page_count, pdf_path, updated) "
                "VALUES (?, 'done', ?, NULL, '2026-11-01T00:00:00Z')",
                [(pid, pages) for pid in chunk],
            )
        if progress:
            progress(start + len(chunk), len(ids), time.perf_counter() - t0)
    with db.transaction(conn):
        for pid in ids:
            r = rng.random()
            if r < 0.5:
                for n in range(1, rng.randint(1, 3) + 1):
                    conn.execute("INSERT INTO passes VALUES (?, ?, ?, ?)",
                                 (pid, n, "2026-10-01T10:00:00Z", "2026-10-02T10:00:00Z"))
            if r < 0.33:
                text = lambda k: " ".join(rng.choice(WORDS) for _ in range(k))  # noqa: E731
                conn.execute("INSERT INTO notes VALUES (?, ?, ?, ?, ?, ?)",
                             (pid, text(25), text(40), "{{c1::" + text(3) + "}} " + text(10),
                              text(30), "2026-10-02T10:00:00Z"))
            if r < 0.2:
                conn.execute("INSERT INTO todos (paper_id, text, created) VALUES (?, ?, ?)",
                             (pid, "implement " + rng.choice(WORDS), "2026-10-02T10:00:00Z"))
    conn.execute("PRAGMA optimize")
    conn.close()
    return dbfile


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("make", help="build a synthetic library with page text in HOME")
    m.add_argument("home")
    m.add_argument("--papers", type=int, default=10_000)
    m.add_argument("--pages", type=int, default=20)
    m.add_argument("--page-chars", type=int, default=3000)
    m.add_argument("--seed", type=int, default=1)
    a = ap.parse_args(argv)
    t = time.perf_counter()

    def progress(done, total, elapsed):
        if done % 2000 == 0 or done == total:
            print(f"  {done}/{total} papers' pages in {elapsed:.0f} s", file=sys.stderr)

    path = make_reading_library(a.home, a.papers, a.pages, a.page_chars, a.seed, progress)
    size = path.stat().st_size + sum(p.stat().st_size for p in path.parent.glob(path.name + "-wal"))
    print(f"{path}: {a.papers} papers x {a.pages} pages in {time.perf_counter() - t:.0f} s, "
          f"{size / 1e6:.0f} MB ({size / max(a.papers, 1) / 1e3:.0f} kB per paper)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
