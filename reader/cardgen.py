"""Cards from notes (the review issue fills this in): `sync_paper` is called whenever a paper's
notes are saved, inside the same transaction."""

from __future__ import annotations

import sqlite3
from datetime import datetime


def sync_paper(conn: sqlite3.Connection, paper_id: str, now: datetime) -> None:
    """Bring the paper's generated cards in line with its notes."""
    return None
