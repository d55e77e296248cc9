"""The review verbs: card add, cards, due, review --plain (a pipe), optimize, with a pinned clock."""

from __future__ import annotations

import io
import json
import sys

import pytest

NOW = "2026-11-21T09:00:00+00:00"


@pytest.fixture
def deck(cli, monkeypatch):
    monkeypatch.setenv("PAPERDECK_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    code, out, err = cli("card", "add", "--front", "What is RNN-T?", "--back", "A transducer")
    assert code == 0, err
    return int(out)


def review(cli, monkeypatch, keys: str):
    monkeypatch.setattr(sys, "stdin", io.StringIO(keys))
    return cli("review", "--plain")


def test_card_add_then_listed_and_due(deck, cli):
    cards = json.loads(cli("cards", "--json")[1])
    assert [(c["id"], c["front"], c["state"], c["source_key"]) for c in cards] == [
        (deck, "What is RNN-T?", "new", None)]
    due = json.loads(cli("due", "--json")[1])
    assert (due["new"], due["learning"], due["review"], due["tomorrow"]) == (1, 0, 0, 0)
    assert due["held_back"] == {"new_limit": 0, "new_siblings": 0, "review_limit": 0,
                                "review_siblings": 0}


def test_plain_review_shows_front_then_back_with_intervals_and_grades(deck, cli, monkeypatch):
    code, out, err = review(cli, monkeypatch, "\n3\n\n3\n")
    assert code == 0, err
    front, back = out.index("What is RNN-T?"), out.index("A transducer")
    assert front < back
    # The intervals shown are the ones fsrs gives a new card (learning steps 1m, 10m).
    assert "1 again <1m  2 hard <6m  3 good <10m  4 easy" in out
    # Good on a new card leaves it learning, due in 10 minutes: it comes back in this session.
    assert out.count("What is RNN-T?") == 2
    assert "reviewed 1 card, 2 answers: 0 again, 0 hard, 2 good, 0 easy" in out
    assert "next review Mon 23 Nov (from 04:00)" in out  # the card, due in 2 days
    card = json.loads(cli("cards", "--json")[1])[0]
    assert card["state"] == "review" and card["reps"] == 2
    assert json.loads(cli("due", "--json")[1])["new"] == 0


def test_undo_restores_the_card(deck, cli, monkeypatch):
    before = json.loads(cli("cards", "--json")[1])[0]
    code, out, err = review(cli, monkeypatch, "\n4\nu\nq\n")
    assert "undone" in err
    assert json.loads(cli("cards", "--json")[1])[0] == before
    assert "reviewed 0 cards, 0 answers" in out


def test_bad_grade_is_explained_and_asked_again(deck, cli, monkeypatch):
    code, out, err = review(cli, monkeypatch, "\n7\nbogus\n1\nq\n")
    assert code == 0
    assert "'7' is not a grade" in err and "'bogus' is not a grade" in err
    assert "1 again" in out and "reviewed 1 card, 1 answer: 1 again" in out


def test_nothing_due(cli, monkeypatch):
    monkeypatch.setenv("PAPERDECK_NOW", NOW)
    code, out, _ = review(cli, monkeypatch, "")
    assert code == 0 and "nothing is due today" in out


def test_optimize_with_too_few_reviews_says_how_many_more(deck, cli, monkeypatch):
    code, out, err = cli("optimize")
    assert code == 1 and out == ""
    assert "not enough reviews" in err and "more" in err and err.count("\n") == 1


def test_card_add_needs_a_front_and_a_known_paper(cli, monkeypatch):
    monkeypatch.setenv("PAPERDECK_NOW", NOW)
    assert cli("card", "add", "--front", " ", "--back", "x")[0] == 2
    code, _, err = cli("card", "add", "1211.3711", "--front", "q", "--back", "a")
    assert code == 1 and "not in the library" in err


def test_plain_review_says_when_new_cards_wait_for_tomorrow(cli, monkeypatch, home):
    monkeypatch.setenv("PAPERDECK_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    (home / "config.yaml").write_text("review:\n  new_per_day: 1\n")
    for i in range(3):
        assert cli("card", "add", "--front", f"Q{i}", "--back", f"A{i}")[0] == 0
    code, out, _ = review(cli, monkeypatch, "\n4\n\n")
    assert "reviewed 1 card" in out
    assert "2 new cards wait for later days: daily limit 1 new cards" in out


def test_cards_lists_with_a_header(deck, cli):
    code, out, _ = cli("cards")
    header, row = out.splitlines()
    assert header.split() == ["ID", "STATE", "DUE", "SOURCE", "FRONT"]
    assert row.split()[:4] == [str(deck), "new", "-", "(by"] and row.endswith("What is RNN-T?")
