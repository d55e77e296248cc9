"""Today's review queue and the due counts shown before a session.

Order (recompute after every answer; `next_card` does):
1. learning and relearning cards that are due (due <= now), earliest first;
2. review cards due before the end of today's study day, lowest retrievability first, at most
   `reviews_per_day` minus the reviews already answered today;
3. new cards by their order key, at most `new_per_day` minus new cards introduced today;
4. last, learning cards due within `learn_ahead_s` (Anki's "learn ahead"), so a card due again
   in a few minutes comes back in the same session once nothing else is left.
Siblings (cards with one `sibling_key`: one note's cards) are buried for the day once one of them
has been answered: new and review siblings wait until tomorrow, as in Anki, so that one card's
answer does not give away the next one's.
The study day starts at `settings.rollover_hour` (04:00) local time, `tz` (default: system).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from .cards import CARD_COLUMNS, card_from_row
from .clock import day_bounds, day_start, iso, local_tz
from .models import Card
from .scheduler import make_scheduler
from .settings import DeckSettings

__all__ = ["DueCounts", "today_queue", "next_card", "due_counts", "due_by_group", "new_waiting", "answered_today"]


@dataclass(frozen=True)
class DueCounts:
    """Cards to study today (limits applied) and the reviews due by the end of tomorrow."""

    new: int
    learning: int
    review: int
    tomorrow: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


def answered_today(
    conn: sqlite3.Connection, now: datetime, tz: tzinfo | None = None, rollover_hour: int = 4
) -> dict[str, int]:
    """Answers given so far today, by the card's state before the answer
    ({'new': 3, 'review': 41, 'learning': 7, 'relearning': 2})."""
    _, start, end = day_bounds(now, tz or local_tz(), rollover_hour)
    counts = {"new": 0, "learning": 0, "review": 0, "relearning": 0}
    for state, n in conn.execute(
        "SELECT state_before, count(*) FROM review_log WHERE reviewed_at >= ? AND reviewed_at < ?"
        " GROUP BY state_before",
        (iso(start), iso(end)),
    ):
        counts[state] = n
    return counts


def _by_ids(conn: sqlite3.Connection, ids: list[int]) -> list[Card]:
    """Cards with these ids, in this order."""
    rows: dict[int, Card] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        for r in conn.execute(
            f"SELECT {CARD_COLUMNS} FROM cards WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ):
            rows[r[0]] = card_from_row(r)
    return [rows[i] for i in ids]


_NOT_BURIED = (
    " AND (sibling_key IS NULL OR sibling_key NOT IN (SELECT c.sibling_key FROM review_log r"
    " JOIN cards c ON c.id = r.card_id WHERE r.reviewed_at >= ? AND r.reviewed_at < ?"
    " AND c.sibling_key IS NOT NULL))"
)


def _group(group_key: str | None) -> tuple[str, tuple]:
    return ("AND group_key = ?", (group_key,)) if group_key is not None else ("", ())


def today_queue(
    conn: sqlite3.Connection,
    now: datetime,
    settings: DeckSettings | None = None,
    tz: tzinfo | None = None,
    group_key: str | None = None,
    limit: int | None = None,
) -> list[Card]:
    """The cards to study now, in order (see the module docstring). Limits are per day and count
    every answer given today; `group_key` restricts the queue to one group (e.g. one paper).
    With `limit`, stops as soon as that many cards are found (`next_card` asks for one)."""
    settings = settings or DeckSettings()
    tz = tz or local_tz()
    _, start, end = day_bounds(now, tz, settings.rollover_hour)
    done = answered_today(conn, now, tz, settings.rollover_hour)
    g_sql, g_args = _group(group_key)
    t_now = iso(now)
    today = (iso(start), iso(end))

    cap = -1 if limit is None else limit  # SQLite: LIMIT -1 is no limit
    learning = [card_from_row(r) for r in conn.execute(
        f"SELECT {CARD_COLUMNS} FROM cards WHERE suspended IS NULL"
        f" AND state IN ('learning', 'relearning') AND due <= ? {g_sql} ORDER BY due, id LIMIT ?",
        (t_now, *g_args, cap),
    )]
    if limit is not None and len(learning) >= limit:
        return learning[:limit]

    reviews: list[Card] = []
    review_room = max(0, settings.reviews_per_day - done["review"])
    if limit is not None:
        review_room = min(review_room, limit - len(learning))
    if review_room:
        # Retrievability (1 + F*t/S)^-d falls as t/S grows (t: whole days since last review,
        # as fsrs counts them), so "lowest retrievability first" is "largest t/S first".
        make_scheduler(settings)  # validates parameters early
        ranked = [r[0] for r in conn.execute(
            f"SELECT id FROM cards WHERE suspended IS NULL AND state = 'review'"
            f" AND due < ? {g_sql} {_NOT_BURIED}"
            " ORDER BY CAST(julianday(?) - julianday(last_review) AS INTEGER) / stability DESC,"
            " due, id LIMIT ?",
            (iso(end), *g_args, *today, t_now, review_room),
        )]
        reviews = _by_ids(conn, ranked)

    new: list[Card] = []
    new_room = max(0, settings.new_per_day - done["new"])
    if limit is not None:
        new_room = min(new_room, limit - len(learning) - len(reviews))
    if new_room:
        new = [card_from_row(r) for r in conn.execute(
            f"SELECT {CARD_COLUMNS} FROM cards WHERE suspended IS NULL AND state = 'new' {g_sql}"
            f" {_NOT_BURIED} ORDER BY new_order, id LIMIT ?",
            (*g_args, *today, new_room),
        )]

    found = learning + reviews + new
    if limit is not None and len(found) >= limit:
        return found
    ahead = [card_from_row(r) for r in conn.execute(
        f"SELECT {CARD_COLUMNS} FROM cards WHERE suspended IS NULL"
        f" AND state IN ('learning', 'relearning') AND due > ? AND due <= ? {g_sql}"
        " ORDER BY due, id LIMIT ?",
        (t_now, iso(now + timedelta(seconds=settings.learn_ahead_s)), *g_args,
         -1 if limit is None else limit - len(found)),
    )]
    return found + ahead


def next_card(
    conn: sqlite3.Connection,
    now: datetime,
    settings: DeckSettings | None = None,
    tz: tzinfo | None = None,
    group_key: str | None = None,
) -> Card | None:
    """The card to show now, or None when the session is over (reads one row per stage)."""
    queue = today_queue(conn, now, settings, tz, group_key, limit=1)
    return queue[0] if queue else None


def due_counts(
    conn: sqlite3.Connection,
    now: datetime,
    settings: DeckSettings | None = None,
    tz: tzinfo | None = None,
    group_key: str | None = None,
) -> DueCounts:
    """new: new cards still to introduce today (limit applied); learning: learning/relearning
    cards due before the end of today; review: reviews due today (limit applied); tomorrow:
    non-new cards due before the end of tomorrow's study day (today's included, no limit)."""
    settings = settings or DeckSettings()
    tz = tz or local_tz()
    day, start, end = day_bounds(now, tz, settings.rollover_hour)
    tomorrow_end = day_start(day + timedelta(days=2), tz, settings.rollover_hour)
    done = answered_today(conn, now, tz, settings.rollover_hour)
    g_sql, g_args = _group(group_key)
    today = (iso(start), iso(end))

    def count(where: str, *args) -> int:
        return conn.execute(
            f"SELECT count(*) FROM cards WHERE suspended IS NULL AND {where} {g_sql}",
            (*args, *g_args),
        ).fetchone()[0]

    new_room = max(0, settings.new_per_day - done["new"])
    review_room = max(0, settings.reviews_per_day - done["review"])
    new = conn.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM cards WHERE suspended IS NULL AND state = 'new'"
        f" {g_sql} {_NOT_BURIED} ORDER BY new_order, id LIMIT ?)", (*g_args, *today, new_room),
    ).fetchone()[0]
    learning = count("state IN ('learning', 'relearning') AND due < ?", iso(end))
    review = min(review_room, count(f"state = 'review' AND due < ? {_NOT_BURIED}", iso(end), *today))
    tomorrow = count("state IN ('learning', 'relearning', 'review') AND due < ?", iso(tomorrow_end))
    return DueCounts(new=new, learning=learning, review=review, tomorrow=tomorrow)


def due_by_group(
    conn: sqlite3.Connection,
    now: datetime,
    settings: DeckSettings | None = None,
    tz: tzinfo | None = None,
) -> dict[str, int]:
    """Learning and review cards due by the end of today's study day, per group key (no
    limits applied: what each paper contributes to today)."""
    settings = settings or DeckSettings()
    _, _, end = day_bounds(now, tz or local_tz(), settings.rollover_hour)
    return dict(conn.execute(
        "SELECT group_key, count(*) FROM cards WHERE suspended IS NULL AND state != 'new'"
        " AND due < ? AND group_key IS NOT NULL GROUP BY group_key", (iso(end),),
    ).fetchall())


def new_waiting(conn: sqlite3.Connection, group_key: str | None = None) -> int:
    """New cards not yet introduced (active), whatever today's limit: what waits for later days."""
    g_sql, g_args = _group(group_key)
    return conn.execute(
        f"SELECT count(*) FROM cards WHERE suspended IS NULL AND state = 'new' {g_sql}", g_args
    ).fetchone()[0]
