"""The bibliography entries a citation points at, in a panel under the text: each entry's text,
its arXiv id with ✓ when that paper is in the library, and `a` to add the ones that are not."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from reader.text.document import BibEntry


def entries_text(entries: list[BibEntry], in_library: Callable[[str], bool],
                 importing: Callable[[str], bool] = lambda _: False) -> Text:
    text = Text()
    for i, entry in enumerate(entries):
        if i:
            text.append("\n\n")
        if entry.tag:
            text.append(entry.tag + " ", style="bold")
        text.append(entry.text)
        if entry.arxiv:
            text.append("\n")
            text.append(f"arXiv:{entry.arxiv}", style="bold")
            if in_library(entry.arxiv):
                text.append("  ✓ in your library", style="bold green")
            elif importing(entry.arxiv):
                text.append("  adding …", style="italic")
            else:
                text.append("  a adds it to your library", style="dim")
        elif entry.doi:
            text.append(f"\ndoi:{entry.doi}", style="dim")
        elif entry.url:
            text.append(f"\n{entry.url}", style="dim")
    return text


class CitationPanel(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    CitationPanel { height: auto; max-height: 12; border-top: solid $primary; padding: 0 1;
                    background: $surface; }
    CitationPanel > Static { height: auto; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[BibEntry] = []

    def compose(self):
        yield Static("", markup=False)

    def show(self, entries: list[BibEntry], in_library: Callable[[str], bool],
             importing: Callable[[str], bool] = lambda _: False) -> None:
        self.entries = entries
        text = entries_text(entries, in_library, importing)
        text.append("\n")
        text.append("escape closes this", style="dim")
        self.query_one(Static).update(text)
        self.display = True
        self.scroll_home(animate=False)

    def addable(self, in_library: Callable[[str], bool]) -> list[str]:
        """The arXiv ids shown that are not in the library yet."""
        return [e.arxiv for e in self.entries if e.arxiv and not in_library(e.arxiv)]
