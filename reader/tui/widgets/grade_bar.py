"""The four grade buttons, each showing the interval it would give before you press it."""

from __future__ import annotations

from rich.cells import cell_len
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
        min-width: 6;
        margin: 0 1 0 0;
        text-wrap: nowrap;
        text-overflow: clip;
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

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.intervals: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        for rating, name, variant in GRADES:
            button = Button(f"{rating} {name}", variant=variant, id=f"grade-{rating}", compact=False)
            button.can_focus = False
            yield button

    def set_intervals(self, intervals: dict[int, str]) -> None:
        self.intervals = dict(intervals)
        self._label()

    def on_resize(self) -> None:
        self._label()

    def _label(self) -> None:
        """Each button says as much as fits on its one line, in the same form on all four:
        "1 Again  <1m", "1 Again <1m", "1 <1m", "1" (a label that wrapped showed "1 Again"
        over "<1m", on one button only)."""
        buttons = {rating: self.query_one(f"#grade-{rating}", Button) for rating, _, _ in GRADES}

        def forms(rating: int, name: str) -> list[str]:
            ivl = self.intervals.get(rating)
            if not ivl:
                return [f"{rating} {name}"] * 3 + [str(rating)]
            return [f"{rating} {name}  {ivl}", f"{rating} {name} {ivl}", f"{rating} {ivl}", str(rating)]

        def fits(form: int) -> bool:
            for rating, name, _ in GRADES:
                width = buttons[rating].size.width
                if width and cell_len(forms(rating, name)[form]) > width - 2:  # line-pad each side
                    return False
            return True

        form = next((f for f in range(3) if fits(f)), 3)
        for rating, name, _ in GRADES:
            label = forms(rating, name)[form]
            if str(buttons[rating].label) != label:
                buttons[rating].label = label
