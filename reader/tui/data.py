"""The TUI's one door into the core: every screen reads and writes through these functions.

Each function wraps one core call, so that when a core module changes (or lands: the fuzzy
ranking, passes, notes, card generation, PDF text) only this file follows. Nothing here imports
textual; functions that touch the database take the connection of the thread they run on.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from ..config import Config

STATUSES = ("unread", "pass 1", "pass 2", "pass 3")


@dataclass(frozen=True)
class PaperRow:
    """One line of the library table."""

    id: str
    title: str
    author: str       # first author's surname
    year: str
    status: str       # unread | pass 1 | pass 2 | pass 3
    due: int          # this paper's cards due today
    added: str


# -- ranking ---------------------------------------------------------------------------------


def rank(query: str, texts: Sequence[str]) -> list[int]:
    """Indices of `texts` that match `query`, best first (the ranking `paperdeck list --match` uses)."""
    try:
        from ..fuzzy import rank_indices  # type: ignore[attr-defined]
    except ImportError:
        return _rank_fallback(query, texts)
    return list(rank_indices(query, texts))


def _rank_fallback(query: str, texts: Sequence[str]) -> list[int]:
    from rapidfuzz import fuzz, process, utils

    query = query.strip()
    if not query:
        return list(range(len(texts)))
    found = process.extract(
        query, texts, scorer=fuzz.WRatio, processor=utils.default_process,
        limit=None, score_cutoff=60,
    )
    found.sort(key=lambda m: (-m[1], m[2]))
    return [i for _, _, i in found]


# -- library ---------------------------------------------------------------------------------


def _surname(name: str | None) -> str:
    parts = (name or "").split()
    return parts[-1] if parts else ""


def library_rows(conn: sqlite3.Connection, now: datetime, config: Config, tz: tzinfo | None = None) -> list[PaperRow]:
    """Every paper as a table row, oldest added first. One query for papers, one for due cards."""
    statuses = paper_statuses(conn)
    due = due_by_paper(conn, now, config, tz)
    rows = conn.execute(
        "SELECT id, title, json_extract(authors, '$[0]') AS first, substr(published, 1, 4) AS year,"
        " added FROM papers ORDER BY added, id"
    )
    return [
        PaperRow(r[0], r[1], _surname(r[2]), r[3] or "", statuses.get(r[0], "unread"),
                 due.get(r[0], 0), r[4])
        for r in rows
    ]


def paper_statuses(conn: sqlite3.Connection) -> dict[str, str]:
    """Status per paper id, from its passes (papers absent from the answer are unread)."""
    try:
        from .. import passes  # type: ignore[attr-defined]
    except ImportError:
        return {}
    fn = getattr(passes, "statuses", None)
    return dict(fn(conn)) if fn else {}


# -- decks -----------------------------------------------------------------------------------


def deck_settings(config: Config):
    from decks.settings import DeckSettings, load_parameters

    return DeckSettings(
        desired_retention=config["review.desired_retention"],
        new_per_day=config["review.new_per_day"],
        reviews_per_day=config["review.reviews_per_day"],
        maximum_interval=config["review.maximum_interval_days"],
        fuzz=config["review.fuzz"],
        rollover_hour=config["review.day_starts_at_hour"],
    )


@dataclass(frozen=True)
class Due:
    new: int = 0
    learning: int = 0
    review: int = 0

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


def due_today(conn: sqlite3.Connection, now: datetime, config: Config, tz: tzinfo | None = None) -> Due:
    """What the review queue holds today (limits applied)."""
    from decks.queue import due_counts

    try:
        c = due_counts(conn, now, deck_settings(config), tz)
    except sqlite3.OperationalError:  # an older schema without cards
        return Due()
    return Due(c.new, c.learning, c.review)


def due_by_paper(conn: sqlite3.Connection, now: datetime, config: Config, tz: tzinfo | None = None) -> dict[str, int]:
    """Cards due by the end of today's study day (learning and reviews), per paper id."""
    from decks.clock import day_bounds, iso

    _, _, end = day_bounds(now, tz, config["review.day_starts_at_hour"])
    try:
        return dict(conn.execute(
            "SELECT group_key, count(*) FROM cards WHERE suspended IS NULL AND state != 'new'"
            " AND due < ? AND group_key IS NOT NULL GROUP BY group_key", (iso(end),),
        ).fetchall())
    except sqlite3.OperationalError:
        return {}


def cards_for_paper(conn: sqlite3.Connection, paper_id: str) -> list[tuple[str, str, str]]:
    """(front, back, state) of the cards stored for a paper."""
    try:
        rows = conn.execute(
            "SELECT front, back, CASE WHEN suspended IS NULL THEN state ELSE 'suspended' END"
            " FROM cards WHERE group_key = ? ORDER BY id", (paper_id,),
        ).fetchall()
    except sqlite3.OperationalError:
        return []
    return [tuple(r) for r in rows]


def authors_line(authors: Sequence[str], limit: int = 6) -> str:
    if len(authors) <= limit:
        return ", ".join(authors)
    return ", ".join(authors[:limit]) + f" … (+{len(authors) - limit})"


def loads_list(text: str) -> list[str]:
    return list(json.loads(text or "[]"))
