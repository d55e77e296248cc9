"""Which parts of the library changed since the last sync, found by SQL, not by reading it all.

Each synced table has a mirror (`sync_m_<table>`, m0014): its rows as the last sync left them.
`changed` compares each table with its mirror in SQLite (joined on each primary key) and names the
parts ("groups") whose rows differ: a paper with everything hanging off it, a card with its
answers, a journal day, the settings, the units. The review log is compared by its ids instead
(append-only: new answers are above the last sync's highest id; a deletion names its card in
`sync_log_gone`). Only these groups are then read as cells (`changes.current`) and compared
with the sync state, so an everyday sync costs what changed, not the library.

`refresh` makes the mirror hold the library again for the groups just compared (nothing may
write the library between the two).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

__all__ = ["Changed", "changed", "refresh", "group", "Scope", "fill_scope"]

# table -> the column naming its group (None: the whole table is one group), the group's kind
TABLES: dict[str, tuple[str | None, str]] = {
    "papers": ("id", "p"), "tags": ("paper_id", "p"), "passes": ("paper_id", "p"),
    "notes": ("paper_id", "p"), "notes_log": ("paper_id", "p"), "todos": ("paper_id", "p"),
    "reading_plan": ("paper_id", "p"), "citation_keys": ("paper_id", "p"),
    "cards": ("id", "c"), "deck_settings": (None, "s"), "units": (None, "u"),
    "unit_goals": (None, "u"), "unit_items": (None, "u"), "journal": ("day", "j"),
}
SCOPE_TABLES = {"p": "sync_scope_p", "c": "sync_scope_c", "j": "sync_scope_j"}
FULL = 5000      # groups: above this a mirror is copied whole rather than group by group


def group(key: tuple) -> tuple:
    """The group of a cell: ("p", paper), ("c", "s"|"h", K) with its answers, ("j", day),
    ("s",), ("u",)."""
    kind = key[0]
    if kind == "p":
        return key[:2]
    if kind == "c":
        return key[:3]
    if kind == "a":
        return ("c",) + key[1:3]
    if kind == "j":
        return key[:2]
    return (kind,)


@dataclass
class Scope:
    """Groups as SQL can select them: paper ids, card row ids, journal days, two flags."""
    papers: set[str] = field(default_factory=set)
    cards: set[int] = field(default_factory=set)
    days: set[str] = field(default_factory=set)
    settings: bool = False
    units: bool = False
    everything: bool = False


@dataclass
class Changed:
    groups: set[tuple]
    scope: Scope
    log_max: int


def _cols(conn, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]


def _meta_int(conn, name: str) -> int:
    row = conn.execute("SELECT value FROM sync_meta WHERE name = ?", (name,)).fetchone()
    return 0 if row is None else int(row[0])


def _compare(conn, table: str, col: str | None) -> str:
    """SQL naming the groups (by `col`) of the rows where `table` and its mirror differ: a row
    of either without its like (by primary key) in the other, or with another value (`IS NOT`:
    NULLs compare as values)."""
    info = list(conn.execute(f"PRAGMA table_info({table})"))
    cols = [r[1] for r in info]
    if set(cols) - set(_cols(conn, f"sync_m_{table}")):
        # a column the mirror lacks (a later migration forgot it): every row counts as changed
        return f"SELECT {col or 1} FROM {table}"
    pk = [r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]] or cols
    on = " AND ".join(f"m.{c} = t.{c}" for c in pk)
    differ = " OR ".join(f"t.{c} IS NOT m.{c}" for c in cols if c not in pk)
    return (f"SELECT {f't.{col}' if col else 1} FROM {table} AS t LEFT JOIN sync_m_{table} AS m "
            f"ON {on} WHERE m.rowid IS NULL{' OR ' + differ if differ else ''} UNION "
            f"SELECT {f'm.{col}' if col else 1} FROM sync_m_{table} AS m WHERE NOT EXISTS "
            f"(SELECT 1 FROM {table} AS t WHERE {on})")


def changed(conn: sqlite3.Connection) -> Changed:
    scope = Scope()
    for table, (col, kind) in TABLES.items():
        found = {r[0] for r in conn.execute(_compare(conn, table, col))}
        if not found:
            continue
        if kind == "p":
            scope.papers |= found
        elif kind == "c":
            scope.cards |= found
        elif kind == "j":
            scope.days |= found
        elif kind == "s":
            scope.settings = True
        else:
            scope.units = True
    mark = _meta_int(conn, "log_mark")
    log_max = conn.execute("SELECT coalesce(max(id), 0) FROM review_log").fetchone()[0]
    scope.cards |= {r[0] for r in conn.execute(
        "SELECT DISTINCT card_id FROM review_log WHERE id > ?", (mark,))}
    scope.cards |= {r[0] for r in conn.execute("SELECT card_id FROM sync_log_gone")}
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'sync_log_gone'"
                    ).fetchone() is None:
        # answers may be deleted unseen: compare every card's answers
        scope.cards |= {r[0] for r in conn.execute("SELECT id FROM cards")}
    groups: set[tuple] = {("p", p) for p in scope.papers} | {("j", d) for d in scope.days}
    if scope.settings:
        groups.add(("s",))
    if scope.units:
        groups.add(("u",))
    if scope.cards:
        fill_scope(conn, "c", scope.cards)
        for _id, source_key, uid in conn.execute(
                "SELECT id, source_key, uid FROM cards WHERE id IN temp.sync_scope_c UNION "
                "SELECT id, source_key, uid FROM sync_m_cards WHERE id IN temp.sync_scope_c"):
            groups.add(("c", "s", source_key) if source_key is not None else ("c", "h", uid))
    return Changed(groups, scope, log_max)


def fill_scope(conn, kind: str, values) -> str:
    """A temporary table holding `values` (paper ids, card ids or days), for `IN temp.<it>`."""
    table = SCOPE_TABLES[kind]
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {table} (v PRIMARY KEY) WITHOUT ROWID")
    conn.execute(f"DELETE FROM temp.{table}")
    conn.executemany(f"INSERT OR IGNORE INTO temp.{table} (v) VALUES (?)", ((v,) for v in values))
    return f"temp.{table}"


def refresh(conn: sqlite3.Connection, ch: Changed) -> None:
    """The mirror holds the library again where `ch` found it changed."""
    s = ch.scope
    many = len(s.papers) + len(s.cards) + len(s.days) > FULL
    for table, (col, kind) in TABLES.items():
        cols = ", ".join(_cols(conn, table))
        values = {"p": s.papers, "c": s.cards, "j": s.days}.get(kind)
        if kind == "s" and not s.settings or kind == "u" and not s.units or \
                values is not None and not values:
            continue
        if values is None or many:
            # every group that differs is in `ch`: a whole copy equals refreshing those
            conn.execute(f"DELETE FROM sync_m_{table}")
            conn.execute(f"INSERT INTO sync_m_{table} ({cols}) SELECT {cols} FROM {table}")
            continue
        scope = fill_scope(conn, kind, values)
        conn.execute(f"DELETE FROM sync_m_{table} WHERE {col} IN {scope}")
        conn.execute(f"INSERT INTO sync_m_{table} ({cols}) SELECT {cols} FROM {table} "
                     f"WHERE {col} IN {scope}")
    conn.execute("DELETE FROM sync_log_gone")
    conn.execute("INSERT OR REPLACE INTO sync_meta (name, value) VALUES ('log_mark', ?)",
                 (str(ch.log_max),))
