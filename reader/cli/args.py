"""Checks shared by the CLI's arguments, in one place.

- Every `type=int` argument of every verb goes through `whole_number` (the parser registers it
  for `int`): a number outside SQLite's INTEGER range (`card show 99999999999999999999999`) is
  refused by argparse in one line, before any verb runs. Each verb still checks what makes
  sense for it (`--days 1-365`).
- A day typed by the user that names what is stored or shown (`journal --date`, `unit new
  START`, `log --week`) goes through `day`: within the years paperdeck stores (clock.EARLIEST
  to LATEST, 1900-2299, as the YAML import), so no day a command accepts can break a later
  one. `log --since/--until` only filter: a day beyond those years means from the beginning
  or to the end (reader.reading.readlog.days_between).
"""

from __future__ import annotations

import argparse
from datetime import date

from reader.errors import UsageError

MAX_INT = 2**63 - 1          # SQLite's largest INTEGER
_DIGITS = 30                 # longer than any number a verb takes: said too large unread


def whole_number(text: str) -> int:
    """`int`, bounded to what the library can hold; argparse shows the error in one line."""
    shown = text if len(text) <= 40 else text[:37] + "..."
    digits = text.strip().lstrip("+-").replace("_", "")
    if digits.isdigit() and len(digits) > _DIGITS:
        raise argparse.ArgumentTypeError(f"{shown} is too large a number (at most {MAX_INT})")
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{shown!r} is not a whole number") from None
    if not -MAX_INT - 1 <= n <= MAX_INT:
        raise argparse.ArgumentTypeError(f"{shown} is too large a number (at most {MAX_INT})")
    return n


whole_number.bounds_ints = True  # type: ignore[attr-defined]


def bound_ints(parser: argparse.ArgumentParser) -> None:
    """Make `type=int` mean `whole_number` in `parser` (argparse looks types up by name)."""
    parser.register("type", int, whole_number)


def in_range(day: date, text: str | None = None) -> date:
    """`day` if it lies in the years paperdeck stores, else a UsageError naming what was typed."""
    from reader import clock   # here, not at the top: `paperdeck --help` loads this module

    if not clock.EARLIEST.year <= day.year < clock.LATEST.year:
        shown = text.strip() if text else day.isoformat()
        raise UsageError(f"{shown[:40]!r} is outside the years {clock.EARLIEST.year}-"
                         f"{clock.LATEST.year - 1}; give a day like 2026-02-01")
    return day


def day(text: str, today: date) -> date:
    """A day as typed (YYYY-MM-DD, today, yesterday, Nd: see readlog.parse_day), held to the
    years paperdeck stores."""
    from reader.reading.readlog import parse_day

    return in_range(parse_day(text, today), text)
