"""What changed in the library since the last sync, found by comparing, not by hooks.

The library is read as cells: one value per field a person can change on one computer and
expect on the others, each under a key (a tuple):

    ("p", P)                          paper P exists            (its fields below it)
    ("p", P, "f", column)             a column of `papers` (not this computer's PDF path);
                                      a field without a value (NULL) is no cell, here and
                                      below
    ("p", P, "file")                  a local PDF's SHA-256 (the file travels in files/)
    ("p", P, "tag", tag)              a tag
    ("p", P, "pass", n)               a pass: [started, finished]
    ("p", P, "notes", field)          what / how / why / text (merged against their base)
    ("p", P, "notes", "modified")
    ("p", P, "nlog", day)             the notes journal's day: [first_at, last_at]
    ("p", P, "todo", uid)             a TODO exists; ("p", P, "todo", uid, column) its fields
                                      (the value: its row where it was made, an order only)
    ("p", P, "plan")                  priority, read-by, snooze: [priority, read_by, snoozed, modified]
    ("p", P, "citekey")               the citation key given out: [key, created]
    ("c", "s"|"h", K)                 a card (by source key, or a hand-written card's uid);
                                      the value orders cards made in one second, nothing more
    ("c", "s"|"h", K, "f", column)    its text, suspension, forgotten/due/deleted by hand
    ("c", "s"|"h", K, "sched")        its scheduling state with a digest of its answers
    ("a", "s"|"h", K, uid)            one answer: the log row
    ("s", name)                       a deck setting (fitted parameters)
    ("u", n)  ("u", n, "goal", kind)  ("u", n, "item", item)    units, goals, planned items
    ("j", day, written, digest)       a journal entry: [text, item]

`diff(state, now)` is the changes: cells whose value differs from the state of the last sync,
and removals. A paper removed here removes its one existence cell ("p", P): its other cells
stay in the state, so that a later edit elsewhere can keep the whole paper.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from typing import Any

__all__ = ["current", "diff", "REMOVED", "CARD_FIELDS", "SCHED", "ANSWER", "PAPER_SKIP",
           "note_field", "card_key", "answers_digest"]

REMOVED = object()
PAPER_SKIP = ("id", "pdf_path", "pdf_status")
CARD_FIELDS = ("kind", "front", "back", "context", "group_key", "sibling_key", "new_order",
               "suspended", "created", "modified", "forgotten_at", "due_set_at", "deleted_at")
SCHED = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")
ANSWER = ("rating", "reviewed_at", "duration_ms", "state_before", "step_before",
          "stability_before", "difficulty_before", "due_before", "last_review_before",
          "state_after", "due_after", "typed")
NOTE_TEXTS = ("what", "how", "why", "text")
TODO_FIELDS = ("text", "created", "done")


def note_field(key: tuple) -> bool:
    """A note text: merged against its base, not by the latest change."""
    return len(key) == 4 and key[0] == "p" and key[2] == "notes" and key[3] in NOTE_TEXTS


def card_key(source_key: str | None, uid: str | None) -> tuple:
    return ("c", "s", source_key) if source_key is not None else ("c", "h", uid)


def answers_digest(uids) -> str:
    return hashlib.sha256("\n".join(sorted(uids)).encode()).hexdigest()[:16]


def paper_columns(conn: sqlite3.Connection) -> list[str]:
    return [r[1] for r in conn.execute("PRAGMA table_info(papers)") if r[1] not in PAPER_SKIP]


def current(conn: sqlite3.Connection, files: dict[str, str] | None = None,
            scope=None) -> dict[tuple, Any]:
    """The library as cells (see the module's doc). `files`: paper -> SHA-256 of its local PDF,
    for the local papers whose file has one (files.py works it out). `scope` (a
    `mirror.Scope`): only those papers, cards, days, settings and units; None: everything."""
    from reader.sync.mirror import fill_scope

    cells: dict[tuple, Any] = {}
    everything = scope is None or scope.everything

    def where(kind: str, col: str, values) -> str | None:
        """The SQL that keeps a table's rows to the scope; None: no row of it is wanted."""
        if everything:
            return ""
        if not values:
            return None
        return f" WHERE {col} IN {fill_scope(conn, kind, values)}"

    w = where("p", "paper_id", None if scope is None else scope.papers)
    if w is not None:
        _papers(conn, cells, files, w, "" if everything else w.replace("paper_id", "id"))
    w = where("c", "card_id", None if scope is None else scope.cards)
    if w is not None:
        _cards(conn, cells, w.replace("card_id", "id"), w)
    if everything or scope.settings:
        for name, value in conn.execute("SELECT name, value FROM deck_settings"):
            cells[("s", name)] = value
    if everything or scope.units:
        for n, first, last, created in conn.execute("SELECT number, first, last, created FROM units"):
            cells[("u", n)] = [first, last, created]
        for unit, kind, count in conn.execute("SELECT unit, kind, count FROM unit_goals"):
            cells[("u", unit, "goal", kind)] = count
        for unit, item, planned, carried in conn.execute(
                "SELECT unit, item_id, planned, carried_from FROM unit_items"):
            cells[("u", unit, "item", item)] = [planned, carried]
    w = where("j", "day", None if scope is None else scope.days)
    if w is not None:
        for day, text, item, written in conn.execute(
                f"SELECT day, text, item_id, written FROM journal{w}"):
            cells[journal_key(day, written, text)] = [text, item]
    return cells


def _papers(conn, cells: dict, files: dict | None, w: str, w_id: str) -> None:
    cols = paper_columns(conn)
    for r in conn.execute(f"SELECT id, {', '.join(cols)} FROM papers{w_id}"):
        pid = r[0]
        cells[("p", pid)] = 1
        for c, v in zip(cols, tuple(r)[1:]):
            if v is not None:            # an empty field is no cell (fewer lines to carry)
                cells[("p", pid, "f", c)] = v
    for pid, sha in (files or {}).items():
        if ("p", pid) in cells:
            cells[("p", pid, "file")] = sha
    for pid, tag in conn.execute(f"SELECT paper_id, tag FROM tags{w}"):
        cells[("p", pid, "tag", tag)] = 1
    for pid, n, started, finished in conn.execute(
            f"SELECT paper_id, pass, started, finished FROM passes{w}"):
        cells[("p", pid, "pass", n)] = [started, finished]
    for r in conn.execute(f"SELECT paper_id, {', '.join(NOTE_TEXTS)}, modified FROM notes{w}"):
        for f, v in zip(NOTE_TEXTS, tuple(r)[1:5]):
            cells[("p", r[0], "notes", f)] = v
        cells[("p", r[0], "notes", "modified")] = r[5]
    for pid, day, first, last in conn.execute(
            f"SELECT paper_id, day, first_at, last_at FROM notes_log{w}"):
        cells[("p", pid, "nlog", day)] = [first, last]
    for rowid, pid, uid, *values in conn.execute(
            f"SELECT id, paper_id, uid, {', '.join(TODO_FIELDS)} FROM todos{w}"):
        cells[("p", pid, "todo", uid)] = rowid   # only an order among equals (see apply)
        for f, v in zip(TODO_FIELDS, values):
            if v is not None:
                cells[("p", pid, "todo", uid, f)] = v
    for pid, *values in conn.execute(
            f"SELECT paper_id, priority, read_by, snoozed_until, modified FROM reading_plan{w}"):
        cells[("p", pid, "plan")] = values
    for pid, key, created in conn.execute(f"SELECT paper_id, key, created FROM citation_keys{w}"):
        cells[("p", pid, "citekey")] = [key, created]


def journal_key(day: str, written: str, text: str) -> tuple:
    return ("j", day, written, hashlib.sha256(text.encode()).hexdigest()[:16])


def _cards(conn: sqlite3.Connection, cells: dict[tuple, Any], w: str = "", w_log: str = "") -> None:
    idents: dict[int, tuple] = {}
    for r in conn.execute(
            f"SELECT id, source_key, uid, {', '.join(CARD_FIELDS + SCHED)} FROM cards{w}"):
        ident = card_key(r[1], r[2])
        idents[r[0]] = ident
        cells[ident] = r[0]   # its row id: only an order among cards made in one second
        values = tuple(r)[3:]
        for f, v in zip(CARD_FIELDS, values):
            if v is not None:
                cells[ident + ("f", f)] = v
        cells[ident + ("sched",)] = list(values[len(CARD_FIELDS):])
    uids: dict[int, list[str]] = {}
    for r in conn.execute(f"SELECT card_id, uid, {', '.join(ANSWER)} FROM review_log{w_log}"):
        ident = idents[r[0]]
        cells[("a",) + ident[1:] + (r[1],)] = list(r)[2:]
        uids.setdefault(r[0], []).append(r[1])
    for card_id, ident in idents.items():
        cells[ident + ("sched",)].append(answers_digest(uids.get(card_id, ())))


def removed_paper(state: dict[tuple, Any], key: tuple, now: dict[tuple, Any]) -> bool:
    """A cell under a paper this library no longer has: the paper's removal says it all."""
    return key[0] == "p" and len(key) > 2 and ("p", key[1]) not in now


def diff(state: dict[tuple, Any], now: dict[tuple, Any]) -> list[tuple[tuple, Any]]:
    """(key, new value or REMOVED) for every cell that differs from `state` (in key order when
    few).
    `state` holds the live cells of the last sync (tombstones left out)."""
    out = []
    for key, value in now.items():
        if key not in state or (state[key] != value and not _order_only(key)):
            out.append((key, value))
    for key in state:
        if key not in now and not removed_paper(state, key, now):
            out.append((key, REMOVED))
    if len(out) <= 10000:
        # in key order, for a person reading the log; a first sync's million cells keep the
        # library's order (sorting them costs seconds and orders nothing that matters)
        out.sort(key=lambda kv: tuple(map(str, kv[0])))
    return out


def _order_only(key: tuple) -> bool:
    """A card's or a TODO's existence cell: its value (a row id where it was made) orders new
    rows, and differs between libraries without being a change."""
    return (key[0] == "c" and len(key) == 3) or (key[0] == "p" and len(key) == 4 and key[2] == "todo")


_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
dumps = _JSON.encode   # one encoder for the many small values (json.dumps makes one a call)


def encode(key: tuple) -> str:
    return dumps(list(key))


def decode(text: str) -> tuple:
    return tuple(json.loads(text))
