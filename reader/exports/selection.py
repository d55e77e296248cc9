"""Which papers an export covers: ids, a tag, a reading status."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from .. import library
from ..errors import UsageError
from ..models import Paper

STATUSES = ("unread", "pass 1", "pass 2", "pass 3")


def normalise_status(text: str) -> str:
    """`pass2`, `pass-2`, `2`, `Pass 2` -> `pass 2`; `unread` as it is."""
    t = text.strip().lower().replace("-", " ").replace("_", " ")
    if t.isdigit():
        t = f"pass {t}"
    if t.startswith("pass") and t[4:].strip().isdigit():
        t = f"pass {t[4:].strip()}"
    if t not in STATUSES:
        raise UsageError(f"unknown status {text!r}; use one of: {', '.join(STATUSES)}")
    return t


def statuses(conn: sqlite3.Connection) -> dict[str, str]:
    """Paper id -> reading status (the highest finished pass) for papers that are not unread."""
    try:
        from .. import passes
    except ImportError:  # the reading side is not there yet: nothing has been read
        return {}
    return passes.statuses(conn)


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
        wanted = normalise_status(status)
        known = statuses(conn)
        papers = [p for p in papers if known.get(p.id, "unread") == wanted]
    return papers
