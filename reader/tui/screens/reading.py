"""Reading from the PDF: the paper's text page by page, search in it, notes beside it, passes.

This is the reading screen of a paper that has no arXiv HTML (a local PDF, a paper arXiv has no
HTML for, or one whose HTML has not been fetched): reader.tui.screens.reading_html reads the
others, and sends here, with the reason shown over the text, when there is none.

Text comes from `reader.text.pdf.pdftext`: cached pages at once (a worker thread, own connection), the
others from `reader.text.pdf.pdftext.extract` run in a child process (reader/tui/extract_proc.py) as they
are extracted, so page 1 shows while the rest is read and pypdf never competes with the UI for
the interpreter lock. Leaving the screen kills the child; what was done stays cached.

Pages are kept as stored; a page's PDF line breaks are joined into paragraphs (`reflow`) when it
is first shown, on the UI thread (under a millisecond a page), so the worker hands over a
39-page paper without competing with the first frame for the interpreter lock.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea

from reader.tui.widgets.in_order import InOrderInput
from reader.models import PageText, Paper, Pass
from reader.tui.data import page_display_text
from reader.tui.widgets.key_footer import KeyFooter
from reader.tui.widgets.notes_editor import NotesEditor
from reader.tui.widgets.page_view import PageView
from reader.tui.notes_beside import NotesBeside
from reader.tui.pass_steps import PassSteps

NOTES_BESIDE_MIN_WIDTH = 100
REFRESH_S = 2.0  # how often an open Reading screen takes in notes changed elsewhere


def find_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Case-insensitive occurrences of `needle` in a page's text, as (start, end). Line breaks
    count as spaces, so a phrase across a PDF line is found; the offsets hold in the shown text
    too (joining lines into paragraphs turns newlines into spaces and moves nothing)."""
    if not needle:
        return []
    flat = text.replace("\n", " ")
    return [(m.start(), m.end()) for m in re.finditer(re.escape(needle), flat, re.IGNORECASE)]


class ReadingScreen(NotesBeside, PassSteps, Screen):
    BINDINGS = [
        # Priority: these move the focus, and the keys typed right behind them must follow it.
        Binding("escape", "back", "Back", priority=True, id="read.back"),
        Binding("n,right", "page(1)", "Next page", key_display="n", id="read.next"),
        Binding("p,left", "page(-1)", "Prev page", key_display="p", id="read.prev"),
        Binding("g", "prompt('goto')", "Go to page", show=False, priority=True, id="read.goto"),
        Binding("slash", "prompt('search')", "Search", priority=True, id="read.search"),
        Binding("m", "match(1)", "Next match", show=False, id="read.next_match"),
        Binding("M", "match(-1)", "Prev match", show=False, id="read.prev_match"),
        Binding("f2", "toggle_notes", "Notes", id="read.notes"),
        Binding("ctrl+n", "pass_step", "Pass", id="read.pass"),
        Binding("ctrl+s", "save", "Save", show=False, id="read.save"),
        Binding("ctrl+f", "skim", "Skim", show=False, id="read.skim"),  # palette
    ]

    class PagesReady(Message):
        """Pages from the worker: the cached ones in one message, then one per extracted page."""

        def __init__(self, pages: list[PageText]) -> None:
            super().__init__()
            self.pages = pages

    class ExtractionEnded(Message):
        def __init__(self, problem: str | None) -> None:
            super().__init__()
            self.problem = problem

    def __init__(self, paper_id: str, note: str | None = None) -> None:
        super().__init__()
        self.paper_id = paper_id
        self.note = note   # why this is the PDF's text ("PDF text: arXiv has no HTML for this paper")
        self.paper: Paper | None = None
        self.pages: dict[int, PageText] = {}
        self._shown_text: dict[int, str] = {}   # page -> its text as shown (paragraphs joined)
        self.page_count: int | None = None
        self.current = 1
        self.extracting = True       # until the extraction worker says it ended
        self.problem: str | None = None
        self.query_text = ""
        self.matches: list[tuple[int, int, int]] = []   # (page, start, end)
        self.match_index: int | None = None
        self.passes: list[Pass] = []
        self.prompt_mode: str | None = None
        self._cancel = threading.Event()
        self._child = None  # the extraction process, while it runs

    def compose(self) -> ComposeResult:
        with Horizontal(id="read-top", classes="screen-title"):
            yield Static("", id="read-title", markup=False)
            yield Static("", id="read-where", markup=False)
        yield Static("", id="read-source", markup=False)   # "PDF text: …" and why
        with Horizontal(id="read-main"):
            yield PageView(id="read-page")
            yield NotesEditor(self.paper_id, id="read-notes")
        yield InOrderInput(id="read-prompt")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.app.exiting:
            return  # a key typed while quitting pushed this screen: nothing to show
        if not self.open_paper():
            return
        self._wide = self.app.size.width >= NOTES_BESIDE_MIN_WIDTH
        self.query_one(NotesEditor).display = self._wide
        self.set_focus(self.query_one(PageView))
        self.extracting = True
        self._set_note(self.note)
        self._show_where()
        self._show_page()
        self._extract()
        self._fetch_html()
        self.set_interval(REFRESH_S, self._refresh_if_current)

    def on_resize(self, event: events.Resize) -> None:
        """Notes beside the text from 100 columns; a resize across that width shows or hides
        them (f2 still toggles them at any width)."""
        wide = event.size.width >= NOTES_BESIDE_MIN_WIDTH
        if self.paper is None or wide == getattr(self, "_wide", wide):
            return
        self._wide = wide
        editor = self.query_one(NotesEditor)
        if editor.display != wide:
            if not wide and isinstance(self.focused, TextArea):
                self.set_focus(self.query_one(PageView))
            editor.display = wide
            if self.current not in self.pages:
                self._show_page()  # the message that says where the notes are

    # -- changes made elsewhere (the CLI, the Paper screen) ---------------------------------

    def on_screen_resume(self) -> None:
        if not self.app.exiting and self.paper is not None:
            self.reload()

    def _refresh_if_current(self) -> None:
        if self.is_current and not self.app.exiting:
            self.reload()

    def reload(self) -> None:
        """Notes in the fields not being edited, and the passes, as the database holds them."""
        from reader.reading import notes
        from reader.reading import passes

        conn = self.app.conn
        self.query_one(NotesEditor).sync(notes.get(conn, self.paper_id))
        self.passes = passes.for_paper(conn, self.paper_id)

    def on_unmount(self) -> None:
        self._cancel.set()
        child = self._child
        if child is not None and child.poll() is None:
            child.kill()  # pages done so far are stored; the next visit resumes after them

    # -- arXiv's HTML, asked for the first time a paper is opened -----------------------------

    class HtmlFetched(Message):
        def __init__(self, readable: bool, why: str) -> None:
            super().__init__()
            self.readable = readable
            self.why = why

    @work(thread=True, exclusive=True, group="html-fetch", exit_on_error=False)
    def _fetch_html(self) -> None:
        """A paper never asked for (or whose last try failed): ask arXiv now, in the background."""
        from reader.library import paper_html
        from reader.text.html import html_store
        from reader.tui import html_source

        conn = self.app.thread_connection()
        try:
            paper = self.paper
            st = html_store.state(conn, self.paper_id)
            if paper is None or not paper_html.wants_fetch(paper, st, self.app.arxiv_settings):
                return
            self.app.call_from_thread(self._set_note, "PDF text: asking arXiv for its HTML …")
            paper_html.ensure(conn, self.app.arxiv_settings, paper, self._cancel)
            ok, why = html_source.readable(conn, paper)
        except Exception as e:  # noqa: BLE001 - the PDF text stays; say why in one line
            ok, why = False, f"arXiv's HTML could not be fetched: {type(e).__name__}: {e}"
        finally:
            conn.close()
        if not self._cancel.is_set():
            self.post_message(self.HtmlFetched(ok, why))

    def _set_note(self, note: str | None) -> None:
        if self.is_attached:
            self.note = note
            source = self.query_one("#read-source", Static)
            source.display = bool(note)
            source.update(note or "")

    def on_reading_screen_html_fetched(self, message: HtmlFetched) -> None:
        if not message.readable:
            self._set_note(f"PDF text: {message.why}")
        elif self.current == 1 and not self.query_text and self.is_current:
            # Nothing read here yet: the router now gives the HTML's screen.
            self.app.switch_screen(self.app.screen_for("read", paper_id=self.paper_id))
        else:
            self._set_note("arXiv's HTML is kept now: open the paper again to read it")

    # -- extraction --------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="extract", exit_on_error=False)
    def _extract(self) -> None:
        """Cached pages straight from the database; the rest from a child process (see
        reader/tui/extract_proc.py), each page posted as soon as it is stored."""
        from reader.text.pdf import pdftext
        from reader.library import papers as library

        app = self.app
        conn = app.thread_connection()
        problem = None
        try:
            paper = library.get(conn, self.paper_id)
            state = pdftext.state(conn, self.paper_id)
            fresh = state is not None and paper is not None and state.pdf_path == paper.pdf_path
            cached = pdftext.cached_pages(conn, self.paper_id) if fresh else []
            if cached:
                self.post_message(self.PagesReady(cached))
            if fresh and state.status in ("done", "failed"):
                problem = state.reason if state.status == "failed" else None
            elif not self._cancel.is_set():
                problem = self._extract_in_child(conn)
        except Exception as e:  # noqa: BLE001 - one line, never a traceback
            problem = f"cannot read the text: {type(e).__name__}: {e}"
        finally:
            conn.close()
        self.post_message(self.ExtractionEnded(problem))

    def _extract_in_child(self, conn) -> str | None:
        import subprocess
        import sys

        from reader import clock
        from reader.text.pdf import pdftext

        app = self.app
        command = [sys.executable, "-m", "reader.tui.extract_proc", str(app.paths.data),
                   str(app.paths.config_dir), self.paper_id, clock.iso(app.now())]
        self._child = child = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            text=True, start_new_session=True,
        )
        if self._cancel.is_set():
            child.kill()
        problem = None
        try:
            for line in child.stdout:
                kind, _, rest = line.rstrip("\n").partition(" ")
                if kind == "page" and rest.isdigit():
                    page = pdftext.cached_page(conn, self.paper_id, int(rest))
                    if page is not None:
                        self.post_message(self.PagesReady([page]))
                elif kind == "error":
                    problem = rest
        finally:
            child.stdout.close()
            child.wait()
        if self._cancel.is_set():
            return None
        if child.returncode and problem is None:
            problem = "the text extraction stopped unexpectedly; open the paper again to retry"
        return problem

    def on_reading_screen_pages_ready(self, message: PagesReady) -> None:
        fresh = [p for p in message.pages if p.page not in self.pages]
        for page in fresh:
            self.pages[page.page] = page
            if page.page_count:
                self.page_count = page.page_count
            if self.query_text and page.text:
                self.matches.extend((page.page, s, e) for s, e in find_spans(page.text, self.query_text))
        if not fresh:
            return
        if self.query_text:
            self.matches.sort()
        if any(p.page == self.current for p in fresh):
            self._show_page()
        self._show_where()

    def shown_text(self, number: int) -> str | None:
        """Page `number`'s text as shown: its PDF lines joined into paragraphs (once)."""
        text = self._shown_text.get(number)
        if text is None:
            page = self.pages.get(number)
            if page is None or page.text is None:
                return None
            text = self._shown_text[number] = page_display_text(page.text)
        return text

    def on_reading_screen_extraction_ended(self, message: ExtractionEnded) -> None:
        self.extracting = False
        self.problem = message.problem
        if message.problem and not self.pages:
            self.notify(message.problem, severity="warning", markup=False)
        self._show_where()
        self._show_page()

    # -- showing -----------------------------------------------------------------------------

    def _show_where(self) -> None:
        total = self.page_count or (len(self.pages) if not self.extracting else None)
        text = Text()
        text.append(f"page {self.current}" + (f"/{total}" if total else ""))
        if self.extracting and self.page_count:
            text.append(f"  · extracting {len(self.pages)}/{self.page_count}", style="italic")
        elif self.extracting:
            text.append("  · extracting …", style="italic")
        if self.query_text:
            n = len(self.matches)
            at = f"{self.match_index + 1}/" if self.match_index is not None and n else ""
            text.append(f"  · “{self.query_text}” {at}{n} match{'es' if n != 1 else ''}")
        where = self.query_one("#read-where", Static)
        # As wide as its text (the title takes the rest, up to an ellipsis). The width changes a
        # few times while a paper is extracted; only then is the screen laid out again, not for
        # each page.
        width = text.cell_len + 2
        if where.styles.width is None or where.styles.width.value != width:
            where.styles.width = width
        where.update(text, layout=False)

    def _show_page(self, keep_scroll: bool = False) -> None:
        view = self.query_one(PageView)
        page = self.pages.get(self.current)
        if page is None:
            if self.extracting:
                view.show_message("Extracting the text of this page …")
            elif self.problem:
                notes = ("Your notes are beside this text (f2 hides them)." if self.query_one(NotesEditor).display
                         else "f2 shows your notes beside this text.")
                fetch = ""
                if self.paper is not None and self.paper.pdf_status != "ok" and not self.paper.is_local:
                    fetch = "\n\nOr go back (escape) and press ctrl+o: the Paper screen downloads it."
                view.show_message(self.problem + fetch + "\n\n" + notes)
            else:
                view.show_message("There is no such page.")
            return
        if page.text is None:
            view.show_message(f"Page {page.page} could not be read: {page.error}")
            return
        spans = [(s, e) for p, s, e in self.matches if p == self.current]
        current = None
        if self.match_index is not None and self.matches:
            p, s, e = self.matches[self.match_index]
            if p == self.current:
                current = spans.index((s, e))
        view.show(self.shown_text(page.page) or "(this page has no text)", spans, current,
                  keep_scroll=keep_scroll)

    def go_to(self, number: int) -> None:
        last = self.page_count or max(self.pages, default=1)
        number = max(1, min(number, last))
        if number != self.current:
            self.current = number
            self._show_page()
            self._show_where()

    # -- actions -----------------------------------------------------------------------------

    def action_page(self, delta: int) -> None:
        self.match_index = None
        self.go_to(self.current + delta)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "prompt":  # in a note or the prompt, `g` and `/` are typed
            return not isinstance(self.focused, (TextArea, Input))
        return True

    def action_prompt(self, mode: str) -> None:
        prompt = self.query_one("#read-prompt", Input)
        self.prompt_mode = mode
        prompt.placeholder = "Search the text (Enter)" if mode == "search" else "Go to page (Enter)"
        prompt.value = self.query_text if mode == "search" else ""
        prompt.display = True
        self.set_focus(prompt)

    def _close_prompt(self) -> None:
        prompt = self.query_one("#read-prompt", Input)
        prompt.display = False
        self.prompt_mode = None
        self.set_focus(self.query_one(PageView))

    @on(Input.Submitted, "#read-prompt")
    def _prompt_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        mode = self.prompt_mode
        self._close_prompt()
        if mode == "goto":
            if value.isdigit():
                self.match_index = None
                self.go_to(int(value))
            elif value:
                self.notify(f"Not a page number: {value}", severity="warning", markup=False)
        elif mode == "search":
            self.search(value)

    def search(self, needle: str) -> None:
        self.query_text = needle
        self.matches = [
            (n, s, e) for n, page in sorted(self.pages.items()) if page.text
            for s, e in find_spans(page.text, needle)
        ]
        self.match_index = None
        if needle and not self.matches:
            self.notify(f"No match for “{needle}”" + (" yet (still extracting)" if self.extracting else ""),
                        markup=False)
        if self.matches:
            # The first match on or after the current page.
            self.match_index = next((i for i, m in enumerate(self.matches) if m[0] >= self.current), 0)
            self.current = self.matches[self.match_index][0]
        self._show_page()
        self._show_where()

    def action_match(self, delta: int) -> None:
        if not self.matches:
            if self.query_text:
                self.notify(f"No match for “{self.query_text}”", markup=False)
            else:
                self.action_prompt("search")
            return
        if self.match_index is None:
            self.match_index = 0 if delta > 0 else len(self.matches) - 1
        else:
            self.match_index = (self.match_index + delta) % len(self.matches)
        self.current = self.matches[self.match_index][0]
        self._show_page()
        self._show_where()

    def text_view(self) -> PageView:
        return self.query_one(PageView)

    def notes_toggled(self) -> None:
        if self.current not in self.pages:
            self._show_page()  # the message that says where the notes are

    def action_back(self) -> None:
        if self.prompt_mode is not None:
            self._close_prompt()
            return
        if isinstance(self.focused, TextArea):
            self.set_focus(self.query_one(PageView))
            return
        self.query_one(NotesEditor).flush()
        self.app.pop_screen()

    def action_skim(self) -> None:
        from reader.tui.screens.skim_from_pdf import open_skim

        open_skim(self)

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("read: next page", "(n)", lambda: self.action_page(1))
        yield SystemCommand("read: previous page", "(p)", lambda: self.action_page(-1))
        yield SystemCommand("read: go to page", "(g)", lambda: self.action_prompt("goto"))
        yield SystemCommand("read: search the text", "Matches highlighted (/)", lambda: self.action_prompt("search"))
        yield SystemCommand("read: next match", "(m; M for the previous one)", lambda: self.action_match(1))
        yield SystemCommand("paper: skim (first pass)", "Title, abstract, each page's first "
                            "lines (ctrl+f)", self.action_skim)
        yield from self.notes_commands()
