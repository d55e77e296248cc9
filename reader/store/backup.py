"""Consistent copies of the database with SQLite's online backup API (safe while the TUI runs).

The backup API copies a snapshot of committed pages: another process may hold a write
transaction or keep writing meanwhile; the copy holds what was committed when it started (WAL
readers never wait for the writer). Automatic copies go to `backups/` (before every schema
migration, before an import, and `paperdeck backup` without `-o`); only the newest `backup.keep`
of them are kept, except the copies taken before a schema upgrade: one per upgrade, the way
back to the release before it, they are never pushed out by later copies. Temporary files a
killed backup left in `backups/` are swept by the next backup.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader import clock
from reader.errors import PaperdeckError
from reader.store.paths import Paths

DEFAULT_KEEP = 10
PATTERN = "paperdeck-*.db"
UPGRADE = "-before-v"          # in the name of a copy taken before a schema upgrade
PARTS = (".paperdeck-*.part", ".paperdeck-*.part-journal", ".paperdeck-*.part-wal",
         ".paperdeck-*.part-shm")
STALE_S = 15 * 60              # a backup in progress writes its .part all the time


def _unique(folder: Path, stem: str) -> Path:
    dest = folder / f"{stem}.db"
    n = 1
    while dest.exists():
        n += 1
        dest = folder / f"{stem}-{n}.db"
    return dest


def backup_database(
    conn: sqlite3.Connection, paths: Paths, reason: str = "manual", keep: int | None = None,
    dest: Path | None = None,
) -> Path:
    """Copy the live database to `dest` (default `backups/paperdeck-<time>-<reason>.db`; a `dest`
    that is a folder gets `paperdeck-<time>.db` inside it), check the copy, and keep only the
    newest `keep` copies in `backups/` (the caller passes `backup.keep`; default DEFAULT_KEEP). A `dest` in a folder that does
    not exist is refused; nothing partial is left behind on failure."""
    from reader.store.outfile import file_target, folder_target, replacing

    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    if dest is not None:
        # One the user named (-o) is checked before anything happens: never over the library.
        if Path(dest).is_dir():
            folder_target(dest, "a backup", "-o FILE", library=paths)
        else:
            file_target(dest, "a backup", library=paths)
    sweep(paths)
    if dest is None:
        paths.backups.mkdir(parents=True, exist_ok=True)
        dest = _unique(paths.backups, f"paperdeck-{stamp}-{reason}")
    else:
        if Path(dest).is_dir():
            dest = _unique(Path(dest), f"paperdeck-{stamp}")
        dest = file_target(dest, "a backup", library=paths)
    try:
        with replacing(dest) as tmp:
            target = sqlite3.connect(tmp)
            try:
                conn.backup(target)
                ok = target.execute("PRAGMA quick_check").fetchone()[0]
                # A copy is one self-contained file: no -wal beside it.
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
            if ok != "ok":
                raise PaperdeckError(f"the backup copy failed its check ({ok}); nothing was written")
    except sqlite3.Error as e:
        from reader.store.failures import explain

        raise explain(e, dest) or PaperdeckError(
            f"cannot write the backup {dest}: {e}; nothing was written") from None
    if dest.parent.resolve() == paths.backups.resolve():
        prune(paths, DEFAULT_KEEP if keep is None else keep)
    return dest


def backups(paths: Paths) -> list[Path]:
    """The copies in `backups/`, oldest first."""
    if not paths.backups.is_dir():
        return []
    return sorted(paths.backups.glob(PATTERN), key=lambda p: (p.stat().st_mtime_ns, p.name))


def prune(paths: Paths, keep: int) -> list[Path]:
    """Remove all but the newest `keep` copies (those taken before an upgrade stay, outside the
    count); returns the removed ones."""
    copies = [p for p in backups(paths) if UPGRADE not in p.name]
    removed = copies[: max(0, len(copies) - keep)]
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


def sweep(paths: Paths, stale_s: float = STALE_S) -> list[Path]:
    """Remove the temporary files of backups killed before they finished (kill -9, a power
    cut): `.paperdeck-….part` in `backups/` untouched for `stale_s`. Returns the removed ones."""
    import time

    if not paths.backups.is_dir():
        return []
    removed = []
    now = time.time()
    for pattern in PARTS:
        for part in paths.backups.glob(pattern):
            try:
                if now - part.stat().st_mtime > stale_s:
                    part.unlink()
                    removed.append(part)
            except OSError:
                pass      # gone meanwhile, or not ours to remove: the next sweep tries again
    return removed
