"""What the ten-day trial read at 80 and 120 columns (issue 19, item 15): each whole, once, and in
the words of what it is about."""

from __future__ import annotations

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest
from textual.geometry import Region

from decks.cards import get_card_by_source
from decks.reviews import answer
from decks.settings import DeckSettings
from reader.library import items
from reader.reading.reviewing import source_label
from reader.store import db
from tests.tui_review import seed

from .test_library_add import settle


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


@pytest.fixture
def reviewed(tui_paths):
    conn = db.open_library(tui_paths)
    seed.seed_papers(conn)
    seed.seed_cards(conn)
    seed.simulate(conn, 40)
    seed.seed_passes(conn)
    yield conn
    conn.close()


def lines(widget) -> list[str]:
    """What the widget draws, line by line, cut at its own width (as the screen shows it)."""
    return [strip.text for strip in widget.render_lines(Region(0, 0, *widget.outer_size))]


@pytest.mark.parametrize("width", [80, 120])
async def test_stats_numbers_and_the_workload_mark_are_whole(make, reviewed, width):
    app = make(screen="stats")
    async with app.run_test(size=(width, 40)) as pilot:
        await settle(app, pilot)
        shown = lines(app.screen.query_one("#stats-numbers"))
        assert any("True retention, 30 days" in line for line in shown), shown
        assert any(line.strip().startswith("Today") for line in shown), shown
        panel = [line.rstrip() for line in lines(app.screen.query_one("WorkloadPanel"))]
        mine = [line for line in panel if line.startswith("▸") and "yours" not in line]
        assert len(mine) == 1 and "0.90" in mine[0], panel   # yours, not cut off
        assert any("yours: review.desired_retention" in line for line in panel), panel


async def test_one_typed_answer_says_recalled_once(make, reviewed):
    what = get_card_by_source(reviewed, "1211.3711:what")
    answer(reviewed, what.id, 3, seed.NOW - timedelta(hours=1), 1000, DeckSettings(),
           typed="an RNN transducer")
    app = make(screen="paper", paper_id="1211.3711")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("f2", "f2", "f2")
        await pilot.pause()
        cards = app.screen.query_one("#paper-card-list")
        app.screen.set_focus(cards)
        cards.highlighted = next(i for i in range(cards.option_count)
                                 if "What does" in str(cards.get_option_at_index(i).prompt))
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "CardActions"
        history = str(app.screen.query_one("#card-history").render())
        assert history.count("recalled") == 1, history


def test_a_local_papers_card_says_which_note():
    for key, words in (("local:3f2a9c:what", "What note"), ("local:3f2a9c:cloze:how:2",
                       "cloze 2 · How note"), ("local:3f2a9c:qa:text:1", "Q/A 1 · free notes"),
                       ("1211.3711:why", "Why note"), ("hep-th/9901001:cloze:what:1",
                       "cloze 1 · What note")):
        group = key.rsplit(":", 3)[0] if ":cloze:" in key or ":qa:" in key else key.rsplit(":", 1)[0]
        assert source_label(SimpleNamespace(source_key=key, group_key=group)) == words
        assert source_label(SimpleNamespace(source_key=key, group_key=None)) == words


def test_card_show_counts_one_answer(cli, reviewed):
    from decks.cards import add_card

    card = add_card(reviewed, "Front?", "Back.", "", None, now=seed.NOW - timedelta(days=2),
                    order_key="9999")
    answer(reviewed, card.id, 3, seed.NOW - timedelta(days=1), 1000, DeckSettings())
    code, out, _ = cli("card", "show", str(card.id))
    assert code == 0 and "1 answer since it was new, 0 lapses" in out


async def test_a_lectures_note_boxes_ask_in_its_words(make, tui_paths):
    conn = db.open_library(tui_paths)
    lecture = items.add_item(conn, "lecture", "NYU DL 5L: Energy-based models", seed.NOW)
    app = make(screen="paper", paper_id=lecture.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        titles = [str(a.border_title) for a in app.screen.query("#notes-main TextArea")]
        assert titles == ["What does it cover?", "How does it explain it?", "Why does it matter?"]
    conn.close()


def test_the_journal_commands_confirmation_is_whole(cli):
    text = ("watched NYU 5L on energy-based models; the contrastive methods were confusing at "
            "first, then the margin loss made it clear")
    code, _, err = cli("journal", text)
    assert code == 0 and text in err
