"""A scrolled text view whose keys move the text at once.

Textual animates a scroll asked for by a key (up, down, page up/down, home, end): the view
glides there over a few frames, and a line view that draws whole lines (`int(scroll_y)`)
shows the line a key asked for only when the glide ends, some 40 ms after the key
(bench/bench_reading_html.py's scroll step). A reader presses a key to see the next line, as
in a pager, so these keys jump; the mouse wheel still glides as Textual has it.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.scroll_view import ScrollView


class TextScroll(ScrollView):
    def action_scroll_up(self) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        self.scroll_up(animate=False)

    def action_scroll_down(self) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        self.scroll_down(animate=False)

    def action_page_up(self) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        self.scroll_page_up(animate=False)

    def action_page_down(self) -> None:
        if not self.allow_vertical_scroll:
            raise SkipAction()
        self.scroll_page_down(animate=False)

    def action_scroll_home(self) -> None:
        if not self._allow_scroll:
            raise SkipAction()
        self.scroll_home(animate=False, x_axis=self.scroll_y == 0)

    def action_scroll_end(self) -> None:
        if not self._allow_scroll:
            raise SkipAction()
        self.scroll_end(animate=False, x_axis=self.scroll_y == self.is_vertical_scroll_end)
