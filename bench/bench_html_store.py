"""Space and time of keeping arXiv's HTML, per fixture paper (../shared/fixtures/arxiv-html):
the page and the model as stored (zlib), the section text `find` indexes, and what the database
file grows by (the full-text index included); storing (parse + compress + write) and reading the
model back. Prints figures, asserts nothing.

    .venv/bin/python bench/bench_html_store.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT.parent / "shared" / "fixtures" / "arxiv-html"


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def size(conn) -> int:
    """The database's size in pages, as it would be on disk once checkpointed."""
    return conn.execute("PRAGMA page_count").fetchone()[0] * \
        conn.execute("PRAGMA page_size").fetchone()[0]


def main() -> None:
    from reader.library import papers
    from reader.models import Paper
    from reader.store import db
    from reader.text.html import html_store

    print(f"{'paper':<12} {'page':>9} {'page z':>8} {'model z':>8} {'kept':>8} {'ratio':>6} "
          f"{'text':>8} {'db grows':>9} {'store':>7} {'read':>7}")
    detail = []
    for folder in sorted(p for p in FIXTURES.iterdir() if p.is_dir()):
        html = (folder / "index.html").read_bytes()
        with tempfile.TemporaryDirectory() as tmp:
            conn = db.connect(Path(tmp) / "lib.db")
            db.migrate(conn)
            papers.insert(conn, Paper(folder.name, "t", version=1, added="2026-01-01T00:00:00Z"))
            conn.execute("VACUUM")
            before = size(conn)
            stored = best_of(1, lambda: html_store.store_page(conn, folder.name, 1, html))
            conn.execute("VACUUM")
            grown = size(conn) - before
            by_table = dict(conn.execute(
                "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE '%html%' GROUP BY name"))
            detail.append((folder.name, by_table))
            page_z, model_z = conn.execute(
                "SELECT length(html), length(model) FROM html_pages").fetchone()
            text = conn.execute("SELECT sum(length(text)) FROM html_text").fetchone()[0]
            read = best_of(5, lambda: html_store.document(conn, folder.name))
            conn.close()
        kept = page_z + model_z
        print(f"{folder.name:<12} {len(html):>9,} {page_z:>8,} {model_z:>8,} {kept:>8,} "
              f"{kept / len(html):>6.1%} {text:>8,} {grown:>9,} {stored * 1000:>5.0f}ms "
              f"{read * 1000:>5.0f}ms")
    for name, by_table in detail:
        print(f"{name}: bytes on disk by table: "
              + ", ".join(f"{t} {n:,}" for t, n in sorted(by_table.items())))


if __name__ == "__main__":
    main()
