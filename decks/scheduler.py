"""FSRS-6 scheduling through `fsrs` (py-fsrs), with deterministic fuzz.

py-fsrs fuzzes review intervals with the global `random()`, which would make a card's history
impossible to replay. We ask it for the unfuzzed interval and apply the same fuzz ranges
ourselves, drawn from a generator seeded with (card id, review number): the same answer on the
same card always gets the same interval, so `preview` shows exactly what `answer` will give and
replaying the log reproduces every due date.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache

import fsrs
from fsrs.scheduler import FUZZ_RANGES

from .clock import utc_seconds
from .models import Card, CardState, Rating
from .settings import DeckSettings

__all__ = [
    "Outcome", "schedule", "preview", "format_interval", "make_scheduler", "retrievability",
    "to_fsrs_card",
]

_STATE_TO_FSRS = {"learning": fsrs.State.Learning, "review": fsrs.State.Review,
                  "relearning": fsrs.State.Relearning}
_STATE_FROM_FSRS = {v: k for k, v in _STATE_TO_FSRS.items()}


@dataclass(frozen=True)
class Outcome:
    """A card's scheduling state after one answer."""

    state: CardState
    step: int | None
    stability: float
    difficulty: float
    due: datetime
    last_review: datetime
    reps: int
    lapses: int

    @property
    def interval(self) -> timedelta:
        return self.due - self.last_review


@lru_cache(maxsize=32)
def _scheduler(parameters, desired_retention, learning_steps, relearning_steps, maximum_interval):
    return fsrs.Scheduler(
        parameters=parameters if parameters is not None else fsrs.scheduler.DEFAULT_PARAMETERS,
        desired_retention=desired_retention,
        learning_steps=tuple(timedelta(seconds=s) for s in learning_steps),
        relearning_steps=tuple(timedelta(seconds=s) for s in relearning_steps),
        maximum_interval=maximum_interval,
        enable_fuzzing=False,
    )


def make_scheduler(settings: DeckSettings) -> fsrs.Scheduler:
    """An `fsrs.Scheduler` for these settings, fuzz off (we fuzz deterministically ourselves)."""
    return _scheduler(settings.parameters, settings.desired_retention, settings.learning_steps,
                      settings.relearning_steps, settings.maximum_interval)


def to_fsrs_card(card: Card | object, now: datetime) -> fsrs.Card:
    """The fsrs view of a card's scheduling state (a new card is Learning step 0, no memory)."""
    if card.state == "new":
        return fsrs.Card(card_id=card.id, state=fsrs.State.Learning, step=0, due=now)
    return fsrs.Card(
        card_id=card.id, state=_STATE_TO_FSRS[card.state], step=card.step,
        stability=card.stability, difficulty=card.difficulty, due=card.due or now,
        last_review=card.last_review,
    )


def fuzz_days(days: int, seed: str, maximum_interval: int) -> int:
    """py-fsrs's fuzz (same ranges) with a seeded draw instead of the global random(); the draw
    is floored (as in ts-fsrs and Anki) so the result stays within [min_ivl, max_ivl]."""
    if days < 2.5:
        return days
    delta = 1.0
    for r in FUZZ_RANGES:
        delta += r["factor"] * max(min(float(days), r["end"]) - r["start"], 0.0)
    lo = max(2, round(days - delta))
    hi = min(round(days + delta), maximum_interval)
    lo = min(lo, hi)
    return min(math.floor(random.Random(seed).random() * (hi - lo + 1) + lo), hi)


def schedule(card: Card, rating: Rating | int, now: datetime, settings: DeckSettings) -> Outcome:
    """The card's state after answering `rating` at `now` (UTC, whole seconds). Pure."""
    rating = Rating(int(rating))
    now = utc_seconds(now)
    after, _ = make_scheduler(settings).review_card(to_fsrs_card(card, now), rating, now)
    due = after.due
    if settings.fuzz and after.state == fsrs.State.Review:
        days = (after.due - now).days
        due = now + timedelta(days=fuzz_days(days, f"{card.id}:{card.reps}", settings.maximum_interval))
    lapse = card.state == "review" and rating == Rating.Again
    return Outcome(
        state=_STATE_FROM_FSRS[after.state], step=after.step, stability=after.stability,
        difficulty=after.difficulty, due=due, last_review=now, reps=card.reps + 1,
        lapses=card.lapses + (1 if lapse else 0),
    )


def preview(card: Card, now: datetime, settings: DeckSettings) -> dict[Rating, str]:
    """What each button would do, for display: {Rating.Again: '<10m', ..., Rating.Easy: '3d'}."""
    return {r: format_interval(schedule(card, r, now, settings).interval) for r in Rating}


def format_interval(interval: timedelta) -> str:
    """Anki-style short interval: '<1m', '<10m', '<2h', '1d', '3d', '2.1mo', '1.2y'."""
    seconds = interval.total_seconds()
    if seconds < 86400 - 0.5:
        if seconds < 3600:
            return f"<{max(1, math.ceil(seconds / 60 - 1e-9))}m"
        return f"<{math.ceil(seconds / 3600 - 1e-9)}h"
    days = seconds / 86400
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}mo"
    return f"{days / 365:.1f}y"


def retrievability(card: Card, now: datetime, settings: DeckSettings) -> float:
    """Predicted probability of recall at `now` (0 for a new card)."""
    if card.state == "new" or card.stability is None:
        return 0.0
    return make_scheduler(settings).get_card_retrievability(
        to_fsrs_card(card, now), now.astimezone(timezone.utc)
    )
