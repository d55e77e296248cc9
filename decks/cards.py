"""Cards: adding, listing, editing, suspending, and syncing generated card specs; by hand:
forgetting, setting a due date, deleting.

A generated card is identified by its `source_key`. `sync_specs` makes the cards of one group
match a list of specs: new specs become new cards, changed text is updated in place (the review
history stays), cards whose spec disappeared are suspended ('source'), and come back when it
returns. Hand-written cards (`add_card`) have no source key; only they are edited and deleted
here (a generated card changes with its note: `MadeFromNote`).

None of the hand-made changes touches the review log: a forgotten card keeps its answers (the
stats count them; the state is rebuilt from those after `forgotten_at`), a deleted card stays
as a row marked `deleted_at` (suspended, left out of listings) so that its answers keep their
card.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from .clock import iso, parse_iso, utc_seconds
from .db import transaction
from .models import Card, CardSpec, CardState, SyncResult

__all__ = [
    "add_card", "sync_specs", "get_card", "get_card_by_source", "list_cards", "edit_card",
    "suspend_card", "unsuspend_card", "suspend_group", "forget", "set_due", "delete_card",
    "MadeFromNote", "NoSuchCard", "NoteGone", "StillNew", "CARD_COLUMNS", "card_from_row",
]

CARD_COLUMNS = (
    "id, source_key, kind, front, back, context, group_key, new_order, state, step, stability, "
    "difficulty, due, last_review, reps, lapses, suspended, created, modified, sibling_key, "
    "forgotten_at, due_set_at, deleted_at"
)


class NoSuchCard(KeyError):
    """No card has this id (or it was deleted)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "no such card"


class MadeFromNote(ValueError):
    """The card is generated from a note: it changes (or goes) when the note does."""

    def __init__(self, card: Card):
        self.card = card
        super().__init__(f"card {card.id} is made from a note ({card.source_key}): edit the "
                         "note to change it")

KINDS = ("basic", "cloze")


def card_from_row(row: sqlite3.Row | tuple) -> Card:
    (id_, source_key, kind, front, back, context, group_key, new_order, state, step, stability,
     difficulty, due, last_review, reps, lapses, suspended, created, modified,
     sibling_key, forgotten_at, due_set_at, deleted_at) = tuple(row)
    return Card(
        id=id_, source_key=source_key, kind=kind, front=front, back=back, context=context,
        group_key=group_key, new_order=new_order, state=state, step=step, stability=stability,
        difficulty=difficulty, due=parse_iso(due), last_review=parse_iso(last_review), reps=reps,
        lapses=lapses, suspended=suspended, created=parse_iso(created),
        modified=parse_iso(modified), sibling_key=sibling_key,
        forgotten_at=parse_iso(forgotten_at), due_set_at=parse_iso(due_set_at),
        deleted_at=parse_iso(deleted_at),
    )


def _order(order_key: str | datetime | None, now: datetime) -> str:
    if order_key is None:
        return iso(now)
    return iso(order_key) if isinstance(order_key, datetime) else str(order_key)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"card kind must be one of {KINDS}, got {kind!r}")


def set_group_context(conn: sqlite3.Connection, group_key: str, context: str, now: datetime) -> int:
    """Give the hand-written cards of `group_key` the context line `context` (their source was
    renamed); their fronts and backs are the writer's and stay. How many changed."""
    with transaction(conn):
        return conn.execute(
            "UPDATE cards SET context = ?, modified = ? WHERE group_key = ? AND source_key IS NULL"
            " AND context != ?", (context, iso(now), group_key, context)).rowcount


def add_card(
    conn: sqlite3.Connection,
    front: str,
    back: str,
    context: str = "",
    group_key: str | None = None,
    *,
    now: datetime,
    kind: str = "basic",
    order_key: str | datetime | None = None,
) -> Card:
    """Add a hand-written card (no source key), new and due for introduction.

    `order_key` orders new cards in the queue (text, or a datetime stored as ISO UTC);
    by default the time of adding."""
    _check_kind(kind)
    if not front.strip():
        raise ValueError("a card needs a front")
    t = iso(now)
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO cards(kind, front, back, context, group_key, new_order, created, modified)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (kind, front, back, context, group_key, _order(order_key, now), t, t),
        )
        return get_card(conn, cur.lastrowid)


def sync_specs(
    conn: sqlite3.Connection,
    group_key: str,
    specs: Iterable[CardSpec],
    now: datetime,
    order_key: str | datetime | None = None,
) -> SyncResult:
    """Make the generated cards of `group_key` match `specs` (all of that group's specs).

    - a spec whose source_key has no card → a new card (new cards get `order_key`, e.g. the
      time the paper was read; default now);
    - a card whose kind/front/back/context changed → updated in place, history kept;
    - a card of this group whose spec is gone → suspended with reason 'source';
    - a 'source'-suspended card whose spec is back → resumed (a card suspended by hand stays so).

    Raises ValueError on duplicate source keys or a source key that belongs to another group."""
    specs = list(specs)
    seen: set[str] = set()
    for s in specs:
        _check_kind(s.kind)
        if s.source_key in seen:
            raise ValueError(f"duplicate source key {s.source_key!r}")
        if s.group_key not in (None, group_key):
            raise ValueError(f"spec {s.source_key!r} belongs to group {s.group_key!r}, not {group_key!r}")
        seen.add(s.source_key)
    t = iso(now)
    order = _order(order_key, now)
    added, updated, suspended, resumed = [], [], [], []
    with transaction(conn):
        existing = {
            r["source_key"]: r
            for r in conn.execute(
                "SELECT id, source_key, kind, front, back, context, sibling_key, suspended FROM cards"
                " WHERE group_key = ? AND source_key IS NOT NULL",
                (group_key,),
            )
        }
        for s in specs:
            row = existing.get(s.source_key)
            if row is None:
                other = conn.execute(
                    "SELECT group_key FROM cards WHERE source_key = ?", (s.source_key,)
                ).fetchone()
                if other is not None:
                    raise ValueError(
                        f"source key {s.source_key!r} already belongs to group {other[0]!r}"
                    )
                cur = conn.execute(
                    "INSERT INTO cards(source_key, kind, front, back, context, group_key,"
                    " sibling_key, new_order, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (s.source_key, s.kind, s.front, s.back, s.context, group_key, s.sibling_key,
                     order, t, t),
                )
                added.append(cur.lastrowid)
                continue
            if (row["kind"], row["front"], row["back"], row["context"], row["sibling_key"]) != (
                s.kind, s.front, s.back, s.context, s.sibling_key
            ):
                conn.execute(
                    "UPDATE cards SET kind = ?, front = ?, back = ?, context = ?, sibling_key = ?,"
                    " modified = ? WHERE id = ?",
                    (s.kind, s.front, s.back, s.context, s.sibling_key, t, row["id"]),
                )
                updated.append(row["id"])
            if row["suspended"] == "source":
                conn.execute(
                    "UPDATE cards SET suspended = NULL, modified = ? WHERE id = ?", (t, row["id"])
                )
                resumed.append(row["id"])
        for key, row in existing.items():
            if key not in seen and row["suspended"] is None:
                conn.execute(
                    "UPDATE cards SET suspended = 'source', modified = ? WHERE id = ?",
                    (t, row["id"]),
                )
                suspended.append(row["id"])
    return SyncResult(tuple(added), tuple(updated), tuple(suspended), tuple(resumed))


def get_card(conn: sqlite3.Connection, card_id: int) -> Card:
    """The card with this id, deleted or not; NoSuchCard (a KeyError) if there is none."""
    row = conn.execute(f"SELECT {CARD_COLUMNS} FROM cards WHERE id = ?", (card_id,)).fetchone()
    if row is None:
        raise NoSuchCard(f"no card {card_id}")
    return card_from_row(row)


def _live(conn: sqlite3.Connection, card_id: int) -> Card:
    """The card, unless it is missing or deleted (NoSuchCard either way)."""
    card = get_card(conn, card_id)
    if card.is_deleted:
        raise NoSuchCard(f"card {card_id} was deleted")
    return card


def get_card_by_source(conn: sqlite3.Connection, source_key: str) -> Card | None:
    row = conn.execute(
        f"SELECT {CARD_COLUMNS} FROM cards WHERE source_key = ?", (source_key,)
    ).fetchone()
    return None if row is None else card_from_row(row)


def list_cards(
    conn: sqlite3.Connection,
    group_key: str | None = None,
    *,
    states: Sequence[CardState] | None = None,
    include_suspended: bool = True,
    hand_written: bool | None = None,
    limit: int | None = None,
    include_deleted: bool = False,
) -> list[Card]:
    """Cards, optionally of one group, in some states, with or without suspended ones, only
    hand-written (True) or only generated (False); deleted ones only when asked. Ordered by
    group, then id."""
    where, args = [], []
    if not include_deleted:
        where.append("deleted_at IS NULL")
    if group_key is not None:
        where.append("group_key = ?")
        args.append(group_key)
    if states is not None:
        where.append(f"state IN ({','.join('?' * len(states))})")
        args.extend(states)
    if not include_suspended:
        where.append("suspended IS NULL")
    if hand_written is not None:
        where.append("source_key IS NULL" if hand_written else "source_key IS NOT NULL")
    sql = f"SELECT {CARD_COLUMNS} FROM cards"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY group_key, id"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    return [card_from_row(r) for r in conn.execute(sql, args)]


def edit_card(
    conn: sqlite3.Connection,
    card_id: int,
    now: datetime,
    *,
    front: str | None = None,
    back: str | None = None,
    context: str | None = None,
) -> Card:
    """Change a hand-written card's text; its scheduling and history stay. A card made from a
    note raises MadeFromNote (edit the note instead); a deleted one NoSuchCard."""
    card = _live(conn, card_id)
    if not card.hand_written:
        raise MadeFromNote(card)
    if front is not None and not front.strip():
        raise ValueError("a card needs a front")
    with transaction(conn):
        conn.execute(
            "UPDATE cards SET front = ?, back = ?, context = ?, modified = ? WHERE id = ?",
            (front if front is not None else card.front, back if back is not None else card.back,
             context if context is not None else card.context, iso(now), card_id),
        )
        return get_card(conn, card_id)


def suspend_group(conn: sqlite3.Connection, group_key: str, now: datetime) -> int:
    """Suspend every active card of a group (its source is gone, e.g. the paper was removed):
    history kept; generated cards resume if `sync_specs` brings their specs back. Returns how
    many were suspended."""
    with transaction(conn):
        return conn.execute(
            "UPDATE cards SET suspended = 'source', modified = ? WHERE group_key = ?"
            " AND suspended IS NULL", (iso(now), group_key),
        ).rowcount


def suspend_card(conn: sqlite3.Connection, card_id: int, now: datetime) -> Card:
    """Keep a card out of the queue until unsuspended (history kept). A card suspended because
    its note is gone stays so ('source')."""
    with transaction(conn):
        if _live(conn, card_id).suspended is None:
            conn.execute("UPDATE cards SET suspended = 'user', modified = ? WHERE id = ?",
                         (iso(now), card_id))
        return get_card(conn, card_id)


class NoteGone(ValueError):
    """The card is suspended because its note is gone: it comes back with the note."""


def unsuspend_card(conn: sqlite3.Connection, card_id: int, now: datetime) -> Card:
    """Bring a card suspended by hand back into the queue. One suspended because its note is
    gone raises NoteGone: writing the note again brings it back."""
    with transaction(conn):
        card = _live(conn, card_id)
        if card.suspended == "source":
            raise NoteGone(f"card {card_id} is suspended because its note is gone; it comes "
                           "back when the note is written again")
        conn.execute(
            "UPDATE cards SET suspended = NULL, modified = ? WHERE id = ?", (iso(now), card_id)
        )
        return get_card(conn, card_id)


def forget(conn: sqlite3.Connection, card_id: int, now: datetime) -> Card:
    """Send a card back to new: it is introduced again as if never studied (its place among
    new cards is its old one). Its answers stay in the log; the state is rebuilt from the
    ones given after now."""
    with transaction(conn):
        _live(conn, card_id)
        conn.execute(
            "UPDATE cards SET state = 'new', step = NULL, stability = NULL, difficulty = NULL,"
            " due = NULL, last_review = NULL, reps = 0, lapses = 0, forgotten_at = ?,"
            " due_set_at = NULL, modified = ? WHERE id = ?", (iso(now), iso(now), card_id))
        return get_card(conn, card_id)


class StillNew(ValueError):
    """A new card has no due date to set: it comes when new cards are introduced."""


def set_due(conn: sqlite3.Connection, card_id: int, due: datetime, now: datetime) -> Card:
    """Make a studied card due at `due` (its memory state stays; FSRS takes the real elapsed
    time into account at the next answer). A new card raises StillNew."""
    if utc_seconds(due) < utc_seconds(now) - timedelta(days=36500):
        raise ValueError("that due date is too far in the past")
    with transaction(conn):
        card = _live(conn, card_id)
        if card.is_new:
            raise StillNew(f"card {card_id} is new: it has no due date until it is first "
                           "studied")
        conn.execute("UPDATE cards SET due = ?, due_set_at = ?, modified = ? WHERE id = ?",
                     (iso(due), iso(now), iso(now), card_id))
        return get_card(conn, card_id)


def delete_card(conn: sqlite3.Connection, card_id: int, now: datetime) -> Card:
    """Delete a hand-written card: it leaves the queue and the listings; its answers stay in
    the log, counted by the stats. A card made from a note raises MadeFromNote (it goes when
    its note does)."""
    with transaction(conn):
        card = _live(conn, card_id)
        if not card.hand_written:
            raise MadeFromNote(card)
        conn.execute("UPDATE cards SET deleted_at = ?, suspended = 'user', modified = ?"
                     " WHERE id = ?", (iso(now), iso(now), card_id))
        return get_card(conn, card_id)
