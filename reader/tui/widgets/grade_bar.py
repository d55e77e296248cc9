"""The four grade buttons, each showing the interval it would give before you press it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button

GRADES = ((1, "Again", "error"), (2, "Hard", "warning"), (3, "Good", "success"), (4, "Easy", "primary"))


class GradeBar(Horizontal):
    """Again / Hard / Good / Easy. Set `intervals` ({1: '<1m', ...}); posts `Graded` on a click.

    The buttons never take focus: the keys 1-4 belong to the screen."""

    DEFAULT_CSS = """
    GradeBar {
        height: 3;
        width: 1fr;
    }
    GradeBar Button {
        width: 1fr;
        min-width: 10;
        margin: 0 1 0 0;
    }
    GradeBar Button:last-of-type {
        margin: 0;
    }
    """

    class Graded(Message):
        """A grade button was clicked."""

        def __init__(self, rating: int) -> None:
            super().__init__()
            self.rating = rating

    def compose(self) -> ComposeResult:
        for rating, name, variant in GRADES:
            button = Button(f"{rating} {name}", variant=variant, id=f"grade-{rating}", compact=False)
            button.can_focus = False
            yield button

    def set_intervals(self, intervals: dict[int, str]) -> None:
        for rating, name, _ in GRADES:
            label = f"{rating} {name}"
            if rating in intervals:
                label += f"  {intervals[rating]}"
            self.query_one(f"#grade-{rating}", Button).label = label

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        rating = int((event.button.id or "grade-0").rsplit("-", 1)[1])
        self.post_message(self.Graded(rating))
