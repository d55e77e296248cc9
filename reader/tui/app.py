"""The paperdeck TUI: the app factory, the screen router and the app-wide work (imports).

`make_app(paths, config, now=..., ...)` builds the app for the CLI and for tests alike; the CLI
calls `run_app(ctx, screen=..., paper_id=...)`. Screens are reached by name through `ROUTES`
(name -> "module:Class"), imported when first opened, so a screen another issue adds later
(review, stats) only needs its module to exist.
"""

from __future__ import annotations

import gc
import importlib
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from functools import cached_property

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.signal import Signal

from reader import clock
from reader.config import Config
from reader.store.paths import Paths
from reader.text.textsafe import one_line
from reader.tui.gc_pauses import bulk_build
from reader.tui.terminal_filter import TerminalGuard

# The router: screen name -> "module:Class" under reader.tui.screens.
ROUTES: dict[str, str] = {
    "library": "library:LibraryScreen",
    "add": "add:AddScreen",
    "paper": "paper:PaperScreen",
    "read": "reading_html:reading_screen",   # the HTML's structure, else the PDF's text
    "review": "review:ReviewScreen",
    "stats": "stats:StatsScreen",
    "journal": "journal:JournalScreen",
    "queue": "queue:QueueScreen",
    "units": "units:UnitsScreen",
    "skim": "skim:SkimScreen",                # Keshav's first pass (issue 22)
}
NEEDS_PAPER = {"paper", "read", "skim"}


@dataclass(frozen=True)
class ImportEvent:
    """Published on `app.imports` as an import runs: one per paper, then one with done=True."""

    text: str
    ok: bool
    message: str
    paper_id: str | None = None
    done: bool = False
    notice: bool = False  # news while waiting ("arXiv busy (503); retry 1 of 3 in 2 s")


class PaperdeckApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "paperdeck"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True, id="app.quit"),
        Binding("f1", "show_help_panel", "Keys", show=False, id="app.keys"),
    ]

    class ImportProgress(Message):
        """From the import worker: one paper done (or the whole import, when `event.done`)."""

        def __init__(self, event: ImportEvent) -> None:
            super().__init__()
            self.event = event

    def __init__(
        self,
        paths: Paths,
        config: Config,
        *,
        now: datetime | Callable[[], datetime] | None = None,
        tz: tzinfo | None = None,
        conn: sqlite3.Connection | None = None,
        screen: str | None = None,
        paper_id: str | None = None,
        theme: str = "textual-dark",
        handle_signals: bool = False,
    ) -> None:
        lost_terminal = None
        if handle_signals and sys.platform != "win32":
            # A real run: reader/tui/lost_terminal.py's driver, and its guard from the start.
            from reader.tui import lost_terminal
        super().__init__(driver_class=lost_terminal.Driver if lost_terminal else None)
        self.handle_signals = handle_signals
        self._stopping = False
        self._exit_guard = lost_terminal.guard(self) if lost_terminal else None
        self.paths = paths
        self.config = config
        self._now = now
        self.tz = tz
        self._conn = conn
        self.start_screen = screen
        self.start_paper = paper_id
        self.theme = theme
        self.imports: Signal[ImportEvent] = Signal(self, "imports")
        # A paper id: that paper was added, changed or removed; None: reload everything.
        self.library_changed: Signal[str | None] = Signal(self, "library-changed")
        self.importing: set[str] = set()
        self._import_added: list[str] = []
        self._prewarmed = False
        self.figure_mode: str | None = None   # how figures are drawn here (widgets/figure_image)
        # A sync from the palette (reader/tui/sync_run.py): its step as it runs, None when done.
        self.syncing = False
        self.sync_news: Signal[str | None] = Signal(self, "sync-news")

    # -- nothing from outside reaches the terminal (see terminal_filter) ---------------------

    @cached_property
    def _terminal_guard(self) -> TerminalGuard:
        return TerminalGuard()

    def get_line_filters(self):
        return self._terminal_guard(super().get_line_filters())

    def validate_title(self, title) -> str:
        return one_line(str(title))

    def validate_sub_title(self, sub_title) -> str:
        return one_line(str(sub_title))

    # -- shared resources --------------------------------------------------------------------

    def now(self) -> datetime:
        """The current time (pinned in tests and snapshots)."""
        if self._now is None:
            return clock.now()
        return self._now() if callable(self._now) else self._now

    @property
    def conn(self) -> sqlite3.Connection:
        """The main thread's connection. Workers open their own (`thread_connection`)."""
        if self._conn is None:
            from reader.config import backup_keep
            from reader.store.db import open_library

            self._conn = open_library(self.paths, keep_backups=backup_keep(self.paths))
        return self._conn

    def thread_connection(self) -> sqlite3.Connection:
        """A connection for a worker thread (close it when done)."""
        from reader.store.db import connect

        return connect(self.paths.db)

    @cached_property
    def arxiv_settings(self):
        from reader.arxiv.api import Settings

        return Settings.from_config(self.config)

    def arxiv_client(self):
        """The process's arXiv client (call from a worker: building it imports `arxiv`)."""
        from reader.arxiv.api import client_for

        return client_for(self.arxiv_settings)

    # -- start-up ----------------------------------------------------------------------------

    # How long a worker thread may hold the interpreter lock before the UI thread gets it back:
    # Python's default, 5 ms, is paid at each of the UI's waits in a frame while a worker ranks
    # or loads (100,000 papers: key echo 17 -> 7-13 ms median with 1 ms).
    SWITCH_INTERVAL_S = 0.001

    def on_mount(self) -> None:
        self._switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(self.SWITCH_INTERVAL_S)
        if self.handle_signals:
            self._catch_stop_signals()
        self.conn  # noqa: B018 - open (and migrate) before the first screen reads
        self.push_screen(self.screen_for("library"))
        if self.start_screen and self.start_screen != "library":
            self.open_screen(self.start_screen, paper_id=self.start_paper)

    async def _check_bindings(self, key: str, priority: bool = False) -> bool:
        # A key still on its way up while the app quits may arrive after the last screen is
        # gone; Textual would look for the screen's bindings and raise. It does nothing.
        if not self._screen_stacks.get(self._current_mode):
            return False
        return await super()._check_bindings(key, priority)

    # -- stopping from outside: the terminal closed (SIGHUP), `kill` (SIGTERM) ---------------
    # The app saves every open note and quits the normal way; reader/tui/lost_terminal.py's
    # guard ends the process anyway if it is still there a bounded time later.

    def _catch_stop_signals(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGHUP):
            # A plain handler, not the loop's: it runs even while the loop is stuck.
            signal.signal(sig, lambda signum, _frame: self._stopped_from_outside(signum))

    def _stopped_from_outside(self, signum: int) -> None:
        if self._exit_guard is not None:
            self._exit_guard.stop_signal(signum)
        self._on_loop(self._stop_on_signal, signum)

    def terminal_lost(self) -> None:
        """The terminal refused a write or hung up (from any thread): as SIGHUP."""
        self._stopped_from_outside(signal.SIGHUP)

    def _on_loop(self, callback, *args) -> None:
        loop = self._loop  # Textual's, while the app runs (the driver starts after it is set)
        try:
            if loop is not None:
                loop.call_soon_threadsafe(callback, *args)
        except RuntimeError:
            pass  # the loop has ended: the app is past saving; the guard ends the rest

    def _stop_on_signal(self, sig: int) -> None:
        """Save every open note now, then quit the normal way, which gives the terminal back
        (a closed terminal just refuses those last writes)."""
        if self._stopping:
            return  # a hang-up arrives as SIGHUP, a refused write and a poll, in any order
        self._stopping = True
        try:
            self.save_open_notes()
        finally:
            if self._exit_guard is not None:
                self._exit_guard.saved()
        self.exit(return_code=128 + int(sig))

    def close_library(self) -> None:
        """From the guard's thread, just before the process ends."""
        if self._conn is not None:
            self._conn.close()

    def save_open_notes(self) -> None:
        """Flush every notes editor on every screen, on this thread."""
        for screen in self.screen_stack:
            for editor in screen.query("NotesEditor"):
                error = editor.flush(leaving=True)
                if error:
                    self.notify(error, title="Notes not saved", severity="error", markup=False)
            if hasattr(screen, "save_draft"):   # the Journal's entry being written
                error = screen.save_draft()
                if error:
                    self.notify(error, title="Entry not stored", severity="error", markup=False)

    # -- the router --------------------------------------------------------------------------

    def screen_class(self, name: str) -> type[Screen] | None:
        """The Screen class registered under `name`, or None if its module is not there yet."""
        target = ROUTES.get(name)
        if target is None:
            return None
        module_name, _, cls_name = target.partition(":")
        try:
            module = importlib.import_module(f"{__package__}.screens.{module_name}")
        except ModuleNotFoundError as e:
            if e.name and e.name.endswith(f"screens.{module_name}"):
                return None
            raise
        return getattr(module, cls_name, None)

    def screen_for(self, name: str, **kwargs) -> Screen:
        cls = self.screen_class(name)
        if cls is None:
            raise LookupError(name)
        return cls(**kwargs)

    @property
    def exiting(self) -> bool:
        """True once the app is quitting: keys still in flight must not open screens."""
        return bool(self._exit)

    def open_screen(self, name: str, paper_id: str | None = None) -> bool:
        """Push screen `name` (with `paper_id` for paper/read); a notification if it is missing.
        Nothing is opened once the app is quitting (a key typed right after `q`)."""
        if self.exiting:
            return False
        cls = self.screen_class(name)
        if cls is None:
            self.notify(f"The {name} screen is not in this build yet.", severity="warning")
            return False
        if name in NEEDS_PAPER:
            if not paper_id:
                self.notify("Choose a paper first.", severity="warning")
                return False
            self.push_screen(cls(paper_id=paper_id))
        else:
            self.push_screen(cls())
        return True

    def action_open(self, name: str) -> None:
        self.open_screen(name)

    # -- warming up ---------------------------------------------------------------------------

    PREWARM = ("reader.tui.screens.paper", "reader.tui.screens.reading", "reader.tui.screens.reading_html",
               "reader.tui.screens.add",
               "reader.library.importer", "reader.arxiv.api", "requests", "reader.text.pdf.pdftext",
               "reader.reading.notes", "reader.reading.passes", "reader.reading.cardgen", "decks.cards")

    def prewarm(self) -> None:
        """Import what imports and reading need, once the first screen is up: a first import
        inside a worker later would hold the interpreter lock while the user waits on a frame."""
        if not self._prewarmed:
            self._prewarmed = True
            self._prewarm()

    @work(thread=True, group="prewarm", exit_on_error=False)
    def _prewarm(self) -> None:
        with bulk_build():  # modules live as long as the app: out of the collector's sight
            for name in self.PREWARM:
                try:
                    importlib.import_module(name)
                except ImportError:
                    pass
            from rich.cells import cell_len

            cell_len("é")  # rich's width table, else loaded by the first accent a screen draws

    def on_unmount(self) -> None:
        if self._exit_guard is not None:
            self._exit_guard.saved()  # the screens are gone, their notes flushed
        if "indexer" in self.__dict__:
            self.indexer.stop()  # what it read is kept; the next import goes on from there
        # What was frozen out of the collector's sight (gc_pauses) is its again, and the switch
        # interval is Python's: an app run in a longer-lived process (the tests) leaves no trace.
        gc.unfreeze()
        sys.setswitchinterval(getattr(self, "_switch_interval", 0.005))

    # -- imports (app-wide, so they outlive the Add screen) ----------------------------------

    def start_import(self, texts: Iterable[str]) -> None:
        texts = [t for t in texts if t.strip()]
        if texts:
            self.importing.update(texts)
            self._import(texts)

    @work(thread=True, group="import", exit_on_error=False)
    def _import(self, texts: list[str]) -> None:
        from reader.errors import PaperdeckError
        from reader.library.importer import add_ids

        def progress(o) -> None:
            self.post_message(self.ImportProgress(
                ImportEvent(o.input, o.ok, o.message, o.id, notice=o.status == "notice")))

        conn = self.thread_connection()
        try:
            add_ids(conn, self.paths, self.arxiv_client(), texts, fetch_pdf=True, progress=progress)
            message = "import finished"
            ok = True
        except PaperdeckError as e:
            message, ok = str(e), False
        except Exception as e:  # noqa: BLE001 - a worker must not take the app down
            message, ok = f"import failed: {type(e).__name__}: {e}", False
        finally:
            conn.close()
        self.post_message(self.ImportProgress(ImportEvent(", ".join(texts), ok, message, None, done=True)))
        for text in texts:
            self.importing.discard(text)

    def on_paperdeck_app_import_progress(self, message: ImportProgress) -> None:
        """Failures are notified one by one (one clear line each); successes are counted and
        summed up in one notification at the end (a toast per paper would flood the screen)."""
        event = message.event
        if event.notice:
            if not getattr(self.screen, "SHOWS_IMPORTS", False):
                self.notify(event.message, title="Importing", timeout=5, markup=False)
        elif not event.done:
            if event.ok:
                self._import_added.append(event.message)
            else:
                self.notify(event.message, title="Not added", severity="error", timeout=8, markup=False)
        else:
            if not event.ok:
                self.notify(event.message, title="Import failed", severity="error", timeout=8, markup=False)
            added, self._import_added = self._import_added, []
            if getattr(self.screen, "SHOWS_IMPORTS", False):
                added = []  # the Add screen's log lists them: no toast over it
            if len(added) == 1:
                self.notify(added[0], title="Imported", timeout=5, markup=False)
            elif added:
                self.notify(f"{len(added)} papers imported or refreshed.", title="Imported", timeout=5)
        self.imports.publish(event)
        if event.ok and event.paper_id and not event.notice:
            # Row by row as each paper is stored: the library takes in that paper alone.
            self.library_changed.publish(event.paper_id)
        if event.done:
            self.indexer.start()  # the new papers' text, for find and refs

    def on_sync_step(self, message) -> None:
        self.sync_news.publish(message.text)

    def on_sync_done(self, message) -> None:
        from reader.tui.sync_run import notify_done

        self.syncing = False
        notify_done(self, message.outcome)
        self.sync_news.publish(None)
        self.library_changed.publish(None)   # what came in: reload the library

    # -- reading PDF text in the background (reader/tui/indexer.py) -------------------------

    @cached_property
    def indexer(self):
        from reader.tui.indexer import Indexer

        return Indexer(self)

    # -- the command palette -----------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield SystemCommand("paper: add from arXiv", "Add papers by id/URL or search arXiv (a)",
                            lambda: self.open_screen("add"))
        yield SystemCommand("deck: start review", "Review today's due cards (r)",
                            lambda: self.open_screen("review"))
        yield SystemCommand("deck: stats", "Review heatmap, forecast and reading stats (s)",
                            lambda: self.open_screen("stats"))
        yield SystemCommand("journal: write today's entry", "The day's log and your entry (l)",
                            lambda: self.open_screen("journal"))
        yield from study_commands(self)
        from reader.tui.sync_run import sync_commands

        yield from sync_commands(self)
        if self._notifications:
            yield SystemCommand("notifications: dismiss", "Close every notification shown",
                                self.clear_notifications)
        yield SystemCommand("library: read every paper's text",
                            "In the background, for find, references and cited-by "
                            "(as paperdeck index)", self.indexer.start)
        extra = getattr(screen, "palette_commands", None)
        if extra is not None:
            yield from extra()
        yield from super().get_system_commands(screen)


def study_commands(app: PaperdeckApp) -> Iterable[SystemCommand]:
    """Palette entries for study items and units (the forms of `add --kind` and `unit`)."""
    from reader.library.kinds import KINDS

    def add(kind: str) -> Callable[[], None]:
        def go() -> None:
            from reader.tui.screens.item_form import item_form

            app.push_screen(item_form(app, kind))
        return go

    for kind in KINDS.values():
        if kind.name != "paper":
            a = "" if kind.name == "code" else "a "
            yield SystemCommand(f"item: add {a}{kind.noun}", f"As add --kind {kind.name}",
                                add(kind.name))
    yield SystemCommand("unit: units and their goals", "Make and change units, plan items "
                        "(as paperdeck unit)", lambda: app.open_screen("units"))


def make_app(
    paths: Paths,
    config: Config,
    *,
    now: datetime | Callable[[], datetime] | None = None,
    tz: tzinfo | None = None,
    conn: sqlite3.Connection | None = None,
    screen: str | None = None,
    paper_id: str | None = None,
    handle_signals: bool = False,
) -> PaperdeckApp:
    """The app, built the same way by the CLI and the tests (pin `now` and `tz` in tests).
    `handle_signals`: save notes and quit cleanly on SIGTERM/SIGHUP (a real run, not a test's
    Pilot, which shares the test runner's process)."""
    return PaperdeckApp(paths, config, now=now, tz=tz, conn=conn, screen=screen, paper_id=paper_id,
                        handle_signals=handle_signals)


def run_app(ctx, screen: str | None = None, paper_id: str | None = None) -> int:
    """Run the TUI for the CLI's context. A paper named on the command line must exist."""
    from reader.errors import UsageError

    if screen is not None and screen not in ROUTES:
        raise UsageError(f"no TUI screen called {screen!r}; one of: {', '.join(ROUTES)}")
    if paper_id is not None:
        from reader.library.papers import require

        paper_id = require(ctx.conn, paper_id).id
    app = make_app(ctx.paths, ctx.config, conn=ctx.conn, screen=screen, paper_id=paper_id,
                   handle_signals=True)
    from reader.tui.widgets import figure_image

    app.figure_mode = figure_image.probe()   # a terminal, and Pillow: asks it nothing
    app.run()
    # Worker threads are waited for at exit: stop network work instead of letting it run on
    # (a paper whose PDF download is cut short stays "PDF missing"; adding it again retries).
    if app.importing:
        try:
            print("paperdeck: stopping the import in progress…", file=sys.stderr)
        except OSError:
            pass  # the terminal is gone
    from reader.arxiv.api import cancel_all

    cancel_all()
    return app.return_code or 0
