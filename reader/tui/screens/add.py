"""Add: paste arXiv ids/URLs (or a whole reading list) to import them, or type a query to search
arXiv and pick results: more load as the list is scrolled to its end; space marks several,
Enter adds the marked ones (or the highlighted one).

The search runs in this screen's workers; imports run in the app's worker, so the screen can be
left while an import continues (the library refreshes when it ends).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, RichLog, Static
from textual.widgets.option_list import Option

from reader.tui.widgets.in_order import InOrderInput
from reader.models import Paper
from reader.arxiv.reflist import typed
from reader.tui.app import ImportEvent
from reader.tui.data import authors_line

HELP = ("Paste arXiv ids, URLs or a reading list (1211.3711 arxiv.org/abs/1706.03762) to import "
        "them, or words to search arXiv (au:graves ti:transduction). ctrl+n adds a lecture, "
        "course, book section, code or post.")
LOAD_MORE_AT = 3  # results from the end of the list at which the next page is fetched


def result_prompt(paper: Paper, in_library: bool, width: int, marked: bool = False,
                  abstract_lines: int = 2) -> Text:
    """Title, authors · date · id, then the abstract's first lines; all plain text."""
    text = Text(no_wrap=False)
    if marked:
        text.append("● ", style="bold")
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


class AddBox(InOrderInput):
    """The query box. A paste of several lines (a reading list) is shown on one line, and the
    lines are kept for when it is submitted unchanged (Input itself keeps only the first)."""

    pasted: tuple[str, str] | None = None   # (as shown, as pasted)

    def _on_paste(self, event: events.Paste) -> None:
        # Terminals end pasted lines with CR (xterm, tmux's paste-buffer), CRLF or LF: all are
        # line breaks here.
        text = event.text.replace("\r\n", "\n").replace("\r", "\n")
        if "\n" in text.strip("\n"):
            shown = " ".join(text.split())
            self.pasted = (shown, text)
            self.value = shown
            self.cursor_position = len(shown)
            event.stop()
            event.prevent_default()  # not Input's own paste too (it would add the first line)
        # One line: Input's own handler inserts it. (Textual calls the handler of each class in
        # the MRO, so calling it from here as well inserted the line twice.)

    def submitted_text(self, value: str) -> str:
        """What was submitted: the pasted lines when the box still shows them unchanged."""
        if self.pasted is not None and value.strip() == self.pasted[0].strip():
            return self.pasted[1]
        return value


class AddScreen(Screen):
    """Import by id/URL, or search arXiv and pick."""

    SHOWS_IMPORTS = True  # the log shows each import: the app adds no "Imported" toast
    PAGE = 25  # results fetched at a time
    # Under 30 lines (-short) the results get the room: the help goes once used, the log shows
    # its last two lines, each result one line of abstract.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    BINDINGS = [
        Binding("escape", "back", "Back", id="add.back"),
        Binding("ctrl+l", "focus_input", "Edit query", id="add.edit"),
        Binding("space", "mark", "Mark", id="add.mark"),
        Binding("ctrl+a", "add_marked", "Add marked", id="add.add_marked"),
        # a priority binding: it acts from the query box too
        Binding("ctrl+n", "add_item", "Lecture, book…", priority=True, id="add.item"),
    ]

    class SearchNotice(Message):
        """From the search worker while it waits to retry."""

        def __init__(self, line: str) -> None:
            super().__init__()
            self.line = line

    class SearchDone(Message):
        """A page of results (`start` > 0: more for the list already shown)."""

        def __init__(self, query: str, start: int, results: list[Paper], total: int,
                     in_library: set[str], error: str | None) -> None:
            super().__init__()
            self.query, self.start, self.results, self.total = query, start, results, total
            self.in_library, self.error = in_library, error

    def __init__(self) -> None:
        super().__init__()
        self.results: list[Paper] = []
        self.in_library: set[str] = set()
        self.marked: set[str] = set()
        self.search_query = ""
        self.total = 0
        self.loading_more = False

    def compose(self) -> ComposeResult:
        yield Static("Add papers", id="add-title", classes="screen-title")
        yield Static(HELP, id="add-help", markup=False)
        yield AddBox(placeholder="ids, URLs, a reading list, or a search query", id="add-input")
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
        self.watch(self.query_one(OptionList), "scroll_y", self._scrolled, init=False)
        if self.app.importing:
            self._status(f"importing {len(self.app.importing)} …")

    # -- input -------------------------------------------------------------------------------

    @on(Input.Submitted, "#add-input")
    def _submitted(self, event: Input.Submitted) -> None:
        box = self.query_one(AddBox)
        text = box.submitted_text(event.value).strip()
        box.pasted = None
        if not text:
            return
        self.add_class("-searched")
        plan = typed(text)
        if plan.search:
            self._status(f"searching arXiv for {' '.join(text.split())} …")
            self._search(" ".join(text.split()), 0)
            return
        for word in plan.broken:
            self._not_an_id(word)
        if not plan.ids:
            return  # only broken ids: said; the text stays to be mended
        if plan.unusable:
            for word in plan.unusable:
                self._log(Text(f"✗ skipped {word}: not an arXiv id or URL", style="red"))
            words = ", ".join(f"“{w}”" for w in plan.unusable)
            self.notify(f"{words} {'is not an arXiv id or URL; it was' if len(plan.unusable) == 1 else 'are not arXiv ids or URLs; they were'} skipped.",
                        title="Not an id", severity="warning", timeout=8, markup=False)
        for label in plan.skipped:
            self._log(Text(f"✗ no arXiv id (skipped): {label}", style="red"))
        if plan.other_words:
            self._log(Text(f"found {len(plan.ids)} arXiv paper{'s' if len(plan.ids) != 1 else ''}"
                           + (f"; {len(plan.skipped)} entries have no arXiv id" if plan.skipped else ""),
                           style="bold"))
        self.add(plan.ids)
        event.input.value = ""

    def _not_an_id(self, word: str) -> None:
        """The CLI's message for a word that looks like a broken id."""
        from reader.errors import UsageError
        from reader.ids import parse

        try:
            parse(word)
            return
        except UsageError as e:
            message = str(e)
        self._log(Text(f"✗ {message}", style="red"))
        self.notify(message, title="Not an arXiv id", severity="warning", timeout=10, markup=False)

    def add(self, texts: list[str]) -> None:
        for t in texts:
            self._log(f"adding {t} …")
        self._status(f"importing {len(texts)} …")
        self.app.start_import(texts)

    def _log(self, line: str | Text) -> None:
        log = self.query_one(RichLog)
        log.display = True
        log.write(line if isinstance(line, Text) else Text(line))

    # -- search, a page at a time ------------------------------------------------------------

    @work(thread=True, exclusive=True, group="arxiv-search", exit_on_error=False)
    def _search(self, query: str, start: int) -> None:
        self._fetch_page(query, start)

    @work(thread=True, exclusive=True, group="arxiv-more", exit_on_error=False)
    def _more(self, query: str, start: int) -> None:
        self._fetch_page(query, start)

    def _fetch_page(self, query: str, start: int) -> None:
        """One page of results, posted back as SearchDone (run in a worker thread)."""
        from reader.errors import PaperdeckError

        results: list[Paper] = []
        total = 0
        error = None
        in_library: set[str] = set()
        try:
            feed = self.app.arxiv_client().search_page(
                query, start, self.PAGE,
                notify=lambda line: self.post_message(self.SearchNotice(line)))
            results, total = feed.papers, feed.total
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
        self.post_message(self.SearchDone(query, start, results, total, in_library, error))

    def on_add_screen_search_notice(self, message: SearchNotice) -> None:
        self._status(message.line)

    def on_add_screen_search_done(self, message: SearchDone) -> None:
        self.loading_more = False
        if message.error:
            self._status(message.error)
            self.notify(message.error, title="Search failed", severity="error", markup=False)
            return
        if message.start == 0:
            self.search_query, self.results, self.marked = message.query, [], set()
            self.in_library = set()
            self.query_one(OptionList).clear_options()
        elif message.query != self.search_query or message.start != len(self.results):
            return  # a page for a list no longer shown
        known = {p.id for p in self.results}
        fresh = [p for p in message.results if p.id not in known]
        self.results += fresh
        self.in_library |= message.in_library
        self.total = max(message.total, len(self.results))
        if not message.results:
            self.total = len(self.results)  # arXiv ended the list early: nothing more to load
        self._append_results(fresh)
        if self.results:
            self._status_results()
            if message.start == 0:
                self.set_focus(self.query_one(OptionList))
        else:
            self._status(f"no results on arXiv for {message.query}")

    def _status_results(self) -> None:
        shown, total = len(self.results), self.total
        more = " — more load at the end" if shown < total else ""
        marked = f" · {len(self.marked)} marked (ctrl+a adds them)" if self.marked else ""
        self._status(f"{shown:,} of {total:,} results for {self.search_query}{more}{marked} — "
                     "space marks, Enter adds")

    @property
    def abstract_lines(self) -> int:
        return 1 if self.has_class("-short") else 2

    def _append_results(self, papers: list[Paper]) -> None:
        options = self.query_one(OptionList)
        width = max(40, self.size.width - 6)
        options.add_options(Option(result_prompt(p, p.id in self.in_library, width,
                                                 p.id in self.marked, self.abstract_lines), id=p.id)
                            for p in papers)
        options.display = bool(self.results)
        if self.results and options.highlighted is None:
            options.highlighted = 0

    def _redraw(self, paper_id: str) -> None:
        index = next((i for i, p in enumerate(self.results) if p.id == paper_id), None)
        if index is None:
            return
        paper = self.results[index]
        width = max(40, self.size.width - 6)
        self.query_one(OptionList).replace_option_prompt_at_index(
            index, result_prompt(paper, paper.id in self.in_library, width, paper.id in self.marked,
                                 self.abstract_lines))

    def _load_more(self) -> None:
        if self.loading_more or not self.search_query or len(self.results) >= self.total:
            return
        self.loading_more = True
        self._status(f"{len(self.results):,} of {self.total:,} results for {self.search_query} — loading more …")
        self._more(self.search_query, len(self.results))

    @on(OptionList.OptionHighlighted, "#add-results")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index >= len(self.results) - LOAD_MORE_AT:
            self._load_more()

    def _scrolled(self, _old: float, new: float) -> None:
        options = self.query_one(OptionList)
        if options.max_scroll_y and new >= options.max_scroll_y:
            self._load_more()

    # -- picking -----------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#add-results")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if self.marked:
            self.action_add_marked()
            return
        paper_id = event.option.id
        if paper_id in self.in_library:
            self.notify(f"{paper_id} is already in the library.", markup=False)
            return
        self.add([paper_id])

    def action_mark(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.results:
            return
        paper_id = self.results[options.highlighted].id
        if paper_id in self.marked:
            self.marked.discard(paper_id)
        else:
            self.marked.add(paper_id)
        self._redraw(paper_id)
        self._status_results()
        self.refresh_bindings()
        if options.highlighted < len(self.results) - 1:
            options.highlighted += 1  # marking walks down the list, as in a file manager

    def action_add_marked(self) -> None:
        marked = [p.id for p in self.results if p.id in self.marked]
        new = [pid for pid in marked if pid not in self.in_library]
        self.marked.clear()
        self.refresh_bindings()
        for pid in marked:
            self._redraw(pid)
        if len(new) < len(marked):
            n = len(marked) - len(new)
            self.notify(f"{n} of the marked {'is' if n == 1 else 'are'} already in the library.",
                        markup=False)
        if new:
            self.add(new)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("mark", "add_marked"):
            if not isinstance(self.focused, OptionList):
                return False  # in the query box, space is a space
            return bool(self.marked) if action == "add_marked" else True
        return True

    @on(events.DescendantFocus)
    def _focus_moved(self) -> None:
        self.refresh_bindings()

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
            self._redraw(event.paper_id)

    def _status(self, text: str) -> None:
        self.query_one("#add-status", Static).update(text)

    def note(self, text: str) -> None:
        """News for the log from elsewhere (the background reader of PDF text)."""
        self._log(Text(text, style="dim"))

    # -- actions -----------------------------------------------------------------------------

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_focus_input(self) -> None:
        """Back to the query, its old text selected: the next one typed replaces it."""
        query = self.query_one("#add-input", Input)
        self.set_focus(query)
        query.select_all()

    def action_add_item(self, kind: str = "lecture") -> None:
        """The form for an item of another kind (as `add --kind`)."""
        from reader.tui.screens.item_form import item_form

        self.app.push_screen(item_form(self.app, kind))

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("add: a lecture, course, book section, code or post",
                            "The form of add --kind (ctrl+n)", self.action_add_item)
        yield SystemCommand("add: edit the query", "Back to the id/search field (ctrl+l)", self.action_focus_input)
        yield SystemCommand("add: mark the result", "Mark it to add several at once (space)", self.action_mark)
        yield SystemCommand("add: add the marked results", "(ctrl+a; Enter too)", self.action_add_marked)
        yield SystemCommand("add: back to the library", "Imports keep running (escape)", self.action_back)
