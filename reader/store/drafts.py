"""drafts/: where text paperdeck could not store in the notes is kept for the user.

A document $EDITOR returned that cannot be read, and the text that lost a race between two
writers of one note field (see `reader.reading.notes.save_from`), are written here, durably, and their
path is told to the user. Nothing here is ever deleted by paperdeck except a draft it reopened
and then stored.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from reader.store.paths import safe_filename


def folder(data: Path) -> Path:
    """The drafts folder, made if missing. A drafts/ that is a link to a folder elsewhere is
    resolved here, once: the paths handed out (and told to the user) are where the text is."""
    path = Path(data) / "drafts"
    path.mkdir(parents=True, exist_ok=True)
    return Path(os.path.realpath(path))


def write(path: Path, text: str) -> Path:
    """Write `text` to `path` whole or not at all, flushed to disk before it replaces the file.
    The temporary file is made exclusively under a random name beside it, so a link planted at
    a predictable name (`….part`) is never written through; the rename replaces a link at
    `path` itself rather than following it."""
    from reader.store.outfile import new_temp

    part = new_temp(path)
    try:
        with open(part, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return path


def keep_conflict(data: Path, paper_id: str, field: str, text: str, now: datetime,
                  why: str = "conflict") -> Path:
    """Keep the text of `field` that lost a race (or, with why="removed", typed while the
    paper was removed); returns the file, named for the paper, the field, why and the local
    time (a later one in the same second gets its own file)."""
    stamp = now.astimezone().strftime("%Y%m%d-%H%M%S")
    stem = f"notes-{safe_filename(paper_id)}-{field}-{why}-{stamp}"
    path, n = folder(data) / f"{stem}.txt", 1
    while path.exists() and path.read_text(encoding="utf-8") != _with_newline(text):
        n += 1
        path = path.with_name(f"{stem}-{n}.txt")
    return write(path, _with_newline(text))


def _with_newline(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"
