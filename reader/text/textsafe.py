"""Text from outside (arXiv metadata, PDF text, notes, imported files) made safe for a terminal.

Control characters (C0 but tab and newline, DEL, C1 — ESC among them) and the bidi overrides
and isolates (U+202A–U+202E, U+2066–U+2069) are dropped, so a title can never move the cursor,
change colours, retitle the window or show its characters in an order other than stored.

Dropped, not replaced with a visible mark: every one of them is zero cells wide to the TUI's
layout, so the TUI's last-line filter (reader/tui/terminal_filter.py) can only drop them without
shifting what follows; the CLI and the stored text do the same, so all three show alike.
"""

from __future__ import annotations

import re

_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
# What must never reach the terminal at all: the above plus tab and newline (a drawn line of
# the TUI holds neither; a newline in a message would start a second line).
UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_SPACES = re.compile(r"\s+")
_BREAKS = re.compile(r"[\t\n\u2028\u2029]+")


def clean(text: str | None) -> str:
    """Remove control characters and bidi overrides, keep newlines and tabs."""
    return _CONTROL.sub("", text or "")


def one_line(text: str | None) -> str:
    """Clean and fold all whitespace (arXiv titles carry line breaks) into single spaces."""
    return _SPACES.sub(" ", clean(text)).strip()


def message(text: str | None) -> str:
    """A message line: cleaned, its line breaks and tabs each run made one space; other
    spacing is kept (messages align ids and titles with two spaces)."""
    return _BREAKS.sub(" ", clean(text)).rstrip()
