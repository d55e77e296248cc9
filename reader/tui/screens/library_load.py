"""The Library's loading: the whole library read in a worker (the newest screenful first), then
what changes taken in row by row (an import, a removal, new tags, a pass), and statuses and cards
due restated when the screen comes back. A mixin of LibraryScreen (reader/tui/screens/library.py),
which shows what it loads (`apply_view`, `_show_rows`, `_show_due`)."""

from __future__ import annotations

from textual import work
from textual.message import Message

from decks.queue import DueCounts

from reader.tui.data import (NO_DUE, LibraryView, PaperRow, due_today, library_ids, library_view,
                             newest_rows, row_states, rows_for)
from reader.tui.gc_pauses import bulk_build
from reader.tui.widgets.paper_table import PaperTable

FIRST_ROWS = 100                  # the screenful painted before the whole library is loaded
REINDEX_AFTER = 500               # papers taken in one by one before the index is rebuilt


class LibraryLoading:
    """Loads the library for the screen it is mixed into."""

    class FirstRows(Message):
        """From the loading worker: the newest papers, while the rest load."""

        def __init__(self, rows: list[PaperRow], total: int, due: DueCounts) -> None:
            super().__init__()
            self.rows, self.total, self.due = rows, total, due

    class Loaded(Message):
        """From the loading worker: the rows and today's due counts."""

        def __init__(self, library: LibraryView, due: DueCounts, keep: str | None, error: str | None = None) -> None:
            super().__init__()
            self.library, self.due, self.keep, self.error = library, due, keep, error

    class RowsLoaded(Message):
        """From a worker: `base` with the papers `ids` taken in as stored now (`view`)."""

        def __init__(self, base: LibraryView, view: LibraryView | None, ids: list[str], due: DueCounts,
                     error: str | None = None) -> None:
            super().__init__()
            self.base, self.view, self.ids, self.due, self.error = base, view, ids, due, error

    class Restated(Message):
        """From a worker: `base` with every paper's status and cards due as stored now (`view`,
        None if none changed), and the papers added or removed elsewhere (the CLI)."""

        def __init__(self, base: LibraryView, view: LibraryView | None, elsewhere: set[str],
                     due: DueCounts) -> None:
            super().__init__()
            self.base, self.view, self.elsewhere, self.due = base, view, elsewhere, due

    # -- loading (in a worker: a 100,000-paper library is a bulk read) -----------------------

    def reload(self, keep: str | None = None) -> None:
        """Load the rows again; while a load runs, one more is queued (threads cannot be
        interrupted, so loads are never run side by side)."""
        table = self.query_one(PaperTable)
        keep = keep or (table.current.id if table.current else None)
        if self._loading:
            self._pending = (keep,)
            return
        self._loading = True
        self._load(keep, first=not self.loaded and table.row_count == 0)

    @work(thread=True, group="library-load", exit_on_error=False)
    def _load(self, keep: str | None, first: bool = False) -> None:
        app = self.app
        try:
            conn = app.thread_connection()
            try:
                now = app.now()
                due = due_today(conn, now, app.config, app.tz)
                if first:
                    rows, total = newest_rows(conn, now, app.config, app.tz, FIRST_ROWS)
                    self.post_message(self.FirstRows(rows, total, due))
                with bulk_build():
                    library = library_view(conn, now, app.config, app.tz)
                    library.ordered(self.shown.sort)
            finally:
                conn.close()
        except Exception as e:  # noqa: BLE001 - one line, never a traceback
            self.post_message(self.Loaded(self.library, NO_DUE, keep, f"cannot read the library: {e}"))
            return
        self.post_message(self.Loaded(library, due, keep))

    def on_library_loading_first_rows(self, message: FirstRows) -> None:
        if self.loaded:
            return
        self._first_total = message.total
        self._show_due(message.due)
        if message.rows:
            self._show_rows(message.rows, None)

    def on_library_loading_loaded(self, message: Loaded) -> None:
        self._loading = False
        if message.error:
            self.notify(message.error, severity="error", markup=False)
        if self._pending is not None:
            (keep,), self._pending = self._pending, None
            self.reload(keep)
        table = self.query_one(PaperTable)
        keep = message.keep or (table.current.id if table.current else None)
        self.library = message.library
        self.loaded = True
        self._first_total = None
        self._show_due(message.due)
        self.apply_view(keep=keep)
        self._changed |= self._changed_in_load
        self._changed_in_load = set()
        if self._changed and not self._rows_loading:
            self._load_changed()
        self.set_timer(1.0, self.app.prewarm)

    # -- what changed: row by row ------------------------------------------------------------
    # The new view is built in the worker (at 100,000 papers even a new list of rows is tens of
    # milliseconds) from the view shown when it started; if another took its place meanwhile,
    # the same papers are taken in again, into that one.

    def refresh_rows(self, ids) -> None:
        """Take these papers in again as stored now (added, changed or removed)."""
        self._changed.update(ids)
        if self.loaded and not self._rows_loading:
            self._load_changed()

    def _load_changed(self) -> None:
        ids, self._changed = sorted(self._changed), set()
        if self._loading:
            self._changed_in_load.update(ids)  # the load under way may have read them before
        self._rows_loading = True
        self._load_rows(self.library, ids)

    @work(thread=True, group="library-rows", exit_on_error=False)
    def _load_rows(self, base: LibraryView, ids: list[str]) -> None:
        app = self.app
        try:
            conn = app.thread_connection()
            try:
                now = app.now()
                rows, index_rows, missing = rows_for(conn, ids, now, app.config, app.tz)
                due = due_today(conn, now, app.config, app.tz)
            finally:
                conn.close()
            with bulk_build():
                view = base.update(rows, index_rows, missing)
        except Exception as e:  # noqa: BLE001 - one line, never a traceback
            self.post_message(self.RowsLoaded(base, None, ids, NO_DUE, f"cannot read the library: {e}"))
            return
        self.post_message(self.RowsLoaded(base, view, ids, due))

    def on_library_loading_rows_loaded(self, message: RowsLoaded) -> None:
        self._rows_loading = False
        if message.error:
            self.notify(message.error, severity="error", markup=False)
        elif message.base is not self.library:
            self._changed.update(message.ids)      # a new view came meanwhile: into that one
        else:
            self.library = message.view
            self._show_due(message.due)
            self.apply_view()
        if self.library.changed_since_built > REINDEX_AFTER:
            self.reload()
        elif self._changed and self.loaded:
            self._load_changed()

    def _restate(self) -> None:
        self._restate_worker(self.library)

    @work(thread=True, exclusive=True, group="library-restate", exit_on_error=False)
    def _restate_worker(self, base: LibraryView) -> None:
        app = self.app
        try:
            conn = app.thread_connection()
            try:
                now = app.now()
                states = row_states(conn, now, app.config, app.tz)
                ids = library_ids(conn)
                counts = due_today(conn, now, app.config, app.tz)
            finally:
                conn.close()
            with bulk_build():
                view = base.restated(states)
            have = base.by_id.keys()
            elsewhere = (ids - have) | (have - ids)
        except Exception as e:  # noqa: BLE001 - one line, never a traceback
            app.call_from_thread(self.notify, f"cannot read the library: {e}", severity="error",
                                 markup=False)
            return
        self.post_message(self.Restated(base, view, elsewhere, counts))

    def on_library_loading_restated(self, message: Restated) -> None:
        self._show_due(message.due)
        if message.base is not self.library:
            self._restate()                        # a new view came meanwhile: look again
            return
        if message.view is not None:
            self.library = message.view
            self.apply_view()
        if message.elsewhere:
            self.refresh_rows(message.elsewhere)
