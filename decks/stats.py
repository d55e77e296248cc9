"""Review statistics: a heatmap of answers per study day, the 30-day due forecast, true
retention over the last 30 days, and the current streak of days with reviews.

Days are study days (04:00 local to 04:00 local, `tz` default system local). Counting is done
in SQL per 15-minute UTC bucket, then buckets are placed on days by bisecting the days' UTC start
times: every real UTC offset is a multiple of 15 minutes, so no bucket straddles two days.
"""

from __future__ import annotations

import sqlite3
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from .clock import day_bounds, day_start, iso, local_tz
from .settings import DeckSettings

__all__ = ["Retention", "review_heatmap", "due_forecast", "true_retention", "streak"]

_BUCKET = "substr({col}, 1, 14) || (CAST(substr({col}, 15, 2) AS INTEGER) / 15)"


@dataclass(frozen=True)
class Retention:
    """Answers to cards in review state over a period, and the share not graded Again."""

    passed: int
    total: int

    @property
    def rate(self) -> float | None:
        return self.passed / self.total if self.total else None


def _bucket_start(bucket: str) -> str:
    # 'YYYY-MM-DDTHH:' + quarter index → 'YYYY-MM-DDTHH:MM:00Z'
    return f"{bucket[:14]}{int(bucket[14:]) * 15:02d}:00Z"


def _per_day(rows, first: date, n_days: int, tz: tzinfo, rollover: int) -> dict[date, int]:
    starts = [iso(day_start(first + timedelta(days=i), tz, rollover)) for i in range(n_days + 1)]
    out = {first + timedelta(days=i): 0 for i in range(n_days)}
    for bucket, n in rows:
        i = bisect_right(starts, _bucket_start(bucket)) - 1
        if 0 <= i < n_days:
            out[first + timedelta(days=i)] += n
    return out


def review_heatmap(
    conn: sqlite3.Connection, now: datetime, tz: tzinfo | None = None, days: int = 365,
    rollover_hour: int = 4,
) -> dict[date, int]:
    """{study day: answers given} for the `days` days ending today (oldest first, zeros kept)."""
    tz = tz or local_tz()
    today, _, end = day_bounds(now, tz, rollover_hour)
    first = today - timedelta(days=days - 1)
    start = day_start(first, tz, rollover_hour)
    rows = conn.execute(
        f"SELECT {_BUCKET.format(col='reviewed_at')} AS b, count(*) FROM review_log"
        " WHERE reviewed_at >= ? AND reviewed_at < ? GROUP BY b",
        (iso(start), iso(end)),
    ).fetchall()
    return _per_day(rows, first, days, tz, rollover_hour)


def due_forecast(
    conn: sqlite3.Connection, now: datetime, settings: DeckSettings | None = None,
    tz: tzinfo | None = None, days: int = 30,
) -> dict[date, int]:
    """{study day: cards (not new, not suspended) falling due that day} for today and the next
    `days - 1` days; overdue cards count on today."""
    settings = settings or DeckSettings()
    tz = tz or local_tz()
    today, _, _ = day_bounds(now, tz, settings.rollover_hour)
    end = day_start(today + timedelta(days=days), tz, settings.rollover_hour)
    rows = conn.execute(
        f"SELECT {_BUCKET.format(col='due')} AS b, count(*) FROM cards"
        " WHERE suspended IS NULL AND state IN ('learning', 'relearning', 'review') AND due < ?"
        " GROUP BY b",
        (iso(end),),
    ).fetchall()
    out = _per_day(rows, today, days, tz, settings.rollover_hour)
    first_start = iso(day_start(today, tz, settings.rollover_hour))
    out[today] += sum(n for b, n in rows if _bucket_start(b) < first_start)
    return out


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
    window = 366
    while True:
        counts = review_heatmap(conn, now, tz, window, rollover_hour)
        days = sorted(counts, reverse=True)
        if counts[days[0]] == 0:
            days = days[1:]
        n = 0
        for d in days:
            if counts[d] == 0:
                return n
            n += 1
        window *= 4
