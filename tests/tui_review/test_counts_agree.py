"""Counts that agree, on every surface: the Review header, `due --json`, the Stats screen,
`review --plain` and both sessions' ends say the same numbers and the same words about cards
held back. Each seen case replayed with the clock pinned (PAPERDECK_NOW / make(now=...))."""

from __future__ import annotations

import io
import json
import sys
from datetime import timedelta

from decks.cards import sync_specs
from decks.clock import iso
from decks.models import CardSpec
from tests.waiting import settled

from . import seed

SIZE = (120, 40)


def note(conn, paper: str, clozes: int, order: str) -> list[int]:
    key = f"{paper}:what"
    specs = [CardSpec(key, "basic", f"What does {paper} do?", "It maps.", "", paper, key)]
    specs += [CardSpec(f"{paper}:cloze:what:{n}", "cloze", f"It [...] {n}", "It maps.", "",
                       paper, key) for n in range(1, clozes + 1)]
    return list(sync_specs(conn, paper, specs, seed.NOW, order_key=order).added)


def as_review(conn, card_id: int, due, stability: float) -> None:
    conn.execute("UPDATE cards SET state = 'review', due = ?, last_review = ?, stability = ?,"
                 " difficulty = 5, reps = 1 WHERE id = ?",
                 (iso(due), iso(seed.NOW - timedelta(days=6)), stability, card_id))


def plain(cli, monkeypatch, keys: str):
    monkeypatch.setattr(sys, "stdin", io.StringIO(keys))
    return cli("review", "--plain")


def pin(monkeypatch):
    monkeypatch.setenv("PAPERDECK_NOW", seed.NOW.isoformat())
    monkeypatch.setenv("TZ", "UTC")


async def header_and_stats(make) -> tuple[str, str]:
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        header = str(app.screen.query_one("#review-progress").render())
        await pilot.press("s")
        await settled(pilot)
        numbers = str(app.screen.query_one("#stats-numbers").render())
        held = str(app.screen.query_one("#stats-held").render())
    return header, numbers + "\n" + held


async def test_new_cards_held_back_are_counted_and_said_everywhere(make, conn, cli, monkeypatch):
    # Seen: the header said "11 new"; the session ended "Done for now" after 8, with no word
    # of the other 3. And after one answer, `review --plain` said "16 new cards wait for
    # tomorrow" while `due --json` showed 14 new still due.
    pin(monkeypatch)
    for i in range(3):
        note(conn, f"p{i}", 1, f"{i}")                 # 3 notes: 3 new cards + 3 siblings
    for i in range(5):
        seed.seed_hand_card(conn, f"alone {i}", "back")
    due = json.loads(cli("due", "--json")[1])
    assert (due["new"], due["held_back"]["new_siblings"]) == (8, 3)
    header, stats = await header_and_stats(make)
    assert "8 new" in header and "3 wait" in header
    assert "8 new" in stats and "3 new cards wait for tomorrow: one card of a note a day." in stats

    code, out, _ = plain(cli, monkeypatch, "\n4\nq\n")    # one answer, then quit
    assert out.startswith("8 new, 0 learning, 0 to review.")
    assert "still today: 7 new, 0 learning, 0 to review" in out
    assert "3 new cards wait for tomorrow: one card of a note a day" in out
    assert json.loads(cli("due", "--json")[1])["new"] == 7

    app = make(screen="review")                            # the TUI to the end of the day
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        while app.screen.card is not None:
            await pilot.press("space", "4")
        summary = str(app.screen.query_one("#review-summary").render())
        assert app.screen.session.done == 7
    code, out, _ = plain(cli, monkeypatch, "")
    assert "nothing more today." in out
    for line in out.splitlines()[1:]:                      # what --plain says, the TUI says
        assert line[:1].upper() + line[1:] + "." in summary, (line, summary)
    assert "3 new cards wait for tomorrow: one card of a note a day." in summary


async def test_reviews_held_back_are_said_and_no_held_card_is_named_next(
        make, conn, cli, monkeypatch):
    # Seen: Stats said "today 1", the header "nothing due today", plain review "7 to review",
    # which ended with "next card due 09:00" for a held-back card.
    pin(monkeypatch)
    for i in range(4):                                      # 8 reviews due today, 2 per note
        for k, card_id in enumerate(note(conn, f"p{i}", 1, f"{i}")):
            as_review(conn, card_id, seed.NOW + timedelta(hours=k), 3 + i + k)
    due = json.loads(cli("due", "--json")[1])
    assert (due["review"], due["held_back"]["review_siblings"]) == (4, 4)
    header, stats = await header_and_stats(make)
    assert "4 review" in header and "4 wait" in header
    assert "0 done · to do 0 new, 0 learning, 4 review" in stats
    assert "4 reviews wait for tomorrow: one card of a note a day." in stats
    code, out, _ = plain(cli, monkeypatch, "\n3\n" * 4)
    assert out.startswith("0 new, 0 learning, 4 to review.")
    assert "reviewed 4 cards, 4 answers" in out
    assert "4 reviews wait for tomorrow: one card of a note a day" in out
    assert "next card due 10:00" not in out and "next review tomorrow (from 04:00)" in out
