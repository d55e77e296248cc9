"""What the two reading screens (reader.tui.screens.reading: the PDF's text; reading_html:
arXiv's HTML) do alike: open the paper with its passes and notes, show or hide the notes beside
the text (f2), save them (ctrl+s, and as you type), and the palette's entries for those.

A mixin for a Screen that composes `#read-title`, a NotesEditor, `#read-prompt` and a text view
(`text_view()`: where the focus goes back to), and mixes in PassSteps before Screen.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.app import SystemCommand
from textual.widget import Widget
from textual.widgets import Static

from reader.models import Paper, Pass
from reader.tui.pass_steps import next_pass_step
from reader.tui.widgets.notes_editor import NotesEditor


class NotesBeside:
    paper_id: str
    paper: Paper | None
    passes: list[Pass]

    def text_view(self) -> Widget:
        raise NotImplementedError

    def open_paper(self) -> bool:
        """The paper, its passes, title and notes shown; False (and the screen left, saying why)
        if it is no longer in the library."""
        from reader.library import papers as library
        from reader.reading import notes, passes

        conn = self.app.conn
        self.paper = library.get(conn, self.paper_id)
        if self.paper is None:
            self.app.notify(f"{self.paper_id} is no longer in the library.", severity="error", markup=False)
            self.app.pop_screen()
            return False
        self.passes = passes.for_paper(conn, self.paper_id)
        self.query_one("#read-title", Static).update(Text(self.paper.title, style="bold"))
        self.query_one(NotesEditor).load(notes.get(conn, self.paper_id))
        self.query_one("#read-prompt").display = False
        return True

    def notes_toggled(self) -> None:
        """Called when f2 has shown or hidden the notes (before the focus moves)."""

    def action_toggle_notes(self) -> None:
        editor = self.query_one(NotesEditor)
        editor.display = not editor.display
        self.notes_toggled()
        self.set_focus(editor.area("what") if editor.display else self.text_view())

    def action_save(self) -> None:
        error = self.query_one(NotesEditor).flush()
        if error:
            self.notify(error, title="Notes not saved", severity="error", markup=False)
        else:
            self.notify("Notes saved.", timeout=2)

    def on_notes_editor_saved(self, message: NotesEditor.Saved) -> None:
        if message.error:
            self.notify(message.error, title="Notes not saved", severity="error", markup=False)

    def notes_commands(self) -> Iterable[SystemCommand]:
        """The palette's last entries: the notes, the pass, saving, back."""
        yield SystemCommand("notes: show or hide beside the text", "(f2)", self.action_toggle_notes)
        step = next_pass_step(self.passes)
        if step is not None:
            yield SystemCommand(f"pass: {step[0]} pass {step[1]}", "(ctrl+n)", self.action_pass_step)
        yield SystemCommand("notes: save", "(ctrl+s)", self.action_save)
        yield SystemCommand("read: back", "(escape)", self.action_back)
