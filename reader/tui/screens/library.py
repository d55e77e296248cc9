"""The Library: every paper in a table, a filter that ranks as you type, a status filter, sorting,
and what is due today. The first screen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from decks.queue import DueCounts

from ..data import NO_DUE, STATUSES, LibraryView, PaperRow, due_today, library_view
from ..widgets.paper_table import PaperTable

STATUS_FILTERS = ("all", *STATUSES)
# name -> (key function, reverse)
SORTS = {
    "added": (lambda r: (r.added, r.id), True),
    "title": (lambda r: r.title.casefold(), False),
    "year": (lambda r: (r.year, r.added), True),
    "status": (lambda r: (STATUSES.index(r.status), r.added), True),
    "due": (lambda r: (r.due, r.added), True),
}

WELCOME = (
    "Welcome to paperdeck.\n\n"
    "Your library is empty. Press  a  to add a first paper: paste an arXiv id or URL "
    "(1211.3711, https://arxiv.org/abs/1706.03762) or search arXiv by title or author.\n\n"
    "Then open it with Enter, read it in passes, and write what it does, how, and why it "
    "matters. paperdeck turns those notes into review cards and brings them back before you "
    "forget them.\n\n"
    "ctrl+p opens the command palette; q quits."
)


@dataclass
class View:
    query: str = ""
    status: str = "all"
    sort: str = "added"


class LibraryScreen(Screen):
    """The first screen."""

    BINDINGS = [
        Binding("a", "add", "Add", id="library.add"),
        Binding("slash", "focus_filter", "Filter", id="library.filter"),
        Binding("f", "cycle_status", "Status", id="library.status"),
        Binding("o", "cycle_sort", "Sort", id="library.sort"),
        Binding("r", "app.open('review')", "Review", id="library.review"),
        Binding("s", "app.open('stats')", "Stats", id="library.stats"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="library.clear"),
        Binding("q", "app.quit", "Quit", id="library.quit"),
    ]

    class Loaded(Message):
        """From the loading worker: the rows and today's due counts."""

        def __init__(self, library: LibraryView, due: DueCounts, keep: str | None, error: str | None = None) -> None:
            super().__init__()
            self.library, self.due, self.keep, self.error = library, due, keep, error

    def __init__(self) -> None:
        super().__init__()
        self.library = LibraryView([], [])
        self.shown = View()
        self.loaded = False
        self._loading = False
        self._pending: tuple[str | None] | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="library-top"):
            yield Static("paperdeck", id="library-title")
            yield Static("", id="library-due")
        with Horizontal(id="library-bar"):
            yield Input(placeholder="Filter: title, author or id (ranked as you type)", id="library-filter")
            yield Static("", id="library-view")
        with Vertical(id="library-body"):
            yield PaperTable(id="library-table")
            yield Static(WELCOME, id="library-welcome", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.app.exiting:
            return  # a key typed while quitting pushed this screen: nothing to show
        self.query_one("#library-welcome").display = False
        self.query_one(PaperTable).focus()
        self._show_view()
        self.app.library_changed.subscribe(self, self._library_changed)
        self.reload()

    def on_screen_resume(self) -> None:
        if self.app.exiting:
            return
        if self.loaded:
            self.reload()

    def _library_changed(self, paper_id: str | None) -> None:
        if paper_id is not None and self.app.importing:
            return  # one reload when the import ends, not one per paper
        self.reload(keep=paper_id)

    # -- loading (in a worker: a 10,000-paper library is a bulk read) -------------------------

    def reload(self, keep: str | None = None) -> None:
        """Load the rows again; while a load runs, one more is queued (threads cannot be
        interrupted, so loads are never run side by side)."""
        table = self.query_one(PaperTable)
        keep = keep or (table.current.id if table.current else None)
        if self._loading:
            self._pending = (keep,)
            return
        self._loading = True
        self._load(keep)

    @work(thread=True, group="library-load", exit_on_error=False)
    def _load(self, keep: str | None) -> None:
        app = self.app
        try:
            conn = app.thread_connection()
            try:
                now = app.now()
                library = library_view(conn, now, app.config, app.tz)
                due = due_today(conn, now, app.config, app.tz)
            finally:
                conn.close()
        except Exception as e:  # noqa: BLE001 - one line, never a traceback
            self.post_message(self.Loaded(self.library, NO_DUE, keep, f"cannot read the library: {e}"))
            return
        self.post_message(self.Loaded(library, due, keep))

    def on_library_screen_loaded(self, message: Loaded) -> None:
        self._loading = False
        if message.error:
            self.notify(message.error, severity="error", markup=False)
        if self._pending is not None:
            (keep,), self._pending = self._pending, None
            self.reload(keep)
        self.library = message.library
        self.loaded = True
        self._show_due(message.due)
        self.apply_view(keep=message.keep)
        self.set_timer(1.0, self.app.prewarm)

    # -- the view: status filter, ranking filter, sort ---------------------------------------

    @property
    def all_rows(self) -> list[PaperRow]:
        return self.library.rows

    def visible_rows(self) -> list[PaperRow]:
        status = self.shown.status
        if self.shown.query.strip():
            rows = self.library.ranked(self.shown.query)
            return rows if status == "all" else [r for r in rows if r.status == status]
        rows = self.all_rows if status == "all" else [r for r in self.all_rows if r.status == status]
        key, reverse = SORTS[self.shown.sort]
        return sorted(rows, key=key, reverse=reverse)

    def apply_view(self, keep: str | None = None) -> None:
        table = self.query_one(PaperTable)
        rows = self.visible_rows()
        table.set_rows(rows, keep=keep)
        empty = self.loaded and not self.all_rows
        table.display = not empty
        self.query_one("#library-welcome").display = empty
        self.query_one("#library-bar").display = not empty
        if not empty and (self.focused is None or not self.focused.display):
            table.focus()
        self._show_view(len(rows))

    def _show_view(self, shown: int | None = None) -> None:
        sort = "relevance" if self.shown.query.strip() else self.shown.sort
        text = Text(no_wrap=True)
        if shown is not None:
            text.append(f"{shown}/{len(self.all_rows)} · ")
        text.append("status ", style="dim")
        text.append(self.shown.status)
        text.append(" · sort ", style="dim")
        text.append(sort)
        self.query_one("#library-view", Static).update(text, layout=False)  # fixed width

    def _show_due(self, due: DueCounts) -> None:
        text = Text()
        if due.total == 0:
            text.append("nothing due today", style="dim")
        else:
            text.append("due today: ", style="dim")
            text.append(f"{due.review} review", style="bold")
            text.append(f" · {due.learning} learning · {due.new} new", style="")
        self.query_one("#library-due", Static).update(text)

    @on(Input.Changed, "#library-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.shown.query = event.value
        self.apply_view()

    @on(Input.Submitted, "#library-filter")
    def _filter_submitted(self) -> None:
        self.query_one(PaperTable).focus()

    @on(PaperTable.Selected)
    def _open_paper(self, event: PaperTable.Selected) -> None:
        self.app.open_screen("paper", paper_id=event.paper_id)

    # -- actions -----------------------------------------------------------------------------

    def action_add(self) -> None:
        self.app.open_screen("add")

    def action_focus_filter(self) -> None:
        self.query_one("#library-filter", Input).focus()

    def action_clear_filter(self) -> None:
        filt = self.query_one("#library-filter", Input)
        if filt.value:
            filt.value = ""
        self.query_one(PaperTable).focus()

    def action_cycle_status(self) -> None:
        i = STATUS_FILTERS.index(self.shown.status)
        self.shown.status = STATUS_FILTERS[(i + 1) % len(STATUS_FILTERS)]
        self.apply_view()

    def action_cycle_sort(self) -> None:
        names = list(SORTS)
        self.shown.sort = names[(names.index(self.shown.sort) + 1) % len(names)]
        self.apply_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("focus_filter", "cycle_status", "cycle_sort") and not self.all_rows:
            return False
        return True

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("library: filter", "Rank papers by title, author or id (/)",
                            self.action_focus_filter)
        yield SystemCommand("library: cycle status filter", "all → unread → pass 1 → 2 → 3 (f)",
                            self.action_cycle_status)
        yield SystemCommand("library: cycle sort", "added → title → year → status → due (o)",
                            self.action_cycle_sort)
        table = self.query_one(PaperTable)
        if table.current is not None:
            pid = table.current.id
            yield SystemCommand("paper: open", f"Open {pid} (Enter)",
                                lambda: self.app.open_screen("paper", paper_id=pid))
            yield SystemCommand("paper: read", f"Read the text of {pid}",
                                lambda: self.app.open_screen("read", paper_id=pid))
