"""Restoring a YAML export (see `snapshot`): check everything, then write in one transaction.

Checking covers the document's shape (known keys only, the right type for every value, required
values present), paper ids, tags, timestamps, text sizes and duplicates; the database's own
constraints are the last line, inside the transaction. Any refusal is one line naming the place
(`papers[3] (1211.3711).todos[0].done: ...`) and nothing is written.

Merging into a library that already holds some of it never duplicates:
- a paper is matched by id; its metadata is replaced only by a newer arXiv `updated`;
- tags, passes, notes and TODOs are matched within their paper (tag; pass number; the one notes
  row; TODO text and creation time); a pass the file has finished, notes modified later, a TODO
  ticked off in the file win, anything the library lacks is added;
- a card is matched by its source key (a hand-written card by kind, front and creation time);
  its text comes from whichever side modified it last, its scheduling state from whichever side
  reviewed it last; reviews are matched by card, time and rating, and missing ones are appended;
- a setting (fitted FSRS parameters) is taken from the file when the library has none or the
  file's was saved later.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError
from ..textsafe import one_line
from . import rules
from .introspect import JSON_COLUMNS, TIME_COLUMNS, NEWER, Layout, Table, layout
from .snapshot import FORMAT, VERSION

MAX_TEXT = 1_000_000          # characters in one value
REVIEW_KEY = ("reviewed_at", "rating")
TOP_KEYS = ("format", "version", "schema", "papers", "cards", "settings")


class Invalid(UsageError):
    """A file refused: one line naming the place."""

    def __init__(self, message: str):
        super().__init__(one_line(message))


@dataclass
class Counts:
    new: int = 0
    updated: int = 0
    same: int = 0


@dataclass
class Result:
    counts: dict[str, Counts] = field(default_factory=dict)
    details: int = 0  # tags, passes, notes, TODOs and settings added or updated

    def count(self, section: str) -> Counts:
        return self.counts.setdefault(section, Counts())

    @property
    def changed(self) -> bool:
        return self.details > 0 or any(c.new or c.updated for c in self.counts.values())

    def summary(self) -> str:
        sections = ("papers", "cards", "reviews")
        if not self.changed:
            held = [_plural(self.count(n).same, n) for n in sections if self.count(n).same]
            if not held:
                return "nothing new: the file holds no papers or cards"
            if held == ["1 paper"] or held == ["1 card"]:
                return f"nothing new: its {held[0]} was already in the library"
            listed = held[0] if len(held) == 1 else ", ".join(held[:-1]) + " and " + held[-1]
            return f"nothing new: all {listed} were already in the library"
        parts = []
        for name in sections:
            c = self.count(name)
            parts.append(f"{_plural(c.new + c.updated + c.same, name)} ({c.new} new, "
                         f"{c.updated} updated)")
        if self.details and not any(c.new or c.updated for c in self.counts.values()):
            parts.append(f"{_plural(self.details, 'other change')} (tags, passes, notes, TODOs, "
                         "settings)")
        return ", ".join(parts)


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun[:-1] if n == 1 and noun.endswith('s') else noun}" if noun.endswith("s") \
        else f"{n} {noun}{'' if n == 1 else 's'}"


# -- checking -------------------------------------------------------------------------------


def _fail(path: str, message: str) -> None:
    raise Invalid(f"{path}: {message}")


def _kind(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false",
            int: "a whole number", float: "a number", type(None): "null"}.get(
        type(value), type(value).__name__)


def _check_mapping(value: Any, path: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        _fail(path, f"expected a mapping, got {_kind(value)}")
    for k in value:
        if not isinstance(k, str):
            _fail(path, f"keys must be text, got {k!r}")
        if k not in allowed:
            _fail(f"{path}.{k}" if path else k,
                  f"unknown key; expected one of: {', '.join(allowed)}")
    for k in required:
        if k not in value:
            _fail(path or "the document", f"missing key {k!r}")
    return value


def _check_list(value: Any, path: str) -> list:
    if not isinstance(value, list):
        _fail(path, f"expected a list, got {_kind(value)}")
    return value


def _check_text(value: str, path: str) -> None:
    if len(value) > MAX_TEXT:
        _fail(path, f"text of {len(value)} characters is over the {MAX_TEXT} limit")
    if "\x00" in value:
        _fail(path, "text holds a NUL character")


def _check_plain(value: Any, path: str, depth: int = 0) -> None:
    """JSON-able plain data (settings values)."""
    if depth > 16:
        _fail(path, "nested too deeply")
    if isinstance(value, dict):
        for k, v in value.items():
            if not isinstance(k, str):
                _fail(path, f"keys must be text, got {k!r}")
            _check_plain(v, f"{path}.{k}", depth + 1)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _check_plain(v, f"{path}[{i}]", depth + 1)
    elif isinstance(value, str):
        _check_text(value, path)
    elif not (value is None or isinstance(value, (bool, int, float))):
        _fail(path, f"expected plain data, got {_kind(value)}")
    if isinstance(value, float) and value != value:
        _fail(path, "not a number (NaN)")


def _check_value(table: Table, column: str, value: Any, path: str) -> Any:
    col = table.column(column)
    if value is None:
        if col.notnull:
            _fail(path, "must not be null")
        return None
    if (table.name, column) in JSON_COLUMNS:
        if table.name == "papers":
            _check_list(value, path)
            for i, v in enumerate(value):
                if not isinstance(v, str):
                    _fail(f"{path}[{i}]", f"expected text, got {_kind(v)}")
                _check_text(v, f"{path}[{i}]")
        else:
            _check_plain(value, path)
        return json.dumps(value, ensure_ascii=False, sort_keys=False)
    if col.type == "text" and not isinstance(value, str):
        hint = " (quote timestamps: '2026-01-02T03:04:05Z')" if column in TIME_COLUMNS else ""
        _fail(path, f"expected text, got {_kind(value)}{hint}")
    if col.type == "int" and (not isinstance(value, int) or isinstance(value, bool)):
        _fail(path, f"expected a whole number, got {_kind(value)}")
    if col.type == "float":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            _fail(path, f"expected a number, got {_kind(value)}")
        if value != value or value in (float("inf"), float("-inf")):
            _fail(path, "expected a finite number")
        value = float(value)
    if col.type == "any" and not isinstance(value, (str, int, float)):
        _fail(path, f"expected a plain value, got {_kind(value)}")
    if isinstance(value, int) and not -2**63 <= value < 2**63:
        _fail(path, "number out of range")
    if isinstance(value, str):
        _check_text(value, path)
        if column in TIME_COLUMNS:
            _check_time(value, path)
    return value


def _check_time(value: str, path: str) -> None:
    from datetime import datetime

    try:
        t = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        _fail(path, f"not an ISO 8601 time: {value[:40]!r}")
    if t.tzinfo is None:
        _fail(path, f"time without a time zone: {value[:40]!r}; use UTC, e.g. 2026-01-02T03:04:05Z")
    rules.time_in_range(value, path, _fail)


def _check_row(table: Table, data: Any, path: str, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    required = tuple(c.name for c in table.columns if c.notnull and not c.has_default)
    _check_mapping(data, path, table.names + extra, required)
    row = {c: _check_value(table, c, data[c], f"{path}.{c}") for c in table.names if c in data}
    rules.check_row(table.name, row, path, _fail)
    return row


def _identity(row: dict[str, Any], key: tuple[str, ...]) -> tuple:
    return tuple(row.get(k) for k in key)


@dataclass
class Plan:
    """The checked document, ready to write: rows as column -> SQL value."""

    papers: list[tuple[str, dict, dict[str, list[dict]]]] = field(default_factory=list)
    cards: list[tuple[str, dict, list[dict]]] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)


def check(data: Any, lay: Layout) -> Plan:
    """Validate the whole document; return what to write. Raises Invalid naming the place."""
    from ..ids import library_key
    from ..library import valid_tag

    if not isinstance(data, dict):
        raise Invalid(f"not a paperdeck YAML export: expected a mapping at the top, got {_kind(data)}")
    if data.get("format") != FORMAT:
        raise Invalid("not a paperdeck YAML export: the first key must be 'format: paperdeck'")
    _check_mapping(data, "", TOP_KEYS, ("format", "version"))
    version = data["version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        _fail("version", f"expected a whole number from 1, got {version!r}")
    if version > VERSION:
        _fail("version", f"the file is format {version}, this paperdeck reads up to {VERSION}; "
              "upgrade paperdeck to import it")
    if "schema" in data and (not isinstance(data["schema"], int) or isinstance(data["schema"], bool)):
        _fail("schema", f"expected a whole number, got {_kind(data['schema'])}")
    plan = Plan()
    child_names = tuple(c.name for c in lay.children)
    seen: set[str] = set()
    for i, p in enumerate(_check_list(data.get("papers") or [], "papers")):
        path = f"papers[{i}]"
        if isinstance(p, dict) and isinstance(p.get("id"), str):
            path += f" ({one_line(p['id'])[:40]})"
        row = _check_row(lay.papers, p, path, child_names)
        # Validated as a typed id is: `local_0548…` or `hep-th_9711200` would be a second
        # spelling of `local:0548…` / `hep-th/9711200`, pointing at the same PDF file.
        try:
            canonical = library_key(row["id"])
        except UsageError:
            _fail(f"{path}.id", f"not an arXiv id or local: key: {row['id'][:60]!r}")
        if canonical != row["id"]:
            _fail(f"{path}.id", f"write the id without a version or prefix: {canonical!r}")
        if row["id"] in seen:
            _fail(f"{path}.id", "this paper appears twice in the file")
        seen.add(row["id"])
        kids: dict[str, list[dict]] = {}
        for child in lay.children:
            value = p.get(child.name)
            cpath = f"{path}.{child.name}"
            shape = lay.shape(child)
            if value is None:
                items = []
            elif shape == "one":
                items = [_check_row(child, value, cpath)]
            elif shape == "values":
                only = child.columns[0].name
                items = [{only: _check_value(child, only, v, f"{cpath}[{j}]")}
                         for j, v in enumerate(_check_list(value, cpath))]
                if child.name == "tags":
                    for j, item in enumerate(items):
                        try:
                            if valid_tag(item[only]) != item[only]:
                                raise UsageError("spaces around")
                        except UsageError:
                            _fail(f"{cpath}[{j}]", f"not a usable tag: {item[only][:40]!r}")
            else:
                items = [_check_row(child, v, f"{cpath}[{j}]")
                         for j, v in enumerate(_check_list(value, cpath))]
            ids = set()
            for j, item in enumerate(items):
                ident = _identity(item, child.key)
                if ident in ids:
                    _fail(f"{cpath}[{j}]", f"duplicate of an earlier entry (same {', '.join(child.key)})")
                ids.add(ident)
            kids[child.name] = items
        plan.papers.append((path, row, kids))
    card_ids: set[tuple] = set()
    for i, c in enumerate(_check_list(data.get("cards") or [], "cards")):
        path = f"cards[{i}]"
        if isinstance(c, dict) and isinstance(c.get("source_key"), str):
            path += f" ({one_line(c['source_key'])[:40]})"
        row = _check_row(lay.cards, c, path, ("reviews",))
        ident = _card_identity(row)
        if ident in card_ids:
            _fail(path, "this card appears twice in the file")
        card_ids.add(ident)
        reviews, seen_reviews = [], set()
        for j, r in enumerate(_check_list(c.get("reviews") or [], f"{path}.reviews")):
            rrow = _check_row(lay.reviews, r, f"{path}.reviews[{j}]")
            rid = _identity(rrow, REVIEW_KEY)
            if rid in seen_reviews:
                _fail(f"{path}.reviews[{j}]", "the same review (time and rating) appears twice")
            seen_reviews.add(rid)
            reviews.append(rrow)
        plan.cards.append((path, row, reviews))
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        _fail("settings", f"expected a mapping, got {_kind(settings)}")
    for name, value in settings.items():   # one pass: 300,000 names cost N² before
        path = f"settings.{one_line(str(name))[:40]}"
        rules.check_setting(name, value, path, _fail)
        plan.settings[name] = _check_value(lay.settings, "value", value, path)
        _check_time(value["saved"], f"{path}.saved")
    return plan


def _card_identity(row: dict) -> tuple:
    if row.get("source_key") is not None:
        return ("source", row["source_key"])
    return ("hand", row.get("kind", "basic"), row.get("front"), row.get("created"))


# -- writing --------------------------------------------------------------------------------


class _DryRun(Exception):
    pass


def _newer(new: Any, old: Any) -> bool:
    return new is not None and (old is None or new > old)


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    cols = list(row)
    cur = conn.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [row[c] for c in cols],
    )
    return cur.lastrowid


def _update(conn: sqlite3.Connection, table: str, row: dict[str, Any], where: dict[str, Any]) -> None:
    sets = ", ".join(f"{c} = ?" for c in row)
    cond = " AND ".join(f"{c} IS ?" for c in where)
    conn.execute(f"UPDATE {table} SET {sets} WHERE {cond}", [*row.values(), *where.values()])


def _find(conn: sqlite3.Connection, table: str, names: tuple[str, ...], where: dict[str, Any]):
    cond = " AND ".join(f"{c} IS ?" for c in where)
    return conn.execute(f"SELECT {', '.join(names)} FROM {table} WHERE {cond}",
                        list(where.values())).fetchone()


def restore(conn: sqlite3.Connection, data: Any, paths=None, dry_run: bool = False,
            before_commit: Callable[[Result], None] | None = None) -> Result:
    """Check `data` (a parsed YAML export) and merge it into the library in one transaction.
    `before_commit(result)` runs once everything is written and nothing refused, before the
    commit: the place for a backup of the library as it was (read through another
    connection), taken only for an import that will happen; if it raises, nothing is imported."""
    from .. import db

    lay = layout(conn)
    plan = check(data, lay)
    result = Result()
    try:
        with db.transaction(conn):
            _write(conn, lay, plan, result, paths)
            if dry_run:
                raise _DryRun
            if before_commit is not None:
                before_commit(result)
    except _DryRun:
        pass
    except sqlite3.IntegrityError as e:
        raise Invalid(f"the file does not fit the library ({e}); nothing was imported") from None
    return result


def _write(conn, lay: Layout, plan: Plan, result: Result, paths) -> None:
    for path, row, kids in plan.papers:
        pid = row["id"]
        existing = _find(conn, "papers", lay.papers.names, {"id": pid})
        c = result.count("papers")
        try:
            if existing is None:
                full = dict(row)
                if paths is not None and paths.pdf_for(pid).exists():
                    full["pdf_path"] = str(paths.pdf_for(pid).relative_to(paths.data))
                    full["pdf_status"] = "ok"
                _insert(conn, "papers", full)
                c.new += 1
            elif _newer(row.get("updated"), existing["updated"]) and _differs(row, existing):
                _update(conn, "papers", {k: v for k, v in row.items() if k != "id"}, {"id": pid})
                c.updated += 1
            else:
                c.same += 1
            for child in lay.children:
                _merge_children(conn, lay, child, pid, kids[child.name], result)
        except sqlite3.IntegrityError as e:
            raise Invalid(f"{path}: the library refuses it ({e}); nothing was imported") from None
    pending: list[tuple[str, int, int, dict]] = []
    for path, row, reviews in plan.cards:
        try:
            pending += _merge_card(conn, lay, row, reviews, result, len(pending))
        except sqlite3.IntegrityError as e:
            raise Invalid(f"{path}: the library refuses it ({e}); nothing was imported") from None
    # Appended oldest first, so that the log's last row is the latest answer (undo takes it).
    for _, _, card_id, review in sorted(pending, key=lambda t: (t[0], t[1])):
        try:
            _insert(conn, "review_log", {"card_id": card_id, **review})
        except sqlite3.IntegrityError as e:
            raise Invalid(f"the review at {review['reviewed_at']} of card "
                          f"{_card_name(conn, card_id)}: the library refuses it ({e}); "
                          "nothing was imported") from None
    for name, value in plan.settings.items():
        old = conn.execute("SELECT value FROM deck_settings WHERE name = ?", (name,)).fetchone()
        if old is None:
            _insert(conn, "deck_settings", {"name": name, "value": value})
            result.details += 1
        elif old["value"] != value and _newer(_saved(value), _saved(old["value"])):
            _update(conn, "deck_settings", {"value": value}, {"name": name})
            result.details += 1


def _saved(value: str) -> Any:
    try:
        v = json.loads(value)
    except ValueError:
        return None
    return v.get("saved") if isinstance(v, dict) else None


def _differs(row: dict, existing: sqlite3.Row) -> bool:
    return any(existing[k] != v for k, v in row.items())


def _merge_children(conn, lay: Layout, child: Table, pid: str, items: list[dict], result: Result) -> None:
    newer = NEWER.get(child.name)
    for item in items:
        key = {"paper_id": pid, **{k: item.get(k) for k in child.key}}
        existing = _find(conn, child.name, child.names, key)
        if existing is None:
            _insert(conn, child.name, {"paper_id": pid, **item})
            result.details += 1
        elif newer and _newer(item.get(newer), existing[newer]) and _differs(item, existing):
            _update(conn, child.name, item, key)
            result.details += 1


SCHEDULING = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")


def _merge_card(conn, lay: Layout, row: dict, reviews: list[dict], result: Result,
                seq: int) -> list[tuple[str, int, int, dict]]:
    """Insert or update one card; return its reviews the library lacks, to append."""
    c = result.count("cards")
    pending = []
    if row.get("source_key") is not None:
        where = {"source_key": row["source_key"]}
    else:
        where = {"source_key": None, "kind": row.get("kind", "basic"), "front": row["front"],
                 "created": row["created"]}
    existing = _find(conn, "cards", ("id",) + lay.cards.names, where)
    if existing is None:
        card_id = _insert(conn, "cards", row)
        c.new += 1
        have: set[tuple] = set()
    else:
        card_id = existing["id"]
        changes: dict[str, Any] = {}
        if _newer(row.get("modified"), existing["modified"]):
            changes.update({k: v for k, v in row.items() if k not in SCHEDULING})
        if _newer(row.get("last_review"), existing["last_review"]):
            changes.update({k: v for k, v in row.items() if k in SCHEDULING})
        changes = {k: v for k, v in changes.items() if existing[k] != v}
        if changes:
            _update(conn, "cards", changes, {"id": card_id})
            c.updated += 1
        else:
            c.same += 1
        have = {tuple(r) for r in conn.execute(
            f"SELECT {', '.join(REVIEW_KEY)} FROM review_log WHERE card_id = ?", (card_id,))}
    rc = result.count("reviews")
    for review in reviews:
        if _identity(review, REVIEW_KEY) in have:
            rc.same += 1
            continue
        pending.append((review["reviewed_at"], seq + len(pending), card_id, review))
        rc.new += 1
    return pending


def _card_name(conn: sqlite3.Connection, card_id: int) -> str:
    row = conn.execute("SELECT source_key, front FROM cards WHERE id = ?", (card_id,)).fetchone()
    return repr(row["source_key"] or row["front"][:40]) if row else str(card_id)
