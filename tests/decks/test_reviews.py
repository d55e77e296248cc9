import random
import sqlite3
from datetime import timedelta

import pytest

from decks.cards import add_card, get_card
from decks.models import Rating
from decks.reviews import (NothingToUndo, answer, history, last_review, rebuild_card, undo_last,
                           verify_card)
from decks.settings import DeckSettings

from .conftest import NOW


def log_rows(conn):
    return [tuple(r) for r in conn.execute("SELECT * FROM review_log ORDER BY id")]


def test_answer_appends_log_with_state_before(conn):
    c = add_card(conn, "f", "b", now=NOW)
    c1 = answer(conn, c.id, Rating.Good, NOW + timedelta(microseconds=600), 2500)
    (r,) = history(conn, c.id)
    assert (r.rating, r.reviewed_at, r.duration_ms, r.state_before, r.state_after) == (
        Rating.Good, NOW, 2500, "new", "learning")
    assert r.due_after == c1.due == NOW + timedelta(minutes=10)
    assert r.due_before is None and r.stability_before is None


def test_undo_restores_card_and_log_exactly(conn):
    s = DeckSettings()
    a = add_card(conn, "a", "b", now=NOW)
    b = add_card(conn, "c", "d", now=NOW)
    answer(conn, a.id, Rating.Easy, NOW, settings=s)
    answer(conn, b.id, Rating.Good, NOW, settings=s)
    t = NOW + timedelta(days=9)
    before_card, before_log = get_card(conn, a.id), log_rows(conn)
    answer(conn, a.id, Rating.Again, t, 3000, s)  # a lapse
    assert get_card(conn, a.id).lapses == 1
    review, restored = undo_last(conn, t)
    assert review.card_id == a.id and review.rating == Rating.Again
    assert restored == before_card and log_rows(conn) == before_log
    # undo again: b's first answer → b is new again
    _, b_restored = undo_last(conn, t)
    assert b_restored == b
    undo_last(conn, t)
    assert get_card(conn, a.id) == a and log_rows(conn) == []
    with pytest.raises(NothingToUndo):
        undo_last(conn, t)


def test_undo_checks_expected_review(conn):
    a = add_card(conn, "a", "b", now=NOW)
    answer(conn, a.id, Rating.Good, NOW)
    first = last_review(conn)
    answer(conn, a.id, Rating.Good, NOW + timedelta(minutes=1))
    with pytest.raises(NothingToUndo):
        undo_last(conn, NOW, expected_review_id=first.id)
    assert len(history(conn, a.id)) == 2


def test_undo_refuses_when_the_last_row_is_not_the_cards_latest_answer(conn):
    # As after a YAML merge that appended an older review at the end of the log.
    a = add_card(conn, "a", "b", now=NOW)
    answer(conn, a.id, Rating.Good, NOW + timedelta(minutes=5))
    conn.execute(
        "INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, state_before,"
        " state_after, due_after) VALUES (?, 3, ?, 1000, 'new', 'learning', ?)",
        (a.id, "2026-01-01T00:00:00Z", "2026-01-01T00:10:00Z"))
    before = get_card(conn, a.id)
    with pytest.raises(NothingToUndo, match="not the card's latest"):
        undo_last(conn, NOW)
    assert get_card(conn, a.id) == before and len(history(conn, a.id)) == 2


def test_answer_refuses_a_card_answered_elsewhere_since_it_was_shown(conn):
    from decks.reviews import AlreadyAnswered

    a = add_card(conn, "a", "b", now=NOW)
    shown = get_card(conn, a.id)
    answer(conn, a.id, Rating.Good, NOW, expected_reps=shown.reps)  # e.g. the CLI session
    with pytest.raises(AlreadyAnswered):
        answer(conn, a.id, Rating.Good, NOW + timedelta(seconds=1), expected_reps=shown.reps)
    assert len(history(conn, a.id)) == 1


def test_log_is_append_only(conn):
    a = add_card(conn, "a", "b", now=NOW)
    answer(conn, a.id, Rating.Good, NOW)
    answer(conn, a.id, Rating.Good, NOW + timedelta(minutes=1))
    first = history(conn, a.id)[0]
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE review_log SET rating = 4")
    with pytest.raises(sqlite3.IntegrityError, match="only the last"):
        conn.execute("DELETE FROM review_log WHERE id = ?", (first.id,))
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("DELETE FROM cards WHERE id = ?", (a.id,))
    assert len(history(conn, a.id)) == 2


@pytest.mark.parametrize("seed", range(4))
def test_rebuild_from_log_equals_stored(conn, seed):
    rng = random.Random(seed)
    s = DeckSettings(desired_retention=0.88)
    cards = [add_card(conn, f"f{i}", "b", now=NOW) for i in range(5)]
    t = NOW
    for _ in range(60):
        c = get_card(conn, rng.choice(cards).id)
        t = max(t, c.due or t) + timedelta(seconds=rng.choice([0, 30, 3600, 86400 * 2]))
        answer(conn, c.id, rng.choice([1, 2, 3, 3, 3, 4]), t, rng.randint(500, 9000), s)
    for c in cards:
        stored = get_card(conn, c.id)
        assert rebuild_card(conn, c.id, s) == stored
        assert rebuild_card(conn, c.id, s, use_logged_due=True) == stored
        assert verify_card(conn, c.id, s)
    assert sum(get_card(conn, c.id).reps for c in cards) == 60
