"""What / how / why / free-notes editors for one paper, saved as you type.

A save is scheduled one second after the last keystroke and runs in a worker thread on its own
connection (a busy database never freezes the screen); `flush()` saves at once, on the calling
thread, and is called when the screen is left or the app quits — so nothing is lost beyond the
last second even on a kill. Posts `NotesEditor.Edited` on every change (for live card previews)
and `NotesEditor.Saved` after each write.
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
        def __init__(self, changed: bool, error: str | None = None) -> None:
            super().__init__()
            self.changed, self.error = changed, error

    def __init__(self, paper_id: str, *, fields: tuple[str, ...] = FIELDS, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.paper_id = paper_id
        self.fields = fields
        self._timer: Timer | None = None
        self._dirty = False
        self._loading = False
        self._lock = threading.Lock()
        self._seq = 0            # saves requested
        self._written = 0        # newest save written
        self._areas: dict[str, TextArea] = {}

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
        """Show stored notes (attributes down: the screen hands them in)."""
        self._loading = True
        for name in self.fields:
            self.area(name).load_text(getattr(notes, name))
        self._loading = False
        self._dirty = False

    def draft(self) -> Draft:
        values = {name: self.area(name).text for name in self.fields}
        return Draft(**values)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if self._loading:
            return
        self._dirty = True
        self.post_message(self.Edited(self.draft()))
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY_S, self.save_soon)

    def save_soon(self) -> None:
        """Write the current draft in a worker."""
        if not self._dirty:
            return
        self._dirty = False
        self._seq += 1
        self._save(self._seq, self.draft())

    @work(thread=True, group="notes-save", exit_on_error=False)
    def _save(self, seq: int, draft: Draft) -> None:
        changed, error = self._write(seq, draft)
        self.post_message(self.Saved(changed, error))

    def _write(self, seq: int, draft: Draft, conn=None) -> tuple[bool, str | None]:
        from ... import notes as notes_mod
        from ...errors import PaperdeckError

        with self._lock:
            if seq < self._written:
                return False, None  # a newer draft is already stored
            own = conn is None
            conn = conn or self.app.thread_connection()
            try:
                values = {name: getattr(draft, name) for name in self.fields}
                changed = notes_mod.save(conn, self.paper_id, self.app.now(), **values)
                self._written = seq
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
        if not self._dirty:
            return None
        self._dirty = False
        self._seq += 1
        changed, error = self._write(self._seq, self.draft())
        return error
