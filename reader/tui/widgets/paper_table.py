"""The library's table of papers: title, first author, year, status, cards due.

A Line-API widget: it keeps the rows as a list and renders only the lines on screen, so
replacing 10,000 rows as the filter changes costs a list assignment, not 10,000 widget rows
(Textual's DataTable measures every cell of every row it is given, ~1 s for 10,000 papers).
Titles are drawn as plain text: a `[b]` in a title is shown as typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual.binding import Binding
from textual.events import Click
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from reader.tui.data import PaperRow

# (header, width); the title takes what is left.
FIXED = (("First author", 16), ("Year", 4), ("Status", 6), ("Due", 3))
# Shown after the title once the library holds items that are not papers.
KIND = ("Kind", 7)
GAP = 2


def _fit(text: str, width: int) -> str:
    """Text cut to `width` cells (with an ellipsis when cut), padded with spaces."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    return set_cell_size(text, width)


class PaperTable(ScrollView, can_focus=True):
    """Rows of papers with a cursor; Enter (or a click) posts `PaperTable.Selected`."""

    COMPONENT_CLASSES = {"paper-table--header", "paper-table--cursor", "paper-table--due"}
    DEFAULT_CSS = """
    PaperTable { height: 1fr; }
    PaperTable > .paper-table--header { text-style: bold; color: $text-primary; }
    PaperTable > .paper-table--cursor { background: $block-cursor-blurred-background; }
    PaperTable:focus > .paper-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
    }
    PaperTable > .paper-table--due { color: $text-warning; text-style: bold; }
    """
    BINDINGS = [
        Binding("enter", "select", "Open", show=False, id="table.open"),
        Binding("up,k", "cursor(-1)", "Up", show=False, id="table.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.page_down"),
        Binding("home", "jump(0)", "First", show=False, id="table.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="table.last"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)
    show_kind: reactive[bool] = reactive(False)   # the Kind column (set by the screen)

    class Selected(Message):
        """A paper was chosen (Enter or click)."""

        def __init__(self, paper_id: str) -> None:
            super().__init__()
            self.paper_id = paper_id

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None):
        super().__init__(name=name, id=id, classes=classes)
        self._rows: list[PaperRow] = []

    # -- data --------------------------------------------------------------------------------

    @property
    def rows(self) -> list[PaperRow]:
        return self._rows

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def current(self) -> PaperRow | None:
        return self._rows[self.cursor] if 0 <= self.cursor < len(self._rows) else None

    def set_rows(self, rows: Sequence[PaperRow], keep: str | None = None) -> None:
        """Show these rows; keep the cursor on paper `keep` if it is among them, else the top."""
        self._rows = list(rows)
        self.virtual_size = Size(self.size.width, len(self._rows) + 1)
        where = 0
        if keep is not None:
            where = next((i for i, r in enumerate(self._rows) if r.id == keep), 0)
        self.cursor = where
        if where == 0:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    # -- cursor ------------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        # Keep the cursor line in view (line 0 is the header).
        height = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_y)
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False, immediate=True)
        self.refresh()

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height - 2)

    def action_jump(self, where: int) -> None:
        self.cursor = where if where >= 0 else len(self._rows) - 1

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current.id))

    def on_click(self, event: Click) -> None:
        line = event.y
        if line >= 1:
            index = int(self.scroll_y) + line - 1
            if index < len(self._rows):
                if index == self.cursor and event.chain >= 2:
                    self.action_select()
                self.cursor = index

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._rows) + 1)

    # -- drawing -----------------------------------------------------------------------------

    @property
    def columns(self) -> tuple[tuple[str, int], ...]:
        return (KIND, *FIXED) if self.show_kind else FIXED

    def _widths(self, width: int) -> list[int]:
        fixed = [w for _, w in self.columns]
        title = max(10, width - sum(fixed) - GAP * len(fixed) - 1)
        return [title, *fixed]

    def _line(self, cells: Sequence[str], width: int) -> str:
        widths = self._widths(width)
        parts = [" " + _fit(cells[0], widths[0] - 1)]
        for text, w in zip(cells[1:], widths[1:]):
            parts.append(" " * GAP + _fit(text, w))
        return set_cell_size("".join(parts), width)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            style = base + self.get_component_rich_style("paper-table--header")
            return Strip([Segment(self._line(("Title", *(h for h, _ in self.columns)), width),
                                  style)], width)
        index = int(self.scroll_y) + y - 1
        if index >= len(self._rows):
            return Strip.blank(width, base)
        row = self._rows[index]
        cells = (row.title, row.author, row.year, row.status_label, str(row.due) if row.due else "")
        line = self._line((cells[0], row.kind, *cells[1:]) if self.show_kind else cells, width)
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("paper-table--cursor")
        if row.due and index != self.cursor:
            due_at = len(line.rstrip())
            head, tail = line[: due_at - len(str(row.due))], line[due_at - len(str(row.due)):]
            due_style = base + self.get_component_rich_style("paper-table--due")
            return Strip([Segment(head, style), Segment(tail, due_style)], width)
        return Strip([Segment(line, style)], width)
