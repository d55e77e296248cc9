"""crash.log: the traceback of an unexpected error, added to a log in the data folder, written
as the store writes its other files (reader.store.outfile): never through a link, never over
what is there.

- The log is opened with O_APPEND|O_CREAT|O_NOFOLLOW: a link planted at crash.log (to a file of
  the user's elsewhere) is refused, not followed; each entry is one write() at the end, so two
  processes crashing at once do not interleave within an entry, and older entries are never
  rewritten.
- Its size is bounded: one entry is cut to MAX_ENTRY (its head and its tail, where the error
  is), and a log that would grow past MAX_LOG is first moved aside whole, to
  crash-<time>.log beside it (a new name, never over another file), so older entries are
  kept, not dropped.
- A new log is made readable by its owner only (a traceback may quote a note's text).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

MAX_LOG = 1_000_000      # bytes in crash.log before it is moved aside
MAX_ENTRY = 64_000       # bytes of one entry (a traceback of a deep recursion is megabytes)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


class NoLog(Exception):
    """The entry could not be written; the message says why, for the user's one line."""


def entry_bytes(text: str) -> bytes:
    """One entry as written: UTF-8, ending in a blank line, at most MAX_ENTRY bytes (the middle
    of a longer one left out, and said so)."""
    data = (text.rstrip("\n") + "\n\n").encode("utf-8", "replace")
    if len(data) <= MAX_ENTRY:
        return data
    cut = f"\n[... {len(data) - MAX_ENTRY + 100:,} bytes of this traceback left out ...]\n"
    keep = (MAX_ENTRY - len(cut)) // 2
    head = data[:keep].decode("utf-8", "ignore")
    tail = data[-keep:].decode("utf-8", "ignore")
    return (head + cut + tail).encode("utf-8")


def append(folder: Path, text: str, now: float | None = None) -> Path:
    """Add `text` (a traceback) to folder/crash.log; its path. NoLog when it cannot be
    written (a link at its name, a folder that is not writable)."""
    data = entry_bytes(text)
    log = folder / "crash.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _move_aside_if_full(log, len(data), now)
        fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW | _CLOEXEC, 0o600)
    except OSError as e:
        if os.path.islink(log):
            raise NoLog(f"{log} is a link; it was not followed") from None
        raise NoLog(f"{log} could not be written: {e.strerror or e}") from None
    try:
        if not _regular(fd):
            raise NoLog(f"{log} is not a regular file; nothing was written into it")
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as e:
        raise NoLog(f"{log} could not be written: {e.strerror or e}") from None
    finally:
        os.close(fd)
    return log


def _regular(fd: int) -> bool:
    import stat

    return stat.S_ISREG(os.fstat(fd).st_mode)


def _move_aside_if_full(log: Path, adding: int, now: float | None) -> None:
    """Move a log that `adding` bytes would take past MAX_LOG to crash-<time>.log (a name not
    taken: a link is made there, which fails rather than replace, then the old name goes)."""
    try:
        st = os.lstat(log)
    except FileNotFoundError:
        return
    import stat

    if not stat.S_ISREG(st.st_mode) or st.st_size + adding <= MAX_LOG:
        return
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(time.time() if now is None else now))
    for n in range(100):
        aside = log.with_name(f"crash-{stamp}{f'-{n}' if n else ''}.log")
        try:
            os.link(log, aside, follow_symlinks=False)
        except FileExistsError:
            continue
        except OSError:   # moved aside by another process, or no links here: append still
            return
        try:
            os.unlink(log)   # what another process appended meanwhile is in `aside` too
        except FileNotFoundError:
            pass
        return
