"""Read the text of every paper not read yet, in a child process of the TUI (pypdf would hold
the interpreter lock the UI needs; see extract_proc). Each page is stored before it is
reported, so killing the child keeps what was read; the next run goes on from there.

    python -m reader.tui.index_proc DATA_DIR CONFIG_DIR NOW_ISO

prints `todo N`, then `page ID PAGE COUNT` per page and `done ID` per paper (an id holds no
space), and `error ID MESSAGE` for a paper whose text could not be read.
"""

from __future__ import annotations

import os
import sys
from datetime import datetime
from pathlib import Path


def main(argv: list[str]) -> int:
    from reader.text import pdftext
    from reader.store import db
    from reader.store.paths import Paths

    data, config_dir, now = argv
    paths = Paths(data=Path(data), config_dir=Path(config_dir))
    parent = os.getppid()
    conn = db.connect(paths.db)
    try:
        todo = pdftext.pending(conn)
        print(f"todo {len(todo)}", flush=True)
        for paper_id in todo:
            if os.getppid() != parent:
                return 0  # the TUI is gone (killed without killing us): stop
            try:
                done = pdftext.index(conn, paths, [paper_id], now=datetime.fromisoformat(now),
                                     progress=lambda pid, page, count: print(
                                         f"page {pid} {page} {count or 0}", flush=True))
            except Exception as e:  # noqa: BLE001 - one line for the TUI, never a traceback
                print(f"error {paper_id} {type(e).__name__}: {' '.join(str(e).split())}", flush=True)
                continue
            for d in done:
                if d.problem and not d.pages:
                    print(f"error {d.paper_id} {' '.join(d.problem.split())}", flush=True)
                print(f"done {d.paper_id}", flush=True)
    finally:
        conn.close()
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main(sys.argv[1:]))
    except (KeyboardInterrupt, BrokenPipeError):
        raise SystemExit(1) from None
