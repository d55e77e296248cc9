"""Text boxes that take every key in the order it was typed.

Textual handles a printable key in the focused widget at once, but runs that widget's key
bindings (backspace, ctrl+u, arrows, enter...) only when the key has bubbled back up to the
app, through every parent's message queue. Keys typed right behind one (a fast typist, a paste
without bracketed-paste, tmux send-keys) are inserted meanwhile, so `/`, ctrl+u, `graves` left
an empty filter (ctrl+u ran last) and backspace deleted the wrong letter. These widgets run
their own bindings as the key arrives, so each key acts in its place.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea


class InOrderKeys:
    """Mixin for a focusable widget: its own (non-priority) bindings run as the key arrives."""

    async def _on_key(self, event: events.Key) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, ()):  # type: ignore[attr-defined]
            if binding.priority:
                continue  # already offered by the app before the key reached us
            if await self.app.run_action(binding.action, self):  # type: ignore[attr-defined]
                event.stop()
                event.prevent_default()  # not again by the base class, nor by the app
                return


class InOrderInput(InOrderKeys, Input):
    pass


class InOrderTextArea(InOrderKeys, TextArea):
    pass
