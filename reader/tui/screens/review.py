"""Review: today's due cards one at a time. Space shows the back, 1-4 grade it (each button shows
the interval it would give), u undoes, e opens the paper the card came from, c manages the card
(suspend, forget, due date; edit or delete one written by hand). On a what/how/why card, t
types the answer from memory first: escape shows it beside the note, the note's words not
written marked, and what was typed is kept with the answer.

The header counts what `paperdeck due` and `review --plain` count (decks.queue.plan_today), and
the end says what --plain says about cards held back.

The queue is recomputed after every answer (`next_card`), so a learning card due again within
the session comes back. Grading writes on the main thread: one answer is a one-row transaction
of a few milliseconds, and the next card must be on screen within 30 ms.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Rule, Static

from reader.reading.reviewing import deck_settings
from reader.tui import deck_data as dd
from reader.tui.review_text import Session, end_text, progress_text
from reader.tui.widgets.card_text import card_back, card_text
from reader.tui.widgets.grade_bar import GradeBar
from reader.tui.widgets.key_footer import KeyFooter
from reader.tui.widgets.recall_box import RecallBox


class ReviewScreen(Screen):
    """Today's queue, card by card."""

    COMPONENT_CLASSES = {"review--cloze", "review--missed"}
    SCOPED_CSS = False
    DEFAULT_CSS = """
    #review-progress {
        color: $text;
    }
    #review-context {
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding: 0 2;
        margin-top: 1;
        color: $text-accent;
    }
    #review-card {
        height: 1fr;
        padding: 1 2;
        margin: 0 1;
        border: round $primary 50%;
    }
    #review-front {
        text-style: bold;
    }
    #review-rule {
        margin: 1 0;
        color: $primary 40%;
    }
    #review-end {
        height: 1fr;
        padding: 1 2;
        margin: 1 1 0 1;
        border: round $success 60%;
    }
    #review-hint {
        height: 3;
        content-align: center middle;
        color: $text-muted;
    }
    #review-compare {
        height: auto;
    }
    #review-compare > Vertical {
        width: 1fr;
        height: auto;
        padding-right: 2;
    }
    .review-label {
        color: $text-muted;
        text-style: bold;
    }
    #review-tally {
        color: $text-muted;
    }
    ReviewScreen > .review--cloze {
        color: $warning;
        text-style: bold;
    }
    ReviewScreen > .review--missed {
        color: $warning;
        text-style: bold underline;
    }
    #review-grades {
        margin: 0 1;
    }
    /* A short terminal: the card gets the lines the margins took. */
    ReviewScreen.-short #review-context { margin-top: 0; }
    ReviewScreen.-short #review-card { padding: 0 1; }
    ReviewScreen.-short #review-rule { margin: 0; }
    ReviewScreen.-short #review-hint { height: 1; }
    """

    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]

    BINDINGS = [
        Binding("space", "reveal", "Answer", id="review.reveal"),
        # t and c move the focus (into the recall box, onto the card's actions): priority
        # bindings act as the app reads the key, so keys typed right behind them follow it
        Binding("t", "type", "Type", priority=True, id="review.type"),
        # The grade keys are on the grade buttons; the footer does not repeat them.
        Binding("1", "grade(1)", "Again", show=False, id="review.again"),
        Binding("2", "grade(2)", "Hard", show=False, id="review.hard"),
        Binding("3", "grade(3)", "Good", show=False, id="review.good"),
        Binding("4", "grade(4)", "Easy", show=False, id="review.easy"),
        Binding("u", "undo", "Undo", id="review.undo"),
        Binding("e", "source", "Note", id="review.source"),
        Binding("c", "card", "Card", priority=True, id="review.card"),
        Binding("s", "app.open('stats')", "Stats", id="review.stats"),
        Binding("q,escape", "close", "Back", id="review.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.card = None
        self.revealed = False
        self.typing = False          # the recall box is open
        self.typed: str | None = None  # what was typed for the card shown
        self.finished = False
        self.session = Session()
        self.shown_at = 0.0
        self.last_transition_ms: float | None = None  # grade pressed -> next card painted
        self.painted_at = 0.0                             # perf_counter when it was painted
        self._settings = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-top", classes="screen-title"):
            yield Static("Review", id="review-title", classes="title")
            yield Static("", id="review-progress", classes="title-info")
        yield Static("", id="review-context")
        with VerticalScroll(id="review-card"):
            yield Static("", id="review-front")
            yield RecallBox(id="review-typed", soft_wrap=True)
            yield Rule(id="review-rule")
            yield Static("", id="review-back")
            with Horizontal(id="review-compare"):
                with Vertical():
                    yield Static("You wrote", classes="review-label")
                    yield Static("", id="review-you")
                with Vertical():
                    yield Static("The note", classes="review-label")
                    yield Static("", id="review-note")
            yield Static("", id="review-tally")
        with Vertical(id="review-end"):
            yield Static("", id="review-summary")
        yield Static("", id="review-hint")
        yield GradeBar(id="review-grades")
        yield KeyFooter()

    # -- data ---------------------------------------------------------------------------------

    @property
    def settings(self):
        if self._settings is None:
            self._settings = deck_settings(self.app.conn, self.app.config)
        return self._settings

    def on_mount(self) -> None:
        if self.app.exiting:
            return  # a key typed while quitting pushed this screen: nothing to show
        self.app.library_changed.subscribe(self, self._library_changed)
        self.advance()

    def on_screen_resume(self) -> None:
        if self.app.exiting:
            return
        # Back from the Paper screen: the note (so the card) may have been edited or removed.
        if self.card is not None and self.is_mounted:
            fresh = dd.reload_card(self.app.conn, self.card.id)
            if fresh is None or fresh.is_suspended:
                self.advance()
            else:
                self.card = fresh
                self._show_card(keep_revealed=True)
        self._show_progress()

    def _library_changed(self, _paper_id: str | None) -> None:
        self._show_progress()

    def advance(self) -> None:
        """Show the next card of today's queue (recomputed now), or the end of the session."""
        app = self.app
        self.card = dd.next_card(app.conn, app.now(), self.settings, app.tz)
        self.revealed = False
        if self.card is None:
            self._show_end()
        else:
            self._show_card()
        self._show_progress()

    # -- display ------------------------------------------------------------------------------

    def _show_card(self, keep_revealed: bool = False) -> None:
        card = self.card
        self.finished = False
        if not keep_revealed:
            self.revealed = False
            self.typing = False
            self.typed = None
            self.query_one(RecallBox).text = ""
            self.shown_at = time.monotonic()
        context = Text(no_wrap=True, overflow="ellipsis")
        context.append(dd.source_label(card))
        context.append(f" · {card.state}", style="dim")
        if card.context:
            context.append("  ·  ", style="dim")
            context.append(card.context)
        self.query_one("#review-context", Static).update(context)
        self.query_one("#review-front", Static).update(card_text(card.front))
        self.query_one("#review-back", Static).update(card_back(
            card.front, card.back, card.kind,
            highlight=self.get_component_rich_style("review--cloze", partial=True)))
        self.query_one("#review-end").display = False
        self.query_one("#review-card").display = True
        self.query_one("#review-context").display = True
        self._show_reveal()

    def _show_reveal(self) -> None:
        revealed = self.revealed and self.card is not None
        compare = revealed and self.typed is not None
        self.query_one("#review-rule").display = revealed
        self.query_one("#review-back").display = revealed and not compare
        self.query_one("#review-compare").display = compare
        self.query_one("#review-tally").display = compare
        self.query_one(RecallBox).display = self.typing and self.card is not None
        grades = self.query_one(GradeBar)
        grades.display = revealed
        hint = self.query_one("#review-hint", Static)
        hint.display = not revealed and self.card is not None
        if compare:
            self._show_compare()
        if revealed:
            grades.set_intervals(dd.intervals(self.card, self.app.now(), self.settings))
        elif self.typing:
            hint.update(Text.assemble("type what you remember · ", ("escape", "bold"),
                                      " shows the answer beside it"))
        else:
            hint.update(Text.assemble(("space", "bold"), " shows the answer")
                        + (Text.assemble(" · ", ("t", "bold"), " types it from memory first")
                           if self.card is not None and dd.can_type(self.card) else Text()))
        self.refresh_bindings()

    def _show_compare(self) -> None:
        """What was typed beside the note, the note's words not written marked."""
        from decks.recall import compare

        card, typed = self.card, self.typed or ""
        recall = compare(typed, card.back)
        missed = [(w.start, w.end) for w in recall.missed]
        self.query_one("#review-you", Static).update(Text(typed or "(nothing)"))
        self.query_one("#review-note", Static).update(card_text(
            card.back, marks=missed,
            mark=self.get_component_rich_style("review--missed", partial=True)))
        tally = Text()
        if recall.content:
            tally.append(f"You wrote {recall.recalled} of the note's {recall.content} words")
            if recall.missed:
                tally.append("; the marked ones you did not.")
        self.query_one("#review-tally", Static).update(tally)

    def _show_progress(self) -> None:
        rem = dd.remaining(self.app.conn, self.app.now(), self.settings, self.app.tz)
        self.query_one("#review-progress", Static).update(progress_text(self.session.done, rem))

    def _show_end(self) -> None:
        self.finished = True
        app = self.app
        text = end_text(app.conn, app.now(), self.settings, app.tz, self.session)
        self.query_one("#review-summary", Static).update(text)
        self.query_one("#review-end").display = True
        self.query_one("#review-card").display = False
        self.query_one("#review-context").display = False
        self._show_reveal()

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reveal":
            return self.card is not None and not self.revealed and not self.typing
        if action == "type":
            return self.card is not None and not self.revealed and not self.typing and \
                dd.can_type(self.card)
        if action == "grade":
            return self.card is not None and self.revealed
        if action == "undo":
            return bool(self.session.review_ids) and not self.typing
        if action in ("source", "card"):
            return self.card is not None and not self.typing
        return True

    def action_type(self) -> None:
        if self.card is None or self.revealed or self.typing or not dd.can_type(self.card):
            return
        self.typing = True
        self._show_reveal()
        self.set_focus(self.query_one(RecallBox))

    @on(RecallBox.Done)
    def _typed(self, event: RecallBox.Done) -> None:
        event.stop()
        if not self.typing:
            return
        from reader.text.textsafe import clean

        self.typed = clean(self.query_one(RecallBox).text).strip() or None
        self.typing = False
        self.set_focus(None)
        self.action_reveal()

    def action_reveal(self) -> None:
        if self.card is None or self.revealed or self.typing:
            return
        self.revealed = True
        self._show_reveal()
        self.query_one("#review-card", VerticalScroll).scroll_end(animate=False)

    def action_grade(self, rating: int) -> None:
        if self.card is None or not self.revealed:
            return
        started = time.perf_counter()
        # Registered first, so it runs right after the refresh that paints the next card (and
        # before the Footer's own after-refresh recompose for the changed keys).
        self.call_after_refresh(self._painted, started)
        app = self.app
        ms = max(0, int((time.monotonic() - self.shown_at) * 1000))
        try:
            review_id = dd.grade(app.conn, self.card.id, rating, app.now(), ms, self.settings,
                                 expected_reps=self.card.reps, typed=self.typed)
        except dd.AlreadyAnswered:
            self.notify("That card was answered in another session; here is the next one.",
                        title="Answered elsewhere", severity="warning", timeout=5)
            self.advance()
            return
        except Exception as e:  # noqa: BLE001 - only the outside world's refusals are ours
            self._not_saved(e, "this card stays on screen")
            return
        self.session.review_ids.append((review_id, rating, ms))
        self.session.counts[rating] += 1
        self.session.spent_ms += ms
        self.advance()

    def _not_saved(self, error: Exception, then: str) -> None:
        """A full disk or a read-only library refused the write: the transaction rolled back,
        the card stays on screen to be graded again, and the session goes on. Any other
        error is a bug and goes on up."""
        from reader.store.failures import explain

        known = explain(error, self.app.paths.db)
        if known is None:
            raise error
        self.notify(f"{known}; {then}", title="Not saved", severity="error", timeout=10,
                    markup=False)

    def _painted(self, started: float) -> None:
        self.painted_at = time.perf_counter()
        self.last_transition_ms = (self.painted_at - started) * 1000

    @on(GradeBar.Graded)
    def _clicked(self, event: GradeBar.Graded) -> None:
        self.action_grade(event.rating)

    def action_undo(self) -> None:
        if not self.session.review_ids:
            return
        review_id, rating, ms = self.session.review_ids[-1]
        try:
            _review, card = dd.undo(self.app.conn, self.app.now(), review_id)
        except dd.CannotUndo as e:
            self.session.review_ids.clear()
            self.notify(f"Cannot undo: {e}.", severity="warning", markup=False)
            self.refresh_bindings()
            return
        except Exception as e:  # noqa: BLE001
            self._not_saved(e, "the answer stays")
            return
        self.session.review_ids.pop()
        self.session.counts[rating] -= 1
        self.session.spent_ms -= ms
        self.card = card
        self._show_card()
        self._show_progress()
        self.notify("Answer undone: the card is back.", timeout=3)

    def action_source(self) -> None:
        card = self.card
        if card is None:
            return
        if not card.group_key:
            self.notify("A card written by hand: there is no note to open.", timeout=4)
            return
        if not dd.paper_exists(self.app.conn, card.group_key):
            self.notify(f"The paper {card.group_key} is no longer in the library.",
                        severity="warning", markup=False)
            return
        if not card.source_key:
            self.notify("A card written by hand: opening its paper.", timeout=3)
        self.app.open_screen("paper", paper_id=card.group_key)

    def action_card(self) -> None:
        """Manage the card shown: what is done to it takes effect at once, and the queue
        moves on when the card no longer belongs in it now."""
        from reader.tui.screens.card_actions import CardActions

        card = self.card
        if card is None:
            return

        def done(change: str | None) -> None:
            if change is None:
                return
            fresh = dd.reload_card(self.app.conn, card.id)
            if change == "edit" and fresh is not None:
                self.card = fresh
                self._show_card(keep_revealed=True)
                self._show_progress()
            else:
                self.advance()

        self.app.push_screen(CardActions(card.id), done)

    def action_close(self) -> None:
        self.dismiss()

    def palette_commands(self) -> Iterable[SystemCommand]:
        if self.card is not None and not self.revealed:
            yield SystemCommand("review: show answer", "Show the back of the card (space)",
                                self.action_reveal)
        if self.card is not None and self.revealed:
            for rating, name in dd.RATING_NAMES.items():
                yield SystemCommand(f"review: grade {name.lower()}", f"Answer {name} ({rating})",
                                    lambda r=rating: self.action_grade(r))
        if self.session.review_ids:
            yield SystemCommand("review: undo", "Undo the last answer (u)", self.action_undo)
        if self.card is not None and not self.revealed and dd.can_type(self.card):
            yield SystemCommand("review: type the answer first", "From memory, then compare "
                                "with the note (t)", self.action_type)
        if self.card is not None:
            yield SystemCommand("review: open the note", "The paper this card came from (e)",
                                self.action_source)
            yield SystemCommand("card: manage", "Suspend, forget, set a due date; edit or "
                                "delete a card written by hand (c)", self.action_card)
