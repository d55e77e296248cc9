"""Read the text of every paper not read yet, in a child process of the TUI (pypdf would hold
the interpreter lock the UI needs; see extract_proc). Each page is stored before it is
reported, so killing the child keeps what was read; the next run goes on from there.

    python -m reader.tui.index_proc DATA_DIR CONFIG_DIR NOW_ISO

prints `todo N`, then `page ID PAGE COUNT` per page and `done ID` per paper (an id holds no
space), and `error ID MESSAGE` for a paper whose text could not be read.
"""

from __future__ import annotations

import os
from datetime import datetime

from reader.tui.child import library, problem, run, say


def main(argv: list[str]) -> int:
    from reader.text.pdf import pdftext

    data, config_dir, now = argv
    paths, conn = library(data, config_dir)
    parent = os.getppid()
    try:
        todo = pdftext.pending(conn)
        say("todo", len(todo))
        for paper_id in todo:
            if os.getppid() != parent:
                return 0  # the TUI is gone (killed without killing us): stop
            try:
                done = pdftext.index(conn, paths, [paper_id], now=datetime.fromisoformat(now),
                                     progress=lambda pid, page, count: say("page", pid, page, count or 0))
            except Exception as e:  # noqa: BLE001 - one line for the TUI, never a traceback
                say("error", paper_id, problem(e))
                continue
            for d in done:
                if d.problem and not d.pages:
                    say("error", d.paper_id, d.problem)
                say("done", d.paper_id)
    finally:
        conn.close()
    return 0


if __name__ == "__main__":
    run(main, niceness=10)   # in the background: the UI first
