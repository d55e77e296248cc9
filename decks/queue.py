"""Today's review queue, and the one count of it that every screen and verb shows.

Order (recomputed after every answer; `next_card` does):
1. learning and relearning cards that are due (due <= now), earliest first;
2. new cards of a note another card of which has been studied on an earlier day ("waiting
   siblings"), by their order key: a buried sibling comes first the next day, ahead of its
   note's reviews, so that a note's reviews cannot keep its other cards from ever starting;
3. review cards due before the end of today's study day, lowest retrievability first, at most
   `reviews_per_day` minus the reviews already answered today;
4. new cards by their order key, at most `new_per_day` minus new cards introduced today (the
   waiting siblings of stage 2 included);
5. last, learning cards due within `learn_ahead_s` (Anki's "learn ahead"), so a card due again
   in a few minutes comes back in the same session once nothing else is left.
Siblings (cards with one `sibling_key`: one note's cards) are buried for the day once one of them
has been answered: new and review siblings wait until tomorrow, as in Anki, so that one card's
answer does not give away the next one's. Learning cards are never held back.

`plan_today` walks this order as the session will go (each card shown is answered, and buries
its siblings), so it knows before the first answer which cards today will bring and which wait,
and why. `today_queue`, `next_card` and `due_counts` are read from it: the Review header, `due`,
the Stats screen, both review modes and their summaries count the same cards.
The study day starts at `settings.rollover_hour` (04:00) local time, `tz` (default: system).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from .cards import CARD_COLUMNS, card_from_row
from .clock import day_bounds, day_start, iso, local_tz, parse_iso, study_day
from .models import Card
from .settings import DeckSettings

__all__ = ["DueCounts", "HeldBack", "today_queue", "next_card", "due_counts", "plan_today",
           "due_by_group", "answered_today", "next_session"]


@dataclass(frozen=True)
class HeldBack:
    """Cards due (or new) today that today's queue will not show, by why."""

    new_limit: int = 0        # new cards past today's new-card limit: later days
    new_siblings: int = 0     # new cards whose note has a card studied today: tomorrow
    review_limit: int = 0     # reviews past today's review limit: tomorrow
    review_siblings: int = 0  # reviews whose note has a card studied today: tomorrow

    @property
    def new(self) -> int:
        return self.new_limit + self.new_siblings

    @property
    def review(self) -> int:
        return self.review_limit + self.review_siblings

    @property
    def total(self) -> int:
        return self.new + self.review


@dataclass(frozen=True)
class DueCounts:
    """What today's queue will show (limits and burying applied), what it holds back, and
    the non-new cards due by the end of tomorrow.

    `learning` counts learning cards due before the end of today (some may come due later in
    the day: `later_today` is the first of those the queue does not offer yet)."""

    new: int
    learning: int
    review: int
    tomorrow: int
    held: HeldBack = field(default_factory=HeldBack)
    later_today: datetime | None = None

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


@dataclass(frozen=True)
class _Today:
    """The study day `now` falls in, with the settings and timezone in use: what every count
    of the queue starts from (worked out once per call)."""

    now: datetime
    settings: DeckSettings
    tz: tzinfo
    day: date
    start: datetime
    end: datetime


def _today(now: datetime, settings: DeckSettings | None, tz: tzinfo | None) -> _Today:
    settings = settings or DeckSettings()
    tz = tz or local_tz()
    return _Today(now, settings, tz, *day_bounds(now, tz, settings.rollover_hour))


def answered_today(
    conn: sqlite3.Connection, now: datetime, tz: tzinfo | None = None, rollover_hour: int = 4
) -> dict[str, int]:
    """Answers given so far today, by the card's state before the answer
    ({'new': 3, 'review': 41, 'learning': 7, 'relearning': 2})."""
    _, start, end = day_bounds(now, tz or local_tz(), rollover_hour)
    return _answered(conn, start, end)


def _answered(conn: sqlite3.Connection, start: datetime, end: datetime) -> dict[str, int]:
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


def _group(group_key: str | None) -> tuple[str, tuple]:
    return ("AND group_key = ?", (group_key,)) if group_key is not None else ("", ())


@dataclass
class _Walk:
    """The state of one walk through today's queue (see `plan_today`)."""

    claimed: set[str]                 # sibling keys answered today or taken by an earlier card
    new_room: int
    review_room: int
    held_new_limit: int = 0
    held_new_siblings: int = 0
    held_review_limit: int = 0
    held_review_siblings: int = 0


def _walk(
    conn: sqlite3.Connection, today: _Today, group_key: str | None, walk: _Walk,
) -> Iterator[tuple[str, int]]:
    """(stage, card id) in the order the session will show them, assuming each is answered.
    Lazy: `next_card` stops at the first. Held-back cards are counted in `walk` as the walk
    passes them; the tail past a full limit is counted by `plan_today`."""
    now, settings, end = today.now, today.settings, today.end
    g_sql, g_args = _group(group_key)
    t_now = iso(now)

    def take(key: str | None) -> None:
        if key is not None:
            walk.claimed.add(key)

    for card_id, key in conn.execute(
        f"SELECT id, sibling_key FROM cards WHERE suspended IS NULL"
        f" AND state IN ('learning', 'relearning') AND due <= ? {g_sql} ORDER BY due, id",
        (t_now, *g_args),
    ):
        take(key)
        yield "learning", card_id

    waiting: set[int] = set()
    if walk.new_room:
        for card_id, key in conn.execute(
            f"SELECT id, sibling_key FROM cards AS n WHERE suspended IS NULL AND state = 'new'"
            f" AND sibling_key IS NOT NULL {g_sql} AND EXISTS (SELECT 1 FROM cards AS s"
            " WHERE s.sibling_key = n.sibling_key AND s.state != 'new')"
            " ORDER BY new_order, id", g_args,
        ):
            if not walk.new_room:
                break
            if key in walk.claimed:
                continue  # counted with the other new cards below
            waiting.add(card_id)
            walk.new_room -= 1
            take(key)
            yield "waiting", card_id

    # Retrievability (1 + F*t/S)^-d falls as t/S grows (t: whole days since last review, as
    # fsrs counts them), so "lowest retrievability first" is "largest t/S first". Read in
    # pages a little larger than the room left (a top-N sort, not a sort of every due card).
    if settings.parameters is not None:  # fitted ones: fsrs checks them before a card is shown
        from .scheduler import make_scheduler  # here: counting the queue needs no fsrs otherwise

        make_scheduler(settings)
    page, offset = walk.review_room + 32, 0
    while walk.review_room:
        rows = conn.execute(
            f"SELECT id, sibling_key FROM cards WHERE suspended IS NULL AND state = 'review'"
            f" AND due < ? {g_sql}"
            " ORDER BY CAST(julianday(?) - julianday(last_review) AS INTEGER) / stability DESC,"
            " due, id LIMIT ? OFFSET ?", (iso(end), *g_args, t_now, page, offset),
        ).fetchall()
        for card_id, key in rows:
            if key is not None and key in walk.claimed:
                walk.held_review_siblings += 1
                continue
            if not walk.review_room:
                break  # the rest wait for the limit (counted by plan_today)
            walk.review_room -= 1
            take(key)
            yield "review", card_id
        if len(rows) < page:
            break
        offset, page = offset + page, page * 2

    for card_id, key in () if not walk.new_room else conn.execute(
        f"SELECT id, sibling_key FROM cards WHERE suspended IS NULL AND state = 'new' {g_sql}"
        " ORDER BY new_order, id", g_args,
    ):
        if card_id in waiting:
            continue
        if key is not None and key in walk.claimed:
            walk.held_new_siblings += 1
            continue
        if not walk.new_room:
            break
        walk.new_room -= 1
        take(key)
        yield "new", card_id

    for (card_id,) in conn.execute(
        f"SELECT id FROM cards WHERE suspended IS NULL"
        f" AND state IN ('learning', 'relearning') AND due > ? AND due <= ? {g_sql}"
        " ORDER BY due, id",
        (t_now, iso(now + timedelta(seconds=settings.learn_ahead_s)), *g_args),
    ):
        yield "ahead", card_id


def _start(conn: sqlite3.Connection, today: _Today) -> _Walk:
    settings, start, end = today.settings, today.start, today.end
    done = _answered(conn, start, end)
    buried = {k for (k,) in conn.execute(
        "SELECT DISTINCT c.sibling_key FROM review_log AS r JOIN cards AS c ON c.id = r.card_id"
        " WHERE r.reviewed_at >= ? AND r.reviewed_at < ? AND c.sibling_key IS NOT NULL",
        (iso(start), iso(end)))}
    return _Walk(claimed=buried, new_room=max(0, settings.new_per_day - done["new"]),
                 review_room=max(0, settings.reviews_per_day - done["review"]))


def today_queue(
    conn: sqlite3.Connection,
    now: datetime,
    settings: DeckSettings | None = None,
    tz: tzinfo | None = None,
    group_key: str | None = None,
    limit: int | None = None,
) -> list[Card]:
    """The cards today's session will show, in order (see the module docstring), each once.
    Limits are per day and count every answer given today; `group_key` restricts the queue to
    one group (e.g. one paper). With `limit`, stops as soon as that many cards are found."""
    today = _today(now, settings, tz)
    ids = []
    for _, card_id in _walk(conn, today, group_key, _start(conn, today)):
        ids.append(card_id)
        if limit is not None and len(ids) >= limit:
            break
    return _by_ids(conn, ids)


def next_card(
    conn: sqlite3.Connection,
    now: datetime,
    settings: DeckSettings | None = None,
    tz: tzinfo | None = None,
    group_key: str | None = None,
) -> Card | None:
    """The card to show now, or None when the session is over."""
    queue = today_queue(conn, now, settings, tz, group_key, limit=1)
    return queue[0] if queue else None


def plan_today(
    conn: sqlite3.Connection,
    now: datetime,
    settings: DeckSettings | None = None,
    tz: tzinfo | None = None,
    group_key: str | None = None,
) -> DueCounts:
    """Today's session counted before it is run: the cards it will show by kind, the ones it
    holds back and why, the first learning card due later today, and the non-new cards due by
    the end of tomorrow (today's included, no limit). The one count every place shows."""
    today = _today(now, settings, tz)
    settings, end = today.settings, today.end
    tomorrow_end = day_start(today.day + timedelta(days=2), today.tz, settings.rollover_hour)
    g_sql, g_args = _group(group_key)
    walk = _start(conn, today)
    shown = {"learning": 0, "waiting": 0, "review": 0, "new": 0, "ahead": 0}
    for stage, _ in _walk(conn, today, group_key, walk):
        shown[stage] += 1

    def count(where: str, *args) -> int:
        return conn.execute(
            f"SELECT count(*) FROM cards WHERE suspended IS NULL AND {where} {g_sql}",
            (*args, *g_args),
        ).fetchone()[0]

    # What the walk stopped before, once a limit was full, waits for the limit.
    reviews_due = count("state = 'review' AND due < ?", iso(end))
    news = count("state = 'new'")
    learning = count("state IN ('learning', 'relearning') AND due < ?", iso(end))
    later = conn.execute(
        f"SELECT min(due) FROM cards WHERE suspended IS NULL AND state IN ('learning',"
        f" 'relearning') AND due > ? AND due < ? {g_sql}",
        (iso(now + timedelta(seconds=settings.learn_ahead_s)), iso(end), *g_args),
    ).fetchone()[0]
    held = HeldBack(
        new_limit=news - shown["waiting"] - shown["new"] - walk.held_new_siblings,
        new_siblings=walk.held_new_siblings,
        review_limit=reviews_due - shown["review"] - walk.held_review_siblings,
        review_siblings=walk.held_review_siblings,
    )
    return DueCounts(
        new=shown["waiting"] + shown["new"], learning=learning, review=shown["review"],
        tomorrow=count("state IN ('learning', 'relearning', 'review') AND due < ?",
                       iso(tomorrow_end)),
        held=held, later_today=parse_iso(later),
    )


# The older name, kept for its callers: one function, so the two can never disagree.
due_counts = plan_today


def due_by_group(
    conn: sqlite3.Connection,
    now: datetime,
    settings: DeckSettings | None = None,
    tz: tzinfo | None = None,
) -> dict[str, int]:
    """Learning and review cards due by the end of today's study day, per group key (no
    limits applied: what each paper contributes to today)."""
    return dict(conn.execute(
        "SELECT group_key, count(*) FROM cards WHERE suspended IS NULL AND state != 'new'"
        " AND due < ? AND group_key IS NOT NULL GROUP BY group_key",
        (iso(_today(now, settings, tz).end),),
    ).fetchall())


def next_session(
    conn: sqlite3.Connection,
    now: datetime,
    settings: DeckSettings | None = None,
    tz: tzinfo | None = None,
    counts: DueCounts | None = None,
) -> datetime | None:
    """When the queue will next have a card once today's has none left: a learning card due
    later today (at its due time), else the start of tomorrow's study day when anything waits
    for it (cards held back, new cards, reviews due), else the start of the study day of the
    next review. None when there is nothing at all."""
    today = _today(now, settings, tz)
    settings, tz, end = today.settings, today.tz, today.end
    counts = counts or plan_today(conn, now, settings, tz)
    if counts.later_today is not None:
        return counts.later_today
    if counts.held.total or counts.tomorrow or conn.execute(
            "SELECT 1 FROM cards WHERE suspended IS NULL AND state = 'new' LIMIT 1").fetchone():
        return end
    dues = [conn.execute(
        "SELECT min(due) FROM cards WHERE suspended IS NULL AND due IS NOT NULL AND state = ?",
        (state,)).fetchone()[0] for state in ("learning", "relearning", "review")]
    dues = [parse_iso(d) for d in dues if d]
    if not dues:
        return None
    first = min(dues)
    return max(end, day_start(study_day(first, tz, settings.rollover_hour), tz,
                              settings.rollover_hour))
