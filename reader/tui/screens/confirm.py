"""A yes/no question over the current screen: `push_screen(Confirm(...), callback)` gets True
(y, Enter on Yes) or False (n, escape, No)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class Confirm(ModalScreen[bool]):
    DEFAULT_CSS = """
    Confirm { align: center middle; }
    Confirm > Vertical {
        width: 64; max-width: 90%; height: auto;
        padding: 1 2; border: round $primary; background: $surface;
    }
    Confirm .confirm-title { text-style: bold; color: $text-primary; }
    Confirm .confirm-body { margin: 1 0; }
    Confirm Horizontal { height: auto; align-horizontal: right; }
    Confirm Button { margin-left: 2; min-width: 10; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, title: str, body: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.title_text, self.body, self.yes, self.no = title, body, yes, no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="confirm-title", markup=False)
            yield Static(self.body, classes="confirm-body", markup=False)
            with Horizontal():
                yield Button(f"{self.no} (n)", id="confirm-no")
                yield Button(f"{self.yes} (y)", id="confirm-yes", variant="primary")

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#confirm-no", Button))  # Enter alone never destroys anything

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
