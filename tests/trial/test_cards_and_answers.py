"""Issue 19, item 14: "6 cards in 37 s" after 3 cards were answered 6 times. The Done screen,
the `review --plain` summary and the post (the journal's review line) say cards and answers."""

from __future__ import annotations

import io
import sys
from datetime import datetime, timezone

NOW = "2026-11-21T09:00:00+00:00"


def _one_card(cli, monkeypatch) -> int:
    monkeypatch.setenv("PAPERDECK_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    code, out, err = cli("card", "add", "--front", "What is RNN-T?", "--back", "A transducer")
    assert code == 0, err
    return int(out)


def test_the_plain_summary_says_cards_and_answers(cli, monkeypatch):
    _one_card(cli, monkeypatch)
    assert cli("card", "add", "--front", "Blank symbol?", "--back", "Emits nothing")[0] == 0
    # Good on a new card leaves it learning, due in 10 minutes: each comes back once.
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n3\n" * 4))
    code, out, err = cli("review", "--plain")
    assert code == 0, err
    assert "reviewed 2 cards, 4 answers: 0 again, 0 hard, 4 good, 0 easy" in out


def test_the_plain_summary_after_an_undo(cli, monkeypatch):
    _one_card(cli, monkeypatch)
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n3\nu\n\n1\nq\n"))
    code, out, err = cli("review", "--plain")
    assert "undone" in err
    assert "reviewed 1 card, 1 answer: 1 again, 0 hard, 0 good, 0 easy" in out


async def test_the_done_screen_says_cards_and_answers(cli, monkeypatch, make_app):
    _one_card(cli, monkeypatch)
    app = make_app(now=datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc), screen="review")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("space", "1")       # Again: due in a minute, learned ahead
        await pilot.press("space", "3")       # Good: still learning (10 min step)
        await pilot.press("space", "4")       # Easy: graduates
        assert app.screen.finished
        summary = str(app.screen.query_one("#review-summary").render())
    assert "1 card, 3 answers in " in summary, summary


def test_the_log_and_the_post_say_cards_and_answers(cli, monkeypatch):
    _one_card(cli, monkeypatch)
    assert cli("card", "add", "--front", "Blank symbol?", "--back", "Emits nothing")[0] == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n3\n" * 4))
    assert cli("review", "--plain")[0] == 0
    code, out, err = cli("log")
    assert code == 0, err
    assert "reviewed 2 cards, 4 answers, 2 new" in out
    code, out, err = cli("log", "--week", "--markdown")
    assert code == 0, err
    assert "- Reviewed 2 cards, 4 answers, 2 new." in out
