"""One card, managed: its text, where it came from, its state and answers (with what was typed
from memory), and keys to suspend or unsuspend, forget, set a due date, and (a hand-written card)
edit or delete it. Opened from the Review screen (c) and the Paper screen's Cards tab (enter).
`push_screen(CardActions(card_id), callback)`: the callback gets what was done ('suspend',
'forget', ... or None when nothing was)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from reader.tui import deck_data as dd
from reader.tui.widgets.card_text import card_back, card_text
from reader.tui.widgets.in_order import InOrderTextArea
from reader.tui.screens.ask import Ask
from reader.tui.screens.confirm import Confirm


class CardActions(ModalScreen[str | None]):
    DEFAULT_CSS = """
    CardActions { align: center middle; }
    CardActions > Vertical {
        width: 90; max-width: 96%; height: auto; max-height: 90%;
        padding: 1 2; border: round $primary; background: $surface;
    }
    CardActions #card-body { height: auto; max-height: 30; }
    CardActions .card-title { text-style: bold; color: $text-primary; }
    CardActions .card-muted { color: $text-muted; }
    CardActions #card-front { text-style: bold; margin-top: 1; }
    CardActions #card-back { margin-bottom: 1; }
    """
    BINDINGS = [
        Binding("s", "change('suspend')", "Suspend", id="card.suspend"),
        Binding("s", "change('unsuspend')", "Unsuspend", id="card.unsuspend"),
        Binding("f", "change('forget')", "Forget", id="card.forget"),
        Binding("d", "due", "Due date", id="card.due"),
        Binding("e", "edit", "Edit", id="card.edit"),
        Binding("x", "delete", "Delete", id="card.delete"),
        Binding("escape,q", "close", "Back", id="card.back"),
    ]

    def __init__(self, card_id: int) -> None:
        super().__init__()
        self.card_id = card_id
        self.card = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("", id="card-title", classes="card-title")
            with VerticalScroll(id="card-body"):
                yield Static("", id="card-front")
                yield Static("", id="card-back")
                yield Static("", id="card-state", classes="card-muted")
                yield Static("", id="card-history")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        card = dd.reload_card(self.app.conn, self.card_id)
        if card is None or card.is_deleted:
            self.dismiss(None)
            return
        self.card = card
        now, tz = self.app.now(), dd.resolve_tz(self.app.tz)
        self.query_one("#card-title", Static).update(
            Text(f"Card {card.id} · {dd.source_label(card)}"
                 + (f" · {card.group_key}" if card.group_key else "")))
        self.query_one("#card-front", Static).update(card_text(card.front))
        self.query_one("#card-back", Static).update(card_back(card.front, card.back, card.kind))
        state = Text()
        state.append(card.state)
        if card.suspended:
            state.append(" · suspended " + ("by you" if card.suspended == "user"
                                            else "(its note is gone)"))
        if card.due is not None:
            state.append(f" · due {dd.due_phrase(card.due, now, tz)}")
        state.append(f" · {card.reps} answer{'s' if card.reps != 1 else ''}, "
                     f"{card.lapses} lapse{'s' if card.lapses != 1 else ''}")
        if not card.hand_written:
            state.append("\nMade from a note: edit the note to change it (e on the Paper "
                         "screen); it goes when the note's text does.")
        self.query_one("#card-state", Static).update(state)
        history = Text()
        entries = dd.card_history(self.app.conn, card)
        if entries:
            history.append("\nAnswers", style="bold")
            for e in entries[-12:]:
                history.append(f"\n{e.at.astimezone(tz):%d %b %Y %H:%M}  "
                               f"{dd.RATING_NAMES[e.rating]:<5}")
                if e.share is not None:
                    history.append(f"  recalled {e.share:.0%}: ")
                    history.append(" ".join((e.typed or "").split())[:60], style="italic")
            trend = dd.recall_trend(entries)
            if trend and sum(e.share is not None for e in entries) > 1:   # one: said above
                history.append(f"\n{trend}", style="bold")
        self.query_one("#card-history", Static).update(history)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        card = self.card
        if card is None:
            return action == "close"
        if action == "change":
            change = parameters[0] if parameters else ""
            if change == "suspend":
                return not card.suspended
            if change == "unsuspend":
                return card.suspended == "user"
            if change == "forget":
                return not card.is_new
        if action == "due":
            return not card.is_new
        if action in ("edit", "delete"):
            return card.hand_written
        return True

    # -- actions ------------------------------------------------------------------------------

    def _apply(self, change: str, **kwargs) -> None:
        try:
            dd.change_card(self.app.conn, self.card_id, change, self.app.now(), **kwargs)
        except dd.CardChangeRefused as e:
            self.notify(str(e), title="Not changed", severity="warning", markup=False)
            return
        except Exception as e:  # noqa: BLE001 - a full disk, a read-only library
            from reader.store.failures import explain

            known = explain(e, self.app.paths.db)
            if known is None:
                raise
            self.notify(str(known), title="Not saved", severity="error", markup=False)
            return
        self.notify({"suspend": "Card suspended.", "unsuspend": "Card back in review.",
                     "forget": "Card is new again; its answers stay in the log.",
                     "due": "Due date set.", "edit": "Card changed; its history stays.",
                     "delete": "Card deleted; its answers stay in the stats."}[change],
                    timeout=3)
        self.dismiss(change)

    def action_change(self, change: str) -> None:
        self._apply(change)

    def action_due(self) -> None:
        def done(text: str | None) -> None:
            if not text:
                return
            try:
                when = dd.due_from_text(text, self.app.now(), self.app.tz,
                                        self.app.config["review.day_starts_at_hour"])
            except dd.CardChangeRefused as e:
                self.notify(str(e), title="Not changed", severity="warning", markup=False)
                return
            self._apply("due", due=when)

        self.app.push_screen(Ask(f"Due date of card {self.card_id}",
                                 "A date (2026-12-01), a number of days (3), today or tomorrow. "
                                 "Enter sets it, escape cancels.", placeholder="e.g. 3"), done)

    def action_edit(self) -> None:
        card = self.card
        if card is None:
            return

        def done(texts: tuple[str, str] | None) -> None:
            if texts is not None:
                self._apply("edit", front=texts[0], back=texts[1])

        self.app.push_screen(CardEditor(card.id, card.front, card.back), done)

    def action_delete(self) -> None:
        card = self.card
        if card is None:
            return

        def done(yes: bool | None) -> None:
            if yes:
                self._apply("delete")

        self.app.push_screen(Confirm(
            "Delete this card?", f"'{' '.join(card.front.split())[:60]}' leaves review for good."
            " Its answers stay in the log and count in the stats.", yes="Delete"), done)

    def action_close(self) -> None:
        self.dismiss(None)

    def palette_commands(self) -> Iterable[SystemCommand]:
        offered = [("change", ("suspend",), "card: suspend", "Out of review until unsuspended (s)"),
                   ("change", ("unsuspend",), "card: unsuspend", "Back into review (s)"),
                   ("change", ("forget",), "card: forget", "Back to new; its answers stay (f)"),
                   ("due", (), "card: set due date", "A date or a number of days (d)"),
                   ("edit", (), "card: edit", "Front and back of a card written by hand (e)"),
                   ("delete", (), "card: delete", "A card written by hand; asks first (x)")]
        for action, params, title, help in offered:
            if self.check_action(action, params):
                method = getattr(self, f"action_{action}")
                yield SystemCommand(title, help, lambda m=method, p=params: m(*p))


class CardEditor(ModalScreen[tuple[str, str] | None]):
    """Front and back of a hand-written card: ctrl+s saves, escape cancels."""

    DEFAULT_CSS = """
    CardEditor { align: center middle; }
    CardEditor > Vertical {
        width: 90; max-width: 96%; height: auto;
        padding: 1 2; border: round $primary; background: $surface;
    }
    CardEditor .card-title { text-style: bold; color: $text-primary; }
    CardEditor InOrderTextArea { height: 6; }
    CardEditor Horizontal { height: auto; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True, id="card_editor.save"),
        Binding("escape", "cancel", "Cancel", priority=True, id="card_editor.cancel"),
    ]

    def __init__(self, card_id: int, front: str, back: str) -> None:
        super().__init__()
        self.card_id, self.front, self.back = card_id, front, back

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"Edit card {self.card_id}", classes="card-title", markup=False)
            yield Static("Front", markup=False)
            yield InOrderTextArea(self.front, id="edit-front", soft_wrap=True)
            yield Static("Back", markup=False)
            yield InOrderTextArea(self.back, id="edit-back", soft_wrap=True)
            with Horizontal():
                yield Static("ctrl+s saves · escape cancels", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#edit-front"))

    def action_save(self) -> None:
        from reader.text.textsafe import clean

        front = clean(self.query_one("#edit-front", InOrderTextArea).text)
        back = clean(self.query_one("#edit-back", InOrderTextArea).text)
        if not front.strip():
            self.notify("A card needs a front.", severity="warning")
            return
        from reader.errors import PaperdeckError
        from reader.reading.reviewing import check_sides

        try:
            check_sides(front, back)   # the limit the CLI checks too: nothing written, text kept
        except PaperdeckError as e:
            self.notify(str(e), title="Card not changed", severity="error", markup=False)
            return
        self.dismiss((front, back))

    def action_cancel(self) -> None:
        self.dismiss(None)
