"""One page of a paper's text, scrollable, with search matches highlighted. Plain text always."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static


class PageView(VerticalScroll, can_focus=True):
    DEFAULT_CSS = """
    PageView { padding: 0 1; }
    PageView > Static { width: 100%; }
    """

    def compose(self):
        yield Static("", id="page-text", markup=False)

    def show(self, text: str | Text, spans: Sequence[tuple[int, int]] = (), current: int | None = None,
             *, keep_scroll: bool = False) -> None:
        """Show `text` with matches `spans` highlighted (`current`: the one to scroll to)."""
        body = text.copy() if isinstance(text, Text) else Text(text)
        for i, (start, end) in enumerate(spans):
            body.stylize("reverse bold" if i == current else "reverse", start, end)
        self.query_one("#page-text", Static).update(body)
        if current is not None and 0 <= current < len(spans):
            line = body.plain[: spans[current][0]].count("\n")
            self.call_after_refresh(self.scroll_to, y=max(0, line - 3), animate=False)
        elif not keep_scroll:
            self.scroll_home(animate=False)
