"""Units and the journal in the YAML export: the two top-level lists that hang off no paper.

```yaml
units:
- number: 1
  first: '2022-02-01'          # local days, the last one included
  last: '2022-02-10'
  created: '2022-01-31T20:00:00Z'
  goals: {paper: 3, lecture: 3, book: 1, code: 1}
  items:                       # planned items
  - {item: '1211.3711', planned: '2022-01-31T20:00:00Z', carried_from: null}
journal:
- {day: '2022-02-01', text: watched NYU 5L on EBMs, item: nyu-dl-5l, written: '...Z'}
```
Both keys are left out while empty, so a library without units exports as it always did.

Merging never duplicates: a unit is matched by its number (the same number with other dates,
or dates that overlap another unit, is refused: one line, nothing imported); its goals and
planned items the library lacks are added, the library's counts kept. A journal entry is
matched by day, time written and text. Checked here, written by `restore` in its transaction.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from reader.library import kinds
from reader.errors import UsageError
from reader.text.textsafe import clean, one_line

from reader.limits import MAX_TEXT  # noqa: E402 - what the library stores, the import takes
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
UNIT_KEYS = ("number", "first", "last", "created", "goals", "items")
ITEM_KEYS = ("item", "planned", "carried_from")
ENTRY_KEYS = ("day", "text", "item", "written")


class Refused(UsageError):
    """A unit or an entry the library cannot take: one line naming the place."""

    def __init__(self, path: str, message: str):
        super().__init__(one_line(f"{path}: {message}"))


# -- export ---------------------------------------------------------------------------------

def export(conn: sqlite3.Connection) -> dict[str, list]:
    """{'units': [...], 'journal': [...]}, each only when it has rows; a stable order. A
    library of a schema before 7 (read to back it up before an upgrade) has neither."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'units'"
                    ).fetchone() is None:
        return {}
    goals: dict[int, dict[str, int]] = {}
    for unit, kind, count in conn.execute(
            "SELECT unit, kind, count FROM unit_goals ORDER BY unit, kind"):
        goals.setdefault(unit, {})[kind] = count
    planned: dict[int, list] = {}
    for unit, item, when, carried in conn.execute(
            "SELECT unit, item_id, planned, carried_from FROM unit_items "
            "ORDER BY unit, planned, item_id"):
        planned.setdefault(unit, []).append(
            {"item": item, "planned": when, "carried_from": carried})
    units = [{"number": n, "first": first, "last": last, "created": created,
              "goals": goals.get(n, {}), "items": planned.get(n, [])}
             for n, first, last, created in conn.execute(
                 "SELECT number, first, last, created FROM units ORDER BY number")]
    journal = [{"day": day, "text": text, "item": item, "written": written}
               for day, text, item, written in conn.execute(
                   "SELECT day, text, item_id, written FROM journal ORDER BY day, written, id")]
    found: dict[str, list] = {}
    if units:
        found["units"] = units
    if journal:
        found["journal"] = journal
    return found


# -- checking -------------------------------------------------------------------------------

@dataclass
class Plan:
    units: list[tuple[str, dict]] = field(default_factory=list)
    journal: list[tuple[str, dict]] = field(default_factory=list)


def _mapping(value: Any, path: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        raise Refused(path, f"expected a mapping, got {type(value).__name__}")
    for k in value:
        if k not in allowed:
            raise Refused(f"{path}.{k}", f"unknown key; expected one of: {', '.join(allowed)}")
    for k in required:
        if k not in value:
            raise Refused(path, f"missing key {k!r}")
    return value


def _list(value: Any, path: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise Refused(path, f"expected a list, got {type(value).__name__}")
    return value


def _int(value: Any, path: str, lo: int, hi: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
        raise Refused(path, f"expected a whole number {lo}-{hi}, got {value!r}"[:120])
    return value


def _text(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise Refused(path, f"expected text, got {type(value).__name__}")
    if len(value) > MAX_TEXT or "\x00" in value:
        raise Refused(path, "text too long or holding a NUL character")
    return clean(value)


def _day(value: Any, path: str) -> str:
    text = _text(value, path)
    try:
        if not _DAY.fullmatch(text):
            raise ValueError
        day = date.fromisoformat(text)
    except ValueError:
        raise Refused(path, f"not a day like 2022-02-01: {text[:40]!r}") from None
    if not 1900 <= day.year <= 2299:      # the years paperdeck stores (reader.clock)
        raise Refused(path, f"{text} is outside the years 1900-2299")
    return text


def _time(value: Any, path: str) -> str:
    text = _text(value, path)
    try:
        t = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise Refused(path, f"not an ISO 8601 time: {text[:40]!r}") from None
    if t.tzinfo is None:
        raise Refused(path, f"time without a time zone: {text[:40]!r}; use UTC, e.g. "
                      "2026-01-02T03:04:05Z")
    return text


def check(data: dict) -> Plan:
    """The document's `units` and `journal`, checked; raises Refused naming the place."""
    plan = Plan()
    numbers: set[int] = set()
    spans: list[tuple[str, str, int]] = []
    for i, u in enumerate(_list(data.get("units"), "units")):
        path = f"units[{i}]"
        _mapping(u, path, UNIT_KEYS, ("number", "first", "last", "created"))
        row = {"number": _int(u["number"], f"{path}.number", 1, 1_000_000),
               "first": _day(u["first"], f"{path}.first"), "last": _day(u["last"], f"{path}.last"),
               "created": _time(u["created"], f"{path}.created")}
        if row["last"] < row["first"]:
            raise Refused(path, f"its last day {row['last']} is before its first {row['first']}")
        if row["number"] in numbers:
            raise Refused(path, f"unit {row['number']} appears twice in the file")
        for first, last, n in spans:
            if row["first"] <= last and first <= row["last"]:
                raise Refused(path, f"its days overlap those of unit {n} in the file")
        numbers.add(row["number"])
        spans.append((row["first"], row["last"], row["number"]))
        goals = u.get("goals") or {}
        if not isinstance(goals, dict):
            raise Refused(f"{path}.goals", "expected a mapping of kind: count")
        row["goals"] = {}
        for kind, count in goals.items():
            if not isinstance(kind, str) or kind not in kinds.NAMES:
                raise Refused(f"{path}.goals", f"unknown kind {kind!r}; the kinds are: "
                              f"{', '.join(kinds.NAMES)}")
            row["goals"][kind] = _int(count, f"{path}.goals.{kind}", 1, 1000)
        row["items"] = []
        seen: set[str] = set()
        for j, it in enumerate(_list(u.get("items"), f"{path}.items")):
            ipath = f"{path}.items[{j}]"
            _mapping(it, ipath, ITEM_KEYS, ("item", "planned"))
            item = {"item": _text(it["item"], f"{ipath}.item"),
                    "planned": _time(it["planned"], f"{ipath}.planned"),
                    "carried_from": None if it.get("carried_from") is None else
                    _int(it["carried_from"], f"{ipath}.carried_from", 1, 1_000_000)}
            if item["item"] in seen:
                raise Refused(ipath, f"{item['item']} is planned twice in this unit")
            seen.add(item["item"])
            row["items"].append(item)
        plan.units.append((path, row))
    seen_entries: set[tuple] = set()
    for i, e in enumerate(_list(data.get("journal"), "journal")):
        path = f"journal[{i}]"
        _mapping(e, path, ENTRY_KEYS, ("day", "text", "written"))
        row = {"day": _day(e["day"], f"{path}.day"), "text": _text(e["text"], f"{path}.text"),
               "item": None if e.get("item") is None else _text(e["item"], f"{path}.item"),
               "written": _time(e["written"], f"{path}.written")}
        if not row["text"].strip():
            raise Refused(f"{path}.text", "must not be empty")
        ident = (row["day"], row["written"], row["text"])
        if ident in seen_entries:
            raise Refused(path, "the same entry (day, time written and text) appears twice")
        seen_entries.add(ident)
        plan.journal.append((path, row))
    return plan


# -- writing (inside restore's transaction) -------------------------------------------------

def _need_item(conn: sqlite3.Connection, key: str, path: str) -> None:
    if conn.execute("SELECT 1 FROM papers WHERE id = ?", (key,)).fetchone() is None:
        raise Refused(path, f"{key[:60]!r} is neither among the file's papers nor in the library")


def write(conn: sqlite3.Connection, plan: Plan) -> int:
    """Merge `plan` into the library (the caller holds the transaction); the rows added."""
    added = 0
    for path, u in plan.units:
        n = u["number"]
        have = conn.execute("SELECT first, last FROM units WHERE number = ?", (n,)).fetchone()
        if have is not None and (have[0], have[1]) != (u["first"], u["last"]):
            raise Refused(path, f"the library's unit {n} runs {have[0]} to {have[1]}, the file's "
                          f"{u['first']} to {u['last']}; nothing was imported")
        clash = conn.execute(
            "SELECT number, first, last FROM units WHERE number != ? AND first <= ? AND last >= ?",
            (n, u["last"], u["first"])).fetchone()
        if clash is not None:
            raise Refused(path, f"its days overlap the library's unit {clash[0]} ({clash[1]} to "
                          f"{clash[2]}); nothing was imported")
        if have is None:
            conn.execute("INSERT INTO units (number, first, last, created) VALUES (?, ?, ?, ?)",
                         (n, u["first"], u["last"], u["created"]))
            added += 1
        for kind, count in u["goals"].items():
            added += conn.execute("INSERT OR IGNORE INTO unit_goals (unit, kind, count) "
                                  "VALUES (?, ?, ?)", (n, kind, count)).rowcount
        for j, it in enumerate(u["items"]):
            _need_item(conn, it["item"], f"{path}.items[{j}].item")
            added += conn.execute(
                "INSERT OR IGNORE INTO unit_items (unit, item_id, planned, carried_from) "
                "VALUES (?, ?, ?, ?)", (n, it["item"], it["planned"], it["carried_from"])).rowcount
    for path, e in plan.journal:
        if e["item"] is not None:
            _need_item(conn, e["item"], f"{path}.item")
        if conn.execute("SELECT 1 FROM journal WHERE day = ? AND written = ? AND text = ?",
                        (e["day"], e["written"], e["text"])).fetchone() is None:
            conn.execute("INSERT INTO journal (day, text, item_id, written) VALUES (?, ?, ?, ?)",
                         (e["day"], e["text"], e["item"], e["written"]))
            added += 1
    return added
