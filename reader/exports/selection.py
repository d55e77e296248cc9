"""Which papers an export covers: ids, a tag, a reading status."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from reader.library import papers as library
from reader.models import Paper


def select(
    conn: sqlite3.Connection,
    ids: Sequence[str] = (),
    tag: str | None = None,
    status: str | None = None,
) -> list[Paper]:
    """The papers named (in the order named; NotFound for one that is absent), else the whole
    library oldest first; then only those with `tag` and `status`."""
    if ids:
        papers, seen = [], set()
        for text in ids:
            paper = library.require(conn, text)
            if paper.id not in seen:
                seen.add(paper.id)
                papers.append(paper)
    else:
        papers = library.all_papers(conn)
    if tag:
        papers = [p for p in papers if tag in p.tags]
    if status:
        from reader.reading import passes

        wanted = passes.parse_status(status)
        known = passes.statuses(conn)
        papers = [p for p in papers if known.get(p.id, "unread") == wanted]
    return papers
