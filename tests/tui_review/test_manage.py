"""Pilot tests: recall typed from memory on the Review screen (t), and cards managed from the
Review screen (c) and the Paper screen's Cards tab (enter)."""

from __future__ import annotations

from datetime import timedelta

from decks.cards import get_card
from decks.reviews import answer, history
from decks.settings import DeckSettings

from tests.waiting import settled, until

from . import seed

SIZE = (120, 40)


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_typing_from_memory_then_comparing_and_grading(make, conn):
    seed.seed_papers(conn)
    ids = seed.seed_cards(conn)
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = app.screen
        assert screen.card.id == ids[0] and screen.card.source_key == "1211.3711:what"
        assert screen.check_action("type", ()) is True
        await pilot.press("t", *"an RNN transducer for sequences", "space", "3")
        assert screen.typing and not screen.revealed        # space and 3 were typed, not keys
        await pilot.press("escape")
        assert screen.revealed and not screen.typing
        assert screen.query_one("#review-compare").display
        assert "an RNN transducer for sequences 3" in text_of(app, "#review-you")
        tally = text_of(app, "#review-tally")
        assert "You wrote 4 of the note's 9 words" in tally
        note = screen.query_one("#review-note").render()
        marked = {note.plain[s.start:s.end] for s in note.spans if s.style}
        assert marked == {"maps", "input", "output", "any", "length"}
        await pilot.press("3")
        (review,) = history(conn, ids[0])
        assert review.typed == "an RNN transducer for sequences 3" and int(review.rating) == 3


async def test_a_cloze_cannot_be_typed_and_its_answer_is_highlighted(make, conn):
    from decks.cards import sync_specs
    from decks.models import CardSpec

    sync_specs(conn, "p", [CardSpec("p:cloze:how:1", "cloze", "It uses a [...] pass.",
                                    "It uses a forward-backward pass.", "", "p", "p:how")],
               seed.NOW)
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = app.screen
        assert screen.check_action("type", ()) is False
        await pilot.press("t")
        assert not screen.typing
        await pilot.press("space")
        back = screen.query_one("#review-back").render()
        assert [back.plain[s.start:s.end] for s in back.spans if s.style] == ["forward-backward"]


async def test_the_title_is_drawn_in_italics_without_asterisks(make, conn):
    seed.seed_papers(conn)
    seed.seed_cards(conn)
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        front = app.screen.query_one("#review-front").render()
        assert "*" not in front.plain and "*" in app.screen.card.front
        (italic,) = [front.plain[s.start:s.end] for s in front.spans if "italic" in str(s.style)]
        assert italic == "Sequence Transduction with Recurrent Neural Networks"


async def test_managing_the_card_under_review(make, conn):
    hand = seed.seed_hand_card(conn, "Hand front", "Hand back")
    other = seed.seed_hand_card(conn, "Other", "back")
    answer(conn, hand, 4, seed.NOW - timedelta(days=30), 1000, DeckSettings())
    answer(conn, other, 4, seed.NOW - timedelta(days=30), 1000, DeckSettings())
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = app.screen
        first = screen.card.id
        await pilot.press("c")
        actions = app.screen
        assert type(actions).__name__ == "CardActions"
        assert actions.check_action("edit", ()) and actions.check_action("delete", ())
        await pilot.press("e")                         # edit: front and back
        await pilot.press("ctrl+a", *"Edited", "ctrl+s")
        await settled(pilot)
        assert get_card(conn, first).front.startswith("Edited")
        assert screen.card.id == first and "Edited" in text_of(app, "#review-front")
        await pilot.press("c", "s")                    # suspend: the next card comes
        await settled(pilot)
        assert get_card(conn, first).suspended == "user" and screen.card.id != first
        second = screen.card.id
        await pilot.press("c", "d", *"5", "enter")      # due in 5 days: gone for today
        await settled(pilot)
        assert get_card(conn, second).due.date() == (seed.NOW + timedelta(days=5)).date()
        assert screen.card is None
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert app.screen.card is None


async def test_delete_asks_first_and_keeps_the_answers(make, conn):
    hand = seed.seed_hand_card(conn, "Hand front", "Hand back")
    answer(conn, hand, 3, seed.NOW - timedelta(days=3), 1000, DeckSettings())
    answer(conn, hand, 3, seed.NOW - timedelta(days=1), 1000, DeckSettings())
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        if app.screen.card is None:               # not due yet: forget it so it is shown
            from decks.cards import forget

            forget(conn, hand, seed.NOW)
            app.screen.advance()
        await pilot.press("c", "x")
        assert type(app.screen).__name__ == "Confirm"
        await pilot.press("n")                     # no: nothing deleted
        assert not get_card(conn, hand).is_deleted
        await pilot.press("x", "y")
        await settled(pilot)
        assert get_card(conn, hand).is_deleted and len(history(conn, hand)) == 2
        assert app.screen.card is None


async def test_a_card_from_a_note_says_it_is_edited_with_the_note(make, conn):
    seed.seed_papers(conn)
    seed.seed_cards(conn)
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("c")
        actions = app.screen
        assert actions.check_action("edit", ()) is False
        assert actions.check_action("delete", ()) is False
        assert "Made from a note: edit the note to change it" in text_of(app, "#card-state")
        await pilot.press("f")                     # forget a new card: not offered
        assert type(app.screen).__name__ == "CardActions"
        await pilot.press("escape")
        assert type(app.screen).__name__ == "ReviewScreen"


async def test_the_paper_cards_tab_manages_cards_and_shows_recall(make, conn):
    from decks.cards import get_card_by_source

    seed.seed_papers(conn)
    seed.seed_cards(conn)
    what = get_card_by_source(conn, "1211.3711:what")
    s = DeckSettings()
    for days, typed in ((20, "an RNN"), (9, "an RNN transducer that maps sequences"),
                        (1, "an RNN transducer that maps input sequences to output sequences")):
        from decks.reviews import answer as give

        give(conn, what.id, 3, seed.NOW - timedelta(days=days), 1000, s, typed=typed)
    app = make(screen="paper", paper_id="1211.3711")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("f2", "f2", "f2")        # the Cards tab
        await settled(pilot)
        cards = app.screen.query_one("#paper-card-list")
        first = str(cards.get_option_at_index(0).prompt)
        assert "recalled 11% → 56% → 78%" in first and "(from a note)" in first
        app.screen.set_focus(cards)
        cards.highlighted = 0
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "card: manage" in titles
        await pilot.press("enter")
        assert type(app.screen).__name__ == "CardActions"
        assert "recalled 11% → 56% → 78%" in text_of(app, "#card-history")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert {"card: suspend", "card: forget", "card: set due date"} <= set(titles)
        assert "card: edit" not in titles and "card: delete" not in titles  # made from a note
        await pilot.press("s")
        await settled(pilot)
        assert get_card(conn, what.id).suspended == "user"
        assert "suspended" in str(cards.get_option_at_index(0).prompt)


async def test_a_burst_after_t_is_typed_in_order_and_escape_shows_the_answer(make, conn):
    """t, then a fast burst (a paste, a fast typist): every key lands in the box, space and
    digits included, none is taken as the screen's (space: show the answer, 3: Good)."""
    from textual import events

    seed.seed_papers(conn)
    seed.seed_cards(conn)
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        keys = ["t", *"a cat", "space", "3", "backspace", "x", "escape"]
        for key in keys:
            char = {"space": " ", "escape": "\x1b", "backspace": "\x7f"}.get(key, key)
            app.post_message(events.Key(key, char))
        screen = app.screen
        # Only the escape at the burst's end shows the answer (space and 3 are typed).
        await until(pilot, lambda: screen.revealed, what="the escape showing the answer")
        assert screen.typed == "a cat x"
        assert not list(conn.execute("SELECT 1 FROM review_log"))


async def test_a_card_edit_over_the_text_limit_is_refused_and_kept(make, conn):
    """Issue 20: the one text limit (reader.limits) holds for a card edited in the TUI as for
    `card edit`: one clear line, nothing written, the editor still open with the text."""
    from reader.limits import MAX_TEXT

    hand = seed.seed_hand_card(conn, "Hand front", "Hand back")
    answer(conn, hand, 4, seed.NOW - timedelta(days=30), 1000, DeckSettings())
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("c", "e")
        editor = app.screen
        assert type(editor).__name__ == "CardEditor"
        editor.query_one("#edit-back").text = "x" * (MAX_TEXT + 1)
        await pilot.press("ctrl+s")
        await settled(pilot)
        assert app.screen is editor
        assert any(n.severity == "error" and "the card's back is 1,000,001 characters" in n.message
                   for n in app._notifications)
        assert get_card(conn, hand).back == "Hand back"
