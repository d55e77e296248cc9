"""Keshav's five Cs, the note a first pass ends with: Category (what type of paper), Context
(which papers it relates to, which theory it builds on), Correctness (do its assumptions seem
valid), Contributions (what it adds), Clarity (is it well written). Table `five_cs`.

Five short fields, not a template in the free notes: a field is empty or not (so the reading
queue can say that a paper read once still lacks them), each is exported and searched under its
own name, and no heading the user mistypes in a template loses an answer.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from reader import clock
from reader.errors import NotFound
from reader.reading.notes import normalise
from reader.store.db import transaction

NAMES = ("category", "context", "correctness", "contributions", "clarity")
QUESTIONS = {
    "category": "What type of paper is this?",
    "context": "Which other papers is it related to? Which theory does it build on?",
    "correctness": "Do the assumptions appear to be valid?",
    "contributions": "What are the paper's main contributions?",
    "clarity": "Is the paper well written?",
}


@dataclass(frozen=True)
class FiveCs:
    paper_id: str
    category: str = ""
    context: str = ""
    correctness: str = ""
    contributions: str = ""
    clarity: str = ""
    modified: str | None = None

    @property
    def empty(self) -> bool:
        return not any(getattr(self, n).strip() for n in NAMES)

    @property
    def missing(self) -> list[str]:
        return [n for n in NAMES if not getattr(self, n).strip()]

    def items(self) -> list[tuple[str, str]]:
        return [(n, getattr(self, n)) for n in NAMES]


def get(conn: sqlite3.Connection, paper_id: str) -> FiveCs:
    r = conn.execute(f"SELECT paper_id, {', '.join(NAMES)}, modified FROM five_cs "
                     "WHERE paper_id = ?", (paper_id,)).fetchone()
    return FiveCs(*r) if r else FiveCs(paper_id)


def save(conn: sqlite3.Connection, paper_id: str, now: datetime, **values: str | None) -> FiveCs:
    """Set some of the five Cs (None: unchanged; "" clears one). Nothing is written when
    nothing changes."""
    unknown = set(values) - set(NAMES)
    if unknown:
        raise ValueError(f"not one of the five Cs: {sorted(unknown)}")
    wanted = {k: normalise(v).strip() for k, v in values.items()
              if v is not None}
    with transaction(conn):
        if not conn.execute("SELECT 1 FROM papers WHERE id = ?", (paper_id,)).fetchone():
            raise NotFound(f"{paper_id} is not in the library")
        old = get(conn, paper_id)
        if all(getattr(old, k) == v for k, v in wanted.items()):
            return old
        new = {n: wanted.get(n, getattr(old, n)) for n in NAMES}
        conn.execute(
            f"INSERT INTO five_cs (paper_id, {', '.join(NAMES)}, modified) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (paper_id) DO UPDATE SET "
            + ", ".join(f"{n} = excluded.{n}" for n in NAMES) + ", modified = excluded.modified",
            (paper_id, *new.values(), clock.iso(now)))
    return get(conn, paper_id)


def missing_after_pass_1(conn: sqlite3.Connection) -> set[str]:
    """Papers whose pass 1 is finished and whose five Cs are all empty."""
    rows = conn.execute(
        "SELECT DISTINCT p.paper_id FROM passes p LEFT JOIN five_cs f ON f.paper_id = p.paper_id "
        "WHERE p.pass = 1 AND p.finished IS NOT NULL AND (f.paper_id IS NULL OR "
        + " AND ".join(f"trim(f.{n}) = ''" for n in NAMES) + ")")
    return {r[0] for r in rows}


__all__ = ["FiveCs", "NAMES", "QUESTIONS", "get", "save", "missing_after_pass_1"]
