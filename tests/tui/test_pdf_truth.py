"""Whether a paper's PDF is there is one answer, from the file on disk, in `show`, `show --json`,
the Paper screen, ctrl+o and the reading screen (reader.store.pdf_state).

The library is release 0.1.0's (tests/fixtures/release-0.1.0), upgraded without its papers/
folder: the rows say "ok", the files are not there."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

from reader.store import db
from reader.store import paths as paths_mod

from tests.waiting import until

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "release-0.1.0"


def old_library(home: Path, with_pdfs: bool) -> None:
    (home / "paperdeck.db").write_bytes(gzip.decompress((FIXTURE / "paperdeck.db.gz").read_bytes()))
    if with_pdfs:
        shutil.copytree(FIXTURE / "papers", home / "papers")


def meta(app) -> str:
    return str(app.screen.query_one("#paper-meta").render())


async def test_an_upgraded_library_without_its_pdfs_says_missing_everywhere(home, cli, make):
    old_library(home, with_pdfs=False)   # 1706.03762: no text read yet, so no cached pages
    code, shown, _ = cli("show", "1706.03762")
    assert code == 0 and "PDF: missing (the file is gone" in shown
    assert json.loads(cli("show", "1706.03762", "--json")[1])["pdf"] is None
    app = make(screen="paper", paper_id="1706.03762")
    async with app.run_test(size=(120, 40)) as pilot:
        # The condition itself, not every worker: the background reader may still be at work.
        await until(pilot, lambda: type(app.screen).__name__ == "PaperScreen"
                    and "PDF" in meta(app), what="the Paper screen's PDF line")
        assert "PDF missing: the file is gone (ctrl+o downloads it)" in meta(app)
        assert "downloaded" not in meta(app).replace("downloads it", "")
        await pilot.press("ctrl+o")       # offers to download it, as for any paper without one
        await pilot.pause()
        assert type(app.screen).__name__ == "Confirm"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+r")
        await until(pilot, lambda: type(app.screen).__name__ == "ReadingScreen"
                    and app.screen.problem, what="the Reading screen's problem")
        assert "1706.03762 has no PDF" in (app.screen.problem or "")


async def test_a_file_on_disk_is_there_whatever_the_row_says(home, cli, make):
    """A re-download that failed marks the row "missing" and keeps the file it had: it is there."""
    old_library(home, with_pdfs=True)
    conn = db.open_library(paths_mod.resolve(str(home)))
    with db.transaction(conn):
        conn.execute("UPDATE papers SET pdf_status = 'missing' WHERE id = '1211.3711'")
    conn.close()
    code, shown, _ = cli("show", "1211.3711")
    assert code == 0 and f"PDF: {home / 'papers' / '1211.3711.pdf'}" in shown
    app = make(screen="paper", paper_id="1211.3711")
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: type(app.screen).__name__ == "PaperScreen"
                    and "PDF" in meta(app), what="the Paper screen's PDF line")
        assert "PDF on disk" in meta(app)
        (home / "papers" / "1211.3711.pdf").unlink()   # gone while the screen is open
        app.screen.reload()
        await pilot.pause()
        assert "PDF missing: the download failed (ctrl+o downloads it)" in meta(app)
