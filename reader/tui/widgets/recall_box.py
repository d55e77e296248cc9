"""The box a what/how/why card's answer is typed into from memory, before it is shown. Keys
stay in typing order (InOrderTextArea); escape ends the typing and asks for the answer."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message

from reader.tui.widgets.in_order import InOrderTextArea


class RecallBox(InOrderTextArea):
    """Type what you remember; escape shows the answer."""

    DEFAULT_CSS = """
    RecallBox {
        height: auto;
        min-height: 5;
        max-height: 12;
        margin: 1 0 0 0;
    }
    """

    BINDINGS = [Binding("escape", "done", "Show answer", id="recall.done")]

    class Done(Message):
        """Typing is over: show the answer beside what was typed."""

    def action_done(self) -> None:
        self.post_message(self.Done())
