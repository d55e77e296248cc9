"""The full YAML backup: everything a library holds, as one readable document.

```yaml
format: paperdeck          # always first: what this file is
version: 2                 # the format version (import refuses a newer one)
schema: 3                  # the database schema it was written from (information only)
papers:                    # oldest added first
- id: '1211.3711'
  title: Sequence Transduction with Recurrent Neural Networks
  authors: [Alex Graves]   # every column of `papers`, lists for authors/categories
  ...
  tags: [rnn, speech]      # tables hanging off a paper, by table name
  passes: [{pass: 1, started: '2026-...Z', finished: '2026-...Z'}]
  notes: {what: ..., how: ..., why: ..., text: ..., modified: ...}
  todos: [{text: implement it, created: ..., done: null}]
cards:                     # in creation order; no database ids
- source_key: '1211.3711:what'
  kind: basic
  front: ...
  ...                      # every column of `cards`: text and scheduling state
  reviews:                 # the card's review log, oldest first
  - {uid: 5c1e09d2a4b7f318, rating: 3, reviewed_at: ..., state_before: new, ..., due_after: ...}
settings:                  # deck settings stored with the data, by name
  parameters: {parameters: [0.2, ...], saved: ...}   # fitted FSRS parameters
```
Times are ISO 8601 UTC text, as stored. PDFs and cached page text are not included: they are
files and caches; a restored paper uses its PDF if `papers/` already holds it.
The same library always gives the same bytes, so two exports can be compared with `diff`.

Format 2 gave each review its `uid` (two answers in one second are two reviews); a format 1 file
still imports, its reviews identified as the upgrade identified the library's (decks.schema).
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from reader.exports.introspect import JSON_COLUMNS, Layout, Table, layout

FORMAT = "paperdeck"
VERSION = 2
HEADER = (
    "# paperdeck YAML export: papers, passes, notes, TODOs, cards, the review log and settings.\n"
    "# Restore or merge it with: paperdeck import yaml FILE\n"
)


def _value(table: Table, column: str, value: Any) -> Any:
    if (table.name, column) in JSON_COLUMNS and isinstance(value, str):
        return json.loads(value)
    return value


def _row(table: Table, row: sqlite3.Row) -> dict[str, Any]:
    return {c: _value(table, c, row[c]) for c in table.names}


def _select(table: Table, where: str = "", extra: str = "") -> str:
    cols = ", ".join(table.names)
    return f"SELECT {cols}{extra} FROM {table.name} {where} ORDER BY {table.order}"


def export(conn: sqlite3.Connection) -> dict[str, Any]:
    """The whole library as plain data, in a stable order. Read in one transaction, so that a
    second process writing meanwhile cannot make it inconsistent."""
    lay = layout(conn)
    if conn.in_transaction:
        return _export(conn, lay)
    conn.execute("BEGIN")  # a read transaction: one snapshot for every SELECT below
    try:
        return _export(conn, lay)
    finally:
        conn.execute("COMMIT")


def _export(conn: sqlite3.Connection, lay: Layout) -> dict[str, Any]:
    schema = conn.execute("PRAGMA user_version").fetchone()[0]
    children: dict[str, dict[str, list]] = {}
    for child in lay.children:
        by_paper: dict[str, list] = {}
        for r in conn.execute(_select(child, extra=", paper_id")):
            by_paper.setdefault(r["paper_id"], []).append(_row(child, r))
        children[child.name] = by_paper
    papers = []
    for r in conn.execute(f"SELECT {', '.join(lay.papers.names)} FROM papers ORDER BY added, id"):
        paper = _row(lay.papers, r)
        for child in lay.children:
            rows = children[child.name].get(r["id"], [])
            shape = lay.shape(child)
            if shape == "one":
                paper[child.name] = rows[0] if rows else None
            elif shape == "values":
                paper[child.name] = [next(iter(x.values())) for x in rows]
            else:
                paper[child.name] = rows
        papers.append(paper)
    reviews: dict[int, list] = {}
    for r in conn.execute(_select(lay.reviews, extra=", card_id")):
        reviews.setdefault(r["card_id"], []).append(_row(lay.reviews, r))
    cards = []
    for r in conn.execute(_select(lay.cards, extra=", id")):
        card = _row(lay.cards, r)
        card["reviews"] = reviews.get(r["id"], [])
        cards.append(card)
    settings = {r["name"]: _value(lay.settings, "value", r["value"])
                for r in conn.execute("SELECT name, value FROM deck_settings ORDER BY name")}
    from reader.exports.plans import export as plans

    return {"format": FORMAT, "version": VERSION, "schema": schema, "papers": papers,
            "cards": cards, "settings": settings, **plans(conn)}


def dumps(data: dict[str, Any]) -> str:
    """YAML text: block style, multi-line text as literal blocks, Unicode as it is, no aliases."""
    from reader.exports.yamltext import dumps as to_yaml

    return HEADER + to_yaml(data)
