"""The outside world refusing a write — a full disk, a read-only file system, a read-only
library file — told as one clear line naming the path, instead of SQLite's "database or disk is
full" or "unable to open database file" inside an unexpected error.

`explain()` turns an exception from SQLite or the file system into a PaperdeckError when it is
one of these (None otherwise); `unwritable()` says which one holds for a path, from the file
system itself (statvfs, access), so that the same diagnosis serves a failed open and a failed
write.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from reader.errors import PaperdeckError

MIN_FREE = 1 << 20   # less room than this: SQLite cannot grow its -shm or -wal file

FULL = "full"
READ_ONLY_FS = "read-only file system"
READ_ONLY_FILE = "read-only file"


class DiskFull(PaperdeckError):
    """The disk has no room for a write: nothing was saved."""


class ReadOnly(PaperdeckError):
    """The library cannot be written (its file or its file system is read-only)."""


def unwritable(path: Path) -> str | None:
    """FULL, READ_ONLY_FS or READ_ONLY_FILE when the file system says `path` (a file, which may
    not exist yet) cannot be written; None when nothing outside is in the way."""
    folder = path if path.is_dir() else path.parent
    try:
        st = os.statvfs(folder)
    except OSError:
        return None
    if st.f_flag & os.ST_RDONLY:
        return READ_ONLY_FS
    if st.f_bavail * st.f_frsize < MIN_FREE:
        return FULL
    for p in (path, folder):
        if p.exists() and not os.access(p, os.W_OK):
            return READ_ONLY_FILE
    return None


def refusal(path: Path, why: str, done: str = "nothing was saved") -> PaperdeckError:
    """The one line for `why` (from `unwritable`) at `path`."""
    if why == FULL:
        return DiskFull(f"the disk is full ({path}): {done}; free some space and try again")
    if why == READ_ONLY_FS:
        return ReadOnly(f"{path} is on a read-only file system: {done}; remount it read-write, "
                        "or set PAPERDECK_HOME to a writable folder")
    return ReadOnly(f"{path} is read-only: {done}; make it writable (chmod u+w), or set "
                    "PAPERDECK_HOME to a writable folder")


def explain(e: BaseException, db: Path, file: Path | None = None) -> PaperdeckError | None:
    """A one-line error for `e` if a full disk or a read-only library caused it; else None.
    `db` is the library database; a file error names `file` (what was being written), else
    the file it names itself."""
    if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS):
        where = file or (Path(e.filename) if e.filename else db)
        return refusal(where, READ_ONLY_FS if e.errno == errno.EROFS else FULL)
    if not isinstance(e, sqlite3.Error):
        return None
    name = getattr(e, "sqlite_errorname", "") or ""
    if name == "SQLITE_FULL":
        return refusal(db, FULL)
    if name.startswith(("SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN")):
        why = unwritable(db)
        if why is not None:
            return refusal(db, why)
    return None
