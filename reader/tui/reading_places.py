"""Where each paper was left in the reading screen: the block at the top of the view (its anchor
in the document model, which survives a re-parse) and how many of its lines were above.

Kept in `reading-places.json` beside the database, not in it: a place is a convenience that
may be lost without harm, written each time a paper is left, and no schema change is needed
for it. Written through a temporary file and a rename (whole or not at all), re-read before
each write so that two open TUIs keep each other's papers; at most MAX_PAPERS are kept (the
ones left longest ago go first).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

FILE = "reading-places.json"
MAX_PAPERS = 2000
MAX_BYTES = 1_000_000


def _read(path: Path) -> dict:
    try:
        if path.stat().st_size > MAX_BYTES:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def get(data_dir: Path, paper_id: str) -> tuple[str, int] | None:
    entry = _read(data_dir / FILE).get(paper_id)
    if (isinstance(entry, dict) and isinstance(entry.get("anchor"), str)
            and isinstance(entry.get("offset"), int)):
        return entry["anchor"], max(0, entry["offset"])
    return None


def put(data_dir: Path, paper_id: str, anchor: str, offset: int, when: str) -> None:
    """Remember the place; an unwritable folder loses it quietly (reading goes on)."""
    path = data_dir / FILE
    data = _read(path)
    data.pop(paper_id, None)
    data[paper_id] = {"anchor": anchor, "offset": int(offset), "at": when}
    if len(data) > MAX_PAPERS:
        for key in sorted(data, key=lambda k: str(data[k].get("at", "")))[:len(data) - MAX_PAPERS]:
            del data[key]
    try:
        fd, tmp = tempfile.mkstemp(prefix=".places-", dir=data_dir)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except (OSError, UnboundLocalError):
            pass
