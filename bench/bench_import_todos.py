"""`paperdeck import yaml` of one item with many TODOs (issue 20.4), into an empty library.

    .venv/bin/python bench/bench_import_todos.py [--todos 100000] [--profile]

Builds a library with one paper and N TODOs (a tenth of them done), exports it with
`paperdeck export yaml`, then times `paperdeck import yaml` of that file into a new, empty
library, each as its own process (as a user runs them). Prints the export's size and the
seconds each step took; --profile also prints where the import's time went (cProfile, in
process, the 25 costliest functions by their own time). Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

EXE = str(Path(sys.executable).with_name("paperdeck"))


def make(home: Path, n: int) -> None:
    from reader.library.papers import insert
    from reader.models import Paper
    from reader.store import db
    from reader.store.paths import resolve

    conn = db.open_library(resolve(home))
    with db.transaction(conn):
        insert(conn, Paper(id="1211.3711", version=1, title="Sequence Transduction with RNNs",
                           authors=("Alex Graves",), added="2026-11-01T10:00:00Z"))
        # One search-index update for them all, as the import does (m0012's todos_bulk): the
        # per-row trigger would make building the library itself quadratic.
        conn.execute("INSERT INTO todos_bulk (paper_id) VALUES ('1211.3711')")
        conn.executemany(
            "INSERT INTO todos (paper_id, text, created, done) VALUES ('1211.3711', ?, ?, ?)",
            [(f"follow-up number {i}: re-derive eq. {i % 40}", f"2026-11-{1 + i % 28:02d}T10:00:00Z",
              "2026-11-30T10:00:00Z" if i % 10 == 0 else None) for i in range(n)])
        conn.execute("DELETE FROM todos_bulk")
    conn.close()


def run(argv: list[str], home: Path) -> float:
    t = time.perf_counter()
    r = subprocess.run([EXE, *argv], env={**os.environ, "PAPERDECK_HOME": str(home)},
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"paperdeck {' '.join(argv)} failed: {r.stderr[-400:]}")
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--todos", type=int, default=100_000)
    ap.add_argument("--profile", action="store_true")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp, "src"), Path(tmp, "dst")
        t = time.perf_counter()
        make(src, a.todos)
        print(f"made 1 paper with {a.todos:,} TODOs in {time.perf_counter() - t:.1f} s")
        out = Path(tmp, "export.yaml")
        print(f"export yaml: {run(['export', 'yaml', '-o', str(out)], src):.2f} s, "
              f"{out.stat().st_size / 1e6:.1f} MB")
        took = run(['import', 'yaml', str(out)], dst)
        import sqlite3

        have = sqlite3.connect(dst / "paperdeck.db").execute("SELECT count(*) FROM todos").fetchone()[0]
        print(f"import yaml into an empty library: {took:.2f} s ({have:,} TODOs there after)")
        again = run(["import", "yaml", str(out)], dst)
        print(f"import yaml again (everything there): {again:.2f} s")
        if a.profile:
            import cProfile
            import pstats

            from reader.cli import main as cli

            os.environ["PAPERDECK_HOME"] = str(Path(tmp, "profiled"))
            prof = cProfile.Profile()
            prof.runcall(cli, ["import", "yaml", str(out)])
            pstats.Stats(prof).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
