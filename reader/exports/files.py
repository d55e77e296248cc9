"""Writing export files: all or nothing (reader.outfile: a temporary file, then a rename), and
safe names."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .latex import fold_ascii

# Names Windows refuses whatever the extension.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(1, 10)] + [f"lpt{i}" for i in range(1, 10)]
)


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write `data` to `path` through a temporary file in the same folder, so that a crash or a
    full disk leaves either the old file or the new one, never half of one. The folder must
    exist (see reader.outfile, which checks a user's -o first)."""
    from ..outfile import write_file

    return write_file(path, data)


def safe_name(text: str, limit: int = 80) -> str:
    """A portable file name stem: ASCII letters, digits, `.`, `-`, `_`; never empty, hidden,
    reserved on Windows or longer than `limit`."""
    stem = re.sub(r"[^A-Za-z0-9.\-]+", "_", fold_ascii(text)).strip("._-")
    stem = stem[:limit].rstrip("._-") or "untitled"
    if stem.lower().split(".")[0] in _RESERVED:
        stem = "_" + stem
    return stem
