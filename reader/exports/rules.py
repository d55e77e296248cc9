"""What paperdeck itself writes, value by value and row by row: a YAML import is held to it.

`restore` checks a file's shape and types; these rules check its values against what the
program could have written, so that nothing an import lets in breaks `due`, `review`, `cards`,
`export anki` or the TUI later: fitted parameters of the wrong length or out of FSRS's bounds,
a stability of 0 or none, a due date in year 1 or 9999, a card "in review" without a due date.
Each rule raises restore's Invalid naming the place, through `fail`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from reader import clock

# Times paperdeck writes come from its clock (a pinned one is held to a range) or from arXiv
# and PDF metadata (held to the same); a due date is at most `maximum_interval` days later.
EARLIEST, LATEST = clock.EARLIEST, clock.LATEST
MAX_INTERVAL = timedelta(days=36500 + 1)     # review.maximum_interval at most, fuzz within it
STABILITY_MIN = 0.001                         # fsrs.scheduler.STABILITY_MIN
STABILITY_MAX = 1e7                           # days; far past any interval FSRS gives
DIFFICULTY = (1.0, 10.0)                      # fsrs clamps difficulty to this
MAX_COUNT = 1_000_000                         # reps, lapses, steps (daily for 2,700 years)
MAX_DURATION_MS = 2**31 - 1

STATES = ("new", "learning", "review", "relearning")
SETTINGS = ("parameters",)                    # deck_settings names paperdeck stores
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

Fail = Callable[[str, str], None]


def time_in_range(value: str, path: str, fail: Fail) -> None:
    """An ISO 8601 time (checked as such before) within the years paperdeck writes."""
    t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if not EARLIEST <= t < LATEST:
        fail(path, f"{value[:40]!r} is outside {EARLIEST.year}-{LATEST.year - 1}")


def _when(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value.replace("Z", "+00:00"))


def _one_of(row: dict, column: str, allowed: tuple, path: str, fail: Fail) -> None:
    if column in row and row[column] not in allowed:
        shown = ", ".join("null" if a is None else str(a) for a in allowed)
        fail(f"{path}.{column}", f"{row[column]!r} is not one of: {shown}")


def _between(row: dict, column: str, lo: float, hi: float, path: str, fail: Fail) -> None:
    value = row.get(column)
    if value is not None and not lo <= value <= hi:
        fail(f"{path}.{column}", f"{value!r} is outside {lo:g}-{hi:g}")


def _text(row: dict, column: str, path: str, fail: Fail) -> None:
    if column in row and not (row[column] or "").strip():
        fail(f"{path}.{column}", "must not be empty")


def _memory(row: dict, path: str, fail: Fail) -> None:
    """A card's scheduling state as FSRS leaves it: nothing while new; once answered a
    stability, a difficulty, a last review and a due date at most 36,500 days later, and a
    learning step while (re)learning."""
    state = row.get("state", "new")
    cols = ("step", "stability", "difficulty", "due", "last_review")
    if state == "new":
        for col in cols:
            if row.get(col) is not None:
                fail(f"{path}.{col}", "must be null while the card is new")
        return
    for col in ("stability", "difficulty", "last_review", "due"):
        if row.get(col) is None:
            fail(f"{path}.{col}", f"must be set for a card in {state}")
    _between(row, "stability", STABILITY_MIN, STABILITY_MAX, path, fail)
    _between(row, "difficulty", *DIFFICULTY, path, fail)
    if state == "review" and row.get("step") is not None:
        fail(f"{path}.step", "must be null for a card in review")
    if state in ("learning", "relearning"):
        if row.get("step") is None:
            fail(f"{path}.step", f"must be set for a card in {state}")
        _between(row, "step", 0, MAX_COUNT, path, fail)
    _due_after(row, "due", row["last_review"], path, fail)


def _due_after(row: dict, column: str, since: str | None, path: str, fail: Fail) -> None:
    due, start = _when(row.get(column)), _when(since)
    if due is None or start is None:
        return
    if not start <= due <= start + MAX_INTERVAL:
        fail(f"{path}.{column}", f"{row[column]!r} is not within 36,500 days after {since!r}")


def _day(row: dict, column: str, path: str, fail: Fail) -> None:
    day = row.get(column)
    if day is not None:
        try:
            if not _DAY.fullmatch(day):
                raise ValueError
            date.fromisoformat(day)
        except ValueError:
            fail(f"{path}.{column}", f"not a day like 2026-01-31: {day[:40]!r}")
            return
        if not EARLIEST.year <= int(day[:4]) < LATEST.year:
            fail(f"{path}.{column}", f"{day!r} is outside {EARLIEST.year}-{LATEST.year - 1}")


def check_row(table: str, row: dict[str, Any], path: str, fail: Fail) -> None:
    """Values and their combinations in one row of `table` (column -> SQL value)."""
    if table == "papers":
        _text(row, "title", path, fail)
        for col in ("version", "latest_version"):
            _between(row, col, 1, MAX_COUNT, path, fail)
    elif table == "passes":
        _one_of(row, "pass", (1, 2, 3), path, fail)
    elif table == "todos":
        _text(row, "text", path, fail)
    elif table == "notes_log":
        _day(row, "day", path, fail)
    elif table == "reading_plan":
        _one_of(row, "priority", ("high", "normal", "low"), path, fail)
        _day(row, "read_by", path, fail)
    elif table == "cards":
        _one_of(row, "kind", ("basic", "cloze"), path, fail)
        _one_of(row, "state", STATES, path, fail)
        _one_of(row, "suspended", (None, "user", "source"), path, fail)
        _text(row, "front", path, fail)
        _between(row, "reps", 0, MAX_COUNT, path, fail)
        _between(row, "lapses", 0, row.get("reps", 0) or 0, path, fail)
        _memory(row, path, fail)
    elif table == "review_log":
        _one_of(row, "rating", (1, 2, 3, 4), path, fail)
        _one_of(row, "state_before", STATES, path, fail)
        _one_of(row, "state_after", STATES[1:], path, fail)
        _between(row, "duration_ms", 0, MAX_DURATION_MS, path, fail)
        _memory_before(row, path, fail)
        _due_after(row, "due_after", row.get("reviewed_at"), path, fail)


def _memory_before(row: dict, path: str, fail: Fail) -> None:
    """A card's memory just before an answer: nothing if it was new, else set (its due date
    may lie anywhere: before the answer, or after it when reviewed ahead)."""
    state = row.get("state_before")
    before = ("step_before", "stability_before", "difficulty_before", "due_before",
              "last_review_before")
    if state == "new":
        for c in before:
            if row.get(c) is not None:
                fail(f"{path}.{c}", "must be null when the card was new")
        return
    if state is None:
        return
    for c in ("stability_before", "difficulty_before", "last_review_before"):
        if row.get(c) is None:
            fail(f"{path}.{c}", f"must be set for a card in {state}")
    _between(row, "stability_before", STABILITY_MIN, STABILITY_MAX, path, fail)
    _between(row, "difficulty_before", *DIFFICULTY, path, fail)
    _between(row, "step_before", 0, MAX_COUNT, path, fail)


def check_setting(name: Any, value: Any, path: str, fail: Fail) -> None:
    """A `settings:` entry: only the names paperdeck stores, each in the shape it writes."""
    if name not in SETTINGS:
        fail(path, f"unknown setting {str(name)[:40]!r}; paperdeck stores only: "
             f"{', '.join(SETTINGS)}")
    if not isinstance(value, dict) or set(value) != {"parameters", "saved"}:
        fail(path, "expected a mapping with 'parameters' (a list of 21 numbers, or null) and "
             "'saved' (a time)")
    params = value["parameters"]
    if params is not None:
        _parameters(params, f"{path}.parameters", fail)
    if not isinstance(value["saved"], str):
        fail(f"{path}.saved", "expected a time like '2026-01-02T03:04:05Z'")


def _parameters(params: Any, path: str, fail: Fail) -> None:
    """FSRS-6's 21 parameters, each within the bounds fsrs itself enforces."""
    from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS as LOW, UPPER_BOUNDS_PARAMETERS as HIGH

    if not isinstance(params, list) or len(params) != len(LOW):
        n = len(params) if isinstance(params, list) else None
        fail(path, f"FSRS-6 takes a list of {len(LOW)} numbers"
             + (f", got {n}" if n is not None else ""))
    for i, (p, lo, hi) in enumerate(zip(params, LOW, HIGH)):
        if isinstance(p, bool) or not isinstance(p, (int, float)) or not math.isfinite(p):
            fail(f"{path}[{i}]", f"expected a number, got {p!r}"[:80])
        if not lo <= p <= hi:
            fail(f"{path}[{i}]", f"{p!r} is outside FSRS's bounds {lo:g}-{hi:g}")
