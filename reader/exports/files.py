"""Safe file names for exports (writing itself is reader.store.outfile: a temporary file, then a
rename)."""

from __future__ import annotations

import re

from reader.exports.latex import fold_ascii

# Names Windows refuses whatever the extension.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(1, 10)] + [f"lpt{i}" for i in range(1, 10)]
)


def safe_name(text: str, limit: int = 80) -> str:
    """A portable file name stem: ASCII letters, digits, `.`, `-`, `_`; never empty, hidden,
    reserved on Windows or longer than `limit`."""
    stem = re.sub(r"[^A-Za-z0-9.\-]+", "_", fold_ascii(text)).strip("._-")
    stem = stem[:limit].rstrip("._-") or "untitled"
    if stem.lower().split(".")[0] in _RESERVED:
        stem = "_" + stem
    return stem
