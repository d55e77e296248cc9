"""Add: paste arXiv ids/URLs to import them, or type a query to search arXiv and pick results.

The search runs in this screen's worker; imports run in the app's worker, so the screen can be
left while an import continues (the library refreshes when it ends).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, RichLog, Static
from textual.widgets.option_list import Option

from ..widgets.in_order import InOrderInput
from ...ids import is_arxiv_id
from ...models import Paper
from ..app import ImportEvent
from ..data import authors_line

SEARCH_RESULTS = 25
HELP = ("Paste arXiv ids or URLs (1211.3711 arxiv.org/abs/1706.03762) to import them, "
        "or words to search arXiv (au:graves ti:transduction).")


def split_ids(text: str) -> tuple[list[str], list[str]] | None:
    """(ids/URLs, other words) when most words of `text` are arXiv ids or URLs — a list to
    import, with a typo or two to report — else None: the text is a search."""
    words = [w for w in re.split(r"[\s,;]+", text.strip()) if w]
    ids = [w for w in words if is_arxiv_id(w)]
    if ids and len(ids) * 2 > len(words):
        return ids, [w for w in words if not is_arxiv_id(w)]
    return None


def result_prompt(paper: Paper, in_library: bool, width: int, abstract_lines: int = 2) -> Text:
    """Title, authors · date · id, then the abstract's first lines; all plain text."""
    text = Text(no_wrap=False)
    text.append(paper.title or "(untitled)", style="bold")
    if in_library:
        text.append("  ✓ in library", style="green")
    date = (paper.published or "")[:10]
    meta = " · ".join(p for p in (authors_line(paper.authors, 3), date, paper.id) if p)
    text.append("\n" + meta, style="italic")
    preview = textwrap.shorten(paper.abstract or "", width=max(20, width * abstract_lines - 10),
                               placeholder=" …")
    if preview:
        text.append("\n" + preview, style="dim")
    return text


class AddScreen(Screen):
    """Import by id/URL, or search arXiv and pick."""

    SHOWS_IMPORTS = True  # the log shows each import: the app adds no "Imported" toast
    # Under 30 lines (-short) the results get the room: the help goes once used, the log shows
    # its last two lines, each result one line of abstract.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    BINDINGS = [
        Binding("escape", "back", "Back", id="add.back"),
        Binding("ctrl+l", "focus_input", "Edit query", id="add.edit"),
    ]

    class SearchNotice(Message):
        """From the search worker while it waits to retry."""

        def __init__(self, line: str) -> None:
            super().__init__()
            self.line = line

    class SearchDone(Message):
        def __init__(self, query: str, results: list[Paper], in_library: set[str], error: str | None) -> None:
            super().__init__()
            self.query, self.results, self.in_library, self.error = query, results, in_library, error

    def __init__(self) -> None:
        super().__init__()
        self.results: list[Paper] = []
        self.in_library: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static("Add papers", id="add-title", classes="screen-title")
        yield Static(HELP, id="add-help", markup=False)
        yield InOrderInput(placeholder="ids, URLs or a search query", id="add-input")
        with Vertical(id="add-body"):
            yield Static("", id="add-status", markup=False)
            yield RichLog(id="add-log", max_lines=200, min_width=20, wrap=True, markup=False)
            yield OptionList(id="add-results")
        yield Footer()

    def on_mount(self) -> None:
        if self.app.exiting:
            return  # a key typed while quitting pushed this screen: nothing to show
        self.query_one("#add-results").display = False
        self.query_one("#add-log").display = False
        self.query_one(RichLog).border_title = "Imports"
        self.set_focus(self.query_one("#add-input"))
        self.app.imports.subscribe(self, self._import_event)
        if self.app.importing:
            self._status(f"importing {len(self.app.importing)} …")

    # -- input -------------------------------------------------------------------------------

    @on(Input.Submitted, "#add-input")
    def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        found = split_ids(text)
        if found is not None:
            ids, others = found
            for word in others:
                self.notify(f"“{word}” is not an arXiv id or URL; it was skipped.",
                            title="Not an id", severity="warning", timeout=8, markup=False)
                self._log(Text(f"✗ skipped {word}: not an arXiv id or URL", style="red"))
            self.add(ids)
            event.input.value = ""
        else:
            self._status(f"searching arXiv for {text} …")
            self._search(text)
        self.add_class("-searched")

    def add(self, texts: list[str]) -> None:
        for t in texts:
            self._log(f"adding {t} …")
        self._status(f"importing {len(texts)} …")
        self.app.start_import(texts)

    def _log(self, line: str | Text) -> None:
        log = self.query_one(RichLog)
        log.display = True
        log.write(line if isinstance(line, Text) else Text(line))

    @work(thread=True, exclusive=True, group="arxiv-search", exit_on_error=False)
    def _search(self, query: str) -> None:
        from ...errors import PaperdeckError

        results: list[Paper] = []
        error = None
        in_library: set[str] = set()
        try:
            results = self.app.arxiv_client().search(
                query, max_results=SEARCH_RESULTS,
                notify=lambda line: self.post_message(self.SearchNotice(line)))
            conn = self.app.thread_connection()
            try:
                for p in results:
                    if conn.execute("SELECT 1 FROM papers WHERE id = ?", (p.id,)).fetchone():
                        in_library.add(p.id)
            finally:
                conn.close()
        except PaperdeckError as e:
            error = str(e)
        except Exception as e:  # noqa: BLE001 - one line, never a traceback
            error = f"search failed: {type(e).__name__}: {e}"
        self.post_message(self.SearchDone(query, results, in_library, error))

    def on_add_screen_search_notice(self, message: SearchNotice) -> None:
        self._status(message.line)

    def on_add_screen_search_done(self, message: SearchDone) -> None:
        if message.error:
            self._status(message.error)
            self.notify(message.error, title="Search failed", severity="error", markup=False)
            return
        self.results, self.in_library = message.results, message.in_library
        self._show_results()
        n = len(self.results)
        if n:
            self._status(f"{n} result{'s' if n != 1 else ''} for {message.query} — Enter adds the highlighted paper")
            self.set_focus(self.query_one(OptionList))
        else:
            self._status(f"no results on arXiv for {message.query}")

    def _show_results(self) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        width = max(40, self.size.width - 6)
        lines = 1 if self.has_class("-short") else 2
        options.clear_options()
        options.add_options(
            Option(result_prompt(p, p.id in self.in_library, width, lines), id=p.id) for p in self.results
        )
        options.display = bool(self.results)
        if self.results:
            options.highlighted = min(highlighted or 0, len(self.results) - 1)

    @on(OptionList.OptionSelected, "#add-results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        paper_id = event.option.id
        if paper_id in self.in_library:
            self.notify(f"{paper_id} is already in the library.", markup=False)
            return
        self.add([paper_id])

    # -- import progress (published by the app) ----------------------------------------------

    def _import_event(self, event: ImportEvent) -> None:
        if event.notice:
            self._log(Text("… " + event.message, style="dim"))
            self._status(event.message)
            return
        if event.done:
            if self.app.importing:
                self._status(f"importing {len(self.app.importing)} …")
            else:
                self._status("import finished" if event.ok else event.message)
            if not event.ok:
                self._log(Text(event.message, style="red"))
            return
        self._log(Text(("✓ " if event.ok else "✗ ") + event.message, style="" if event.ok else "red"))
        if event.ok and event.paper_id:
            self.in_library.add(event.paper_id)
            if any(p.id == event.paper_id for p in self.results):
                self._show_results()

    def _status(self, text: str) -> None:
        self.query_one("#add-status", Static).update(text)

    # -- actions -----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_focus_input(self) -> None:
        """Back to the query, its old text selected: the next one typed replaces it."""
        query = self.query_one("#add-input", Input)
        self.set_focus(query)
        query.select_all()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("add: edit the query", "Back to the id/search field (ctrl+l)", self.action_focus_input)
        yield SystemCommand("add: back to the library", "Imports keep running (escape)", self.action_back)
