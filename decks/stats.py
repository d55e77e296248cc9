"""Review statistics: a heatmap of answers per study day, the 30-day due forecast, true
retention over the last 30 days, the current streak of days with reviews, and calibration:
the recall FSRS predicted before each review against what happened.

Days are study days (04:00 local to 04:00 local, `tz` default system local); each day is counted
with one indexed range query between its UTC start and end, which is exact for any timezone and
DST change and cheaper than grouping on a computed key.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from .clock import day_start, iso, local_tz, study_day
from .settings import DeckSettings

__all__ = ["Retention", "Calibration", "CalibrationBin", "ReviewStats", "review_heatmap",
           "due_forecast", "true_retention", "streak", "calibration", "review_stats", "BINS"]

@dataclass(frozen=True)
class Retention:
    """Answers to cards in review state over a period, and the share not graded Again."""

    passed: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.total if self.total else None


def _day_starts(first: date, n_days: int, tz: tzinfo, rollover: int) -> list[str]:
    return [iso(day_start(first + timedelta(days=i), tz, rollover)) for i in range(n_days + 1)]


def review_heatmap(
    conn: sqlite3.Connection, now: datetime, tz: tzinfo | None = None, days: int = 365,
    rollover_hour: int = 4,
) -> dict[date, int]:
    """{study day: answers given} for the `days` days ending today (oldest first, zeros kept)."""
    tz = tz or local_tz()
    today = study_day(now, tz, rollover_hour)
    first = today - timedelta(days=days - 1)
    starts = _day_starts(first, days, tz, rollover_hour)
    sql = "SELECT count(*) FROM review_log WHERE reviewed_at >= ? AND reviewed_at < ?"
    return {
        first + timedelta(days=i): conn.execute(sql, (starts[i], starts[i + 1])).fetchone()[0]
        for i in range(days)
    }


def due_forecast(
    conn: sqlite3.Connection, now: datetime, settings: DeckSettings | None = None,
    tz: tzinfo | None = None, days: int = 30, plan=None,
) -> dict[date, int]:
    """{study day: cards} for today and the next `days - 1` days. Today is today's queue as
    `decks.queue.plan_today` counts it (`plan`, when the caller has it), new cards included:
    the figure `due`, the Review header and the summaries give. Later days count the cards
    (not new, not suspended) falling due on them; tomorrow also takes the reviews today's
    queue holds back (siblings, the daily limit)."""
    from .queue import plan_today

    settings = settings or DeckSettings()
    tz = tz or local_tz()
    today = study_day(now, tz, settings.rollover_hour)
    plan = plan or plan_today(conn, now, settings, tz)
    starts = _day_starts(today, days, tz, settings.rollover_hour)
    sql = ("SELECT count(*) FROM cards WHERE suspended IS NULL"
           " AND state IN ('learning', 'relearning', 'review') AND due >= ? AND due < ?")
    forecast = {today: plan.total}
    for i in range(1, days):
        forecast[today + timedelta(days=i)] = conn.execute(
            sql, (starts[i], starts[i + 1])).fetchone()[0]
    if days > 1:
        forecast[today + timedelta(days=1)] += plan.held.review
    return forecast


def true_retention(conn: sqlite3.Connection, now: datetime, days: int = 30) -> Retention:
    """Share of answers to review-state cards in the last `days` days that were not Again."""
    total, failed = conn.execute(
        "SELECT count(*), coalesce(sum(rating = 1), 0) FROM review_log"
        " WHERE state_before = 'review' AND reviewed_at >= ? AND reviewed_at <= ?",
        (iso(now - timedelta(days=days)), iso(now)),
    ).fetchone()
    return Retention(passed=total - failed, total=total)


def streak(
    conn: sqlite3.Connection, now: datetime, tz: tzinfo | None = None, rollover_hour: int = 4
) -> int:
    """Consecutive study days with at least one answer, ending today — or yesterday, when
    nothing has been answered yet today (the streak is not broken until the day is over)."""
    tz = tz or local_tz()
    today = study_day(now, tz, rollover_hour)

    def any_on(d: date) -> bool:
        return conn.execute(
            "SELECT 1 FROM review_log WHERE reviewed_at >= ? AND reviewed_at < ? LIMIT 1",
            (iso(day_start(d, tz, rollover_hour)),
             iso(day_start(d + timedelta(days=1), tz, rollover_hour))),
        ).fetchone() is not None

    d = today if any_on(today) else today - timedelta(days=1)
    n = 0
    while any_on(d):
        n += 1
        d -= timedelta(days=1)
    return n


BINS = 20  # calibration bins: predicted recall in steps of 0.05


@dataclass(frozen=True)
class CalibrationBin:
    """Reviews whose predicted recall fell in [low, high): how many, the mean prediction,
    and the share actually recalled (not Again)."""

    low: float
    high: float
    count: int
    predicted: float
    actual: float


@dataclass(frozen=True)
class Calibration:
    """Predicted recall before each review against what happened, over every answer given a
    day (24 hours) or more after the card's previous one (the reviews FSRS predicts; the
    optimiser's targets). `log_loss` is the mean negative log-likelihood of the outcomes;
    `rmse_bins` the square root of the count-weighted mean squared gap between predicted and
    actual per bin. Empty bins are left out."""

    reviews: int
    log_loss: float | None
    rmse_bins: float | None
    bins: tuple[CalibrationBin, ...]


def calibration(conn: sqlite3.Connection, settings: DeckSettings | None = None,
                since: datetime | None = None) -> Calibration:
    """The scheduler's predictions before each long-term review, read from the log: the
    stability it held just before (`stability_before`) and the whole days since the previous
    answer (as the scheduler counts them), through FSRS-6's forgetting curve with the decay
    of the parameters in use. `since` keeps the answers given from then on."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    settings = settings or DeckSettings()
    decay = -(settings.parameters or DEFAULT_PARAMETERS)[20]
    factor = 0.9 ** (1 / decay) - 1
    # Whole days as the scheduler counts them: 24-hour periods between times stored to the
    # second (integer seconds, so no floating-point day fractions).
    since_sql, args = ("AND reviewed_at >= ?", (iso(since),)) if since is not None else ("", ())
    sql = ("SELECT days, stability_before, recalled FROM (SELECT (CAST(strftime('%s',"
           " reviewed_at) AS INTEGER) - CAST(strftime('%s', last_review_before) AS INTEGER))"
           " / 86400 AS days, stability_before, rating > 1 AS recalled FROM review_log"
           " WHERE last_review_before IS NOT NULL AND stability_before IS NOT NULL"
           f" AND state_before != 'new' {since_sql}) WHERE days >= 1")
    n = [0] * BINS
    p_sum = [0.0] * BINS
    y_sum = [0] * BINS
    loss = 0.0
    log, lo, hi = math.log, 1e-6, 1 - 1e-6
    # A plain loop with local names: a million reviews in about a second.
    for days, stability, recalled in conn.execute(sql, args):
        p = (1 + factor * days / stability) ** decay
        if p > hi:
            p = hi
        elif p < lo:
            p = lo
        b = int(p * BINS)
        n[b] += 1
        p_sum[b] += p
        if recalled:
            y_sum[b] += 1
            loss -= log(p)
        else:
            loss -= log(1 - p)
    total = sum(n)
    bins = tuple(CalibrationBin(i / BINS, (i + 1) / BINS, n[i], p_sum[i] / n[i], y_sum[i] / n[i])
                 for i in range(BINS) if n[i])
    if not total:
        return Calibration(0, None, None, ())
    rmse = math.sqrt(sum(b.count * (b.predicted - b.actual) ** 2 for b in bins) / total)
    return Calibration(total, loss / total, rmse, bins)


@dataclass(frozen=True)
class ReviewStats:
    """Everything `paperdeck stats` and the Stats screen say about reviews, counted once."""

    today: date
    done_today: int              # answers given today
    plan: object                 # decks.queue.DueCounts: what today's queue still shows
    per_day: dict[date, int]     # answers per study day, oldest first (zeros kept)
    retention: Retention         # true retention, last 30 days
    streak: int
    forecast: dict[date, int]    # today's queue, then cards due per day
    calibration: Calibration | None  # None when not asked for


def review_stats(conn: sqlite3.Connection, now: datetime, settings: DeckSettings | None = None,
                 tz: tzinfo | None = None, days: int = 365, forecast_days: int = 30,
                 with_calibration: bool = True) -> ReviewStats:
    """The review statistics of `days` study days ending today: ~0.1 s on a million reviews,
    and calibration ~2 s more there (the Stats screen asks for it in a worker of its own)."""
    from .queue import plan_today

    settings = settings or DeckSettings()
    tz = tz or local_tz()
    hour = settings.rollover_hour
    per_day = review_heatmap(conn, now, tz, days, hour)
    today = study_day(now, tz, hour)
    plan = plan_today(conn, now, settings, tz)
    return ReviewStats(
        today=today, done_today=per_day.get(today, 0), plan=plan, per_day=per_day,
        retention=true_retention(conn, now, 30), streak=streak(conn, now, tz, hour),
        forecast=due_forecast(conn, now, settings, tz, forecast_days, plan),
        calibration=calibration(conn, settings) if with_calibration else None,
    )
