"""Review identities and rewriting one card's log (a merge of two histories)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from decks.cards import add_card, get_card
from decks.reviews import (Answer, NothingToUndo, answer, history, last_review, rewrite_log,
                           undo_last, verify_card)
from decks.settings import DeckSettings

from .conftest import NOW

S = DeckSettings()


def uids(conn, card_id) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT uid FROM review_log WHERE card_id = ? ORDER BY id", (card_id,))]


def test_every_answer_has_an_identity_of_its_own(conn):
    c = add_card(conn, "f", "b", now=NOW)
    answer(conn, c.id, 1, NOW, settings=S)
    answer(conn, c.id, 1, NOW, settings=S)  # the card came straight back: same second, same rating
    a, b = uids(conn, c.id)
    assert a != b and len(a) == len(b) == 16
    hand = conn.execute("SELECT uid FROM cards WHERE id = ?", (c.id,)).fetchone()[0]
    assert len(hand) == 16 and hand not in (a, b)


def test_rewrite_puts_a_merged_history_in_time_order(conn):
    c = add_card(conn, "f", "b", now=NOW)
    other = add_card(conn, "g", "b", now=NOW)
    answer(conn, c.id, 3, NOW, settings=S)
    answer(conn, c.id, 3, NOW + timedelta(days=3), settings=S)
    answer(conn, other.id, 3, NOW + timedelta(days=4), settings=S)
    stale = last_review(conn)
    mine = [Answer(u, r.rating, r.reviewed_at, r.duration_ms)
            for u, r in zip(uids(conn, c.id), history(conn, c.id))]
    theirs = [Answer("laptop-1", 1, NOW + timedelta(days=1), 800),
              Answer("laptop-2", 4, NOW + timedelta(days=3), 900)]  # same second as one of mine
    card = rewrite_log(conn, c.id, mine + theirs, S)
    log = history(conn, c.id)
    assert [r.reviewed_at for r in log] == sorted(r.reviewed_at for r in log)
    assert uids(conn, c.id) == [mine[0].uid, "laptop-1", mine[1].uid, "laptop-2"]
    assert [r.rating for r in log] == [3, 1, 3, 4] and log[1].duration_ms == 800
    assert card.reps == 4 and verify_card(conn, c.id, S)
    for prev, row in zip(log, log[1:]):
        assert (row.due_before, row.last_review_before) == (prev.due_after, prev.reviewed_at)
    assert conn.execute("SELECT count(*) FROM review_log_rewrites").fetchone()[0] == 0
    # The other card's log is untouched; an undo naming a row from before refuses.
    assert len(history(conn, other.id)) == 1
    with pytest.raises(NothingToUndo):
        undo_last(conn, NOW, expected_review_id=stale.id)
    # Undo takes back the newest row (the rewritten card's latest) to the replayed state before it.
    review, restored = undo_last(conn, NOW + timedelta(days=5))
    assert review.card_id == c.id and restored.reps == 3 and verify_card(conn, c.id, S)


def test_a_failed_rewrite_writes_nothing(conn):
    c = add_card(conn, "f", "b", now=NOW)
    answer(conn, c.id, 3, NOW, settings=S)
    before = [tuple(r) for r in conn.execute("SELECT * FROM review_log")], get_card(conn, c.id)
    with pytest.raises(ValueError, match="appears twice"):
        rewrite_log(conn, c.id, [Answer("x", 3, NOW), Answer("x", 1, NOW)], S)
    with pytest.raises(sqlite3.IntegrityError):  # refused by the log after the old rows went
        rewrite_log(conn, c.id, [Answer("x", 3, NOW), Answer(None, 1, NOW)], S)
    assert ([tuple(r) for r in conn.execute("SELECT * FROM review_log")], get_card(conn, c.id)) \
        == before
    assert conn.execute("SELECT count(*) FROM review_log_rewrites").fetchone()[0] == 0


def test_outside_a_rewrite_the_log_stays_append_only(conn):
    c = add_card(conn, "f", "b", now=NOW)
    d = add_card(conn, "g", "b", now=NOW)
    answer(conn, c.id, 3, NOW, settings=S)
    answer(conn, d.id, 3, NOW, settings=S)
    with pytest.raises(sqlite3.IntegrityError, match="only the last answer"):
        conn.execute("DELETE FROM review_log WHERE card_id = ?", (c.id,))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE review_log SET uid = 'x'")
