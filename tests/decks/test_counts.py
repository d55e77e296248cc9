"""Counts that agree: `plan_today` knows, before the first answer, which cards today's session
will show and which it holds back (and why); running the session shows exactly those. Each
"seen" case replayed with a pinned clock."""

from __future__ import annotations

from datetime import timedelta, timezone

from decks.cards import add_card, sync_specs
from decks.models import CardSpec, Rating
from decks.queue import next_card, plan_today, today_queue
from decks.reviews import answer
from decks.settings import DeckSettings

from .conftest import NOW, set_state

UTC = timezone.utc


def note_cards(conn, paper: str, clozes: int, now=NOW, order="0"):
    """A what note with `clozes` deletions: its card and the cloze cards, all siblings."""
    key = f"{paper}:what"
    specs = [CardSpec(key, "basic", f"What does {paper} do?", "It maps.", "", paper, key)]
    specs += [CardSpec(f"{paper}:cloze:what:{n}", "cloze", f"It [...] {n}", "It maps.", "",
                       paper, key) for n in range(1, clozes + 1)]
    return sync_specs(conn, paper, specs, now, order_key=order).added


def run_session(conn, now, settings, rating=Rating.Good):
    """Answer every card the queue shows, as a user would, until it is empty."""
    shown = []
    t = now
    while (card := next_card(conn, t, settings, UTC)) is not None:
        shown.append(card.id)
        answer(conn, card.id, rating, t, settings=settings)
        t += timedelta(seconds=30)
    return shown


def test_the_header_counts_the_new_cards_the_session_will_show(conn):
    # Seen: the header said "11 new"; the session ended "Done for now" after 8, with no word
    # of the other 3 (siblings of cards answered in the session).
    s = DeckSettings(learning_steps=())
    for i in range(3):
        note_cards(conn, f"p{i}", 1, order=f"{i}")        # 3 notes of 2 siblings each
    for i in range(5):
        add_card(conn, f"alone {i}", "b", now=NOW, order_key=f"9{i}")
    plan = plan_today(conn, NOW, s, UTC)
    assert (plan.new, plan.held.new_siblings, plan.held.new_limit) == (8, 3, 0)
    assert len(today_queue(conn, NOW, s, UTC)) == 8
    shown = run_session(conn, NOW, s)
    assert len(set(shown)) == plan.new
    after = plan_today(conn, NOW + timedelta(hours=1), s, UTC)
    assert (after.new, after.held.new_siblings) == (0, 3)


def test_new_cards_held_back_are_counted_once_and_agree_after_each_answer(conn):
    # Seen: after one answer, `review --plain` said "16 new cards wait for tomorrow" while
    # `due --json` showed 14 new still due: "waiting" counted today's new cards too.
    s = DeckSettings(new_per_day=15)
    note_cards(conn, "p", 2)
    for i in range(27):
        add_card(conn, f"q{i}", "a", now=NOW, order_key=f"z{i:02d}")
    total_new = 30
    t = NOW
    for _ in range(4):
        plan = plan_today(conn, t, s, UTC)
        introduced = conn.execute("SELECT count(*) FROM cards WHERE state != 'new'").fetchone()[0]
        assert plan.new + plan.held.new + introduced == total_new
        card = next_card(conn, t, s, UTC)
        answer(conn, card.id, Rating.Good, t, settings=s)
        t += timedelta(seconds=20)
    plan = plan_today(conn, t, s, UTC)
    assert (plan.new, plan.held.new_siblings, plan.held.new_limit) == (11, 2, 13)


def test_reviews_held_back_are_said_and_no_held_card_is_the_next_due(conn):
    # Seen: Stats "today 1", the header "nothing due today", plain review "7 to review" which
    # ended with "next card due 09:00" for a held-back card.
    s = DeckSettings(reviews_per_day=5)
    ids = [c for i in range(4) for c in note_cards(conn, f"p{i}", 1, order=f"{i}")]
    for k, card_id in enumerate(ids):  # 8 reviews due today, two per note
        set_state(conn, card_id, state="review", due=NOW + timedelta(hours=k % 3),
                  last_review=NOW - timedelta(days=5), stability=3 + k)
    plan = plan_today(conn, NOW, s, UTC)
    assert (plan.review, plan.held.review_siblings, plan.held.review_limit) == (4, 4, 0)
    assert plan.later_today is None
    shown = run_session(conn, NOW, s)
    assert len(shown) == 4
    after = plan_today(conn, NOW + timedelta(hours=2), s, UTC)
    assert after.total == 0 and after.held.review_siblings == 4


def test_learning_cards_due_later_today_are_counted_and_named(conn):
    s = DeckSettings()
    c = add_card(conn, "q", "a", now=NOW)
    set_state(conn, c.id, state="learning", step=1, due=NOW + timedelta(hours=3),
              last_review=NOW - timedelta(minutes=5), stability=1.0)
    plan = plan_today(conn, NOW, s, UTC)
    assert plan.learning == 1 and plan.later_today == NOW + timedelta(hours=3)
    assert next_card(conn, NOW, s, UTC) is None

