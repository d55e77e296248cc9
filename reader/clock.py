"""The current time, as one function so that tests and scripts can pin it.

`PAPERDECK_NOW` (ISO 8601, e.g. `2026-11-21T09:00:00+00:00`) pins the clock for a whole process;
tests of the CLI use it. Everything else takes `now` as a parameter.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone


def now() -> datetime:
    """Aware UTC now (or the pinned time)."""
    pinned = os.environ.get("PAPERDECK_NOW")
    if pinned:
        t = datetime.fromisoformat(pinned)
        if t.tzinfo is None:
            t = t.replace(tzinfo=timezone.utc)
        return t.astimezone(timezone.utc)
    return datetime.now(timezone.utc)


def iso(t: datetime) -> str:
    """UTC timestamp as stored in the database: sortable text, second precision."""
    return t.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(s: str) -> datetime:
    return datetime.fromisoformat(s.replace("Z", "+00:00"))
