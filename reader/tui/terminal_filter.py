"""The last guard between the TUI and the terminal: no control character, escape sequence or
bidi override in anything drawn.

Every line a Textual widget draws passes through the app's line filters (Textual's
`_styles_cache` applies them to each strip, and `Strip.apply_filter` caches the result on the
strip), so one filter covers every screen, notification, palette and tooltip, whatever the
widget and whether or not its text was cleaned on the way in. The driver's write path would be
too late: by then Textual's own escape sequences are mixed in.

The app hands Textual one filter, `TerminalSafe`, that runs Textual's own filters (the ANSI
colour conversion) and then the check, in one pass: each extra filter costs Textual a new Strip
per line, more than the check itself (bench/bench_terminal_filter.py).

The characters are dropped (as reader/textsafe.py does): all of them are zero cells wide to
Textual's layout, so dropping keeps every line exactly as wide as it was measured. A link's
target (written to the terminal inside an OSC 8 sequence) is checked too; one that carries such
a character is not drawn as a link.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from reader.text.textsafe import UNSAFE

_search = UNSAFE.search
_sub = UNSAFE.sub


class TerminalSafe(LineFilter):
    """Runs the filters `before` it, then drops C0/C1 controls, DEL and bidi overrides from
    every segment."""

    def __init__(self, before: tuple[LineFilter, ...] = ()) -> None:
        super().__init__()
        self.before = before

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        for line_filter in self.before:
            segments = line_filter.apply(segments, background)
        # The common case, a clean line, costs one regex search per segment (faster than one
        # over the joined line, measured) and is returned as it is.
        for text, style, _ in segments:
            if _search(text) or (style is not None and style._link):
                break
        else:
            return segments
        safe = []
        for text, style, control in segments:
            if style is not None and style._link and _search(style._link):
                style = style.clear_meta_and_links()
            text = _sub("", text)
            if text or control:  # a segment left empty goes (Textual expects none)
                safe.append(Segment(text, style, control))
        return safe


class TerminalGuard:
    """An app's line filters, made safe: `guard(filters)` is `(TerminalSafe(filters),)`, the same
    object for the same filters, so the strips' filter caches keep working; a change in Textual's
    filters (the ANSI theme toggles one) gives a new one."""

    def __init__(self) -> None:
        self._by_filters: dict[tuple[LineFilter, ...], TerminalSafe] = {}

    def __call__(self, filters: Sequence[LineFilter]) -> tuple[LineFilter]:
        key = tuple(filters)
        safe = self._by_filters.get(key)
        if safe is None:
            if len(self._by_filters) >= 8:  # each theme change makes new filters: keep few
                self._by_filters.clear()
            safe = self._by_filters[key] = TerminalSafe(key)
        return (safe,)
