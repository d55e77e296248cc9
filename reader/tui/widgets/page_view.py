"""One page of a paper's text, scrollable, with search matches highlighted. Plain text always.

A Line-API widget: the page is wrapped once per width into (start, end) offsets of its text and
only the lines on screen are drawn, so showing a page, scrolling it or adding a highlight costs
the ~40 visible lines, not the few hundred of the page (a Static of the whole page built every
line of it on each update: 50-100 ms frames while pages were extracted). The offsets keep search
matches exact, and a resize keeps the line being read at the top.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.strip import Strip

from reader.tui.widgets.text_scroll import TextScroll

Line = tuple[int, int]  # (start, end) offsets into the text


def wrap(text: str, width: int) -> list[Line]:
    """Greedy word wrap of `text` to `width` cells: each paragraph (a line of `text`) becomes one
    or more (start, end) ranges; spaces where a line breaks are left out, a word longer than the
    width is cut. Every character keeps its offset."""
    width = max(1, width)
    lines: list[Line] = []
    at = 0
    for para in text.split("\n"):
        end = at + len(para)
        if para.isascii():
            _wrap_ascii(para, at, width, lines)
        else:
            _wrap_cells(para, at, width, lines)
        at = end + 1
    return lines


def _wrap_ascii(para: str, base: int, width: int, out: list[Line]) -> None:
    n = len(para)
    if n <= width:
        out.append((base, base + n))
        return
    start = 0
    while start < n:
        if n - start <= width:
            out.append((base + start, base + n))
            return
        cut = para.rfind(" ", start, start + width + 1)
        if cut <= start:                       # one word wider than the line: cut it
            cut = start + width
            out.append((base + start, base + cut))
            start = cut
        else:
            out.append((base + start, base + cut))
            start = cut
        while start < n and para[start] == " ":
            start += 1


def _wrap_cells(para: str, base: int, width: int, out: list[Line]) -> None:
    """The same for text with wide or zero-width characters, measured in cells."""
    if cell_len(para) <= width:
        out.append((base, base + len(para)))
        return
    start, used, last_space = 0, 0, -1
    i = 0
    n = len(para)
    while i < n:
        ch = para[i]
        w = cell_len(ch)
        if ch == " ":
            last_space = i
        if used + w > width and i > start:
            cut = last_space if last_space > start else i
            out.append((base + start, base + cut))
            start = cut
            while start < n and para[start] == " ":
                start += 1
            i, used, last_space = start, 0, -1
            continue
        used += w
        i += 1
    if start < n or not out:
        out.append((base + start, base + n))


class PageView(TextScroll, can_focus=True):
    """Set the page with `show(text, spans, current)`, or a note with `show_message(text)`."""

    COMPONENT_CLASSES = {"page-view--match", "page-view--current", "page-view--message"}
    DEFAULT_CSS = """
    PageView { padding: 0 1; overflow-x: hidden; scrollbar-gutter: stable; }
    PageView > .page-view--match { text-style: reverse; }
    PageView > .page-view--current { text-style: reverse bold; }
    PageView > .page-view--message { text-style: italic; color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = ""
        self.is_message = False
        self.spans: list[tuple[int, int]] = []
        self.current: int | None = None
        self._lines: list[Line] = []
        self._starts: list[int] = []
        self._wrapped_for = -1
        self._anchor: tuple[int, int] | None = None   # (offset read at the top, line put there)

    # -- content -----------------------------------------------------------------------------

    def show(self, text: str, spans: Sequence[tuple[int, int]] = (), current: int | None = None,
             *, keep_scroll: bool = False) -> None:
        """Show `text` with matches `spans` highlighted (`current`: the one to scroll to)."""
        text = text.replace("\t", " ")
        same = text == self.text and not self.is_message
        self.text, self.is_message = text, False
        self.spans, self.current = sorted(spans), None
        if current is not None and 0 <= current < len(spans):
            self.current = self.spans.index(tuple(spans[current]))
        if not same:
            self._rewrap()
        if self.current is not None:
            line = self.line_of(self.spans[self.current][0])
            top, height = int(self.scroll_y), self.scrollable_content_region.height
            if not top <= line < top + max(1, height - 1):
                self.scroll_to(y=max(0, line - 3), animate=False, immediate=True)
        elif not keep_scroll and not same:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def show_message(self, text: str) -> None:
        """A note in place of the page ("Extracting the text of this page …")."""
        self.text, self.is_message = text, True
        self.spans, self.current = [], None
        self._rewrap()
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def wrapped(self) -> list[str]:
        """The lines as shown at the current width (for tests and a plain-text view)."""
        return [self.text[s:e] for s, e in self._lines]

    def line_of(self, offset: int) -> int:
        """The index of the shown line holding the character at `offset`."""
        return max(0, bisect_right(self._starts, offset) - 1)

    # -- layout ------------------------------------------------------------------------------

    def _content_width(self) -> int:
        return self.scrollable_content_region.width or self.size.width or 80

    def _rewrap(self) -> None:
        width = self._content_width()
        self._wrapped_for = width
        self._lines = wrap(self.text, width)
        self._starts = [s for s, _ in self._lines]
        self.virtual_size = Size(width, len(self._lines))

    def on_resize(self) -> None:
        if self._content_width() == self._wrapped_for:
            return
        y = int(self.scroll_y)
        if self._anchor is not None and self._anchor[1] == y:
            top = self._anchor[0]          # not scrolled since the last resize: no drift
        else:
            top = self._lines[y][0] if y < len(self._lines) else 0
        self._rewrap()
        line = self.line_of(top) if top else 0
        self.scroll_to(y=line, animate=False, immediate=True)
        self._anchor = (top, line)
        self.refresh()

    # -- drawing -----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = int(self.scroll_y) + y
        if index >= len(self._lines):
            return Strip.blank(width, base)
        start, end = self._lines[index]
        if self.is_message:
            style = base + self.get_component_rich_style("page-view--message")
            return Strip([Segment(self.text[start:end], style)]).adjust_cell_length(width, base)
        segments = self._segments(start, end, base)
        return Strip(segments).adjust_cell_length(width, base)

    def _segments(self, start: int, end: int, base: Style) -> list[Segment]:
        """The line's text, with the matches that overlap it highlighted."""
        text, spans = self.text, self.spans
        if not spans:
            return [Segment(text[start:end], base)]
        match = base + self.get_component_rich_style("page-view--match")
        current = base + self.get_component_rich_style("page-view--current")
        out: list[Segment] = []
        at = start
        for i, (s, e) in enumerate(spans):
            if e <= start or s >= end:
                continue
            s, e = max(s, start), min(e, end)
            if s > at:
                out.append(Segment(text[at:s], base))
            out.append(Segment(text[s:e], current if i == self.current else match))
            at = e
        if at < end:
            out.append(Segment(text[at:end], base))
        return out
