"""Checking a YAML export before anything is written: its shape, ids, tags, times, text sizes and
duplicates. Any refusal is one line naming the place (`papers[3] (1211.3711).todos[0].done: ...`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from reader.errors import UsageError
from reader.text.textsafe import clean, one_line
from reader.exports import rules
from reader.exports.introspect import JSON_COLUMNS, TIME_COLUMNS, Layout, Table
from reader.exports.snapshot import FORMAT, VERSION

# Characters in one value: what paperdeck stores, its import takes (never less: reader.limits).
from reader.limits import MAX_TEXT  # noqa: E402
_UID = re.compile(r"[!-~]{1,100}")  # a review's uid: printable ASCII, no spaces
TOP_KEYS = ("format", "version", "schema", "papers", "cards", "settings", "units", "journal",
            "merge")



class Invalid(UsageError):
    """A file refused: one line naming the place."""

    def __init__(self, message: str):
        super().__init__(one_line(message))


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


def _check_text(value: str, path: str) -> str:
    """The text as it is stored: within the size limit, control characters and bidi overrides
    dropped (a hand-edited or hostile file must not reach the terminal through the library)."""
    if len(value) > MAX_TEXT:
        _fail(path, f"text of {len(value)} characters is over the {MAX_TEXT} limit")
    if "\x00" in value:
        _fail(path, "text holds a NUL character")
    return clean(value)


def _check_plain(value: Any, path: str, depth: int = 0) -> Any:
    """JSON-able plain data (settings values); its text cleaned."""
    if depth > 16:
        _fail(path, "nested too deeply")
    if isinstance(value, dict):
        for k in value:
            if not isinstance(k, str):
                _fail(path, f"keys must be text, got {k!r}")
        return {_check_text(k, path): _check_plain(v, f"{path}.{k}", depth + 1)
                for k, v in value.items()}
    if isinstance(value, list):
        return [_check_plain(v, f"{path}[{i}]", depth + 1) for i, v in enumerate(value)]
    if isinstance(value, str):
        return _check_text(value, path)
    if not (value is None or isinstance(value, (bool, int, float))):
        _fail(path, f"expected plain data, got {_kind(value)}")
    if isinstance(value, float) and value != value:
        _fail(path, "not a number (NaN)")
    return value


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
            value = [_check_text(v, f"{path}[{i}]") for i, v in enumerate(value)]
        else:
            value = _check_plain(value, path)
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
        value = _check_text(value, path)
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


def identity(row: dict[str, Any], key: tuple[str, ...]) -> tuple:
    return tuple(row.get(k) for k in key)


@dataclass
class Plan:
    """The checked document, ready to write: rows as column -> SQL value."""

    papers: list[tuple[str, dict, dict[str, list[dict]]]] = field(default_factory=list)
    cards: list[tuple[str, dict, list[dict]]] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)
    plans: Any = None             # units and the journal (reader.exports.plans)
    merge: Any = None             # the clocks of sync's merge (restore_clocks), if the file has them


def check(data: Any, lay: Layout) -> Plan:
    """Validate the whole document; return what to write. Raises Invalid naming the place."""
    from reader.ids import library_key
    from reader.item_ids import is_item_id
    from reader.library.papers import valid_tag

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
        if (row.get("kind", "paper") == "paper") == is_item_id(row["id"]):
            # A paper's id is arXiv's or local:, an item's a word (reader.item_ids).
            _fail(f"{path}.id", f"{row['id'][:60]!r} is not the id of a {row.get('kind', 'paper')}")
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
            if child.name == "todos":
                _todo_uids(row["id"], items, cpath)
            ids = set()
            for j, item in enumerate(items):
                ident = identity(item, child.key)
                if ident in ids and child.unique_key:
                    _fail(f"{cpath}[{j}]", f"duplicate of an earlier entry (same {', '.join(child.key)})")
                ids.add(ident)
            kids[child.name] = items
        plan.papers.append((path, row, kids))
    card_ids: set[tuple] = set()
    hand: list[dict] = []
    for i, c in enumerate(_check_list(data.get("cards") or [], "cards")):
        path = f"cards[{i}]"
        if isinstance(c, dict) and isinstance(c.get("source_key"), str):
            path += f" ({one_line(c['source_key'])[:40]})"
        row = _check_row(lay.cards, c, path, ("reviews",))
        if row.get("source_key") is None:
            if row.get("uid") is None:
                same = sum(1 for h in hand if h["created"] == row["created"])
                row["uid"] = f"{row['created']}/{same + 1}"  # as migration 5 named old cards
            elif not _UID.fullmatch(row["uid"]):
                _fail(f"{path}.uid", "expected up to 100 printable characters without spaces")
            hand.append(row)
        ident = _card_identity(row)
        if ident in card_ids:
            _fail(path, "this card appears twice in the file")
        card_ids.add(ident)
        reviews, seen_reviews = [], set()
        for j, r in enumerate(_check_list(c.get("reviews") or [], f"{path}.reviews")):
            rpath = f"{path}.reviews[{j}]"
            rrow = _check_row(lay.reviews, r, rpath)
            if rrow.get("uid") is None:
                rrow["uid"] = _legacy_uid(rrow, reviews)
            elif not _UID.fullmatch(rrow["uid"]):
                _fail(f"{rpath}.uid", "expected up to 100 printable characters without spaces")
            if rrow["uid"] in seen_reviews:
                _fail(f"{rpath}.uid", f"the review {rrow['uid']!r} appears twice in this card")
            seen_reviews.add(rrow["uid"])
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
    from reader.exports import plans

    plan.plans = plans.check(data)
    if data.get("merge") is not None:
        from reader.exports.restore_clocks import check_clocks

        plan.merge = check_clocks(data["merge"], _fail)
    return plan


def _legacy_uid(review: dict, earlier: list[dict]) -> str:
    """The uid of a review from a file written before reviews had one: the one migration 5
    gave the same review in a library upgraded from that version (see decks.schema.SCHEMA_2)."""
    same = sum(1 for r in earlier
               if (r["reviewed_at"], r["rating"]) == (review["reviewed_at"], review["rating"]))
    return f"{review['reviewed_at']}/{review['rating']}/{same + 1}"


def _todo_uids(paper_id: str, items: list[dict], path: str) -> None:
    """A TODO from a file written before TODOs had a uid gets the one the upgrade gave the
    same TODO in a library (migration m0012: paper, creation time, occurrence)."""
    seen: dict[str, int] = {}
    for j, item in enumerate(items):
        if item.get("uid") is None:
            n = seen[item["created"]] = seen.get(item["created"], 0) + 1
            item["uid"] = f"{paper_id}/{item['created']}/{n}"
        elif not _UID.fullmatch(item["uid"]):
            _fail(f"{path}[{j}].uid", "expected up to 100 printable characters without spaces")


def _card_identity(row: dict) -> tuple:
    if row.get("source_key") is not None:
        return ("source", row["source_key"])
    return ("hand", row["uid"])
