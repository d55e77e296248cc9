"""Restoring a YAML export (see `snapshot`): check everything, then write in one transaction.

Checking covers the document's shape (known keys only, the right type for every value, required
values present), paper ids, tags, timestamps, text sizes and duplicates; the database's own
constraints are the last line, inside the transaction. Any refusal is one line naming the place
(`papers[3] (1211.3711).todos[0].done: ...`) and nothing is written.

Merging into a library that already holds some of it never duplicates:
- a paper is matched by id; its metadata is replaced only by a newer arXiv `updated`;
- tags, passes, notes and TODOs are matched within their paper (tag; pass number; the one notes
  row; a TODO by its uid, which a file written before TODOs had one gets as the upgrade gave
  it); a pass the file has finished, notes modified later, a TODO
  ticked off in the file win, anything the library lacks is added;
- a card is matched by its source key, a hand-written one by its `uid` (a file written before
  cards had one: creation time and occurrence, as the upgrade gave them); its text comes from
  whichever side modified it last;
- a review is matched within its card by its `uid` (a file written before reviews had one gets
  the ids the upgrade gave the library's old reviews: time, rating and occurrence). A card whose
  file history only adds later answers to the library's takes the file's answers and state as
  they are; one whose histories forked (answers on both sides the other lacks) gets every answer
  of both, its log rewritten in time order and replayed through FSRS with the library's settings
  (`decks.reviews.rewrite_log`), so that its state, its `reps` and undo agree with the log;
- a setting (fitted FSRS parameters) is taken from the file when the library has none or the
  file's was saved later.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from decks.reviews import Answer, rewrite_log
from decks.scheduler import make_scheduler
from decks.settings import DeckSettings, load_parameters

from reader.exports.introspect import NEWER, Layout, Table, layout

from reader.exports.restore_check import Invalid, Plan, check, identity  # noqa: F401 (callers catch Invalid here)


@dataclass
class Counts:
    new: int = 0
    updated: int = 0
    same: int = 0


@dataclass
class Result:
    counts: dict[str, Counts] = field(default_factory=dict)
    details: int = 0  # tags, passes, notes, TODOs and settings added or updated
    # Note fields where the file and the library hold different texts, neither containing the
    # other: (paper id, field, the file's text). The library kept its own; the caller keeps
    # the file's text in drafts/ and says so.
    conflicts: list[tuple[str, str, str]] = field(default_factory=list)
    resync: set[str] = field(default_factory=set)  # papers whose cards must follow merged notes

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
            settings: DeckSettings | None = None,
            before_commit: Callable[[Result], None] | None = None) -> Result:
    """Check `data` (a parsed YAML export) and merge it into the library in one transaction.
    `settings` (the user's review settings; default FSRS's) replay the cards whose histories
    forked, with the FSRS parameters the library holds once the file's settings are merged.
    `before_commit(result)` runs once everything is written and nothing refused, before the
    commit: the place for a backup of the library as it was (read through another
    connection), taken only for an import that will happen; if it raises, nothing is imported."""
    from reader.store import db

    lay = layout(conn)
    plan = check(data, lay)
    result = Result()
    try:
        with db.transaction(conn):
            _write(conn, lay, plan, result, paths, settings or DeckSettings())
            if dry_run:
                raise _DryRun
            if before_commit is not None:
                before_commit(result)
    except _DryRun:
        pass
    except sqlite3.IntegrityError as e:
        raise Invalid(f"the file does not fit the library ({e}); nothing was imported") from None
    return result


def _write(conn, lay: Layout, plan: Plan, result: Result, paths, settings: DeckSettings) -> None:
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
    if plan.plans is not None:
        from reader.exports import plans

        result.details += plans.write(conn, plan.plans)
    for name, value in plan.settings.items():
        old = conn.execute("SELECT value FROM deck_settings WHERE name = ?", (name,)).fetchone()
        if old is None:
            _insert(conn, "deck_settings", {"name": name, "value": value})
            result.details += 1
        elif old["value"] != value and _newer(_saved(value), _saved(old["value"])):
            _update(conn, "deck_settings", {"value": value}, {"name": name})
            result.details += 1
    try:  # the parameters merged cards are replayed with, and every later review uses
        settings = settings.with_(parameters=load_parameters(conn))
        make_scheduler(settings)
    except (ValueError, TypeError, KeyError, AttributeError):
        raise Invalid("settings.parameters: not usable FSRS-6 parameters (21 numbers within "
                      "FSRS's bounds, under 'parameters'); nothing was imported") from None
    appends: list[tuple[str, int, int, dict]] = []
    rewrites: list[tuple[str, int, list[Answer]]] = []
    for path, row, reviews in plan.cards:
        try:
            _merge_card(conn, lay, row, reviews, result, appends, rewrites)
        except sqlite3.IntegrityError as e:
            raise Invalid(f"{path}: the library refuses it ({e}); nothing was imported") from None
    # Appended oldest first, and forked cards rewritten in the order of their newest answers, so
    # that the log's last row is the latest answer imported (undo takes it).
    for _, _, card_id, review in sorted(appends, key=lambda t: (t[0], t[1])):
        try:
            _insert(conn, "review_log", {"card_id": card_id, **review})
        except sqlite3.IntegrityError as e:
            raise Invalid(f"the review at {review['reviewed_at']} of card "
                          f"{_card_name(conn, card_id)}: the library refuses it ({e}); "
                          "nothing was imported") from None
    for _, card_id, answers in sorted(rewrites, key=lambda t: (t[0], t[1])):
        rewrite_log(conn, card_id, answers, settings)
    _sync_cards(conn, result.resync)


def _saved(value: str) -> Any:
    try:
        v = json.loads(value)
    except ValueError:
        return None
    return v.get("saved") if isinstance(v, dict) else None


def _differs(row: dict, existing: sqlite3.Row) -> bool:
    return any(existing[k] != v for k, v in row.items())


def _merge_children(conn, lay: Layout, child: Table, pid: str, items: list[dict], result: Result) -> None:
    if child.name == "notes":
        for item in items:
            _merge_notes(conn, pid, item, result)
        return
    if child.name == "todos" and items:
        # one search-index update for the paper's TODOs, not one per TODO (see m0012)
        conn.execute("INSERT OR IGNORE INTO todos_bulk (paper_id) VALUES (?)", (pid,))
        try:
            _merge_rows(conn, child, pid, items, result)
        finally:
            conn.execute("DELETE FROM todos_bulk WHERE paper_id = ?", (pid,))
        conn.execute(
            "UPDATE paper_fts SET todos = (SELECT coalesce(group_concat(text, char(10)), '') "
            "FROM todos WHERE paper_id = ?) WHERE rowid = (SELECT id FROM paper_docs "
            "WHERE paper_id = ?)", (pid, pid))
        return
    _merge_rows(conn, child, pid, items, result)


def _merge_rows(conn, child: Table, pid: str, items: list[dict], result: Result) -> None:
    """Rows of one child table of one paper, matched by their key (a TODO by its uid)."""
    newer = NEWER.get(child.name)
    occurrences: dict[tuple, int] = {}
    for item in items:
        key = {"paper_id": pid, **{k: item.get(k) for k in child.key}}
        if child.unique_key:
            existing, where = _find(conn, child.name, child.names, key), key
        else:
            # Rows may share the key (two TODOs with one text added in one second): the n-th
            # entry with a key in the file is the n-th row with it in the library.
            n = occurrences[identity(item, child.key)] = occurrences.get(
                identity(item, child.key), -1) + 1
            cond = " AND ".join(f"{c} IS ?" for c in key)
            rows = conn.execute(f"SELECT rowid AS row_, {', '.join(child.names)} FROM {child.name} "
                                f"WHERE {cond} ORDER BY rowid", list(key.values())).fetchall()
            existing = rows[n] if n < len(rows) else None
            where = {"rowid": existing["row_"]} if existing is not None else key
        if existing is None:
            _insert(conn, child.name, {"paper_id": pid, **item})
            result.details += 1
        elif newer and _newer(item.get(newer), existing[newer]) and _differs(item, existing):
            _update(conn, child.name, item, where)
            result.details += 1


def _merge_notes(conn, pid: str, item: dict, result: Result) -> None:
    """Merge one paper's notes field by field, never dropping a word. An export carries no
    base to compare against, so the rule is containment: a text that holds the other whole
    replaces it (nothing is lost); two texts that each hold words the other lacks are a
    conflict: the library keeps its text and the file's is reported (Result.conflicts). The
    paper's cards are then made from the notes as merged (`_sync_cards`)."""
    from reader.reading.notes import FIELDS

    existing = conn.execute("SELECT * FROM notes WHERE paper_id = ?", (pid,)).fetchone()
    if existing is None:
        _insert(conn, "notes", {"paper_id": pid, **item})
        result.details += 1
        return
    take: dict[str, str] = {}
    kept_ours = False
    for name in FIELDS:
        mine, theirs = item.get(name) or "", existing[name]
        if mine == theirs:
            continue
        if not theirs.strip() or theirs in mine:
            take[name] = mine
        elif mine.strip() and mine not in theirs:
            result.conflicts.append((pid, name, mine))
            kept_ours = True
        else:
            kept_ours = True  # the library's text already holds the file's
    if take:
        modified = max(existing["modified"], item.get("modified") or "")
        _update(conn, "notes", {**take, "modified": modified}, {"paper_id": pid})
        result.details += 1
    if kept_ours:
        result.resync.add(pid)


def _sync_cards(conn, pids: set[str]) -> None:
    """Cards follow the notes: for papers whose merged notes are not the file's, the cards the
    file brought are brought back in line (history kept, as for any notes edit)."""
    from reader import clock
    from reader.reading import cardgen
    from reader.reading import notes

    for pid in sorted(pids):
        cardgen.sync_paper(conn, pid, notes.get(conn, pid), clock.now())


SCHEDULING = ("state", "step", "stability", "difficulty", "due", "last_review", "reps", "lapses")


def _merge_card(conn, lay: Layout, row: dict, reviews: list[dict], result: Result,
                appends: list[tuple[str, int, int, dict]],
                rewrites: list[tuple[str, int, list[Answer]]]) -> None:
    """Insert or update one card. Its reviews the library lacks go to `appends` (a new card,
    or a history that only moved ahead in the file: the file's rows as they are) or the whole
    merged history to `rewrites` (histories that forked)."""
    c = result.count("cards")
    rc = result.count("reviews")
    if row.get("source_key") is not None:
        where = {"source_key": row["source_key"]}
    else:
        where = {"source_key": None, "uid": row["uid"]}
    existing = _find(conn, "cards", ("id",) + lay.cards.names, where)
    if existing is None:
        card_id = _insert(conn, "cards", row)
        c.new += 1
        rc.new += len(reviews)
        appends += [(r["reviewed_at"], len(appends) + i, card_id, r) for i, r in enumerate(reviews)]
        return
    card_id = existing["id"]
    names = lay.reviews.names
    have = [dict(r) for r in conn.execute(
        f"SELECT {', '.join(names)} FROM review_log WHERE card_id = ? ORDER BY id", (card_id,))]
    known = {r["uid"] for r in have}
    missing = [r for r in reviews if r["uid"] not in known]
    rc.same += len(reviews) - len(missing)
    rc.new += len(missing)
    # Ahead: the file's log is the library's, row for row (the same states before and after,
    # so its next rows follow on from the card as it stands), then later answers.
    ahead = bool(missing) and _in_time_order(have + missing) and all(
        {k: f.get(k) for k in names} == h for f, h in zip(reviews, have))
    changes: dict[str, Any] = {}
    if _newer(row.get("modified"), existing["modified"]):
        changes.update({k: v for k, v in row.items() if k not in SCHEDULING})
    if ahead:  # the file's history extends the library's: its state goes with it
        changes.update({k: v for k, v in row.items() if k in SCHEDULING})
        appends += [(r["reviewed_at"], len(appends) + i, card_id, r) for i, r in enumerate(missing)]
    elif missing:
        rewrites.append((max(r["reviewed_at"] for r in have + missing), card_id,
                         [_answer(r) for r in have + missing]))
    changes = {k: v for k, v in changes.items() if existing[k] != v}
    if changes:
        _update(conn, "cards", changes, {"id": card_id})
    if changes or (missing and not ahead):
        c.updated += 1
    else:
        c.same += 1


def _in_time_order(reviews: list[dict]) -> bool:
    times = [_answer(r).reviewed_at for r in reviews]
    return times == sorted(times)


def _answer(review: dict) -> Answer:
    from decks.clock import parse_iso

    return Answer(review["uid"], review["rating"], parse_iso(review["reviewed_at"]),
                  review.get("duration_ms"), review.get("typed"))


def _card_name(conn: sqlite3.Connection, card_id: int) -> str:
    row = conn.execute("SELECT source_key, front FROM cards WHERE id = ?", (card_id,)).fetchone()
    return repr(row["source_key"] or row["front"][:40]) if row else str(card_id)
