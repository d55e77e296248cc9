"""Reading benchmarks: PDF text extraction, full-text search, fuzzy matching. Prints figures,
asserts nothing.

    python bench/bench_reading.py [--home HOME] [--papers 10000] [--pages 20] [--runs 5]

PDF figures use ../shared/fixtures/arxiv-pdf (skipped when absent). Search figures use the
synthetic library in HOME (built there with bench/synth_reading.py when it has no database).
Targets: first page of 1111.2011v2.pdf <= 0.5 s; `paperdeck find` <= 100 ms per query, prefix
queries (`quant*`) included; `paperdeck list --match` <= 150 ms whole process; fuzzy ranking
< 30 ms per keystroke over 10,000 papers; `list --json` over 10,000 papers < 500 ms whole process.

`--prefix-index` also measures what an FTS5 prefix index on the page text would cost and give
(database size per 1,000 papers, prefix query times), on a 1,000-paper library built for it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

SHARED = ROOT.parent / "shared" / "fixtures"
PAPERDECK = [sys.executable, "-m", "reader.cli"] if not (Path(sys.executable).parent / "paperdeck").exists() \
    else [str(Path(sys.executable).parent / "paperdeck")]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def bench_pdf(runs: int) -> None:
    from reader.text.pdf import pdftext
    from reader.store.db import open_library
    from reader.library.localpdf import add_local
    from reader.store.paths import resolve

    pdfs = sorted((SHARED / "arxiv-pdf").glob("*.pdf")) if SHARED.is_dir() else []
    if not pdfs:
        print("PDF text: ../shared/fixtures/arxiv-pdf absent; skipped")
        return
    print("PDF text (pypdf, cleaned, stored page by page; median of", runs, "fresh libraries)")
    for pdf in pdfs:
        firsts, totals, pages = [], [], 0
        for _ in range(runs):
            home = Path(tempfile.mkdtemp(prefix="pdbench-"))
            try:
                paths = resolve(home)
                conn = open_library(paths)
                paper = add_local(conn, paths, pdf)
                t = time.perf_counter()
                first = None
                pages = 0
                for _page in pdftext.extract(conn, paths, paper.id):
                    pages += 1
                    if first is None:
                        first = time.perf_counter() - t
                totals.append(time.perf_counter() - t)
                firsts.append(first or 0.0)
                conn.close()
            finally:
                shutil.rmtree(home, ignore_errors=True)
        total = statistics.median(totals)
        print(f"  {pdf.name:<24} {pages:3d} pages  first page {ms(statistics.median(firsts))}  "
              f"all {ms(total)}  {total / max(pages, 1):.3f} s/page")
    # Whole process, cold: `paperdeck text ID --page 1` on a library where nothing is cached.
    pdf = SHARED / "arxiv-pdf" / "1111.2011v2.pdf"
    if pdf.exists():
        times = []
        for _ in range(runs):
            home = Path(tempfile.mkdtemp(prefix="pdbench-"))
            try:
                env = process_env(home)
                key = subprocess.run([*PAPERDECK, "add", str(pdf)], env=env, capture_output=True,
                                     text=True, check=True).stdout.strip()
                t = time.perf_counter()
                subprocess.run([*PAPERDECK, "text", key, "--page", "1"], env=env,
                               capture_output=True, check=True)
                times.append(time.perf_counter() - t)
            finally:
                shutil.rmtree(home, ignore_errors=True)
        print(f"  paperdeck text ID --page 1 (whole process, nothing cached): {ms(statistics.median(times))}")


def process_env(home: Path | None = None) -> dict:
    """The environment of a user's install: bytecode cached (PYTHONDONTWRITEBYTECODE, set in
    some dev shells, would make every run compile paperdeck's sources; the cache goes to a
    temporary folder rather than into the tree), no pinned clock."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PAPERDECK_NOW", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "paperdeck-bench-pycache")
    if home is not None:
        env["PAPERDECK_HOME"] = str(home)
    return env


def timed_process(argv: list[str], env: dict, runs: int) -> tuple[float, float, str]:
    """Median and worst wall time of `runs` fresh processes (after one warm-up run that fills
    the bytecode cache); figures also go in CPU_TIMES (median user+sys CPU)."""
    import resource

    subprocess.run(argv, env=env, capture_output=True)
    times, cpu, out = [], [], ""
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        r = subprocess.run(argv, env=env, capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        out = r.stdout
    CPU_TIMES[" ".join(argv[1:])] = statistics.median(cpu)
    return statistics.median(times), max(times), out


CPU_TIMES: dict[str, float] = {}


def bench_library(home: Path, papers: int, pages: int, runs: int) -> None:
    from reader.text import find
    from reader.text import fuzzy
    from reader.library import papers as library
    from reader.store.db import open_library
    from reader.store.paths import resolve

    paths = resolve(home)
    if not paths.db.exists():
        from synth_reading import make_reading_library

        t = time.perf_counter()
        print(f"building a synthetic library in {home}: {papers} papers x {pages} pages ...")
        make_reading_library(home, papers, pages)
        print(f"  built in {time.perf_counter() - t:.0f} s")
    conn = open_library(paths)
    n_papers = conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    n_pages = conn.execute("SELECT count(*) FROM pages").fetchone()[0]
    size = paths.db.stat().st_size
    text_bytes = conn.execute("SELECT sum(length(text)) FROM pages").fetchone()[0] or 0
    print(f"\nSynthetic library: {n_papers} papers, {n_pages} pages "
          f"({text_bytes / max(n_pages, 1):.0f} chars/page)")
    print(f"  database {size / 1e6:.0f} MB, {size / max(n_papers, 1) / 1e3:.0f} kB per paper "
          f"(page text itself {text_bytes / max(n_papers, 1) / 1e3:.0f} kB per paper)")

    # Words by how many pages hold them (fts5vocab), for queries of every kind.
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.pages_vocab USING fts5vocab(main, pages_fts, row)")

    def word_on(pages_wanted: int) -> str:
        return conn.execute("SELECT term FROM temp.pages_vocab WHERE doc >= ? AND term GLOB '[a-z]*' "
                            "ORDER BY doc LIMIT 1", (pages_wanted,)).fetchone()[0]

    print(f"  database per 1,000 papers: {size / max(n_papers, 1) * 1000 / 1e6:.0f} MB")
    rare_word, mid_word, common_word = word_on(3), word_on(n_pages // 100), word_on(n_pages // 4)
    counts = {w: conn.execute("SELECT doc FROM temp.pages_vocab WHERE term = ?", (w,)).fetchone()[0]
              for w in (rare_word, mid_word, common_word, "the", "transduction")}
    print("  query words on how many pages: " + ", ".join(f"{w} {c}" for w, c in counts.items()))
    queries = ["the", common_word, "transduction", mid_word, rare_word, "neural network",
               '"optimal transport"', "lattice gauge theory", "quant*", "transduc*", "qu*",
               "graves transduction", f"{mid_word} {rare_word}", 'AND( "*']
    print("\nfind (in-process search(), median of", runs, "/ worst)")
    for q in queries:
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            try:
                hits = find.search(conn, q)
            except Exception as e:  # noqa: BLE001
                hits = [e]
            times.append(time.perf_counter() - t)
        print(f"  {q!r:<26} {ms(statistics.median(times))} / {ms(max(times))}   {len(hits)} hits")
    env = process_env(home)
    print(f"\nwhole process, cold (a new `paperdeck` each time; median / worst of {runs}; "
          f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    t_help, _, _ = timed_process([*PAPERDECK, "--help"], env, runs)
    print(f"  paperdeck --help                      {ms(t_help)}   (start-up floor)")
    for q in ("transduction", rare_word, mid_word, "neural network"):
        med, worst, _ = timed_process([*PAPERDECK, "find", q], env, runs)
        print(f"  paperdeck find {q!r:<22} {ms(med)} / {ms(worst)}")
    for q in ("transducton graves", "lattise gauge", "quantum"):
        med, worst, out = timed_process([*PAPERDECK, "list", "--match", q], env, runs)
        print(f"  paperdeck list --match {q!r:<20} {ms(med)} / {ms(worst)}   {out.count(chr(10))} lines")
    med, worst, _ = timed_process([*PAPERDECK, "list", "--json"], env, max(2, runs // 2))
    print(f"  paperdeck list --json                 {ms(med)} / {ms(worst)}")
    med, worst, _ = timed_process([*PAPERDECK, "list", "--status", "pass 2"], env, runs)
    print(f"  paperdeck list --status 'pass 2'      {ms(med)} / {ms(worst)}")
    print("  CPU time (user+sys, median) of the same: " + "; ".join(
        f"{k} {v * 1000:.0f} ms" for k, v in CPU_TIMES.items()))

    rows = [(p.id, p.title, p.authors, p.tags) for p in library.all_papers(conn)]
    t = time.perf_counter()
    index = fuzzy.FuzzyIndex(rows)
    build = time.perf_counter() - t
    print(f"\nfuzzy over {len(rows)} papers: index built in {ms(build)}")
    typed = "transducton graves"
    per_key = []
    for i in range(1, len(typed) + 1):
        t = time.perf_counter()
        index.rank(typed[:i])
        per_key.append(time.perf_counter() - t)
    print(f"  typing {typed!r} key by key: median {ms(statistics.median(per_key))}, "
          f"worst {ms(max(per_key))} per keystroke")
    for q in ("quantum field theory", "bayesian infrence", "hinton", "q"):
        t = time.perf_counter()
        r = index.rank(q)
        print(f"  {q!r:<24} {ms(time.perf_counter() - t)}  {len(r)} matches")
    conn.close()


def bench_prefix_index(runs: int, papers: int = 1000, pages: int = 20) -> None:
    """Size and prefix-query time of a library without and with an FTS5 prefix index on the
    page text (prefix='2 3 4'), to weigh adding one: paperdeck has none."""
    import sqlite3

    from reader.text import find
    from synth_reading import make_reading_library

    home = Path(tempfile.mkdtemp(prefix="pdbench-prefix-"))
    try:
        dbfile = make_reading_library(home, papers, pages)
        conn = sqlite3.connect(dbfile)
        conn.execute("VACUUM")

        def measure(label: str) -> None:
            size = dbfile.stat().st_size
            times = {}
            for q in ("quant*", "qu*", "transduc*"):
                ts = []
                for _ in range(runs):
                    t = time.perf_counter()
                    find.search(conn, q)
                    ts.append(time.perf_counter() - t)
                times[q] = statistics.median(ts)
            print(f"  {label:<32} {size / papers * 1000 / 1e6:6.1f} MB per 1,000 papers;  "
                  + "  ".join(f"{q} {ms(t)}" for q, t in times.items()))

        print(f"\nFTS5 prefix index on page text ({papers} papers x {pages} pages; median of {runs})")
        measure("without (as paperdeck ships)")
        conn.executescript("""
            DROP TABLE pages_fts;
            CREATE VIRTUAL TABLE pages_fts USING fts5(text, content = 'pages', content_rowid = 'id',
                tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');
            INSERT INTO pages_fts (pages_fts) VALUES ('rebuild');
            VACUUM;
        """)
        measure("with prefix='2 3 4'")
        conn.close()
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--home", help="library to measure (default: a temporary one, built here)")
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--pages", type=int, default=20)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--skip-pdf", action="store_true")
    ap.add_argument("--skip-library", action="store_true", help="no 10,000-paper figures")
    ap.add_argument("--prefix-index", action="store_true",
                    help="also weigh an FTS5 prefix index (size and time)")
    a = ap.parse_args()
    if not a.skip_pdf:
        bench_pdf(a.runs)
    if a.prefix_index:
        bench_prefix_index(a.runs)
    if a.skip_library:
        return 0
    home = Path(a.home) if a.home else Path(tempfile.mkdtemp(prefix="pdbench-lib-"))
    try:
        bench_library(home, a.papers, a.pages, a.runs)
    finally:
        if not a.home:
            shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
