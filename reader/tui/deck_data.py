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

from reader.config import Config
from reader.reading.reviewing import after_session_lines, can_type, deck_settings, made_from_note

RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


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
    """What today's queue still holds (limits and burying applied) and what it holds back:
    the one count `due`, `review --plain` and the Stats screen show too."""
    from decks.queue import plan_today

    return plan_today(conn, now, settings, resolve_tz(tz))


def intervals(card: Card, now: datetime, settings: DeckSettings) -> dict[int, str]:
    """{1: '<1m', 2: '<6m', 3: '<10m', 4: '8d'}: what each grade would give this card now."""
    from decks.scheduler import preview

    return {int(r): s for r, s in preview(card, now, settings).items()}


class AlreadyAnswered(Exception):
    """The card was answered in another session (the CLI, another TUI) since it was shown."""


def grade(conn: sqlite3.Connection, card_id: int, rating: int, now: datetime, duration_ms: int,
          settings: DeckSettings, expected_reps: int | None = None,
          typed: str | None = None) -> int:
    """Answer the card (with what was typed from memory, if anything); returns the id of the
    review-log row written (for an exact undo). With `expected_reps` (the card's reps when
    shown), raises AlreadyAnswered if another session answered it meanwhile; nothing is
    written then."""
    from decks import reviews

    try:
        reviews.answer(conn, card_id, Rating(rating), now, duration_ms, settings,
                       expected_reps=expected_reps, typed=typed)
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


def session_end_lines(conn: sqlite3.Connection, now: datetime, settings: DeckSettings,
                      tz: tzinfo | None) -> list[str]:
    """The sentences `review --plain` ends with: cards held back and why, the next card."""
    return after_session_lines(conn, now, settings, resolve_tz(tz))


# -- managing a card -------------------------------------------------------------------------


@dataclass(frozen=True)
class RecallEntry:
    """One answer of a card: when, the grade, and what was typed from memory (with the share
    of the answer's words it holds)."""

    at: datetime
    rating: int
    typed: str | None
    share: float | None


def card_history(conn: sqlite3.Connection, card: Card) -> list[RecallEntry]:
    """The card's answers, oldest first, each typed recall compared with the card's answer as
    it reads now."""
    from decks.recall import compare
    from decks.reviews import history

    return [RecallEntry(r.reviewed_at, int(r.rating), r.typed,
                        compare(r.typed, card.back).share if r.typed else None)
            for r in history(conn, card.id)]


def recall_trend(entries: list[RecallEntry]) -> str:
    """'recalled 40% → 65% → 90%' over the typed answers ('' when none was typed)."""
    shares = [e.share for e in entries if e.share is not None]
    if not shares:
        return ""
    shown = shares[-6:]
    more = "… → " if len(shares) > len(shown) else ""
    return "recalled " + more + " → ".join(f"{s:.0%}" for s in shown)


def paper_cards(conn: sqlite3.Connection, paper_id: str) -> list[tuple[Card, str]]:
    """The stored cards of a paper (suspended ones too, deleted ones not), each with its
    recall trend."""
    from decks.cards import list_cards

    return [(c, recall_trend(card_history(conn, c)) if can_type(c) else "")
            for c in list_cards(conn, paper_id)]


class CardChangeRefused(Exception):
    """A change the card does not allow (made from a note, new, deleted): one line to show."""


def change_card(conn: sqlite3.Connection, card_id: int, change: str, now: datetime, *,
                due: datetime | None = None, front: str | None = None,
                back: str | None = None) -> Card:
    """suspend, unsuspend, forget, due (with `due`), edit (with front/back) or delete the card;
    the card as it is after. Refusals raise CardChangeRefused with what to do instead."""
    from decks import cards as core

    try:
        card = core.get_card(conn, card_id)
        if card.is_deleted:
            raise CardChangeRefused(f"card {card_id} was deleted")
        if change in ("edit", "delete") and not card.hand_written:
            raise CardChangeRefused(made_from_note(card))
        if change == "suspend":
            return core.suspend_card(conn, card_id, now)
        if change == "unsuspend":
            return core.unsuspend_card(conn, card_id, now)
        if change == "forget":
            return core.forget(conn, card_id, now)
        if change == "due":
            return core.set_due(conn, card_id, due, now)
        if change == "edit":
            return core.edit_card(conn, card_id, now, front=front, back=back)
        if change == "delete":
            return core.delete_card(conn, card_id, now)
    except (core.NoteGone, core.StillNew, core.NoSuchCard, ValueError) as e:
        raise CardChangeRefused(str(e)) from None
    raise ValueError(f"unknown change {change!r}")


def due_from_text(text: str, now: datetime, tz: tzinfo | None, rollover_hour: int) -> datetime:
    """A due date typed as in `paperdeck card due` (3, +3, 3d, tomorrow, 2026-12-01)."""
    from reader.errors import PaperdeckError
    from reader.reading.reviewing import due_from

    try:
        return due_from(text, now, resolve_tz(tz), rollover_hour)
    except PaperdeckError as e:
        raise CardChangeRefused(str(e)) from None


def card_count(conn: sqlite3.Connection) -> int:
    """Active (not suspended) cards."""
    return conn.execute("SELECT count(*) FROM cards WHERE suspended IS NULL").fetchone()[0]


def paper_exists(conn: sqlite3.Connection, paper_id: str) -> bool:
    from reader.library.papers import exists

    return exists(conn, paper_id)


def source_label(card: Card) -> str:
    """Where the card came from, in words ('cloze 2 · How note', 'written by hand')."""
    from reader.reading.reviewing import source_label as label

    return label(card)


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
    unit: object | None = None       # reader.reading.units.Report of the current unit, if any
    past_units: list = field(default_factory=list)   # Reports of the units over, newest first
    plan: DueCounts | None = None      # today's queue as `due` and the Review header count it

    @property
    def retention(self) -> float | None:
        return self.retention_passed / self.retention_total if self.retention_total else None


def reading_periods(conn: sqlite3.Connection, now: datetime, tz: tzinfo, goal_days: int,
                    count: int = 6, rollover_hour: int = 4) -> list[ReadingPeriod]:
    """The last `count` periods of `goal_days` study days, the current one last."""
    from decks.clock import day_start, iso, study_day

    from reader.reading.passes import finished_between

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
    from decks.stats import review_stats

    tz = resolve_tz(tz)
    settings = deck_settings(conn, config)
    hour = settings.rollover_hour
    r = review_stats(conn, now, settings, tz, 365, 30, with_calibration=False)
    goal_days = config["reading.goal_days"]
    return Stats(
        today=r.today,
        heatmap=r.per_day,
        forecast=r.forecast,
        retention_passed=r.retention.passed,
        retention_total=r.retention.total,
        desired_retention=settings.desired_retention,
        streak=r.streak,
        periods=reading_periods(conn, now, tz, goal_days, periods, hour),
        goal_papers=config["reading.goal_papers"],
        goal_days=goal_days,
        reviews_today=r.done_today,
        plan=r.plan,
        **unit_stats(conn, now.astimezone(tz).date()),
    )


def unit_stats(conn: sqlite3.Connection, today: date, past: int = 6) -> dict:
    """The current unit's progress and the last `past` units over (reader.reading.units): units run
    over local calendar days. Empty while there are no units (the screen then shows the
    rolling `reading.goal_days` periods)."""
    from reader.reading import units

    unit = units.current(conn, today)
    if unit is None:
        return {}
    over = [u for u in units.all_units(conn) if u.last < today and u.number != unit.number]
    return {"unit": units.report(conn, unit, today),
            "past_units": [units.report(conn, u, today) for u in reversed(over[-past:])]}


def load_calibration(conn: sqlite3.Connection, config: Config):
    """Predicted recall before each review against what happened (decks.stats.calibration):
    ~2 s on a million reviews, so the Stats screen loads it in a worker of its own."""
    from decks.stats import calibration

    return calibration(conn, deck_settings(conn, config))


def load_workload(conn: sqlite3.Connection, config: Config):
    """A year simulated at the desired retention in use and at 0.80-0.95 (decks.workload), or
    None when there are no cards. ~0.1 s for a thousand cards: run it in a worker."""
    from decks.workload import NoCards, simulate_workload

    try:
        return simulate_workload(conn, deck_settings(conn, config))
    except NoCards:
        return None
