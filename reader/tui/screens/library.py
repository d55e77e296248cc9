"""The Library: every paper in a table, a filter that ranks as you type, a status filter, sorting,
and what is due today. The first screen.

Within a frame at 100,000 papers: the newest screenful is painted first, then the whole library
is loaded in a worker; what changes afterwards (an import, a removal, new tags, a pass) is taken
in row by row, never by reloading the library; on a large library the filter ranks in a worker,
the newest keystroke winning, so typing never waits for a ranking. The loading is in
library_load.py; this module holds the view, the filter and the keys."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual import events
from textual.widgets import Input, Static

from decks.queue import DueCounts

from reader.tui.data import SORT_KEYS, STATUSES, LibraryView, PaperRow, remove_paper
from reader.tui.screens.library_load import LibraryLoading
from reader.tui.widgets.filter_input import FilterInput
from reader.tui.widgets.key_footer import KeyFooter
from reader.tui.widgets.paper_table import PaperTable
from reader.tui.screens.confirm import Confirm

STATUS_FILTERS = ("all", "in progress", *STATUSES)
SORTS = tuple(SORT_KEYS)          # added, title, year, status, due (reader/tui/data.py)
SYNC_ROWS = 20_000                # up to this many papers the view is computed at once (<= 6 ms
                                  # at 10,000); a larger library ranks in a worker

WELCOME = (
    "Welcome to paperdeck.\n\n"
    "Your library is empty. Press  a  to add a first paper: paste an arXiv id or URL "
    "(1211.3711, https://arxiv.org/abs/1706.03762) or search arXiv by title or author.\n\n"
    "Then open it with Enter, read it in passes, and write what it does, how, and why it "
    "matters. paperdeck turns those notes into review cards and brings them back before you "
    "forget them.\n\n"
    "ctrl+p opens the command palette; q quits."
)
PLACEHOLDER = "/ filters: title, author or id"


@dataclass
class View:
    query: str = ""
    status: str = "all"
    sort: str = "added"
    kind: str = "all"       # all, or one kind of item (reader.library.kinds)


class LibraryScreen(LibraryLoading, Screen):
    """The first screen."""

    # The screen opens (and comes back) with the table focused, so the single keys the README
    # names act at once; `/` (or any letter no key uses) starts a filter, where letters are
    # typed, and escape goes back to the keys. (Keeping the focus in the filter instead would
    # need a letter to be both text and a key: no filter could then start with a, f, l ...)
    # The single keys are priority bindings: they act as the app reads them, so the keys typed
    # right behind them (a paste, tmux send-keys) already go where they lead: "adam" typed fast
    # at the table is the Add screen with "dam" in its box, not the Add screen opened with "d"
    # (Remove) and "a" still acting on the table behind it. check_action turns them off while
    # the filter has the focus, and the letter is typed there.
    BINDINGS = [
        Binding("a", "add", "Add", priority=True, id="library.add"),
        Binding("slash", "focus_filter", "Filter", key_display="/", priority=True,
                id="library.filter"),
        # Less used: in the palette, not the footer (the footer fits 80 columns).
        Binding("f", "cycle_status", "Status", show=False, priority=True, id="library.status"),
        Binding("o", "cycle_sort", "Sort", show=False, priority=True, id="library.sort"),
        Binding("t", "cycle_kind", "Kind", show=False, priority=True, id="library.kind"),
        Binding("l", "open('journal')", "Journal", priority=True, id="library.journal"),
        Binding("r", "open('review')", "Review", priority=True, id="library.review"),
        Binding("s", "open('stats')", "Stats", priority=True, id="library.stats"),
        Binding("n", "open('queue')", "Next", priority=True, id="library.queue"),
        Binding("d,delete", "remove", "Remove", key_display="d", show=False, priority=True,
                id="library.remove"),
        Binding("escape", "escape", "More keys", priority=True, id="library.keys"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="library.clear"),
        Binding("q", "quit", "Quit", priority=True, id="library.quit"),
    ]
    TABLE_ACTIONS = {"add", "focus_filter", "cycle_status", "cycle_sort", "cycle_kind", "open",
                     "remove", "quit"}

    class ViewReady(Message):
        """From the view worker: the rows to show for `shown` over `library`."""

        def __init__(self, library: LibraryView, shown: View, rows: list[PaperRow]) -> None:
            super().__init__()
            self.library, self.shown, self.rows = library, shown, rows

    def __init__(self) -> None:
        super().__init__()
        self.library = LibraryView([], [])
        self.shown = View()
        self.loaded = False
        self._loading = False
        self._pending: tuple[str | None] | None = None
        self._first_total: int | None = None      # the library's size while it loads
        self._changed: set[str] = set()           # papers to take in again, row by row
        self._rows_loading = False
        self._changed_in_load: set[str] = set()   # taken in while a whole load was under way
        self._view_busy = False
        self._view_keep: str | None = None
        self._filter_due = False                  # a filter typed, its rows not yet asked for

    def compose(self) -> ComposeResult:
        with Horizontal(id="library-top"):
            yield Static("paperdeck", id="library-title")
            yield Static("", id="library-sync", markup=False)
            yield Static("", id="library-due")
        with Horizontal(id="library-bar"):
            # select_on_focus off: a letter typed in the table starts the filter with it
            yield FilterInput(placeholder=PLACEHOLDER, select_on_focus=False, id="library-filter")
            yield Static("", id="library-view")
        with Vertical(id="library-body"):
            yield PaperTable(id="library-table")
            yield Static(WELCOME, id="library-welcome", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.app.exiting:
            return  # a key typed while quitting pushed this screen: nothing to show
        self.query_one("#library-welcome").display = False
        self.set_focus(self.query_one(PaperTable))
        self._show_view()
        self.app.library_changed.subscribe(self, self._library_changed)
        self.app.sync_news.subscribe(self, self._show_sync)
        self._show_sync(None)
        self.set_interval(60, self._sync_minute)
        self.reload()

    def on_screen_resume(self) -> None:
        if self.app.exiting:
            return
        table = self.query_one(PaperTable)
        if table.display:
            self.set_focus(table)  # back from a paper: the keys act again, the rows stay filtered
        if self.loaded:
            self._restate()  # statuses and cards due changed while away; papers added elsewhere

    def _show_sync(self, step: str | None) -> None:
        """When the last sync ran, or the step of the one running. Shown once the library syncs
        (a folder set or a sync run): a library that never syncs is not told it did not."""
        from reader.tui.sync_run import last_sync, synced_ago

        label = self.query_one("#library-sync", Static)
        when = last_sync(self.app.conn)
        if step is None and when is None and not self.app.config["sync.folder"]:
            label.display = False
            return
        label.display = True
        label.update(step or synced_ago(when, self.app.now()))

    def _sync_minute(self) -> None:
        if not self.app.syncing:        # "synced 10 min ago" goes on counting
            self._show_sync(None)

    def _library_changed(self, paper_id: str | None) -> None:
        if paper_id is None:
            self.reload()
        else:
            self.refresh_rows([paper_id])

    # -- the view: status filter, ranking filter, sort ---------------------------------------

    @property
    def all_rows(self) -> list[PaperRow]:
        return self.library.rows

    def visible_rows(self) -> list[PaperRow]:
        return self.library.view(self.shown.query, self.shown.status, self.shown.sort,
                                 self.shown.kind)

    @property
    def kinds_present(self) -> list[str]:
        """The kinds of item in the library, in reader.library.kinds' order."""
        from reader.library.kinds import NAMES

        have = self.library.kinds
        return [k for k in NAMES if k in have]

    def apply_view(self, keep: str | None = None) -> None:
        """Show the rows of the current view. On a large library they are computed in a worker
        (a ranking of 100,000 papers takes longer than a frame); the newest request wins."""
        if not self.loaded:
            self._show_view()  # the filter applies once the library is in
            return
        if self.shown.kind not in ("all", *self.kinds_present):
            self.shown.kind = "all"     # its last item was removed
        if len(self.library.rows) <= SYNC_ROWS:
            self._show_rows(self.visible_rows(), keep)
            return
        self._view_keep = keep
        if not self._view_busy:
            self._view_busy = True
            self._compute_view(self.library, replace(self.shown))
        self._show_view(computing=True)

    @work(thread=True, group="library-view", exit_on_error=False)
    def _compute_view(self, library: LibraryView, shown: View) -> None:
        rows = library.view(shown.query, shown.status, shown.sort)
        self.post_message(self.ViewReady(library, shown, rows))

    def on_library_screen_view_ready(self, message: ViewReady) -> None:
        self._view_busy = False
        if message.library is not self.library or message.shown != self.shown:
            self.apply_view(self._view_keep)   # typed on meanwhile: the newest view
            return
        self._show_rows(message.rows, self._view_keep)

    def _show_rows(self, rows: list[PaperRow], keep: str | None) -> None:
        table = self.query_one(PaperTable)
        table.show_kind = self.kinds_present not in ([], ["paper"])
        table.set_rows(rows, keep=keep)
        empty = self.loaded and not self.all_rows
        table.display = not empty
        self.query_one("#library-welcome").display = empty
        self.query_one("#library-bar").display = not empty
        if not empty and (self.focused is None or not self.focused.display):
            self.set_focus(table)
        self._show_view(len(rows))

    def _show_view(self, shown: int | None = None, computing: bool = False) -> None:
        sort = "relevance" if self.shown.query.strip() else self.shown.sort
        text = Text(no_wrap=True)
        if self._first_total is not None:
            text.append(f"loading {self._first_total} … · ", style="italic")
        elif computing:
            text.append("… · ", style="italic")
        elif shown is not None:
            text.append(f"{shown}/{len(self.all_rows)} · ")
        has_kinds = self.kinds_present not in ([], ["paper"])
        if has_kinds:
            text.append("kind ", style="dim")
            text.append(self.shown.kind)
            text.append(" · ", style="dim")
        text.append("status ", style="dim")
        text.append(self.shown.status)
        text.append(" · sort ", style="dim")
        text.append(sort)
        view = self.query_one("#library-view", Static)
        view.set_class(has_kinds, "-kinds")
        view.update(text, layout=False)  # fixed width

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
        # The letter is drawn first and the rows for it in the frame after, so a key is never
        # shown late for a ranking; keys typed meanwhile make one ranking, of the newest text.
        self.shown.query = event.value
        if not self._filter_due:
            self._filter_due = True
            self.call_after_refresh(self._apply_filter)

    def _apply_filter(self) -> None:
        if self._filter_due:
            self._filter_due = False
            self.apply_view()

    @on(Input.Submitted, "#library-filter")
    def _filter_submitted(self) -> None:
        self._apply_filter()   # Enter right behind the keys opens the best row for all of them
        self.query_one(PaperTable).action_select()

    @on(FilterInput.Move)
    def _filter_move(self, event: FilterInput.Move) -> None:
        self._apply_filter()
        table = self.query_one(PaperTable)
        if event.unit == "page":
            table.action_page(event.amount)
        else:
            table.action_cursor(event.amount)

    @on(events.DescendantFocus)
    def _focus_moved(self) -> None:
        self.refresh_bindings()  # the footer shows the keys of where the focus is

    def on_key(self, event: events.Key) -> None:
        """A printable key the table does not use starts a new filter: focus the box and type
        it in place of the old one (`/` edits the old one)."""
        table = self.query_one(PaperTable)
        if (self.focused is table and event.is_printable and event.character
                and not event.character.isspace() and not self._is_bound(event.key)):
            event.stop()
            event.prevent_default()
            filt = self.query_one("#library-filter", Input)
            self.set_focus(filt)
            filt.value = event.character
            filt.cursor_position = len(filt.value)

    def _is_bound(self, key: str) -> bool:
        bound = {k.strip() for b in self.BINDINGS for k in b.key.split(",")}
        bound |= {k.strip() for b in PaperTable.BINDINGS for k in b.key.split(",")}
        return key in bound

    @on(PaperTable.Selected)
    def _open_paper(self, event: PaperTable.Selected) -> None:
        self.app.open_screen("paper", paper_id=event.paper_id)

    # -- actions -----------------------------------------------------------------------------

    def action_add(self) -> None:
        self.app.open_screen("add")

    def action_open(self, name: str) -> None:
        self.app.open_screen(name)

    def action_quit(self) -> None:
        self.app.exit()

    def action_focus_filter(self) -> None:
        # At once, not with focus() (which waits for the queue): keys typed right after `/`
        # are already queued and must reach the filter, not fire the table's single keys.
        filt = self.query_one("#library-filter", Input)
        self.set_focus(filt)
        if filt.value:
            filt.select_all()  # the old filter: typing replaces it, an arrow key keeps it

    def action_escape(self) -> None:
        """In the filter: go to the table, where single keys act, keeping the filtered rows
        (escape again, in the table, clears the filter)."""
        self.set_focus(self.query_one(PaperTable))

    def action_clear_filter(self) -> None:
        """In the table: clear the filter."""
        self.query_one("#library-filter", Input).value = ""

    def action_remove(self) -> None:
        table = self.query_one(PaperTable)
        row = table.current
        if row is None:
            return
        title = row.title if len(row.title) <= 70 else row.title[:69] + "…"

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                remove_paper(self.app.conn, self.app.paths.data, row.id, self.app.now())
            except Exception as e:  # noqa: BLE001 - one line, never a traceback
                self.notify(f"{row.id} not removed: {e}", severity="error", markup=False)
                return
            self.notify(f"Removed {row.id}.", timeout=4, markup=False)
            self.app.library_changed.publish(row.id)

        self.app.push_screen(Confirm(
            f"Remove {row.id}?",
            f"“{title}”\n\nIts notes, TODOs, reading passes and PDF are deleted; its cards are "
            "suspended, their review history kept.", yes="Remove"), answer)

    def action_cycle_status(self) -> None:
        i = STATUS_FILTERS.index(self.shown.status)
        self.shown.status = STATUS_FILTERS[(i + 1) % len(STATUS_FILTERS)]
        self.apply_view()

    def action_cycle_kind(self) -> None:
        """all → each kind the library holds → all."""
        choices = ["all", *self.kinds_present]
        i = choices.index(self.shown.kind) if self.shown.kind in choices else 0
        self.shown.kind = choices[(i + 1) % len(choices)]
        self.apply_view()

    def action_cycle_sort(self) -> None:
        self.shown.sort = SORTS[(SORTS.index(self.shown.sort) + 1) % len(SORTS)]
        self.apply_view()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("focus_filter", "cycle_status", "cycle_sort", "remove") and not self.all_rows:
            return False
        if action == "open" and parameters == ("journal",) and not self.all_rows:
            return False  # the welcome screen: add something first
        if action == "cycle_kind" and self.kinds_present in ([], ["paper"]):
            return False  # a library of papers alone has no kinds to choose from
        filt = self.query_one("#library-filter", Input)
        if filt.has_focus and action in self.TABLE_ACTIONS:
            return False  # these letters are typed into the filter; escape shows the keys
        if action == "escape":
            return bool(self.all_rows) and filt.has_focus
        if action == "clear_filter":
            return bool(filt.value) and not filt.has_focus
        if action == "remove" and self.query_one(PaperTable).current is None:
            return None
        return True

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("library: filter", "Rank papers by title, author or id (/)",
                            self.action_focus_filter)
        yield SystemCommand("library: cycle status filter",
                            "all → in progress → unread → pass 1 → 2 → 3 (f)",
                            self.action_cycle_status)
        yield SystemCommand("library: reading queue", "What to read next, in order (n)",
                            lambda: self.app.open_screen("queue"))
        yield SystemCommand("library: cycle sort", "added → title → year → status → due (o)",
                            self.action_cycle_sort)
        if self.kinds_present not in ([], ["paper"]):
            yield SystemCommand("library: cycle kind filter",
                                "all → paper → lecture → … (the kinds held) (t)",
                                self.action_cycle_kind)
        table = self.query_one(PaperTable)
        if table.current is not None:
            pid = table.current.id
            yield SystemCommand("paper: open", f"Open {pid} (Enter)",
                                lambda: self.app.open_screen("paper", paper_id=pid))
            yield SystemCommand("paper: read", f"Read the text of {pid}",
                                lambda: self.app.open_screen("read", paper_id=pid))
            yield SystemCommand("paper: remove", f"Remove {pid} from the library, after asking (d)",
                                self.action_remove)
