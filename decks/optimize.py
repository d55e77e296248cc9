"""Fitting FSRS-6 parameters to a review log with fsrs-rs-python, checked on held-out reviews.

The log becomes fsrs-rs items: for each card, its answers in time order, each with the days
since the previous one; every answer given at least a day after the previous one is a prediction
target (an item = the card's history up to and including it). Items are split by time: the most
recent `test_fraction` are held out. Parameters are fitted on the rest, then the parameters in
use, FSRS's defaults and the fitted ones are evaluated on the held-out items (log loss, RMSE
over bins). The fitted parameters are kept only if their held-out log loss is lower than both.

Elapsed time is counted as the scheduler counts it: whole 24-hour periods between the two
answers, each time taken to the second in UTC (py-fsrs's `(now - last_review).days`), not study
days with the 04:00 rollover. The fit must describe the model paperdeck runs, and the scheduler
is py-fsrs unchanged (checked against it to the bit); memory also lives in hours, not on a
calendar: an answer at 23:00 and the next at 08:00 are nine hours apart, a same-day review to
FSRS. The study day stays what it is for: when cards are shown. With this count, fsrs-rs's
memory state for a card's history equals the scheduler's (tests/decks/test_one_model.py).

A card that was forgotten (`decks.cards.forget`) starts over: its answers from the one given
while it was new again form a history of their own.
"""

from __future__ import annotations

import csv
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from .clock import parse_iso, utc_seconds

__all__ = [
    "LoggedReview", "Evaluation", "OptimizeResult", "NotEnoughReviews", "MIN_ITEMS",
    "load_anki_revlog_csv", "load_review_log", "histories", "build_items", "optimize",
    "optimize_log",
]

MIN_ITEMS = 400  # long-term reviews (a day or more after the previous one) needed to fit


@dataclass(frozen=True)
class LoggedReview:
    """One answer, as the optimiser needs it."""

    card_id: int
    rating: int  # 1..4
    reviewed_at: datetime  # aware UTC
    duration_ms: int | None = None
    state_before: str | None = None  # 'new' after the first: the card was forgotten, starts over


@dataclass(frozen=True)
class Evaluation:
    log_loss: float
    rmse_bins: float


@dataclass(frozen=True)
class OptimizeResult:
    """Outcome of `optimize`. `parameters` is what to use from now on: the fitted ones when
    accepted, else the baseline (None meaning FSRS's defaults)."""

    fitted: tuple[float, ...]
    baseline_parameters: tuple[float, ...] | None  # the parameters in use (None: the defaults)
    baseline: Evaluation                           # ... on the held-out reviews
    defaults: Evaluation                           # FSRS's default parameters, on the same
    fitted_eval: Evaluation
    reviews: int
    train_items: int
    test_items: int

    @property
    def beats_in_use(self) -> bool:
        return self.fitted_eval.log_loss < self.baseline.log_loss

    @property
    def beats_defaults(self) -> bool:
        return self.fitted_eval.log_loss < self.defaults.log_loss

    @property
    def accepted(self) -> bool:
        """The fit is kept only if it predicts the held-out reviews better than both."""
        return self.beats_in_use and self.beats_defaults

    @property
    def parameters(self) -> tuple[float, ...] | None:
        return self.fitted if self.accepted else self.baseline_parameters

    def summary(self) -> str:
        verdict = "kept the fit" if self.accepted else "kept the parameters in use"
        return (
            f"{self.reviews} reviews, {self.train_items} training / {self.test_items} held-out "
            f"predictions; log loss in use {self.baseline.log_loss:.4f}, defaults "
            f"{self.defaults.log_loss:.4f}, fitted {self.fitted_eval.log_loss:.4f}; {verdict}"
        )


class NotEnoughReviews(ValueError):
    """Too few reviews to fit parameters; `needed` more long-term reviews are required."""

    def __init__(self, have: int, need: int):
        self.have, self.need, self.needed = have, need, need - have
        super().__init__(
            f"not enough reviews to optimise: {have} of {need} long-term reviews (answers a day or"
            f" more after the previous one); review {need - have} more and try again"
        )


def load_anki_revlog_csv(path: str | Path) -> list[LoggedReview]:
    """Read an Anki review-log export with columns card_id, review_rating, review_time (ISO
    8601), review_duration (ms)."""
    out = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            t = datetime.fromisoformat(row["review_time"].replace("Z", "+00:00"))
            if t.tzinfo is None:
                t = t.replace(tzinfo=timezone.utc)
            duration = row.get("review_duration")
            out.append(LoggedReview(
                card_id=int(row["card_id"]), rating=int(row["review_rating"]),
                reviewed_at=t.astimezone(timezone.utc),
                duration_ms=int(float(duration)) if duration not in (None, "") else None,
            ))
    return out


def load_review_log(conn: sqlite3.Connection) -> list[LoggedReview]:
    """Every answer in the database's review log, oldest first."""
    return [
        LoggedReview(r[0], r[1], parse_iso(r[2]), r[3], r[4])
        for r in conn.execute(
            "SELECT card_id, rating, reviewed_at, duration_ms, state_before FROM review_log"
            " ORDER BY reviewed_at, id"
        )
    ]


def histories(reviews: Iterable[LoggedReview]) -> list[tuple[int, list[tuple[datetime, int, int]]]]:
    """Each card's answers in time order as (time, rating, whole days since the previous
    answer), one history per card and per forget (an answer to a new card after the first
    starts another). Days are 24-hour periods between times taken to the second, as the
    scheduler counts them."""
    by_card: dict[int, list[LoggedReview]] = defaultdict(list)
    for r in reviews:
        by_card[r.card_id].append(r)
    out = []
    for card_id, revs in by_card.items():
        revs.sort(key=lambda r: r.reviewed_at)
        seq: list[tuple[datetime, int, int]] = []
        prev: datetime | None = None
        for r in revs:
            t = utc_seconds(r.reviewed_at)
            if seq and r.state_before == "new":
                out.append((card_id, seq))
                seq, prev = [], None
            seq.append((t, int(r.rating), 0 if prev is None else (t - prev).days))
            prev = t
        if seq:
            out.append((card_id, seq))
    return out


def build_items(reviews: Iterable[LoggedReview]) -> list[tuple[datetime, int, object]]:
    """(time of the predicted answer, card id, fsrs_rs_python.FSRSItem) for every answer given
    a day (24 hours) or more after the card's previous one, sorted by time."""
    import fsrs_rs_python as rs

    items = []
    for card_id, seq in histories(reviews):
        done = []
        for i, (t, rating, days) in enumerate(seq):
            done.append(rs.FSRSReview(rating, days))
            if i > 0 and days > 0:
                items.append((t, card_id, rs.FSRSItem(list(done))))
    items.sort(key=lambda x: (x[0], x[1]))
    return items


def _clamp(params: Sequence[float]) -> tuple[float, ...]:
    """Round-trip fsrs-rs's float32 output into py-fsrs's accepted bounds."""
    return tuple(
        min(max(float(p), lo), hi)
        for p, lo, hi in zip(params, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS)
    )


def optimize(
    reviews: Sequence[LoggedReview],
    *,
    current: Sequence[float] | None = None,
    test_fraction: float = 0.2,
    min_items: int = MIN_ITEMS,
) -> OptimizeResult:
    """Fit FSRS-6 parameters to `reviews` and compare them with `current` (the parameters in
    use; None: the defaults) and with the defaults on the most recent `test_fraction` of
    predictions. Raises NotEnoughReviews."""
    import fsrs_rs_python as rs

    items = build_items(reviews)
    if len(items) < min_items:
        raise NotEnoughReviews(len(items), min_items)
    cut = int(len(items) * (1 - test_fraction))
    train = [it for _, _, it in items[:cut]]
    test = [it for _, _, it in items[cut:]]
    baseline_params = tuple(current) if current is not None else None
    base = tuple(baseline_params or DEFAULT_PARAMETERS)

    fitted = _clamp(rs.FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(train))
    fsrs.Scheduler(parameters=fitted)  # raises if py-fsrs would not take them

    def evaluate(params) -> Evaluation:
        e = rs.FSRS(list(params)).evaluate(test)
        return Evaluation(log_loss=float(e.log_loss), rmse_bins=float(e.rmse_bins))

    defaults = evaluate(DEFAULT_PARAMETERS)
    baseline = defaults if base == tuple(DEFAULT_PARAMETERS) else evaluate(base)
    return OptimizeResult(
        fitted=fitted, baseline_parameters=baseline_params, baseline=baseline,
        defaults=defaults, fitted_eval=evaluate(fitted),
        reviews=len(reviews), train_items=len(train), test_items=len(test),
    )


def optimize_log(
    conn: sqlite3.Connection, current: Sequence[float] | None = None, **kwargs
) -> OptimizeResult:
    """`optimize` on the database's own review log."""
    return optimize(load_review_log(conn), current=current, **kwargs)
