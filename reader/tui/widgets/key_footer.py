"""The footer of keys, rebuilt only when the keys it shows change.

Textual's Footer removes and mounts all its keys again whenever the screen's bindings are
updated: each time the focus moves, a screen opens or comes back, a binding is refreshed. Each
rebuild styles and lays out a widget per key (~5 ms with seven keys), and opening a screen
rebuilt it three times, the Library eight times as it started (bench/bench_tui.py). Most of
those rebuilds showed the same keys. This one compares what it would show with what it shows.
"""

from __future__ import annotations

from textual.widgets import Footer


class KeyFooter(Footer):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._shown: tuple | None = None

    def _keys(self) -> tuple:
        """What compose() would show: each key, its label and whether it is enabled."""
        app = self.app
        keys = tuple(
            (binding.key, app.get_key_display(binding), binding.description, binding.action,
             binding.group, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show)
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE:
            found = self.screen.active_bindings.get(app.COMMAND_PALETTE_BINDING)
            palette = None if found is None else (found[1].key, found[2])
        return keys, palette, self.compact

    def bindings_changed(self, screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        keys = self._keys()
        if keys != self._shown:
            self._shown = keys
            await self.recompose()
