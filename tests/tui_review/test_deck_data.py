"""The one-row next_card (what the Review screen calls) agrees with the head of the whole
queue; deck_data labels and phrases."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from decks.queue import today_queue
from decks.reviews import answer
from decks.settings import DeckSettings
from reader.tui import deck_data as dd

from . import seed


@pytest.mark.parametrize("settings", [
    DeckSettings(new_per_day=4), DeckSettings(new_per_day=0), DeckSettings(reviews_per_day=0),
    DeckSettings(new_per_day=2, reviews_per_day=3),
], ids=["default", "no-new", "no-reviews", "small-limits"])
def test_next_card_matches_the_decks_queue(conn, settings):
    seed.seed_papers(conn)
    seed.seed_cards(conn, seed.NOW - timedelta(days=90))
    for i in range(6):
        seed.seed_hand_card(conn, f"hand {i}", "back", now=seed.NOW - timedelta(days=90))
    seed.simulate(conn, 80)
    rng = random.Random(11)
    for hours in (0, 5, 30, 24 * 9):
        now = seed.NOW + timedelta(hours=hours)
        for _ in range(25):
            mine = dd.next_card(conn, now, settings, seed.UTC)
            queue = today_queue(conn, now, settings, seed.UTC)
            theirs = queue[0] if queue else None
            assert (mine and mine.id) == (theirs and theirs.id)
            if theirs is None:
                break
            assert mine == theirs
            answer(conn, theirs.id, rng.choice((1, 2, 3, 3, 4)), now, 1000, settings)
            now += timedelta(seconds=rng.choice((5, 30, 200)))


def test_source_labels():
    from dataclasses import replace

    base = dict(kind="basic", front="f", back="b", context="", new_order="0", state="new",
                step=None, stability=None, difficulty=None, due=None, last_review=None, reps=0,
                lapses=0, suspended=None, created=seed.NOW, modified=seed.NOW)
    from decks.models import Card

    c = Card(id=1, source_key="1211.3711:what", group_key="1211.3711", **base)
    assert dd.source_label(c) == "What note"
    assert dd.source_label(replace(c, source_key="1211.3711:cloze:how:2")) == "cloze 2 · How note"
    assert dd.source_label(replace(c, source_key="1211.3711:qa:text:1")) == "Q/A 1 · free notes"
    assert dd.source_label(replace(c, source_key="hep-th/9901001:why",
                                   group_key="hep-th/9901001")) == "Why note"
    assert dd.source_label(replace(c, source_key=None)) == "written by hand"


def test_phrases():
    now = seed.NOW
    assert dd.due_phrase(now + timedelta(minutes=12), now, seed.UTC) == "in 12 min (09:12)"
    assert dd.due_phrase(now + timedelta(hours=25), now, seed.UTC) == "in 25 h (Sun 22 Nov 10:00)"
    assert dd.due_phrase(now + timedelta(days=9), now, seed.UTC).startswith("in 9 days (")
    assert dd.duration_phrase(45_000) == "45 s"
    assert dd.duration_phrase(245_000) == "4 min 05 s"
    assert dd.duration_phrase(3_720_000) == "1 h 02 min"
