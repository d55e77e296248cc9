"""The current time, as one function so that tests and scripts can pin it.

`PAPERDECK_NOW` (ISO 8601, e.g. `2026-11-21T09:00:00+00:00`) pins the clock for a whole process;
tests of the CLI use it. Everything else takes `now` as a parameter.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

from reader.errors import UsageError

# The years paperdeck stores times in (an import is held to them: reader.exports.rules). A
# pinned clock stays a century inside, so that due dates it gives (at most 36,500 days on)
# stay within too.
EARLIEST = datetime(1900, 1, 1, tzinfo=timezone.utc)
LATEST = datetime(2300, 1, 1, tzinfo=timezone.utc)
LATEST_NOW = datetime(2200, 1, 1, tzinfo=timezone.utc)


def now() -> datetime:
    """Aware UTC now (or the pinned time; a bad one is a UsageError naming it)."""
    pinned = os.environ.get("PAPERDECK_NOW")
    if pinned:
        return _pinned(pinned)
    return datetime.now(timezone.utc)


def _pinned(text: str) -> datetime:
    shown = text if len(text) <= 40 else text[:37] + "..."
    try:
        t = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"PAPERDECK_NOW={shown!r} is not an ISO 8601 time; use one like "
                         "2026-11-21T09:00:00+00:00, or unset it") from None
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    if not EARLIEST <= t < LATEST_NOW:
        raise UsageError(f"PAPERDECK_NOW={shown!r} is outside {EARLIEST.year}-"
                         f"{LATEST_NOW.year - 1}; use a time like 2026-11-21T09:00:00+00:00, "
                         "or unset it")
    return t.astimezone(timezone.utc)


def iso(t: datetime) -> str:
    """UTC timestamp as stored in the database: sortable text, second precision."""
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(s: str) -> datetime:
    return datetime.fromisoformat(s.replace("Z", "+00:00"))
