"""Extract a paper's PDF text in a child process, reporting each page as it is stored.

pypdf is pure Python: run in a thread of the TUI it would hold the interpreter lock the UI needs
(frames stalled 100-300 ms). A child process has its own. Each page is stored in its own
transaction before it is reported, so killing the child (the Reading screen was left) keeps every
page done so far; the next extraction resumes after them.

    python -m reader.tui.extract_proc DATA_DIR CONFIG_DIR PAPER_ID NOW_ISO

prints `page N` per page, then `error MESSAGE` if the text could not be read.
"""

from __future__ import annotations

from datetime import datetime

from reader.tui.child import library, problem, run, say


def main(argv: list[str]) -> int:
    from reader.errors import PaperdeckError
    from reader.text.pdf import pdftext

    data, config_dir, paper_id, now = argv
    paths, conn = library(data, config_dir)
    try:
        for page in pdftext.extract(conn, paths, paper_id, now=datetime.fromisoformat(now)):
            say("page", page.page)
        state = pdftext.state(conn, paper_id)
        if state is not None and state.status == "failed":
            say("error", state.reason or "the PDF could not be read")
    except PaperdeckError as e:
        say("error", e)
    except Exception as e:  # noqa: BLE001 - one line for the screen, never a traceback
        say("error", "cannot read the text:", problem(e))
    finally:
        conn.close()
    return 0


if __name__ == "__main__":
    run(main, niceness=5)   # the pages come a little later on a busy machine, the frames on time
