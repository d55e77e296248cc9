"""What the YAML backup holds, read from the database schema itself.

Every table is one of:
- `papers`, the top-level list; tables with a `paper_id` column pointing at papers are nested
  under each paper by table name (tags, passes, notes, todos, and any added later);
- `cards`, the other top-level list, with `review_log` rows nested under each card as `reviews`;
- `deck_settings`, the `settings` mapping;
- units (with their goals and planned items) and the journal: the `units` and `journal` lists,
  written by `plans` (they hang off no paper);
- derived data (caches, search indexes) that paperdeck rebuilds, and bookkeeping that is empty
  outside a transaction, never exported: `DERIVED`, virtual tables and their shadow tables.
Columns come from the schema, so a new column is exported and restored without code changes; a
new table must be placed in one of these groups (a test fails until it is).

A nested row is identified within its paper by its primary key (without `paper_id`), else by its
first UNIQUE constraint, else by its NOT NULL columns (which nothing keeps unique: two TODOs with
one text added in one second are two rows); an integer row id is never exported (it means
nothing in another library). A child table identified by `paper_id` alone (notes) is one
mapping; one with a single column besides `paper_id` (tags) is a list of values.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, replace

DERIVED = frozenset({"pages", "extraction", "paper_docs", "sqlite_sequence", "sqlite_stat1",
                     "sqlite_stat4", "review_log_rewrites", "arxiv_titles",
                     # arXiv's HTML of a paper and what is parsed from it: fetched again by
                     # `paperdeck index` (and bytes, which YAML does not carry)
                     "html_pages", "html_text",
                     # this library's sync bookkeeping (reader.sync), never carried in a backup
                     "sync_device", "sync_read", "sync_state", "sync_notes", "sync_conflicts",
                     "sync_meta", "todos_bulk", "sync_log_gone",
                     # what the last sync saw of each synced table (m0014)
                     "sync_m_papers", "sync_m_tags", "sync_m_passes", "sync_m_notes",
                     "sync_m_notes_log", "sync_m_todos", "sync_m_reading_plan",
                     "sync_m_citation_keys", "sync_m_cards", "sync_m_deck_settings",
                     "sync_m_units", "sync_m_unit_goals", "sync_m_unit_items", "sync_m_journal"})
TOP = ("papers", "cards", "review_log", "deck_settings")
PLANS = ("units", "unit_goals", "unit_items", "journal")   # exported by reader.exports.plans
# Columns describing this machine's files, not data: a restored paper finds its PDF again.
LOCAL_COLUMNS = {"papers": ("pdf_path", "pdf_status")}
# JSON text columns shown as YAML structure.
JSON_COLUMNS = {("papers", "authors"), ("papers", "categories"), ("deck_settings", "value")}
# On a merge, the row whose column is greater wins (NULL is smallest); other tables keep the
# library's row and only add what it lacks.
NEWER = {"papers": "updated", "passes": "finished", "notes": "modified", "todos": "done",
         "reading_plan": "modified", "five_cs": "modified"}
# Time columns, checked as ISO 8601 on import.
TIME_COLUMNS = frozenset({
    "published", "updated", "added", "started", "finished", "modified", "created", "done", "due",
    "last_review", "reviewed_at", "due_before", "last_review_before", "due_after", "first_at",
    "last_at", "snoozed_until", "forgotten_at", "due_set_at", "deleted_at",
})


@dataclass(frozen=True)
class Column:
    name: str
    type: str          # "int", "float", "text" or "any"
    notnull: bool
    has_default: bool


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]      # exported columns, in schema order
    key: tuple[str, ...]             # identity (within the parent for nested tables)
    rowid_alias: str | None          # INTEGER PRIMARY KEY column, never exported
    order: str                       # ORDER BY for a stable export
    unique_key: bool = True          # False: `key` is not a constraint, rows may share it

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


@dataclass(frozen=True)
class Layout:
    papers: Table
    children: tuple[Table, ...]      # nested under each paper, `paper_id` excluded
    cards: Table
    reviews: Table                   # `card_id` excluded
    settings: Table
    derived: tuple[str, ...]

    def shape(self, child: Table) -> str:
        """'one' (a mapping), 'values' (a list of scalars) or 'rows' (a list of mappings)."""
        if not child.key:
            return "one"
        if len(child.columns) == 1:
            return "values"
        return "rows"


def _type(declared: str) -> str:
    d = declared.upper()
    if "INT" in d:
        return "int"
    if any(t in d for t in ("CHAR", "CLOB", "TEXT")):
        return "text"
    if any(t in d for t in ("REAL", "FLOA", "DOUB")):
        return "float"
    return "any"


def _table(conn: sqlite3.Connection, name: str, drop: tuple[str, ...] = ()) -> Table:
    info = conn.execute(f"PRAGMA table_info({name})").fetchall()
    pk = [r["name"] for r in sorted(info, key=lambda r: r["pk"]) if r["pk"]]
    rowid_alias = pk[0] if len(pk) == 1 and _type(_decl(info, pk[0])) == "int" and \
        _decl(info, pk[0]).upper() == "INTEGER" and not _without_rowid(conn, name) else None
    excluded = set(drop) | set(LOCAL_COLUMNS.get(name, ())) | ({rowid_alias} - {None})
    columns = tuple(
        Column(r["name"], _type(r["type"]), bool(r["notnull"]) or bool(r["pk"]),
               r["dflt_value"] is not None)
        for r in info if r["name"] not in excluded
    )
    unique = True
    if rowid_alias is None and pk:
        key = tuple(c for c in pk if c not in drop)
    else:
        key = tuple(c for c in _first_unique(conn, name) if c not in drop)
        if not key:
            key = tuple(c.name for c in columns if c.notnull and c.name not in drop)
            unique = False
    order = rowid_alias or ", ".join(pk) or "rowid"
    return Table(name, columns, key, rowid_alias, order, unique)


def _decl(info, column: str) -> str:
    return next(r["type"] for r in info if r["name"] == column)


def _without_rowid(conn: sqlite3.Connection, name: str) -> bool:
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    return "WITHOUT ROWID" in sql.upper()


def _first_unique(conn: sqlite3.Connection, name: str) -> tuple[str, ...]:
    for idx in conn.execute(f"PRAGMA index_list({name})").fetchall():
        if idx["unique"] and idx["origin"] in ("u", "c") and not idx["partial"]:
            cols = conn.execute(f"PRAGMA index_info({idx['name']})").fetchall()
            return tuple(c["name"] for c in sorted(cols, key=lambda c: c["seqno"]))
    return ()


def _paper_child(conn: sqlite3.Connection, name: str) -> bool:
    return any(fk["table"] == "papers" and fk["from"] == "paper_id"
               for fk in conn.execute(f"PRAGMA foreign_key_list({name})").fetchall())


def layout(conn: sqlite3.Connection) -> Layout:
    """How the current schema maps onto the YAML document."""
    rows = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall()
    virtual = [r["name"] for r in rows if (r["sql"] or "").upper().startswith("CREATE VIRTUAL")]
    derived, children, unplaced = [], [], []
    for r in rows:
        name = r["name"]
        if name in DERIVED or name in virtual or any(name.startswith(v + "_") for v in virtual) \
                or name.startswith("sqlite_"):
            derived.append(name)
        elif name in TOP or name in PLANS:
            continue
        elif _paper_child(conn, name):
            children.append(_table(conn, name, drop=("paper_id",)))
        else:
            unplaced.append(name)
    if unplaced:
        raise AssertionError(f"tables the YAML backup does not place: {unplaced}; "
                             "see reader/exports/introspect.py")
    preferred = ["tags", "passes", "notes", "todos"]
    children.sort(key=lambda t: (preferred.index(t.name) if t.name in preferred else 99, t.name))
    cards = _table(conn, "cards")
    # cards.source_key is UNIQUE but NULL for hand-written cards: those are matched by text
    # and creation time (see restore).
    return Layout(
        papers=_table(conn, "papers"),
        children=tuple(children),
        cards=cards,
        # a card's reviews oldest first, whatever order they reached the log in; identified by
        # their `uid` (UNIQUE with card_id)
        reviews=replace(_table(conn, "review_log", drop=("card_id",)), order="reviewed_at, id"),
        settings=_table(conn, "deck_settings"),
        derived=tuple(derived),
    )
