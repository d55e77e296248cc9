"""The Review and Stats screens' door into the core: small functions over `decks` and `reader`.

Nothing here imports textual or rich. Functions that touch the database take the connection of
the thread they run on; the clock (`now`) and the timezone are parameters, so tests pin them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from decks.models import Card, Rating, Review
from decks.queue import DueCounts
from decks.settings import DeckSettings

from ..config import Config
from ..reviewing import deck_settings

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
FIELD_NAMES = {"what": "What note", "how": "How note", "why": "Why note", "text": "free notes"}


def resolve_tz(tz: tzinfo | None) -> tzinfo:
    """`tz`, or the system's local timezone when None (the app passes None outside tests)."""
    from decks.clock import local_tz

    return tz or local_tz()


# -- the review session ----------------------------------------------------------------------


def next_card(conn: sqlite3.Connection, now: datetime, settings: DeckSettings,
              tz: tzinfo | None) -> Card | None:
    """The card to show now (the queue is recomputed on every call), or None when done."""
    from decks.queue import next_card as first_in_queue

    return first_in_queue(conn, now, settings, tz)


def remaining(conn: sqlite3.Connection, now: datetime, settings: DeckSettings,
              tz: tzinfo | None) -> DueCounts:
    """What today's queue still holds (limits applied)."""
    from decks.queue import due_counts

    return due_counts(conn, now, settings, tz)


def intervals(card: Card, now: datetime, settings: DeckSettings) -> dict[int, str]:
    """{1: '<1m', 2: '<6m', 3: '<10m', 4: '8d'}: what each grade would give this card now."""
    from decks.scheduler import preview

    return {int(r): s for r, s in preview(card, now, settings).items()}


class AlreadyAnswered(Exception):
    """The card was answered in another session (the CLI, another TUI) since it was shown."""


def grade(conn: sqlite3.Connection, card_id: int, rating: int, now: datetime, duration_ms: int,
          settings: DeckSettings, expected_reps: int | None = None) -> int:
    """Answer the card; returns the id of the review-log row written (for an exact undo).
    With `expected_reps` (the card's reps when shown), raises AlreadyAnswered if another
    session answered it meanwhile; nothing is written then."""
    from decks import reviews

    try:
        reviews.answer(conn, card_id, Rating(rating), now, duration_ms, settings,
                       expected_reps=expected_reps)
    except reviews.AlreadyAnswered as e:
        raise AlreadyAnswered(str(e)) from None
    row = conn.execute(
        "SELECT id FROM review_log WHERE card_id = ? ORDER BY id DESC LIMIT 1", (card_id,)
    ).fetchone()
    return row[0]


class CannotUndo(Exception):
    """The answer to undo is no longer the newest in the log (or there is none)."""


def undo(conn: sqlite3.Connection, now: datetime, review_id: int) -> tuple[Review, Card]:
    """Undo the answer `review_id` if it is still the newest: (the review, the restored card)."""
    from decks.reviews import NothingToUndo, undo_last

    try:
        return undo_last(conn, now, expected_review_id=review_id)
    except NothingToUndo as e:
        raise CannotUndo(str(e)) from None


def reload_card(conn: sqlite3.Connection, card_id: int) -> Card | None:
    """The card as stored now (its text may have been edited meanwhile), or None if gone."""
    from decks.cards import get_card

    try:
        return get_card(conn, card_id)
    except LookupError:
        return None


def next_due(conn: sqlite3.Connection) -> datetime | None:
    from ..reviewing import next_due as _next_due

    return _next_due(conn)


def card_count(conn: sqlite3.Connection) -> int:
    """Active (not suspended) cards."""
    return conn.execute("SELECT count(*) FROM cards WHERE suspended IS NULL").fetchone()[0]


def paper_exists(conn: sqlite3.Connection, paper_id: str) -> bool:
    from ..library import exists

    return exists(conn, paper_id)


def source_label(card: Card) -> str:
    """Where the card came from, in words: 'What note', 'cloze 2 · How note', 'Q/A 1 · free
    notes', 'written by hand'."""
    if not card.source_key:
        return "written by hand"
    parts = card.source_key.split(":")
    rest = parts[1:] if card.group_key and parts[0] == card.group_key else parts[-3:]
    if len(rest) == 1:
        return FIELD_NAMES.get(rest[0], rest[0])
    if len(rest) == 3 and rest[0] in ("cloze", "qa"):
        kind = "cloze" if rest[0] == "cloze" else "Q/A"
        return f"{kind} {rest[2]} · {FIELD_NAMES.get(rest[1], rest[1])}"
    return card.source_key


def due_phrase(when: datetime | None, now: datetime, tz: tzinfo) -> str:
    """'in 3 h (Sat 21 Nov 12:00)', 'in 12 min (09:12)'; '' when None."""
    if when is None:
        return ""
    local = when.astimezone(tz)
    delta = when - now
    secs = max(0, int(delta.total_seconds()))
    if secs < 3600:
        rel = f"in {max(1, round(secs / 60))} min"
    elif secs < 86400 * 2:
        rel = f"in {round(secs / 3600)} h"
    else:
        rel = f"in {round(secs / 86400)} days"
    stamp = local.strftime("%H:%M") if local.date() == now.astimezone(tz).date() \
        else local.strftime("%a %d %b %H:%M")
    return f"{rel} ({stamp})"


def duration_phrase(ms: int) -> str:
    """'45 s', '4 min 05 s', '1 h 02 min'."""
    s = round(ms / 1000)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


# -- statistics ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadingPeriod:
    """One `reading.goal_days` unit: [first, last] study days, passes finished by number."""

    first: date
    last: date
    by_pass: tuple[int, int, int]
    papers: int            # distinct papers with a pass finished in the period


@dataclass(frozen=True)
class Stats:
    today: date
    heatmap: dict[date, int]
    forecast: dict[date, int]
    retention_passed: int
    retention_total: int
    desired_retention: float
    streak: int
    periods: list[ReadingPeriod] = field(default_factory=list)
    goal_papers: int = 2
    goal_days: int = 10
    reviews_today: int = 0
    unit: object | None = None       # reader.units.Report of the current unit, if any
    past_units: list = field(default_factory=list)   # Reports of the units over, newest first

    @property
    def retention(self) -> float | None:
        return self.retention_passed / self.retention_total if self.retention_total else None


def reading_periods(conn: sqlite3.Connection, now: datetime, tz: tzinfo, goal_days: int,
                    count: int = 6, rollover_hour: int = 4) -> list[ReadingPeriod]:
    """The last `count` periods of `goal_days` study days, the current one last."""
    from decks.clock import day_start, iso, study_day

    from ..passes import finished_between

    today = study_day(now, tz, rollover_hour)
    out = []
    for k in range(count - 1, -1, -1):
        last = today - timedelta(days=k * goal_days)
        first = last - timedelta(days=goal_days - 1)
        start = iso(day_start(first, tz, rollover_hour))
        end = iso(day_start(last + timedelta(days=1), tz, rollover_hour))
        done = finished_between(conn, start, end)
        by_pass = [0, 0, 0]
        for p in done:
            by_pass[p.number - 1] += 1
        out.append(ReadingPeriod(first, last, tuple(by_pass), len({p.paper_id for p in done})))
    return out


def load_stats(conn: sqlite3.Connection, now: datetime, config: Config, tz: tzinfo | None,
               periods: int = 6) -> Stats:
    """Everything the Stats screen shows (a few hundred ms on a million reviews: run it in a
    worker)."""
    from decks.clock import study_day
    from decks.stats import due_forecast, review_heatmap, streak, true_retention

    tz = resolve_tz(tz)
    settings = deck_settings(conn, config)
    hour = settings.rollover_hour
    heat = review_heatmap(conn, now, tz, 365, hour)
    today = study_day(now, tz, hour)
    ret = true_retention(conn, now, 30)
    goal_days = config["reading.goal_days"]
    return Stats(
        today=today,
        heatmap=heat,
        forecast=due_forecast(conn, now, settings, tz, 30),
        retention_passed=ret.passed,
        retention_total=ret.total,
        desired_retention=settings.desired_retention,
        streak=streak(conn, now, tz, hour),
        periods=reading_periods(conn, now, tz, goal_days, periods, hour),
        goal_papers=config["reading.goal_papers"],
        goal_days=goal_days,
        reviews_today=heat.get(today, 0),
        **unit_stats(conn, now.astimezone(tz).date()),
    )


def unit_stats(conn: sqlite3.Connection, today: date, past: int = 6) -> dict:
    """The current unit's progress and the last `past` units over (reader.units): units run
    over local calendar days. Empty while there are no units (the screen then shows the
    rolling `reading.goal_days` periods)."""
    from .. import units

    unit = units.current(conn, today)
    if unit is None:
        return {}
    over = [u for u in units.all_units(conn) if u.last < today and u.number != unit.number]
    return {"unit": units.report(conn, unit, today),
            "past_units": [units.report(conn, u, today) for u in reversed(over[-past:])]}
