from datetime import timedelta

import pytest

from decks.cards import (add_card, edit_card, get_card, get_card_by_source, list_cards,
                         suspend_card, sync_specs, unsuspend_card)
from decks.models import CardSpec, Rating
from decks.reviews import answer, history
from decks.settings import DeckSettings

from .conftest import NOW


def spec(key, front="Q", back="A", kind="basic", context="Graves 2012"):
    return CardSpec(source_key=key, kind=kind, front=front, back=back, context=context)


def test_add_card_is_new_and_listed(conn):
    c = add_card(conn, "What is FSRS?", "A scheduler", "hand", now=NOW)
    assert c.state == "new" and c.due is None and c.source_key is None and c.reps == 0
    assert c.created == NOW and c.new_order == "2026-03-10T10:00:00Z"
    assert [x.id for x in list_cards(conn)] == [c.id]
    assert list_cards(conn, hand_written=False) == []
    with pytest.raises(ValueError):
        add_card(conn, "  ", "x", now=NOW)


def test_sync_adds_updates_suspends_resumes(conn):
    specs = [spec("1211.3711:what", "What?", "Transducer"), spec("1211.3711:cloze:1", kind="cloze")]
    r = sync_specs(conn, "1211.3711", specs, NOW, order_key=NOW - timedelta(days=3))
    assert len(r.added) == 2 and not (r.updated or r.suspended or r.resumed)
    what = get_card_by_source(conn, "1211.3711:what")
    assert what.group_key == "1211.3711" and what.new_order == "2026-03-07T10:00:00Z"
    answer(conn, what.id, Rating.Good, NOW, 4000, DeckSettings())

    # unchanged → nothing happens
    assert sync_specs(conn, "1211.3711", specs, NOW) == type(r)()

    # edited text → updated in place, history kept
    later = NOW + timedelta(hours=1)
    specs[0] = spec("1211.3711:what", "What does it do?", "RNN transducer")
    r = sync_specs(conn, "1211.3711", specs, later)
    assert r.updated == (what.id,)
    edited = get_card(conn, what.id)
    assert (edited.front, edited.back) == ("What does it do?", "RNN transducer")
    assert edited.state == "learning" and edited.reps == 1 and len(history(conn, what.id)) == 1
    assert edited.modified == later

    # spec gone → suspended, history kept; back → resumed
    r = sync_specs(conn, "1211.3711", specs[1:], later)
    assert r.suspended == (what.id,)
    assert get_card(conn, what.id).suspended == "source"
    assert len(history(conn, what.id)) == 1
    r = sync_specs(conn, "1211.3711", specs, later)
    assert r.resumed == (what.id,)
    back = get_card(conn, what.id)
    assert back.suspended is None and back.reps == 1 and back.state == "learning"


def test_user_suspension_survives_sync(conn):
    sync_specs(conn, "p", [spec("p:what")], NOW)
    c = get_card_by_source(conn, "p:what")
    suspend_card(conn, c.id, NOW)
    r = sync_specs(conn, "p", [], NOW)
    assert r.suspended == ()
    r = sync_specs(conn, "p", [spec("p:what")], NOW)
    assert r.resumed == () and get_card(conn, c.id).suspended == "user"
    assert unsuspend_card(conn, c.id, NOW).suspended is None


def test_sync_rejects_bad_specs(conn):
    with pytest.raises(ValueError, match="duplicate"):
        sync_specs(conn, "p", [spec("p:a"), spec("p:a")], NOW)
    with pytest.raises(ValueError, match="kind"):
        sync_specs(conn, "p", [spec("p:a", kind="image")], NOW)
    sync_specs(conn, "p", [spec("p:a")], NOW)
    with pytest.raises(ValueError, match="already belongs"):
        sync_specs(conn, "q", [spec("p:a")], NOW)
    assert len(list_cards(conn)) == 1


def test_sync_other_groups_untouched(conn):
    sync_specs(conn, "p", [spec("p:a")], NOW)
    sync_specs(conn, "q", [spec("q:a")], NOW)
    hand = add_card(conn, "f", "b", now=NOW)
    sync_specs(conn, "p", [], NOW)
    assert get_card_by_source(conn, "q:a").suspended is None
    assert get_card(conn, hand.id).suspended is None
    assert [c.source_key for c in list_cards(conn, "q")] == ["q:a"]
    assert [c.source_key for c in list_cards(conn, include_suspended=False)] == [None, "q:a"]


def test_edit_card_keeps_schedule(conn):
    c = add_card(conn, "f", "b", now=NOW)
    c = answer(conn, c.id, Rating.Easy, NOW)
    e = edit_card(conn, c.id, NOW, back="better")
    assert e.back == "better" and e.scheduling() == c.scheduling()


def test_sync_inside_callers_transaction_rolls_back_with_it(conn):
    from decks.db import transaction

    with pytest.raises(RuntimeError):
        with transaction(conn):
            sync_specs(conn, "p", [spec("p:a")], NOW)
            assert len(list_cards(conn)) == 1
            raise RuntimeError("the note save failed")
    assert list_cards(conn) == []
    with transaction(conn):
        sync_specs(conn, "p", [spec("p:a")], NOW)
    assert [c.state for c in list_cards(conn, states=["new"])] == ["new"]
