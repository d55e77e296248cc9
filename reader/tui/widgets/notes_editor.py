"""What / how / why / free-notes editors for one paper, saved as you type.

A save is scheduled one second after the last keystroke and runs in a worker thread on its own
connection (a busy database never freezes the screen); `flush()` saves at once, on the calling
thread, and is called when the screen is left or the app quits — so nothing is lost beyond the
last second even on a kill. Posts `NotesEditor.Edited` on every change (for live card previews)
and `NotesEditor.Saved` after each write.

Only the fields the user edited are written (`reader.notes.save` leaves the others as stored),
and `sync(notes)` takes what the database holds into the fields not being edited: notes changed
meanwhile from the CLI (`paperdeck note ID --what ...`) or another screen are neither overwritten
nor hidden.
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

from ...models import Notes

FIELDS = ("what", "how", "why", "text")
LABELS = {
    "what": "What does it do?",
    "how": "How does it work?",
    "why": "Why does it matter?",
    "text": "Free notes",
}
SAVE_DELAY_S = 1.0


@dataclass(frozen=True)
class Draft:
    """The editors' contents (duck-types as notes for card generation)."""

    what: str = ""
    how: str = ""
    why: str = ""
    text: str = ""


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
        self._timer: Timer | None = None
        self._lock = threading.Lock()
        self._seq = 0            # saves requested
        self._written = 0        # newest save written
        self._areas: dict[str, TextArea] = {}
        # What the database is known to hold for each field (loaded, or written by us).
        self._stored: dict[str, str] = {}
        # Fields the user edited since the last save was requested...
        self._pending: set[str] = set()
        # ...and fields saved by a request not yet confirmed: field -> that request's number.
        # Only these are ever written, so a field changed elsewhere (`paperdeck note ID --what`)
        # is never overwritten with this screen's stale copy.
        self._unconfirmed: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        for name in self.fields:
            area = TextArea(id=f"note-{name}", soft_wrap=True, tab_behavior="focus",
                            show_line_numbers=False)
            area.border_title = LABELS[name]
            self._areas[name] = area
            yield area

    def area(self, name: str) -> TextArea:
        return self._areas[name]

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
            if name in self._pending or name in self._unconfirmed:
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

    def _write(self, seq: int, values: dict[str, str], conn=None) -> tuple[bool, str | None]:
        from ... import notes as notes_mod
        from ...errors import PaperdeckError

        with self._lock:
            if seq < self._written:
                return False, None  # a newer save, with these fields' newer text, is stored
            own = conn is None
            conn = conn or self.app.thread_connection()
            try:
                changed = notes_mod.save(conn, self.paper_id, self.app.now(), **values)
                self._written = seq
                self._stored.update(values)
                return changed, None
            except PaperdeckError as e:
                return False, str(e)
            except Exception as e:  # noqa: BLE001 - say so, keep the draft on screen
                return False, f"notes not saved: {type(e).__name__}: {e}"
            finally:
                if own:
                    conn.close()

    def on_unmount(self) -> None:
        error = self.flush()
        if error:
            self.app.notify(error, title="Notes not saved", severity="error", markup=False)

    def flush(self) -> str | None:
        """Save now, on this thread (leaving the screen, quitting). The error line, if any."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        request = self._request()
        if request is None:
            return None
        seq, values = request
        changed, error = self._write(seq, values)
        if error is None:
            self._confirm(seq)
        return error
