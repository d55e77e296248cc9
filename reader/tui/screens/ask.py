"""One line of input over the current screen: `push_screen(Ask(...), callback)` gets the text
(Enter) or None (escape)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reader.tui.widgets.in_order import InOrderInput


class Ask(ModalScreen[str | None]):
    DEFAULT_CSS = """
    Ask { align: center middle; }
    Ask > Vertical {
        width: 70; max-width: 95%; height: auto;
        padding: 1 2; border: round $primary; background: $surface;
    }
    Ask .ask-title { text-style: bold; color: $text-primary; }
    Ask .ask-help { color: $text-muted; margin-bottom: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ask.cancel")]

    def __init__(self, title: str, help: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text, self.help, self.value, self.placeholder = title, help, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="ask-title", markup=False)
            yield Static(self.help, classes="ask-help", markup=False)
            yield InOrderInput(self.value, placeholder=self.placeholder, id="ask-input", select_on_focus=False)

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))

    @on(Input.Submitted, "#ask-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
