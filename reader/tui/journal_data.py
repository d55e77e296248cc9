"""The Journal screen's door into the core: a day's log and writing an entry (reader.reading.readlog,
reader.reading.journal). Nothing here imports textual; the connection is the caller's thread's."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta


@dataclass(frozen=True)
class Line:
    """One line of a day's log: when (local HH:MM), what, about which item, and whether it is
    one of the user's own entries."""

    time: str
    what: str
    title: str
    own: bool = False


def day_log(conn: sqlite3.Connection, day: date) -> list[Line]:
    """What the log holds for one local day, in its order: events and entries."""
    from reader.reading import readlog

    events = readlog.collapse_bulk_adds(readlog.events(
        conn, readlog.local_day_start(day), readlog.local_day_start(day + timedelta(days=1))))
    return [Line(f"{e.local_time():%H:%M}", e.detail if e.kind == "entry" else e.description,
                 e.title, e.kind == "entry") for e in events]


def days_ago(day: date, today: date) -> str:
    """'today', '1 day ago', '3 days ago' (and 'in 2 days')."""
    n = (today - day).days
    if n == 0:
        return "today"
    if n < 0:
        return f"in {-n} day{'s' if n != -1 else ''}"
    return f"{n} day{'s' if n != 1 else ''} ago"


def write_entry(conn: sqlite3.Connection, text: str, day: date, now: datetime) -> int:
    """Store an entry for `day`; its number. reader.errors.UsageError when it is empty."""
    from reader.reading import journal

    return journal.add(conn, text, day, now).id


def unit_line(conn: sqlite3.Connection, day: date) -> str:
    """'Unit 1: day 3 of 10 · papers 1/3 · lectures 1/3' for the unit holding `day`, or ''."""
    from reader.reading import units
    from reader.library import kinds

    unit = next((u for u in units.all_units(conn) if u.first <= day <= u.last), None)
    if unit is None:
        return ""
    report = units.report(conn, unit, day, as_of=day)   # that day's progress, not today's
    goals = " · ".join(f"{kinds.get(g.kind).plural} {len(g.done)}/{g.goal}"
                       for g in report.goals if g.goal is not None)
    return f"{unit.name}: day {(day - unit.first).days + 1} of {unit.days}" + (
        f" · {goals}" if goals else "")
