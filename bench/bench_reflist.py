"""Finding arXiv ids in reading lists (reader.arxiv.reflist.read_list). Prints figures, asserts nothing.

    python bench/bench_reflist.py [--mb 1] [--runs 7]

A synthetic Markdown list of about MB megabytes: list items with arXiv links in every form
(abs/pdf/html URLs, .pdf, versions, ?query and #anchor, arXiv: prefixes, DOIs, old-style ids),
links to other hosts, prose, tables of contents and code. Target: 1 MB with 1,000+ links in
<= 200 ms. Also the recall on ../shared/fixtures/reading-lists (ids found / ids present).
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.arxiv.reflist import read_list  # noqa: E402

SHARED = ROOT.parent / "shared" / "fixtures" / "reading-lists"
WORDS = ("learning neural deep network model attention transformer graph policy gradient "
         "bayesian inference sparse kernel convex optimisation language vision speech "
         "reinforcement generative adversarial diffusion retrieval memory").split()


def synthetic_list(mb: float, seed: int = 1) -> tuple[str, int, int]:
    """(Markdown text, arXiv papers in it, links in it)."""
    rng = random.Random(seed)
    parts, ids, links = ["# A reading list\n\n* [Contents](#contents)\n\n"], set(), 0
    forms = [
        "[[pdf]](https://arxiv.org/pdf/{id}.pdf)", "[{title}](https://arxiv.org/abs/{id}v{v})",
        "[html](https://arxiv.org/html/{id}v{v}#S3)", "(arXiv:{id}).",
        "[abs](http://export.arxiv.org/abs/{id}?context=cs.LG)", "doi:10.48550/arXiv.{id},",
        "<https://arxiv.org/abs/{id}>",
    ]
    size = 0
    while size < mb * 1e6:
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9))).capitalize()
        r = rng.random()
        if r < 0.55:
            yymm = f"{rng.randint(15, 24):02d}{rng.randint(1, 12):02d}"
            aid = f"{yymm}.{rng.randint(1, 29999):05d}"
            ids.add(aid)
            link = rng.choice(forms).format(id=aid, v=rng.randint(1, 4), title=title)
        elif r < 0.6:
            aid = f"hep-th/{rng.choice(['97', '98', '99', '00', '01'])}{rng.randint(1, 12):02d}{rng.randint(1, 999):03d}"
            ids.add(aid)
            link = f"[[abs]](https://arxiv.org/abs/{aid})"
        else:
            link = f"[[pdf]](https://proceedings.example.org/paper/{rng.randint(1, 10**6)}-{title.replace(' ', '-')}.pdf)"
        links += 1
        line = f"- **{title}** ({rng.randint(1995, 2024)}), A. Author et al. {link}\n"
        if rng.random() < 0.2:
            line += " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 80))) + ".\n\n"
        if rng.random() < 0.02:
            line += "```python\nx = 1.5 * 2019.12 + 20230101\n```\n"
        parts.append(line)
        size += len(line)
    return "".join(parts), len(ids), links


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0)
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    text, papers, links = synthetic_list(a.mb)
    read_list(text)  # warm up (regex compilation)
    times = []
    for _ in range(a.runs):
        t = time.perf_counter()
        found = read_list(text)
        times.append(time.perf_counter() - t)
    print(f"synthetic Markdown list: {len(text.encode()) / 1e6:.2f} MB, {links} links, "
          f"{papers} arXiv papers")
    print(f"  read_list: median {ms(statistics.median(times))}, worst {ms(max(times))} "
          f"(of {a.runs}); found {len(found.papers)} papers, {len(found.skipped)} entries "
          f"without an id, {len(found.broken)} broken ids")
    if SHARED.is_dir():
        print("shared reading lists (ids found / ids present, counted by a separate pattern):")
        for name, present in (
            ("terryum-awesome-deep-learning-papers-README.md",
             r"(?:arxiv\.org|128\.84\.21\.199)/(?:abs|pdf)/(\d{4}\.\d{4,5})"),
            ("terryum-top100papers.bib", r"(?:arXiv:|CoRR abs/)(\d{4}\.\d{4,5})"),
        ):
            body = (SHARED / name).read_text(encoding="utf-8")
            there = set(re.findall(present, body))
            found = read_list(body)
            hit = there & set(found.ids)
            extra = set(found.ids) - there
            print(f"  {name}: {len(hit)}/{len(there)} found, {len(extra)} not in the list "
                  f"found, {len(found.skipped)} entries without an id")
    else:
        print("shared reading lists: ../shared/fixtures absent; skipped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
