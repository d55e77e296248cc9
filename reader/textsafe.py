"""Text from outside (arXiv metadata, PDF text, notes) made safe for a terminal.

Control characters (C0 but tab and newline, DEL, C1 — ESC among them) are dropped, so a title can
never move the cursor, change colours or retitle the window.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """Remove control characters, keep newlines and tabs."""
    return _CONTROL.sub("", text or "")


def one_line(text: str | None) -> str:
    """Clean and fold all whitespace (arXiv titles carry line breaks) into single spaces."""
    return _SPACES.sub(" ", clean(text)).strip()
