"""What the reading screen asks of the stored HTML (reader.text.html.html_store): is there a document
to read, or why not (the label over the PDF text); the document itself (in a worker: it
decompresses, and parses again a model made by an older parser); where a figure's file is."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.models import Paper
from reader.store.paths import Paths
from reader.text.html import html_store
from reader.text.document import Document


def readable(conn: sqlite3.Connection, paper: Paper) -> tuple[bool, str]:
    """(True, "") when the library keeps arXiv's HTML of the paper; else (False, why not)."""
    st = html_store.state(conn, paper.id)
    if st is not None and st.readable:
        return True, ""
    return False, html_store.fallback_reason(st, paper.is_local)


def load(conn: sqlite3.Connection, paper_id: str) -> tuple[Document | None, str | None]:
    """The paper's document model, or None and why (call from a worker)."""
    doc = html_store.document(conn, paper_id)
    if doc is not None:
        return doc, None
    return None, html_store.fallback_reason(html_store.state(conn, paper_id))


def figure_path(conn: sqlite3.Connection, paths: Paths, paper_id: str, name: str) -> Path | None:
    """The kept image file of a figure, or None when it is not there (not fetched, or arXiv
    has none)."""
    st = html_store.state(conn, paper_id)
    if st is None or "/" in name or name.startswith("."):
        return None
    path = html_store.figures_dir(paths.papers, paper_id, st.version) / name
    return path if path.is_file() else None
