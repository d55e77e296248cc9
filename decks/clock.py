"""Time helpers for the review side: UTC storage format, the local timezone, and the study day.

A study day runs from 04:00 local time to 04:00 the next local day (Anki's convention), so a
session that runs past midnight still counts as the evening's. Days are computed on local
calendar dates, so a day across a DST change is 23 or 25 hours long.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from pathlib import Path

ROLLOVER_HOUR = 4


def iso(t: datetime) -> str:
    """Aware datetime → stored text: UTC, second precision, `Z` suffix (sorts as text)."""
    if t.tzinfo is None:
        raise ValueError("naive datetime: pass an aware datetime (UTC)")
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(s: str | None) -> datetime | None:
    """Stored text → aware UTC datetime (None stays None)."""
    if s is None:
        return None
    t = datetime.fromisoformat(s.replace("Z", "+00:00"))
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return t.astimezone(timezone.utc)


def utc_seconds(t: datetime) -> datetime:
    """`t` in UTC, truncated to whole seconds (the stored precision)."""
    if t.tzinfo is None:
        raise ValueError("naive datetime: pass an aware datetime (UTC)")
    return t.astimezone(timezone.utc).replace(microsecond=0)


def local_tz() -> tzinfo:
    """The system's local timezone, as a DST-aware ZoneInfo when it can be named ($TZ or
    /etc/localtime), else the current fixed offset."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = os.environ.get("TZ", "").lstrip(":")
    if not name:
        try:
            target = str(Path("/etc/localtime").resolve())
            if "zoneinfo/" in target:
                name = target.split("zoneinfo/", 1)[1]
        except OSError:
            name = ""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return datetime.now().astimezone().tzinfo or timezone.utc


def study_day(t: datetime, tz: tzinfo | None = None, rollover_hour: int = ROLLOVER_HOUR) -> date:
    """The local study day that the instant `t` belongs to."""
    local = t.astimezone(tz or local_tz())
    d = local.date()
    return d - timedelta(days=1) if local.hour < rollover_hour else d


def day_start(d: date, tz: tzinfo | None = None, rollover_hour: int = ROLLOVER_HOUR) -> datetime:
    """The UTC instant at which study day `d` starts (rollover hour, local time)."""
    return datetime.combine(d, time(rollover_hour), tzinfo=tz or local_tz()).astimezone(timezone.utc)


def day_bounds(
    now: datetime, tz: tzinfo | None = None, rollover_hour: int = ROLLOVER_HOUR
) -> tuple[date, datetime, datetime]:
    """(study day, its start, its end) for the instant `now`; start/end are aware UTC."""
    tz = tz or local_tz()
    d = study_day(now, tz, rollover_hour)
    return d, day_start(d, tz, rollover_hour), day_start(d + timedelta(days=1), tz, rollover_hour)
