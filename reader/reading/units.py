"""Units: fixed runs of days with goals by kind and planned items ("Unit 1: 02-01 to 02-10").

A unit covers whole local calendar days, its first and last included. Progress is what the data
says happened inside those days: an item counts toward its kind's goal when one of its passes
(times through) finished inside the unit; it is "started" when one started there and none
finished. Units are numbered in the order they are made and never overlap. Planned items not
finished carry over to a later unit when asked (`carry`), remembering where they came from.

`reading.goal_days` and `reading.goal_papers` (config) are the length and the paper goal of a
new unit made without `--days` or `--goal`.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from reader import clock
from reader.library import kinds
from reader.library import papers as library
from reader.store.db import transaction
from reader.errors import UsageError
from reader.reading.readlog import local_day_start

MAX_DAYS = 365
MAX_GOAL = 1000


@dataclass(frozen=True)
class Unit:
    number: int
    first: date
    last: date                       # included
    created: str
    goals: dict[str, int] = field(default_factory=dict)   # kind -> count, in kinds' order

    @property
    def name(self) -> str:
        return f"Unit {self.number}"

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def dates(self) -> str:
        return f"{self.first.isoformat()} to {self.last.isoformat()}"

    def bounds(self) -> tuple[str, str]:
        """[start, end) as stored UTC times: local midnight of the first day and of the day
        after the last."""
        return (clock.iso(local_day_start(self.first)),
                clock.iso(local_day_start(self.last + timedelta(days=1))))

    def state(self, today: date) -> str:
        if today < self.first:
            return "upcoming"
        return "past" if today > self.last else "current"


@dataclass(frozen=True)
class Planned:
    id: str
    title: str
    kind: str
    planned: str
    carried_from: int | None
    status: str                      # done | started | open
    finished: str | None = None      # first finish inside the unit (UTC)
    started: str | None = None       # first start inside (or, in progress, before) the unit
    parts_done: int = 0              # a course's parts finished inside the unit


@dataclass(frozen=True)
class Goal:
    kind: str
    goal: int | None                 # None: no goal for this kind, yet it saw some work
    done: tuple[str, ...]            # ids of the items of this kind finished in the unit
    started: tuple[str, ...]         # ... started in it, none finished

    @property
    def met(self) -> bool:
        return self.goal is not None and len(self.done) >= self.goal


@dataclass(frozen=True)
class Report:
    unit: Unit
    today: date
    goals: tuple[Goal, ...]
    planned: tuple[Planned, ...]

    @property
    def state(self) -> str:
        return self.unit.state(self.today)

    @property
    def days_left(self) -> int:
        """Days from today to the unit's last day, both included (0 once it is over)."""
        if self.today > self.unit.last:
            return 0
        return (self.unit.last - max(self.today, self.unit.first)).days + 1

    @property
    def met(self) -> bool:
        set_goals = [g for g in self.goals if g.goal is not None]
        return bool(set_goals) and all(g.met for g in set_goals)


# -- reading what the user typed ------------------------------------------------------------

_GOAL = re.compile(r"\s*([A-Za-z]+)\s*[=:]\s*(-?\d+)\s*")


def parse_goal(text: str, allow_zero: bool = False) -> tuple[str, int]:
    """`paper=3` (also `papers=3`, `lecture:2`) as (kind, count)."""
    m = _GOAL.fullmatch(text)
    if not m:
        raise UsageError(f"a goal looks like KIND=N (paper=3, lecture=2), not {text!r}")
    kind = kinds.parse(m.group(1), "kind in the goal")
    count = int(m.group(2))
    lo = 0 if allow_zero else 1
    if not lo <= count <= MAX_GOAL:
        raise UsageError(f"the goal {text!r} must count {lo}-{MAX_GOAL} items"
                         + (" (0 removes it)" if allow_zero else ""))
    return kind, count


def parse_goals(texts, allow_zero: bool = False) -> dict[str, int]:
    goals: dict[str, int] = {}
    for t in texts:
        kind, count = parse_goal(t, allow_zero)
        if kind in goals:
            raise UsageError(f"two goals for {kinds.get(kind).plural}; give each kind once")
        goals[kind] = count
    return {k: goals[k] for k in kinds.NAMES if k in goals}


# -- reading the library --------------------------------------------------------------------

def _goals_of(conn: sqlite3.Connection) -> dict[int, dict[str, int]]:
    found: dict[int, dict[str, int]] = {}
    for unit, kind, count in conn.execute("SELECT unit, kind, count FROM unit_goals"):
        found.setdefault(unit, {})[kind] = count
    return {n: {k: g[k] for k in kinds.NAMES if k in g} for n, g in found.items()}


def all_units(conn: sqlite3.Connection) -> list[Unit]:
    """Every unit, by first day."""
    goals = _goals_of(conn)
    return [Unit(n, date.fromisoformat(first), date.fromisoformat(last), created, goals.get(n, {}))
            for n, first, last, created in conn.execute(
                "SELECT number, first, last, created FROM units ORDER BY first, number")]


def get(conn: sqlite3.Connection, number: int) -> Unit | None:
    return next((u for u in all_units(conn) if u.number == number), None)


def require(conn: sqlite3.Connection, number: int) -> Unit:
    unit = get(conn, number)
    if unit is None:
        have = [u.number for u in all_units(conn)]
        raise UsageError(f"there is no unit {number}; " + (
            f"the units are {', '.join(map(str, sorted(have)))}" if have else
            "make one with: paperdeck unit new YYYY-MM-DD --days 10"))
    return unit


def current(conn: sqlite3.Connection, today: date) -> Unit | None:
    """The unit holding today; else the next to come; else the last one that ended."""
    units = all_units(conn)
    for u in units:
        if u.first <= today <= u.last:
            return u
    upcoming = [u for u in units if u.first > today]
    if upcoming:
        return upcoming[0]
    return units[-1] if units else None


# -- writing --------------------------------------------------------------------------------

def create(conn: sqlite3.Connection, first: date, days: int, goals: dict[str, int],
           now: datetime) -> Unit:
    """A new unit of `days` days from `first`, numbered after the others. UsageError (nothing
    written) when it would overlap another unit."""
    if not 1 <= days <= MAX_DAYS:
        raise UsageError(f"a unit lasts 1-{MAX_DAYS} days, not {days}")
    low, high = clock.EARLIEST.year, clock.LATEST.year - 1
    if not low <= first.year <= high:
        raise UsageError(f"a unit cannot start on {first}: units lie in the years {low}-{high}")
    try:
        last = first + timedelta(days=days - 1)
    except OverflowError:
        last = date.max
    if last.year > high:
        raise UsageError(f"a unit from {first} of {days} days runs past the year {high}; "
                         "start earlier or make it shorter")
    with transaction(conn):
        clash = conn.execute(
            "SELECT number, first, last FROM units WHERE first <= ? AND last >= ? ORDER BY first",
            (last.isoformat(), first.isoformat())).fetchone()
        if clash is not None:
            after = date.fromisoformat(clash[2]) + timedelta(days=1)
            raise UsageError(f"{first} to {last} overlaps Unit {clash[0]} ({clash[1]} to "
                             f"{clash[2]}); start on {after} or later, or make it shorter")
        number = conn.execute("SELECT coalesce(max(number), 0) + 1 FROM units").fetchone()[0]
        conn.execute("INSERT INTO units (number, first, last, created) VALUES (?, ?, ?, ?)",
                     (number, first.isoformat(), last.isoformat(), clock.iso(now)))
        conn.executemany("INSERT INTO unit_goals (unit, kind, count) VALUES (?, ?, ?)",
                         [(number, k, c) for k, c in goals.items()])
    return get(conn, number)  # type: ignore[return-value]


def set_goals(conn: sqlite3.Connection, number: int, goals: dict[str, int]) -> Unit:
    """Change some goals of a unit (a count of 0 removes that kind's goal)."""
    require(conn, number)
    with transaction(conn):
        for kind, count in goals.items():
            if count == 0:
                conn.execute("DELETE FROM unit_goals WHERE unit = ? AND kind = ?", (number, kind))
            else:
                conn.execute("INSERT INTO unit_goals (unit, kind, count) VALUES (?, ?, ?) "
                             "ON CONFLICT (unit, kind) DO UPDATE SET count = excluded.count",
                             (number, kind, count))
    return get(conn, number)  # type: ignore[return-value]


def plan(conn: sqlite3.Connection, number: int, texts, now: datetime,
         remove: bool = False) -> list[str]:
    """Plan the named items for unit `number` (or take them off its plan); every id is checked
    before anything is written. Returns the ids that changed."""
    require(conn, number)
    keys = list(dict.fromkeys(library.require(conn, t).id for t in texts))
    changed = []
    with transaction(conn):
        for key in keys:
            if remove:
                cur = conn.execute("DELETE FROM unit_items WHERE unit = ? AND item_id = ?",
                                   (number, key))
            else:
                cur = conn.execute("INSERT OR IGNORE INTO unit_items (unit, item_id, planned) "
                                   "VALUES (?, ?, ?)", (number, key, clock.iso(now)))
            if cur.rowcount:
                changed.append(key)
    return changed


def remove(conn: sqlite3.Connection, number: int) -> Unit:
    unit = require(conn, number)
    with transaction(conn):
        conn.execute("DELETE FROM units WHERE number = ?", (number,))
    return unit


def unfinished(conn: sqlite3.Connection, unit: Unit) -> list[str]:
    """Planned items of `unit` with no pass finished since its first day: what carries over."""
    start, _ = unit.bounds()
    return [r[0] for r in conn.execute(
        "SELECT item_id FROM unit_items i WHERE unit = ? AND NOT EXISTS (SELECT 1 FROM passes p "
        "WHERE p.paper_id = i.item_id AND p.finished >= ?) ORDER BY planned, item_id",
        (unit.number, start))]


def carry(conn: sqlite3.Connection, source: int, target: int | None, now: datetime
          ) -> tuple[Unit, list[str]]:
    """Plan `source`'s unfinished items in `target` (default: the unit after it by date).
    Returns the target and the ids carried (those it did not hold already)."""
    unit = require(conn, source)
    if target is None:
        later = [u for u in all_units(conn) if u.first > unit.last]
        if not later:
            raise UsageError(f"there is no unit after Unit {source} to carry into; make one "
                             f"with: paperdeck unit new --carry")
        into = later[0]
    else:
        into = require(conn, target)
        if into.number == unit.number:
            raise UsageError("a unit cannot carry its items into itself")
    moved = []
    with transaction(conn):
        for key in unfinished(conn, unit):
            cur = conn.execute("INSERT OR IGNORE INTO unit_items (unit, item_id, planned, "
                               "carried_from) VALUES (?, ?, ?, ?)",
                               (into.number, key, clock.iso(now), unit.number))
            if cur.rowcount:
                moved.append(key)
    return into, moved


# -- progress -------------------------------------------------------------------------------

def report(conn: sqlite3.Connection, unit: Unit, today: date, *,
           as_of: date | None = None) -> Report:
    """Goals with what was done and started inside the unit, and the planned items' status;
    with `as_of`, only what had happened by the end of that day (a past day's progress)."""
    start, end = unit.bounds()
    if as_of is not None:
        end = min(end, clock.iso(local_day_start(as_of + timedelta(days=1))))
    finished: dict[str, str] = {}
    started: dict[str, str] = {}
    for pid, fin in conn.execute(
            "SELECT paper_id, min(finished) FROM passes WHERE finished >= ? AND finished < ? "
            "GROUP BY paper_id", (start, end)):
        finished[pid] = fin
    for pid, st in conn.execute(
            "SELECT paper_id, min(started) FROM passes WHERE started >= ? AND started < ? "
            "GROUP BY paper_id", (start, end)):
        started[pid] = st
    touched = set(finished) | set(started)
    kind_of = _kinds_of(conn, touched)
    goals = []
    for kind in kinds.NAMES:
        done = tuple(sorted((p for p in finished if kind_of.get(p) == kind),
                            key=lambda p: (finished[p], p)))
        begun = tuple(sorted((p for p in started if kind_of.get(p) == kind and p not in finished),
                             key=lambda p: (started[p], p)))
        if kind in unit.goals or done or begun:
            goals.append(Goal(kind, unit.goals.get(kind), done, begun))
    planned = []
    for key, title, kind, when, carried in conn.execute(
            "SELECT i.item_id, p.title, p.kind, i.planned, i.carried_from FROM unit_items i "
            "JOIN papers p ON p.id = i.item_id WHERE i.unit = ? ORDER BY i.planned, i.item_id",
            (unit.number,)):
        in_progress = None
        if key not in finished and key not in started:
            row = conn.execute("SELECT min(started) FROM passes WHERE paper_id = ? AND finished "
                               "IS NULL AND started < ?", (key, end)).fetchone()
            in_progress = row[0]
        parts = conn.execute(
            "SELECT count(DISTINCT c.part) FROM papers c JOIN passes s ON s.paper_id = c.id "
            "WHERE c.part_of = ? AND s.finished >= ? AND s.finished < ?",
            (key, start, end)).fetchone()[0] if kind in kinds.WITH_PARTS else 0
        status = "done" if key in finished else (
            "started" if key in started or in_progress or parts else "open")
        planned.append(Planned(key, title, kind, when, carried, status, finished.get(key),
                               started.get(key) or in_progress, parts))
    return Report(unit, today, tuple(goals), tuple(planned))


def _kinds_of(conn: sqlite3.Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    if len(ids) > 500:
        return dict(conn.execute("SELECT id, kind FROM papers").fetchall())
    return dict(conn.execute(f"SELECT id, kind FROM papers WHERE id IN "
                             f"({','.join('?' * len(ids))})", tuple(ids)).fetchall())


def to_json(r: Report) -> dict:
    u = r.unit
    return {
        "number": u.number, "name": u.name, "first": u.first.isoformat(),
        "last": u.last.isoformat(), "days": u.days, "state": r.state, "days_left": r.days_left,
        "goals": [{"kind": g.kind, "goal": g.goal, "done": len(g.done), "met": g.met,
                   "finished": list(g.done), "started": list(g.started)} for g in r.goals],
        "planned": [{"id": p.id, "title": p.title, "kind": p.kind, "status": p.status,
                     "finished": p.finished, "started": p.started, "planned": p.planned,
                     "carried_from": p.carried_from,
                     **({"parts_done": p.parts_done} if p.kind in kinds.WITH_PARTS else {})}
                    for p in r.planned],
    }
