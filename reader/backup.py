"""Consistent copies of the database with SQLite's online backup API (safe while the TUI runs)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from . import clock
from .paths import Paths

DEFAULT_KEEP = 10


def backup_database(
    conn: sqlite3.Connection, paths: Paths, reason: str = "manual", keep: int = DEFAULT_KEEP,
    dest: Path | None = None,
) -> Path:
    """Copy the live database to `dest` (default `backups/paperdeck-<time>-<reason>.db`) and keep
    only the newest `keep` automatic copies."""
    if dest is None:
        paths.backups.mkdir(parents=True, exist_ok=True)
        stamp = clock.now().strftime("%Y%m%d-%H%M%S")
        dest = paths.backups / f"paperdeck-{stamp}-{reason}.db"
        n = 1
        while dest.exists():
            n += 1
            dest = paths.backups / f"paperdeck-{stamp}-{reason}-{n}.db"
    tmp = dest.with_name(dest.name + ".part")
    target = sqlite3.connect(tmp)
    try:
        conn.backup(target)
    finally:
        target.close()
    tmp.replace(dest)
    if dest.parent == paths.backups:
        prune(paths, keep)
    return dest


def prune(paths: Paths, keep: int) -> None:
    copies = sorted(paths.backups.glob("paperdeck-*.db"), key=lambda p: p.stat().st_mtime)
    for old in copies[: max(0, len(copies) - keep)]:
        old.unlink(missing_ok=True)
