"""What the reading screen asks of the stored HTML: is there a model to read (and if not, why
not, in words for the label over the PDF text), the model itself (in a worker), and where a
figure's image file is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.store.paths import Paths
from reader.text.document import Document

NO_HTML = "arXiv has no HTML for this paper"


def available(conn: sqlite3.Connection, paper_id: str) -> tuple[bool, str | None]:
    """(True, None) when the library holds arXiv's HTML of the paper; else (False, why)."""
    if paper_id.startswith("local:"):
        return False, "a local PDF has no HTML"
    try:
        row = conn.execute("SELECT status, reason FROM html_pages WHERE paper_id = ?",
                           (paper_id,)).fetchone()
    except sqlite3.OperationalError:   # a library without the table: as if never fetched
        row = None
    if row is None:
        return False, "arXiv's HTML has not been fetched for this paper yet (paperdeck index)"
    status, reason = row
    if status == "ok":
        return True, None
    if status == "none":
        return False, NO_HTML
    return False, f"arXiv's HTML could not be fetched ({reason or 'try again later'})"


def load(conn: sqlite3.Connection, paper_id: str) -> tuple[Document | None, str | None]:
    """The paper's document model (call from a worker: it decompresses and may parse)."""
    from reader.text import htmlstore

    return htmlstore.load_document(conn, paper_id)


def figure_path(paths: Paths, paper_id: str, name: str) -> Path | None:
    """The stored image file of a figure, or None when it is not there."""
    from reader.text import htmlstore

    path = htmlstore.figure_path(paths, paper_id, name)
    return path if path is not None and path.is_file() else None
