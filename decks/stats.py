"""Review statistics: a heatmap of answers per study day, the 30-day due forecast, true
retention over the last 30 days, and the current streak of days with reviews.

Days are study days (04:00 local to 04:00 local, `tz` default system local); each day is counted
with one indexed range query between its UTC start and end, which is exact for any timezone and
DST change and cheaper than grouping on a computed key.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from .clock import day_start, iso, local_tz, study_day
from .settings import DeckSettings

__all__ = ["Retention", "review_heatmap", "due_forecast", "true_retention", "streak"]

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
    tz: tzinfo | None = None, days: int = 30,
) -> dict[date, int]:
    """{study day: cards (not new, not suspended) falling due that day} for today and the next
    `days - 1` days; overdue cards count on today."""
    settings = settings or DeckSettings()
    tz = tz or local_tz()
    today = study_day(now, tz, settings.rollover_hour)
    starts = _day_starts(today, days, tz, settings.rollover_hour)
    starts[0] = ""  # overdue cards count on today
    sql = ("SELECT count(*) FROM cards WHERE suspended IS NULL"
           " AND state IN ('learning', 'relearning', 'review') AND due >= ? AND due < ?")
    return {
        today + timedelta(days=i): conn.execute(sql, (starts[i], starts[i + 1])).fetchone()[0]
        for i in range(days)
    }


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
