"""Fitting FSRS-6 parameters to a review log with fsrs-rs-python, checked on held-out reviews.

The log becomes fsrs-rs items: for each card, its answers in time order, each with the number of
study days since the previous one; every answer given at least a day after the previous one is
a prediction target (an item = the card's history up to and including it). Items are split by
time: the most recent `test_fraction` are held out. Parameters are fitted on the rest, then the
baseline (the current parameters, FSRS's defaults when none) and the fitted ones are evaluated on
the held-out items (log loss, RMSE over bins). The fitted parameters are accepted only if their
held-out log loss is lower.
"""

from __future__ import annotations

import csv
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo
from pathlib import Path

import fsrs
from fsrs.scheduler import DEFAULT_PARAMETERS, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from .clock import parse_iso, study_day

__all__ = [
    "LoggedReview", "Evaluation", "OptimizeResult", "NotEnoughReviews", "MIN_ITEMS",
    "load_anki_revlog_csv", "load_review_log", "build_items", "optimize", "optimize_log",
]

MIN_ITEMS = 400  # long-term reviews (a day or more after the previous one) needed to fit


@dataclass(frozen=True)
class LoggedReview:
    """One answer, as the optimiser needs it."""

    card_id: int
    rating: int  # 1..4
    reviewed_at: datetime  # aware UTC
    duration_ms: int | None = None


@dataclass(frozen=True)
class Evaluation:
    log_loss: float
    rmse_bins: float


@dataclass(frozen=True)
class OptimizeResult:
    """Outcome of `optimize`. `parameters` is what to use from now on: the fitted ones when
    accepted, else the baseline (None meaning FSRS's defaults)."""

    fitted: tuple[float, ...]
    baseline_parameters: tuple[float, ...] | None
    baseline: Evaluation
    fitted_eval: Evaluation
    accepted: bool
    reviews: int
    train_items: int
    test_items: int

    @property
    def parameters(self) -> tuple[float, ...] | None:
        return self.fitted if self.accepted else self.baseline_parameters

    def summary(self) -> str:
        verdict = "accepted" if self.accepted else "kept the current parameters"
        return (
            f"{self.reviews} reviews, {self.train_items} training / {self.test_items} held-out "
            f"predictions; log loss {self.baseline.log_loss:.4f} → {self.fitted_eval.log_loss:.4f},"
            f" RMSE(bins) {self.baseline.rmse_bins:.4f} → {self.fitted_eval.rmse_bins:.4f}; {verdict}"
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
        LoggedReview(r[0], r[1], parse_iso(r[2]), r[3])
        for r in conn.execute(
            "SELECT card_id, rating, reviewed_at, duration_ms FROM review_log ORDER BY id"
        )
    ]


def build_items(
    reviews: Iterable[LoggedReview], tz: tzinfo = timezone.utc, rollover_hour: int = 4
) -> list[tuple[datetime, int, object]]:
    """(time of the predicted answer, card id, fsrs_rs_python.FSRSItem) for every answer given
    on a later study day than the card's previous one, sorted by time."""
    import fsrs_rs_python as rs

    by_card: dict[int, list[LoggedReview]] = defaultdict(list)
    for r in reviews:
        by_card[r.card_id].append(r)
    items = []
    for card_id, revs in by_card.items():
        revs.sort(key=lambda r: r.reviewed_at)
        seq = []
        prev: date | None = None
        for i, r in enumerate(revs):
            d = study_day(r.reviewed_at, tz, rollover_hour)
            delta = 0 if prev is None else (d - prev).days
            prev = d
            seq.append(rs.FSRSReview(int(r.rating), delta))
            if i > 0 and delta > 0:
                items.append((r.reviewed_at, card_id, rs.FSRSItem(list(seq))))
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
    tz: tzinfo = timezone.utc,
    rollover_hour: int = 4,
) -> OptimizeResult:
    """Fit FSRS-6 parameters to `reviews` and compare them with `current` (default parameters
    when None) on the most recent `test_fraction` of predictions. Raises NotEnoughReviews."""
    import fsrs_rs_python as rs

    items = build_items(reviews, tz, rollover_hour)
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

    baseline, fitted_eval = evaluate(base), evaluate(fitted)
    return OptimizeResult(
        fitted=fitted, baseline_parameters=baseline_params, baseline=baseline,
        fitted_eval=fitted_eval, accepted=fitted_eval.log_loss < baseline.log_loss,
        reviews=len(reviews), train_items=len(train), test_items=len(test),
    )


def optimize_log(
    conn: sqlite3.Connection, current: Sequence[float] | None = None, **kwargs
) -> OptimizeResult:
    """`optimize` on the database's own review log."""
    return optimize(load_review_log(conn), current=current, **kwargs)
