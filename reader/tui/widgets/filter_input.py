"""The Library's filter box: typing goes here, and the keys that move through a list (up, down,
page up, page down) move the table's cursor instead — so one can type a filter and pick a
result without leaving the box."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from reader.tui.widgets.in_order import InOrderInput


class FilterInput(InOrderInput):
    BINDINGS = [
        Binding("enter", "submit", "Open", id="filter.open"),
        Binding("up", "move('line', -1)", "Up", show=False, id="filter.up"),
        Binding("down", "move('line', 1)", "Move", key_display="↑↓", id="filter.down"),
        Binding("pageup", "move('page', -1)", "Page up", show=False, id="filter.page_up"),
        Binding("pagedown", "move('page', 1)", "Page down", show=False, id="filter.page_down"),
    ]

    class Move(Message):
        """Move the list's cursor by `amount` lines or pages (`unit`)."""

        def __init__(self, unit: str, amount: int) -> None:
            super().__init__()
            self.unit, self.amount = unit, amount

    def action_move(self, unit: str, amount: int) -> None:
        self.post_message(self.Move(unit, amount))
