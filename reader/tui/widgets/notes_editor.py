"""What / how / why / free-notes editors for one paper, saved as you type.

A save runs one second after typing pauses, and at least every two seconds while typing goes on,
in a worker thread on its own connection (a busy database never freezes the screen); `flush()`
saves at once, on the calling thread, and is called when the screen is left, when the app quits
and when the terminal closes or paperdeck is told to stop (SIGHUP, SIGTERM): a kill -9 loses at
most the last two seconds. Posts `NotesEditor.Edited` on every change (for live card previews)
and `NotesEditor.Saved` after each write.

Every save is made against the text the field had when this editor last loaded or wrote it
(`reader.reading.notes.save_from`): a field changed elsewhere meanwhile (`paperdeck note ID --what`,
another TUI) is never overwritten. If the user changed it here too, the library keeps the other
text, this editor's text is kept in drafts/, a notification that stays names the file, and the
field shows the library's text. If the paper itself was removed meanwhile (`paperdeck rm`),
what was typed is kept in drafts/ too, the notification says the paper was removed and names
the file, and later typing in that field goes to the same file, never to the library.
`sync(notes)` takes what the database holds into the fields not being edited.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import TextArea

from reader.models import Notes
from reader.tui.widgets.in_order import InOrderTextArea

FIELDS = ("what", "how", "why", "text")
LABELS = {
    "what": "What does it do?",
    "how": "How does it work?",
    "why": "Why does it matter?",
    "text": "Free notes",
}


def labels_for(kind: str) -> dict[str, str]:
    """The boxes' questions in the words of the item's kind (reader.library.kinds): a paper's
    "What does it do?", a lecture's "What does it cover?"."""
    from reader.library import kinds

    k = kinds.get(kind)
    cited = f"the {k.noun} {{title}}" if k.noun else "{title}"
    return {**LABELS, **{field: question.replace(cited, "it")
                         for field, question in zip(("what", "how", "why"), k.questions)}}


SAVE_DELAY_S = 1.0   # a pause this long saves...
SAVE_EVERY_S = 2.0   # ...and steady typing is saved at least this often
STAYS_S = 24 * 3600  # a conflict's notification stays until dismissed (a click)


@dataclass(frozen=True)
class Draft:
    """The editors' contents (duck-types as notes for card generation)."""

    what: str = ""
    how: str = ""
    why: str = ""
    text: str = ""


def _exists(conn, paper_id: str) -> bool:
    return conn.execute("SELECT 1 FROM papers WHERE id = ?", (paper_id,)).fetchone() is not None


class NotesEditor(Vertical):
    """Four TextAreas bound to one paper's notes."""

    DEFAULT_CSS = """
    NotesEditor { height: 1fr; }
    NotesEditor > TextArea { height: 1fr; min-height: 3; border: round $panel-lighten-2; }
    NotesEditor > TextArea:focus { border: round $primary; }
    """

    class Edited(Message):
        def __init__(self, draft: Draft) -> None:
            super().__init__()
            self.draft = draft

    class Saved(Message):
        def __init__(self, changed: bool, error: str | None = None, seq: int | None = None) -> None:
            super().__init__()
            self.changed, self.error, self.seq = changed, error, seq

    def __init__(self, paper_id: str, *, fields: tuple[str, ...] = FIELDS, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.paper_id = paper_id
        self.fields = fields
        self._labels: dict[str, str] | None = None
        self._timer: Timer | None = None        # the pause
        self._deadline: Timer | None = None     # the longest wait while typing goes on
        self._lock = threading.Lock()
        self._seq = 0            # saves requested
        self._written = 0        # newest save written
        self._areas: dict[str, TextArea] = {}
        # What the database is known to hold for each field (loaded, or written by us).
        self._stored: dict[str, str] = {}
        # Fields the user edited since the last save was requested...
        self._pending: set[str] = set()
        # ...and fields saved by a request not yet confirmed: field -> that request's number.
        self._unconfirmed: dict[str, int] = {}
        # Fields whose save lost to a change made elsewhere, until the screen shows the
        # library's text again: never written meanwhile.
        self._conflicts: dict[str, tuple[str, object]] = {}   # field -> (library's text, kept path)
        # Fields typed in after the paper was removed: field -> the draft file holding them.
        self._removed: dict[str, object] = {}
        self._removed_told: set[str] = set()

    def compose(self) -> ComposeResult:
        for name in self.fields:
            area = InOrderTextArea(id=f"note-{name}", soft_wrap=True, tab_behavior="focus",
                            show_line_numbers=False)
            area.border_title = self.labels[name]
            self._areas[name] = area
            yield area

    @property
    def labels(self) -> dict[str, str]:
        """The boxes' questions for this item's kind (read once)."""
        if self._labels is None:
            from reader.library import papers as library

            item = library.get(self.app.conn, self.paper_id)
            self._labels = labels_for(item.kind if item is not None else "paper")
        return self._labels

    def area(self, name: str) -> TextArea:
        return self._areas[name]

    def on_resize(self) -> None:
        # A TextArea rewraps to its new width but repaints only if its height changed: shown
        # again at another width (f2, a tab, after a terminal resize) it drew its old lines,
        # cut ("A solvable model of local q" / "criticality.").
        for area in self._areas.values():
            area.refresh()

    def load(self, notes: Notes) -> None:
        """Show stored notes (attributes down: the screen hands them in); unsaved edits are
        dropped. See `sync` to refresh without losing them."""
        self._pending.clear()
        self._unconfirmed.clear()
        for name in self.fields:
            self._set_text(name, getattr(notes, name))

    def sync(self, notes: Notes) -> list[str]:
        """Take the stored `notes` into the fields the user has not edited (changed from the CLI
        or another screen); fields with edits not yet saved keep them. The fields updated."""
        updated = []
        for name in self.fields:
            if name in self._pending or name in self._unconfirmed or name in self._conflicts:
                continue
            value = getattr(notes, name)
            if value != self.area(name).text:
                self._set_text(name, value)
                updated.append(name)
            else:
                self._stored[name] = value
        return updated

    def _set_text(self, name: str, value: str) -> None:
        area = self.area(name)
        self._stored[name] = value
        row, col = area.cursor_location
        area.load_text(value)  # its Changed message matches `_stored`: not taken as an edit
        if area.has_focus and value:
            last = area.document.line_count - 1
            row = min(row, last)
            area.cursor_location = (row, min(col, len(area.document.get_line(row))))

    def draft(self) -> Draft:
        values = {name: self.area(name).text for name in self.fields}
        return Draft(**values)

    @property
    def dirty(self) -> bool:
        return bool(self._pending)

    @property
    def edited(self) -> set[str]:
        """Fields with edits not yet confirmed written (pending or in flight)."""
        return self._pending | set(self._unconfirmed)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        name = next((n for n, a in self._areas.items() if a is event.text_area), None)
        if name is None:
            return
        if event.text_area.text == self._stored.get(name):
            self._pending.discard(name)  # loaded text, or edited back to what is stored
            return
        self._pending.add(name)
        self.post_message(self.Edited(self.draft()))
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY_S, self.save_soon)
        if self._deadline is None:
            self._deadline = self.set_timer(SAVE_EVERY_S, self.save_soon)

    def _stop_timers(self) -> None:
        for timer in (self._timer, self._deadline):
            if timer is not None:
                timer.stop()
        self._timer = self._deadline = None

    def _request(self) -> tuple[int, dict[str, str]] | None:
        """Number a save of the edited fields (their current text); None if there is none."""
        if not self._pending:
            return None
        self._seq += 1
        for name in self._pending:
            self._unconfirmed[name] = self._seq
        self._pending.clear()
        values = {name: self.area(name).text for name in self._unconfirmed}
        return self._seq, values

    def _confirm(self, seq: int) -> None:
        self._unconfirmed = {n: s for n, s in self._unconfirmed.items() if s > seq}

    def save_soon(self) -> None:
        """Write the edited fields in a worker."""
        self._stop_timers()
        request = self._request()
        if request is not None:
            self._save(*request)

    @work(thread=True, group="notes-save", exit_on_error=False)
    def _save(self, seq: int, values: dict[str, str]) -> None:
        changed, error = self._write(seq, values)
        self.post_message(self.Saved(changed, error, seq))

    def on_notes_editor_saved(self, message: Saved) -> None:
        if message.seq is not None and message.error is None:
            self._confirm(message.seq)
        self._show_conflicts()

    def _write(self, seq: int, values: dict[str, str], conn=None) -> tuple[bool, str | None]:
        """Save `values` against what this editor knows the library held (any thread)."""
        from reader.store import drafts
        from reader.reading import notes as notes_mod
        from reader.errors import NotFound, PaperdeckError

        with self._lock:
            if seq < self._written:
                return False, None  # a newer save, with these fields' newer text, is stored
            values = {k: v for k, v in values.items() if k not in self._conflicts}
            if not values:
                return False, None
            own = conn is None
            now = self.app.now()
            try:
                conn = conn or self.app.thread_connection()
                if self._removed or not _exists(conn, self.paper_id):
                    self._keep_removed(values, now)
                    self._written = seq
                    return False, None
                base = {k: self._stored.get(k, "") for k in values}
                try:
                    saved = notes_mod.save_from(conn, self.paper_id, now, values, base)
                except NotFound:
                    saved = None
                if saved is None or (saved.conflicts and not _exists(conn, self.paper_id)):
                    # removed between our look and the save: nothing of it is in the library
                    self._keep_removed(values, now)
                    self._written = seq
                    return False, None
                for c in saved.conflicts:
                    path = drafts.keep_conflict(self.app.paths.data, self.paper_id, c.field,
                                                c.mine, now)
                    self._conflicts[c.field] = (c.theirs, path)
                self._written = seq
                self._stored.update({k: v for k, v in values.items() if k not in self._conflicts})
                return saved.changed, None
            except PaperdeckError as e:
                return False, str(e)
            except Exception as e:  # noqa: BLE001 - say so, keep the draft on screen
                return False, f"notes not saved: {type(e).__name__}: {e}"
            finally:
                if own and conn is not None:
                    conn.close()

    def _keep_removed(self, values: dict[str, str], now) -> None:
        """The paper is gone: keep each typed field in drafts/ (one file per field, rewritten
        as typing goes on); the caller holds the lock."""
        from reader.store import drafts

        for name, text in values.items():
            if not text.strip():
                continue
            text = text if text.endswith("\n") else text + "\n"
            path = self._removed.get(name)
            if path is None:
                self._removed[name] = drafts.keep_conflict(self.app.paths.data, self.paper_id,
                                                           name, text, now, why="removed")
            else:
                drafts.write(path, text)   # type: ignore[arg-type]

    def _show_conflicts(self, leaving: bool = False) -> None:
        """On the UI thread: each field that lost a race shows the library's text again (unless
        the editor is going away); what was typed here (including any typing since that save)
        is in the kept file, which a notification names until it is dismissed."""
        from reader.store import drafts

        with self._lock:
            conflicts, self._conflicts = self._conflicts, {}
            removed = {n: p for n, p in self._removed.items() if n not in self._removed_told}
            self._removed_told |= set(removed)
        for name, path in removed.items():
            self.app.notify(
                f"{self.paper_id} was removed from the library while you typed its notes. What "
                f"you typed in {LABELS[name]} is kept in {path} (typing on is kept there too). "
                "Click here (or ctrl+p: notifications: dismiss) to close this.",
                title="Notes: the paper was removed", severity="warning", timeout=STAYS_S,
                markup=False)
        for name, (theirs, path) in conflicts.items():
            typed = self.area(name).text
            if typed.rstrip("\n") != path.read_text(encoding="utf-8").rstrip("\n"):
                drafts.write(path, typed if typed.endswith("\n") else typed + "\n")
            self._pending.discard(name)
            self._unconfirmed.pop(name, None)
            if not leaving:
                self._set_text(name, theirs)
            self.app.notify(
                f"{self.paper_id}: {self.labels[name]} was changed elsewhere while you typed. The "
                f"library keeps that text (shown now); yours is kept in {path}. Click here (or "
                f"ctrl+p: notifications: dismiss) to close this.",
                title="Notes: two edits of one field", severity="warning", timeout=STAYS_S,
                markup=False)

    def on_unmount(self) -> None:
        error = self.flush(leaving=True)
        if error:
            self.app.notify(error, title="Notes not saved", severity="error", markup=False)

    def flush(self, leaving: bool = False) -> str | None:
        """Save now, on this thread (leaving the screen, quitting, a signal). The error line,
        if any."""
        self._stop_timers()
        request = self._request()
        if request is not None:
            seq, values = request
            changed, error = self._write(seq, values)
            if error is not None:
                return error
            self._confirm(seq)
        self._show_conflicts(leaving)
        return None
