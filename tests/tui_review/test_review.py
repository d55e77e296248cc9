"""Pilot tests of the Review screen: reveal, grade, undo, jump to the note, the end, nothing due."""

from __future__ import annotations

from datetime import timedelta

from decks.queue import due_counts
from decks.settings import DeckSettings
from reader.tui.screens.review import ReviewScreen
from reader.tui.widgets.grade_bar import GradeBar
from tests.waiting import settled

from . import seed

SIZE = (120, 40)


def log(conn):
    return [tuple(r) for r in conn.execute(
        "SELECT card_id, rating, duration_ms IS NOT NULL FROM review_log ORDER BY id")]


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


async def test_review_grades_through_the_queue(make, conn):
    seed.seed_papers(conn)
    ids = seed.seed_cards(conn)
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        first = screen.card
        assert first.id == ids[0] and "Sequence Transduction" in text_of(app, "#review-front")
        # before the back is shown: no grades (hidden keys), the back is not displayed
        assert not screen.query_one("#review-back").display
        assert screen.check_action("grade", (3,)) is False
        await pilot.press("3")
        assert log(conn) == []
        await pilot.press("space")
        assert screen.query_one("#review-back").display
        labels = [str(b.label) for b in screen.query_one(GradeBar).query("Button")]
        assert labels[0].startswith("1 Again  <") and labels[3].startswith("4 Easy  ")
        before = due_counts(conn, seed.NOW, DeckSettings(), seed.UTC)
        await pilot.press("3")
        assert log(conn) == [(first.id, 3, 1)]
        assert screen.card.id == ids[1]
        after = due_counts(conn, seed.NOW, DeckSettings(), seed.UTC)
        assert after.new == before.new - 1 and after.learning == before.learning + 1
        assert "done 1" in text_of(app, "#review-progress")
        await pilot.press("space", "1")
        assert log(conn)[-1][:2] == (ids[1], 1)
        assert screen.session.counts == {1: 1, 2: 0, 3: 1, 4: 0}


async def test_undo_restores_card_and_log_and_shows_it_again(make, conn):
    from decks.cards import get_card

    seed.seed_papers(conn)
    ids = seed.seed_cards(conn)
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = app.screen
        assert screen.check_action("undo", ()) is False
        await pilot.press("space", "4")
        await pilot.press("space", "3")
        assert len(log(conn)) == 2
        await pilot.press("u")
        assert [r[0] for r in log(conn)] == [ids[0]]
        assert get_card(conn, ids[1]).state == "new" and get_card(conn, ids[1]).reps == 0
        assert screen.card.id == ids[1] and not screen.revealed
        await pilot.press("u")
        assert log(conn) == []
        restored = get_card(conn, ids[0])
        assert restored.state == "new" and restored.due is None and restored.reps == 0
        assert screen.card.id == ids[0]
        assert screen.session.done == 0


async def test_learning_card_comes_back_then_summary(make, conn):
    cid = seed.seed_hand_card(conn, "Only card", "Its back")
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = app.screen
        await pilot.press("space", "1")       # Again: due in a minute, learned ahead
        assert screen.card is not None and screen.card.id == cid
        await pilot.press("space", "3")       # Good: still learning (10 min step)
        assert screen.card is not None and screen.card.id == cid
        await pilot.press("space", "4")       # Easy: graduates
        assert screen.card is None and screen.finished
        summary = text_of(app, "#review-summary")
        assert "1 card, 3 answers in" in summary and "Next review tomorrow (from 04:00)." in summary
        assert "Again" in summary
        assert screen.query_one("#review-summary").display
        # from the summary, u brings the last card back
        await pilot.press("u")
        assert screen.card.id == cid and not screen.finished
        assert len(log(conn)) == 2


async def test_nothing_due_says_when_the_next_card_is(make, conn):
    from decks.reviews import answer

    cid = seed.seed_hand_card(conn, "Front", "Back")
    answer(conn, cid, 4, seed.NOW - timedelta(hours=1), 1000, DeckSettings())
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = app.screen
        assert screen.card is None
        summary = text_of(app, "#review-summary")
        assert "Nothing is due now." in summary and "Next review " in summary
        assert "(from 04:00)." in summary
        for action in ("reveal", "grade", "undo", "source"):
            assert screen.check_action(action, ()) is False


async def test_empty_deck(make, conn):
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert "No cards yet" in text_of(app, "#review-summary")


async def test_e_opens_the_paper_of_the_card(make, conn):
    seed.seed_papers(conn)
    seed.seed_cards(conn)
    app = make(screen="review")
    opened = []
    real = app.open_screen

    def spy(name, paper_id=None):
        opened.append((name, paper_id))
        return real(name, paper_id=paper_id)

    app.open_screen = spy
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert app.screen.card.group_key == "1211.3711"
        await pilot.press("e")
        await settled(pilot)
        assert opened[-1] == ("paper", "1211.3711")
        if app.screen_class("paper") is not None:
            assert type(app.screen).__name__ == "PaperScreen"


async def test_e_on_a_hand_written_card_notifies(make, conn):
    seed.seed_hand_card(conn, "Front", "Back")
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("e")
        await settled(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert any("written by hand" in str(n.message) for n in app._notifications)


async def test_card_text_is_shown_literally(make, conn):
    seed.seed_hand_card(conn, "Is [b]this[/b] bold? [/]", "No: [red]as typed[/red]")
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("space")
        assert "Is [b]this[/b] bold? [/]" in text_of(app, "#review-front")
        assert "No: [red]as typed[/red]" in text_of(app, "#review-back")


async def test_grade_keys_hidden_until_revealed(make, conn):
    seed.seed_hand_card(conn, "Front", "Back")
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        def shown():
            return {a.binding.id for a in app.active_bindings.values() if a.enabled}

        assert "review.reveal" in shown() and "review.good" not in shown()
        await pilot.press("space")
        assert "review.good" in shown() and "review.reveal" not in shown()


async def test_card_answered_in_another_session_is_not_graded_twice(make, conn):
    from decks.reviews import answer

    seed.seed_papers(conn)
    ids = seed.seed_cards(conn)
    app = make(screen="review")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = app.screen
        assert screen.card.id == ids[0]
        await pilot.press("space")
        # `paperdeck review --plain` in another shell answers the card on screen.
        answer(conn, ids[0], 4, seed.NOW, 1000, DeckSettings())
        await pilot.press("3")
        assert [r[:2] for r in log(conn)] == [(ids[0], 4)]
        assert any("answered in another session" in n.message for n in app._notifications)
        assert screen.card is not None and screen.card.id != ids[0]
        assert screen.session.done == 0 and not screen.revealed
