"""What to read next: every unfinished paper and study item, in the order to take it up.

A paper is unfinished until it has been read with care (pass 2 or 3 finished); any other item
(a lecture, a book section, code, a post, a course) once it has been through one time (watched,
read, worked through). Either is unfinished again while a pass of it is open (started, not
finished). Each may carry a plan (`reading_plan`): a priority (high, normal, low; normal when it
has none), a day to read it by, a time it is snoozed until.

The queue, first to last:
1. in progress: a pass started and not finished;
2. begun: a paper with pass 1 done and pass 2 not started, a course or book with parts done —
   ahead of anything not begun, however many of those there are;
3. planned: for the current unit (issue 10's units, through `planned_for_current_unit`), or
   with a read-by day within a week or passed (soonest first);
4. everything else by priority;
and within each, the one untouched longest first: the way incremental reading brings back what
you have left alone. "Touched" is the last of: added, a pass started or finished, notes
written, a snooze ended. A snoozed item leaves the queue until its snooze ends. An item's
progress is told in its kind's words (reader.library.kinds): a lecture is "watched", not
"pass 1".
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from reader import clock
from reader.errors import UsageError
from reader.library import kinds
from reader.store.db import transaction

PRIORITIES = ("high", "normal", "low")
SOON_DAYS = 7          # a read-by day this close (or passed) puts a paper with the planned ones
MAX_SNOOZE_DAYS = 3650


@dataclass(frozen=True)
class Plan:
    paper_id: str
    priority: str = "normal"
    read_by: str | None = None          # a local day, YYYY-MM-DD
    snoozed_until: str | None = None    # ISO 8601 UTC
    modified: str | None = None


@dataclass(frozen=True)
class Item:
    paper_id: str
    title: str
    status: str                  # in the kind's words: unread | pass 1 | … for a paper,
                                 # new | watched | watched again for a lecture (kinds.py)
    open_pass: int | None        # the pass in progress, if one is
    planned: bool                # planned for the current unit
    priority: str
    read_by: str | None
    touched: str                 # ISO 8601 UTC: when it was last touched
    snoozed_until: str | None
    kind: str = "paper"
    read: int = 0                # the highest pass (time through) finished
    parts_done: str | None = None  # a course's or book's parts done, "2/15"
    five_cs_missing: bool = False   # pass 1 is finished and its five Cs are empty

    @property
    def begun(self) -> bool:
        """Begun and left between passes: pass 1 of a paper done, pass 2 not started; some
        parts of a course or book done."""
        return self.open_pass is None and (
            (self.kind == "paper" and self.read == 1) or self.parts_done is not None)

    @property
    def in_progress(self) -> bool:
        return self.open_pass is not None or self.begun

    def waited_days(self, now: datetime) -> int:
        return max(0, (now - clock.parse_iso(self.touched)).days)

    def why(self, now: datetime, today: date) -> str:
        """Why it is where it is, in a few words."""
        waited = self.waited_days(now)
        parts = []
        if self.open_pass is not None:
            parts.append(f"in progress (pass {self.open_pass})" if self.kind == "paper" else
                         f"in progress ({kinds.get(self.kind).started(self.open_pass)})")
        elif self.kind == "paper" and self.read == 1:
            parts.append("pass 1 done, pass 2 next")
        elif self.parts_done is not None:
            part_kind = kinds.get(kinds.WITH_PARTS.get(self.kind, self.kind))
            parts.append(f"in progress ({self.parts_done} parts {part_kind.done})")
        if self.five_cs_missing:   # right after the pass it follows: the CLI cuts the line
            parts.append("five Cs empty")
        if self.planned:
            parts.append("planned for this unit")
        if self.read_by:
            parts.append(_read_by_words(self.read_by, today))
        if self.priority != "normal":
            parts.append(f"{self.priority} priority")
        parts.append(f"untouched {waited} day{'s' if waited != 1 else ''}" if waited
                     else "touched today")
        return ", ".join(parts)


# -- the plan of one paper ---------------------------------------------------------------------

def parse_priority(text: str) -> str:
    t = text.strip().lower()
    for p in PRIORITIES:
        if t in (p, p[0]):
            return p
    raise UsageError(f"unknown priority {text!r}; use high, normal or low")


def parse_read_by(text: str, today: date) -> str | None:
    """A read-by day as typed (YYYY-MM-DD, today, tomorrow, +N or Nd for N days on; none clears)."""
    t = text.strip().lower()
    if t in ("none", "never", "-", ""):
        return None
    if t == "today":
        return today.isoformat()
    if t == "tomorrow":
        return (today + timedelta(days=1)).isoformat()
    digits = t.lstrip("+").rstrip("d").strip()
    if (t.startswith("+") or t.endswith("d")) and digits.isdigit():
        if int(digits) > MAX_SNOOZE_DAYS:
            raise UsageError(f"{text!r} is more than {MAX_SNOOZE_DAYS} days away; give a date")
        return (today + timedelta(days=int(digits))).isoformat()
    try:
        day = date.fromisoformat(t)
    except ValueError:
        raise UsageError(f"not a day: {text!r}; use YYYY-MM-DD, today, tomorrow, +7 (days on) "
                         "or none") from None
    if not 1900 <= day.year < 2300:
        raise UsageError(f"{text!r} is outside 1900-2299; give a day like {today.isoformat()}")
    return day.isoformat()


def get(conn: sqlite3.Connection, paper_id: str) -> Plan:
    r = conn.execute("SELECT paper_id, priority, read_by, snoozed_until, modified FROM "
                     "reading_plan WHERE paper_id = ?", (paper_id,)).fetchone()
    return Plan(*r) if r else Plan(paper_id)


def _save(conn: sqlite3.Connection, paper_id: str, now: datetime, **fields) -> Plan:
    with transaction(conn):
        conn.execute("INSERT OR IGNORE INTO reading_plan (paper_id, modified) VALUES (?, ?)",
                     (paper_id, clock.iso(now)))
        sets = ", ".join(f"{k} = ?" for k in fields)
        conn.execute(f"UPDATE reading_plan SET {sets}, modified = ? WHERE paper_id = ?",
                     (*fields.values(), clock.iso(now), paper_id))
    return get(conn, paper_id)


def set_priority(conn: sqlite3.Connection, paper_id: str, priority: str, now: datetime) -> Plan:
    return _save(conn, paper_id, now, priority=parse_priority(priority))


def set_read_by(conn: sqlite3.Connection, paper_id: str, day: str | None, now: datetime) -> Plan:
    return _save(conn, paper_id, now, read_by=day)


def snooze(conn: sqlite3.Connection, paper_id: str, days: int, now: datetime) -> Plan:
    """Hide the paper from the queue for `days` days (0: bring it back now)."""
    if not 0 <= days <= MAX_SNOOZE_DAYS:
        raise UsageError(f"snooze for 0 to {MAX_SNOOZE_DAYS} days, not {days}")
    until = clock.iso(now + timedelta(days=days)) if days else None
    return _save(conn, paper_id, now, snoozed_until=until)


# -- the queue ---------------------------------------------------------------------------------

def planned_for_current_unit(conn: sqlite3.Connection, today: date) -> set[str]:
    """Items planned for the unit holding `today` (none outside a unit's days)."""
    from reader.reading.units import all_units

    unit = next((u for u in all_units(conn) if u.first <= today <= u.last), None)
    if unit is None:
        return set()
    rows = conn.execute("SELECT item_id FROM unit_items WHERE unit = ?", (unit.number,))
    return {r[0] for r in rows}


_UNFINISHED = """
WITH open AS (
    SELECT paper_id, max(pass) AS pass FROM passes WHERE finished IS NULL GROUP BY paper_id
), read AS (
    SELECT paper_id, max(pass) AS pass FROM passes WHERE finished IS NOT NULL GROUP BY paper_id
), touched AS (
    SELECT paper_id, max(t) AS t FROM (
        SELECT paper_id, started AS t FROM passes
        UNION ALL SELECT paper_id, finished FROM passes WHERE finished IS NOT NULL
        UNION ALL SELECT paper_id, last_at FROM notes_log
    ) GROUP BY paper_id
)
SELECT p.id, p.title, coalesce(r.pass, 0), o.pass, coalesce(rp.priority, 'normal'), rp.read_by,
       rp.snoozed_until, max(p.added, coalesce(t.t, ''), coalesce(pt.t, ''),
           CASE WHEN rp.snoozed_until <= :now THEN rp.snoozed_until ELSE '' END), p.kind
FROM papers p
LEFT JOIN open o ON o.paper_id = p.id
LEFT JOIN read r ON r.paper_id = p.id
LEFT JOIN touched t ON t.paper_id = p.id
LEFT JOIN (SELECT c.part_of AS id, max(t.t) AS t FROM papers c JOIN touched t ON t.paper_id = c.id
           WHERE c.part_of IS NOT NULL GROUP BY c.part_of) pt ON pt.id = p.id
LEFT JOIN reading_plan rp ON rp.paper_id = p.id
WHERE o.pass IS NOT NULL OR coalesce(r.pass, 0) < CASE p.kind WHEN 'paper' THEN 2 ELSE 1 END
"""


def _status(kind: str, read: int) -> str:
    """How far an item got, in its kind's words: `pass 1` for a paper, `watched` (`watched
    again`) for a lecture, `new` for an item not yet through once."""
    from reader.reading.passes import STATUSES

    if kind == "paper" or not read:
        return kinds.status_label(kind, STATUSES[read])
    return kinds.get(kind).finished(read)


def queue(conn: sqlite3.Connection, now: datetime, tz: tzinfo | None = None, *,
          snoozed: bool = False, planned: set[str] | None = None) -> list[Item]:
    """Every unfinished paper, first to take up first (see the module's docstring); snoozed
    ones only with `snoozed` (at the end)."""
    from reader.library.items import progress_all

    today = now.astimezone(tz).date()
    planned = planned_for_current_unit(conn, today) if planned is None else planned
    from reader.reading.fivecs import missing_after_pass_1

    stamp = clock.iso(now)
    no_cs = missing_after_pass_1(conn)
    parts = {pid: p for pid, p in progress_all(conn).items() if p.done}
    items = [Item(pid, title, _status(kind, read), open_pass, pid in planned, priority, read_by,
                  touched, snoozed_until, kind, read,
                  str(parts[pid]) if pid in parts else None, pid in no_cs)
             for pid, title, read, open_pass, priority, read_by, snoozed_until, touched, kind
             in conn.execute(_UNFINISHED, {"now": stamp})]
    awake = [i for i in items if not (i.snoozed_until and i.snoozed_until > stamp)]
    awake.sort(key=lambda i: _order(i, today))
    if not snoozed:
        return awake
    asleep = sorted((i for i in items if i.snoozed_until and i.snoozed_until > stamp),
                    key=lambda i: (i.snoozed_until, i.paper_id))
    return awake + asleep


def _order(item: Item, today: date) -> tuple:
    if item.open_pass is not None:
        group = 0
    elif item.begun:
        group = 1
    elif item.planned or (item.read_by and _due_soon(item.read_by, today)):
        group = 2
    else:
        group = 3
    read_by = item.read_by if group == 2 and item.read_by else "9999"
    return (group, read_by, PRIORITIES.index(item.priority), item.touched, item.paper_id)


def _due_soon(read_by: str, today: date) -> bool:
    return date.fromisoformat(read_by) <= today + timedelta(days=SOON_DAYS)


def _read_by_words(read_by: str, today: date) -> str:
    days = (date.fromisoformat(read_by) - today).days
    if days < 0:
        return f"read by {read_by} ({-days} day{'s' if days != -1 else ''} late)"
    if days == 0:
        return f"read by {read_by} (today)"
    return f"read by {read_by} (in {days} day{'s' if days != 1 else ''})"


def to_json(item: Item, now: datetime, today: date) -> dict:
    return {"id": item.paper_id, "title": item.title, "kind": item.kind, "status": item.status,
            "in_progress": item.in_progress, "open_pass": item.open_pass,
            "parts_done": item.parts_done,
            "planned": item.planned, "priority": item.priority, "read_by": item.read_by,
            "snoozed_until": item.snoozed_until, "touched": item.touched,
            "waited_days": item.waited_days(now), "why": item.why(now, today),
            "five_cs_missing": item.five_cs_missing}
