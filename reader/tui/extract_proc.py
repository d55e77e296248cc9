"""Extract a paper's PDF text in a child process, reporting each page as it is stored.

pypdf is pure Python: run in a thread of the TUI it would hold the interpreter lock the UI needs
(frames stalled 100-300 ms). A child process has its own. Each page is stored in its own
transaction before it is reported, so killing the child (the Reading screen was left) keeps every
page done so far; the next extraction resumes after them.

    python -m reader.tui.extract_proc DATA_DIR CONFIG_DIR PAPER_ID NOW_ISO

prints `page N` per page, then `error MESSAGE` if the text could not be read.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path


def main(argv: list[str]) -> int:
    from reader.text import pdftext
    from reader.store import db
    from reader.errors import PaperdeckError
    from reader.store.paths import Paths

    data, config_dir, paper_id, now = argv
    paths = Paths(data=Path(data), config_dir=Path(config_dir))
    conn = db.connect(paths.db)
    try:
        for page in pdftext.extract(conn, paths, paper_id, now=datetime.fromisoformat(now)):
            print(f"page {page.page}", flush=True)
        state = pdftext.state(conn, paper_id)
        if state is not None and state.status == "failed":
            print(f"error {' '.join((state.reason or 'the PDF could not be read').split())}", flush=True)
    except PaperdeckError as e:
        print(f"error {' '.join(str(e).split())}", flush=True)
    except Exception as e:  # noqa: BLE001 - one line for the screen, never a traceback
        print(f"error cannot read the text: {type(e).__name__}: {' '.join(str(e).split())}", flush=True)
    finally:
        conn.close()
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main(sys.argv[1:]))
    except (KeyboardInterrupt, BrokenPipeError):
        raise SystemExit(1) from None
