"""The sections of a paper beside its text: numbered, indented by depth, the one being read
marked; Enter jumps to one. With a search on, each section says how many matches it holds."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.text.document import OutlineEntry


class Outline(OptionList):
    DEFAULT_CSS = """
    Outline { width: 30; height: 1fr; border: none; padding: 0; scrollbar-size-vertical: 1;
              text-wrap: nowrap; text-overflow: ellipsis; }
    Outline:focus { border: none; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[OutlineEntry] = []
        self.current: str | None = None

    def set_entries(self, entries: list[OutlineEntry], counts: dict[str, int] | None = None) -> None:
        self.entries = entries
        highlighted = self.highlighted
        self.clear_options()
        self.add_options([Option(self._label(e, counts), id=e.id) for e in entries])
        if highlighted is not None and highlighted < len(entries):
            self.highlighted = highlighted
        self.mark(self.current)

    @staticmethod
    def _label(entry: OutlineEntry, counts: dict[str, int] | None) -> Text:
        text = Text("  " * entry.depth, no_wrap=True, overflow="ellipsis")
        if entry.number:
            text.append(entry.number + " ", style="bold")
        text.append(entry.title)
        n = (counts or {}).get(entry.id)
        if n:
            text.append(f" ({n})", style="reverse")
        return text

    def mark(self, section: str | None) -> None:
        """Show `section` as the one being read (moves the highlight unless the outline has the
        focus, where the user is choosing)."""
        self.current = section
        if section is None or self.has_focus:
            return
        index = next((i for i, e in enumerate(self.entries) if e.id == section), None)
        if index is None:   # a \\paragraph or deeper: its enclosing entry
            return
        if self.highlighted != index:
            self.highlighted = index
