"""Answering cards: the append-only review log, undo of the last answer, rebuild from the log.

Every answer is one transaction: read the card, schedule it, write the card, append a log row
holding the card's state just before (for an exact undo) and the due it was given. Two processes
answering at once queue on the write lock; nothing is lost. Each row has an identity of its own
(`uid`, see decks.schema) that a backup and a merge carry along.

A merge of two histories of one card (`rewrite_log`) replays the merged answers in time order
and writes the card's log again, so that the card, its log and undo agree.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from .cards import CARD_COLUMNS, card_from_row, get_card
from .clock import iso, parse_iso, utc_seconds
from .db import transaction
from .models import Card, Rating, Review
from .scheduler import Outcome, schedule
from .settings import DeckSettings

__all__ = ["answer", "undo_last", "last_review", "history", "rebuild_card", "verify_card",
           "replay", "rewrite_log", "Answer", "NothingToUndo", "AlreadyAnswered"]

REVIEW_COLUMNS = (
    "id, card_id, rating, reviewed_at, duration_ms, state_before, step_before, stability_before,"
    " difficulty_before, due_before, last_review_before, state_after, due_after, typed"
)


@dataclass(frozen=True)
class Answer:
    """What a merge knows of one answer: its identity, the rating, when, how long it took."""

    uid: str
    rating: int
    reviewed_at: datetime
    duration_ms: int | None = None
    typed: str | None = None


class NothingToUndo(LookupError):
    """There is no answer to undo (or the last one is not the one the caller meant)."""


class AlreadyAnswered(RuntimeError):
    """The card was answered elsewhere (another process) since it was shown; nothing written."""


def _review_from_row(row) -> Review:
    (id_, card_id, rating, reviewed_at, duration_ms, state_before, step_before, stability_before,
     difficulty_before, due_before, last_review_before, state_after, due_after,
     typed) = tuple(row)
    return Review(
        id=id_, card_id=card_id, rating=Rating(rating), reviewed_at=parse_iso(reviewed_at),
        duration_ms=duration_ms, state_before=state_before, step_before=step_before,
        stability_before=stability_before, difficulty_before=difficulty_before,
        due_before=parse_iso(due_before), last_review_before=parse_iso(last_review_before),
        state_after=state_after, due_after=parse_iso(due_after), typed=typed,
    )


def answer(
    conn: sqlite3.Connection,
    card_id: int,
    rating: Rating | int,
    now: datetime,
    duration_ms: int | None = None,
    settings: DeckSettings | None = None,
    expected_reps: int | None = None,
    typed: str | None = None,
) -> Card:
    """Grade a card Again(1)/Hard(2)/Good(3)/Easy(4) at `now`; returns the card as rescheduled.

    `now` is stored in UTC to the second. Answering a suspended card is allowed (e.g. a review
    started before the card was suspended). With `expected_reps` (the card's `reps` when it was
    shown), raises AlreadyAnswered if another session answered it meanwhile. `typed` is what
    the user wrote from memory before the answer was shown, kept with the answer."""
    rating = Rating(int(rating))
    settings = settings or DeckSettings()
    now = utc_seconds(now)
    with transaction(conn):
        card = get_card(conn, card_id)
        if expected_reps is not None and card.reps != expected_reps:
            raise AlreadyAnswered(f"card {card_id} was answered elsewhere since it was shown")
        out = schedule(card, rating, now, settings)
        conn.execute(
            "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?,"
            " last_review = ?, reps = ?, lapses = ? WHERE id = ?",
            (out.state, out.step, out.stability, out.difficulty, iso(out.due),
             iso(out.last_review), out.reps, out.lapses, card_id),
        )
        conn.execute(
            f"INSERT INTO review_log({REVIEW_COLUMNS.split(', ', 1)[1]})"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (card_id, int(rating), iso(now), duration_ms, card.state, card.step, card.stability,
             card.difficulty, card.due and iso(card.due),
             card.last_review and iso(card.last_review), out.state, iso(out.due), typed),
        )
        row = conn.execute(f"SELECT {CARD_COLUMNS} FROM cards WHERE id = ?", (card_id,)).fetchone()
    return card_from_row(row)


def last_review(conn: sqlite3.Connection) -> Review | None:
    """The newest answer in the log (the one `undo_last` would remove), or None."""
    row = conn.execute(
        f"SELECT {REVIEW_COLUMNS} FROM review_log ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return None if row is None else _review_from_row(row)


def undo_last(
    conn: sqlite3.Connection, now: datetime, expected_review_id: int | None = None
) -> tuple[Review, Card]:
    """Undo the newest answer: restore the card's state exactly as it was before it and delete
    that log row (the only deletion the log allows). Returns (the undone review, the restored
    card). With `expected_review_id`, refuses (NothingToUndo) if the newest answer is another
    one, e.g. given meanwhile by another process. `now` is accepted for symmetry; undo itself
    leaves no trace."""
    del now
    with transaction(conn):
        review = last_review(conn)
        if review is None:
            raise NothingToUndo("there is no answer to undo")
        if expected_review_id is not None and review.id != expected_review_id:
            raise NothingToUndo("the last answer is not the one to undo (another was given since)")
        card = get_card(conn, review.card_id)
        if card.last_review != review.reviewed_at:
            # The newest log row is not this card's latest answer (older reviews merged in
            # from a YAML import are appended last): restoring its "before" would be wrong.
            raise NothingToUndo("the last logged answer is not the card's latest; nothing undone")
        changed = [t for t in (card.forgotten_at, card.due_set_at) if t is not None]
        if any(t >= review.reviewed_at for t in changed):
            raise NothingToUndo("the card was changed by hand since (forgotten or given a due "
                                "date); nothing undone")
        lapse = review.state_before == "review" and review.rating == Rating.Again
        conn.execute(
            "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?,"
            " last_review = ?, reps = ?, lapses = ? WHERE id = ?",
            (review.state_before, review.step_before, review.stability_before,
             review.difficulty_before, review.due_before and iso(review.due_before),
             review.last_review_before and iso(review.last_review_before), card.reps - 1,
             card.lapses - (1 if lapse else 0), card.id),
        )
        conn.execute("DELETE FROM review_log WHERE id = ?", (review.id,))
        return review, get_card(conn, card.id)


def cards_answered(conn: sqlite3.Connection, review_ids: Sequence[int]) -> int:
    """How many cards the answers `review_ids` (review log ids) went to: a card answered
    again in one session (a learning step, an Again) is one card."""
    ids = list(dict.fromkeys(review_ids))
    cards: set[int] = set()
    for start in range(0, len(ids), 500):  # SQLite's bound on parameters, with room to spare
        chunk = ids[start:start + 500]
        cards.update(r[0] for r in conn.execute(
            f"SELECT DISTINCT card_id FROM review_log WHERE id IN ({','.join('?' * len(chunk))})",
            chunk))
    return len(cards)


def history(conn: sqlite3.Connection, card_id: int) -> list[Review]:
    """A card's answers, oldest first."""
    return [
        _review_from_row(r)
        for r in conn.execute(
            f"SELECT {REVIEW_COLUMNS} FROM review_log WHERE card_id = ? ORDER BY id", (card_id,)
        )
    ]


def rebuild_card(
    conn: sqlite3.Connection,
    card_id: int,
    settings: DeckSettings | None = None,
    *,
    use_logged_due: bool = False,
) -> Card:
    """The card's scheduling state recomputed from its review log, by replaying every answer
    through FSRS (text and suspension are taken from the stored card). Fuzz is seeded per card
    and review, so the replay reproduces it; with `use_logged_due` the due dates recorded in the
    log are used instead (robust to settings changed since). What was done by hand is taken
    from the card: an answer given while the card was new again (after a forget) starts the
    replay over, as does `forgotten_at`; a due date set by hand after the last answer stays."""
    settings = settings or DeckSettings()
    stored = get_card(conn, card_id)
    card = _blank(stored)
    for review in history(conn, card_id):
        if review.state_before == "new":
            card = _blank(card)
        out: Outcome = schedule(card, review.rating, review.reviewed_at, settings)
        card = _apply(card, out, review.due_after if use_logged_due else out.due)
    return _by_hand(card, stored)


def verify_card(conn: sqlite3.Connection, card_id: int, settings: DeckSettings | None = None) -> bool:
    """True when the stored state equals the one rebuilt from the log."""
    stored = get_card(conn, card_id)
    return rebuild_card(conn, card_id, settings).scheduling() == stored.scheduling()


def replay(card: Card, answers: Sequence[Answer], settings: DeckSettings) -> tuple[list[dict], Card]:
    """`answers` (in the order given) replayed through FSRS on `card` from new: the log rows
    they make (column -> stored value, without id and card_id) and the card's state after them.
    The same computation as `rebuild_card`, so a log written from these rows rebuilds to it.
    A card forgotten by hand starts over at its first answer after `forgotten_at`."""
    stored = card
    card = _blank(card)
    rows = []
    for a in answers:
        if stored.forgotten_at is not None and card.last_review is not None and \
                card.last_review < stored.forgotten_at <= utc_seconds(a.reviewed_at):
            card = _blank(card)
        out = schedule(card, a.rating, a.reviewed_at, settings)
        rows.append({
            "uid": a.uid, "rating": int(a.rating), "reviewed_at": iso(out.last_review),
            "duration_ms": a.duration_ms, "state_before": card.state, "step_before": card.step,
            "stability_before": card.stability, "difficulty_before": card.difficulty,
            "due_before": card.due and iso(card.due),
            "last_review_before": card.last_review and iso(card.last_review),
            "state_after": out.state, "due_after": iso(out.due), "typed": a.typed,
        })
        card = _apply(card, out, out.due)
    return rows, _by_hand(card, stored)


def rewrite_log(
    conn: sqlite3.Connection, card_id: int, answers: Sequence[Answer], settings: DeckSettings
) -> Card:
    """Make `answers` the card's whole log, oldest first (ties keep the order given), replayed
    from new: its old rows are deleted, the replayed ones appended (new row ids, so an undo
    that names an old row refuses), and the card's scheduling state set to the replay's. One
    transaction; the only way, besides undo, that log rows are ever deleted (a merge of two
    histories uses it)."""
    answers = sorted(answers, key=lambda a: utc_seconds(a.reviewed_at))
    if len({a.uid for a in answers}) != len(answers):
        raise ValueError(f"card {card_id}: an answer appears twice")
    with transaction(conn):
        rows, card = replay(get_card(conn, card_id), answers, settings)
        conn.execute("INSERT INTO review_log_rewrites (card_id) VALUES (?)", (card_id,))
        conn.execute("DELETE FROM review_log WHERE card_id = ?", (card_id,))
        conn.execute("DELETE FROM review_log_rewrites WHERE card_id = ?", (card_id,))
        for row in rows:
            conn.execute(
                f"INSERT INTO review_log (card_id, {', '.join(row)})"
                f" VALUES (?, {', '.join('?' * len(row))})", (card_id, *row.values()))
        conn.execute(
            "UPDATE cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?,"
            " last_review = ?, reps = ?, lapses = ? WHERE id = ?",
            (card.state, card.step, card.stability, card.difficulty, card.due and iso(card.due),
             card.last_review and iso(card.last_review), card.reps, card.lapses, card_id),
        )
        return get_card(conn, card_id)


def _by_hand(card: Card, stored: Card) -> Card:
    """The replayed `card` with what was done by hand since its last answer: forgotten (new
    again) or given a due date (the stored one)."""
    last = card.last_review
    if stored.forgotten_at is not None and (last is None or stored.forgotten_at > last):
        return _blank(card)
    if stored.due_set_at is not None and last is not None and stored.due_set_at >= last:
        return replace(card, due=stored.due)
    return card


def _blank(card: Card) -> Card:
    return replace(card, state="new", step=None, stability=None, difficulty=None, due=None,
                   last_review=None, reps=0, lapses=0)


def _apply(card: Card, out: Outcome, due: datetime) -> Card:
    return replace(card, state=out.state, step=out.step, stability=out.stability,
                   difficulty=out.difficulty, due=due, last_review=out.last_review,
                   reps=out.reps, lapses=out.lapses)
