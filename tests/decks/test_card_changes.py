"""Cards managed by hand: forget, a due date set, delete, edit; the log stays append-only and
the card's state is still what its log (and what was done by hand) rebuilds to."""

from __future__ import annotations

from datetime import timedelta

import pytest

from decks.cards import (MadeFromNote, NoSuchCard, NoteGone, StillNew, add_card, delete_card,
                         edit_card, forget, get_card, list_cards, set_due, suspend_card,
                         sync_specs, unsuspend_card)
from decks.models import CardSpec, Rating
from decks.queue import plan_today, today_queue
from decks.reviews import (Answer, NothingToUndo, answer, history, rewrite_log, undo_last,
                           verify_card)
from decks.settings import DeckSettings
from decks.stats import review_heatmap

from .conftest import BERLIN, NOW


def studied(conn, n=3):
    c = add_card(conn, "q", "a", now=NOW - timedelta(days=30))
    for d in range(n):
        answer(conn, c.id, Rating.Good, NOW - timedelta(days=20 - 5 * d))
    return get_card(conn, c.id)


def test_forget_makes_the_card_new_and_keeps_its_answers(conn):
    c = studied(conn)
    log_before = history(conn, c.id)
    f = forget(conn, c.id, NOW)
    assert (f.state, f.stability, f.due, f.reps, f.forgotten_at) == ("new", None, None, 0, NOW)
    assert history(conn, c.id) == log_before       # nothing deleted, nothing rewritten
    assert verify_card(conn, c.id)                 # rebuilt: new again
    assert c.id in [x.id for x in today_queue(conn, NOW, tz=BERLIN)]
    again = answer(conn, c.id, Rating.Good, NOW + timedelta(minutes=1))
    assert again.reps == 1 and history(conn, c.id)[-1].state_before == "new"
    assert verify_card(conn, c.id)
    with pytest.raises(NothingToUndo):  # the answer before the forget is not undone over it
        undo_last(conn, NOW + timedelta(minutes=2), expected_review_id=log_before[-1].id)
    undo_last(conn, NOW + timedelta(minutes=2))   # the answer after it is
    assert get_card(conn, c.id).state == "new" and verify_card(conn, c.id)


def test_a_due_date_set_by_hand_holds_until_the_next_answer(conn):
    c = studied(conn)
    due = NOW + timedelta(days=40)
    s = set_due(conn, c.id, due, NOW)
    assert s.due == due and s.stability == c.stability and verify_card(conn, c.id)
    with pytest.raises(NothingToUndo):
        undo_last(conn, NOW)
    answer(conn, c.id, Rating.Good, NOW + timedelta(hours=1))
    assert get_card(conn, c.id).due != due and verify_card(conn, c.id)
    with pytest.raises(StillNew):
        set_due(conn, add_card(conn, "new", "b", now=NOW).id, due, NOW)


def test_a_merge_keeps_a_forget_and_a_due_date(conn):
    """rewrite_log (a merge of histories) replays the answers and keeps what was done by hand."""
    s = DeckSettings()
    c = studied(conn)
    answers = [Answer(f"u{i}", 3, r.reviewed_at) for i, r in enumerate(history(conn, c.id))]
    forget(conn, c.id, NOW - timedelta(days=2))
    answer(conn, c.id, 3, NOW - timedelta(days=1))
    set_due(conn, c.id, NOW + timedelta(days=9), NOW)
    answers.append(Answer("late", 3, NOW - timedelta(days=1)))
    answers.append(Answer("early", 1, NOW - timedelta(days=25)))  # from another machine
    card = rewrite_log(conn, c.id, answers, s)
    assert card.reps == 1 and card.due == NOW + timedelta(days=9)
    assert [r.state_before for r in history(conn, c.id)][-1] == "new"
    assert verify_card(conn, c.id, s)


def test_delete_keeps_answers_for_the_stats_and_refuses_note_cards(conn):
    c = studied(conn)
    heat = sum(review_heatmap(conn, NOW, BERLIN).values())
    d = delete_card(conn, c.id, NOW)
    assert d.is_deleted and d.suspended == "user"
    assert c.id not in [x.id for x in list_cards(conn)]
    assert c.id in [x.id for x in list_cards(conn, include_deleted=True)]
    assert sum(review_heatmap(conn, NOW, BERLIN).values()) == heat == 3
    assert plan_today(conn, NOW, tz=BERLIN).total == 0
    for change in (lambda: unsuspend_card(conn, c.id, NOW), lambda: forget(conn, c.id, NOW),
                   lambda: edit_card(conn, c.id, NOW, front="x")):
        with pytest.raises(NoSuchCard):
            change()
    sync_specs(conn, "p", [CardSpec("p:what", "basic", "What?", "It.", "", "p", "p:what")], NOW)
    note = list_cards(conn, "p")[0]
    with pytest.raises(MadeFromNote):
        delete_card(conn, note.id, NOW)
    with pytest.raises(MadeFromNote):
        edit_card(conn, note.id, NOW, front="mine")


def test_a_card_whose_note_is_gone_comes_back_only_with_the_note(conn):
    sync_specs(conn, "p", [CardSpec("p:what", "basic", "What?", "It.", "", "p", "p:what")], NOW)
    note = list_cards(conn, "p")[0]
    sync_specs(conn, "p", [], NOW)
    assert get_card(conn, note.id).suspended == "source"
    assert suspend_card(conn, note.id, NOW).suspended == "source"   # stays as it is
    with pytest.raises(NoteGone):
        unsuspend_card(conn, note.id, NOW)


def test_edit_keeps_the_history(conn):
    c = studied(conn)
    e = edit_card(conn, c.id, NOW, front="new front")
    assert e.front == "new front" and e.scheduling() == c.scheduling()
    with pytest.raises(ValueError):
        edit_card(conn, c.id, NOW, front="  ")
