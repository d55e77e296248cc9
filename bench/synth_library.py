"""Fill a PAPERDECK_HOME with a synthetic library of N papers, without the network.

    python bench/synth_library.py HOME [--papers 10000]

Papers get arXiv-like ids, titles, 1-8 authors, abstracts, categories and tags; other
benchmarks build on this (`make_library(home, n)`).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from reader.store import db  # noqa: E402
from reader.store.paths import resolve  # noqa: E402

WORDS = (
    "learning neural sequence transduction attention graph quantum field theory spectral "
    "optimal transport variational inference bayesian convex stochastic gradient descent "
    "renormalization lattice gauge topological insulator entropy flow manifold diffusion "
    "language model reinforcement policy kernel sparse recovery compressed sensing robust "
    "causal estimation markov chain monte carlo boson fermion superconductivity holography"
).split()
SURNAMES = "Graves Hinton Bengio LeCun Maldacena Witten Perelman Tao Candes Donoho Jordan Ng Sutton Vaswani Kingma".split()
FIRST = "Alex Geoffrey Yoshua Yann Juan Edward Grigori Terence Emmanuel David Michael Andrew Richard Ashish Diederik".split()
CATS = "cs.LG cs.CL cs.NE stat.ML hep-th quant-ph math.PR math.OC cond-mat.str-el astro-ph.CO".split()


def make_library(home: str | Path, papers: int = 10_000, seed: int = 1) -> Path:
    rng = random.Random(seed)
    paths = resolve(home)
    conn = db.open_library(paths)
    rows, tags = [], []
    for i in range(papers):
        yymm = f"{rng.randint(7, 25):02d}{rng.randint(1, 12):02d}"
        pid = f"{yymm}.{i:05d}"
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 11))).capitalize()
        authors = [f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}" for _ in range(rng.randint(1, 8))]
        abstract = " ".join(rng.choice(WORDS) for _ in range(rng.randint(80, 200)))
        cats = rng.sample(CATS, rng.randint(1, 3))
        published = f"20{yymm[:2]}-{yymm[2:]}-{rng.randint(1, 28):02d}T12:00:00Z"
        added = f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}T{i % 24:02d}:00:00Z"
        rows.append((pid, 1, 1, title, json.dumps(authors), abstract, json.dumps(cats), cats[0],
                     published, published, None, None, None, added, None, "none"))
        for t in rng.sample(["ml", "physics", "toread", "asr", "theory", "math"], rng.randint(0, 2)):
            tags.append((pid, t))
    with db.transaction(conn):
        conn.executemany(
            "INSERT INTO papers (id, version, latest_version, title, authors, abstract, categories,"
            " primary_category, published, updated, doi, journal_ref, comment, added, pdf_path,"
            " pdf_status) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        conn.executemany("INSERT INTO tags VALUES (?, ?)", tags)
    conn.close()
    return paths.db


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("home")
    ap.add_argument("--papers", type=int, default=10_000)
    a = ap.parse_args()
    print(make_library(a.home, a.papers))
