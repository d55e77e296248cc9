"""Downloading PDFs: streamed to `ID.pdf.part` beside the target within a deadline and a size
cap, checked, then renamed into place, so a cut-off download never leaves a partial PDF where a
whole one is expected.

The `.part` file is removed on every way out (a SIGTERM reaches it as an exception, see
reader.cli.library). A kill -9 cannot clean up, so an import first sweeps the `.part` files
no live download holds: each download keeps an exclusive lock on its own.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from reader.arxiv import http_get
from reader.errors import PaperdeckError
from reader.arxiv.http_get import size_text

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be deleted there, which protects it as well
    fcntl = None  # type: ignore[assignment]

PART = ".part"
TAIL = 2048  # `%%EOF` must be this near the end (real PDFs may carry a few bytes after it)


class DownloadFailed(PaperdeckError):
    pass


def download(
    url: str,
    dest: Path,
    *,
    deadline_s: float = 300.0,
    max_bytes: int = 100_000_000,
    timeout: float = 30.0,
    cancel: threading.Event | None = None,
) -> Path:
    """Fetch `url` to `dest` atomically; raise DownloadFailed with the reason. Setting `cancel`
    stops the download at once (nothing is left behind)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + PART)
    fd = _open_locked(part)
    try:
        with os.fdopen(fd, "wb", closefd=False) as out:
            try:
                reply = http_get.get(url, deadline=time.monotonic() + deadline_s,
                                     max_bytes=max_bytes, read_timeout=timeout, cancel=cancel,
                                     into=out)
            except http_get.NetError as e:
                raise DownloadFailed(http_get.why_not(e, url, "PDF", deadline_s=deadline_s,
                                                      max_bytes=max_bytes)) from None
            if reply.status != 200:
                raise DownloadFailed(f"HTTP {reply.status} from {url}")
            out.flush()
            os.fsync(out.fileno())
        problem = check(part)
        if problem:
            raise DownloadFailed(f"{url} sent {problem}")
        os.replace(part, dest)
        return dest
    except OSError as e:
        raise DownloadFailed(f"cannot write {dest}: {e.strerror or e}") from None
    finally:
        try:
            if _holds(fd, part):  # not yet renamed: ours to remove
                os.unlink(part)
        except OSError:
            pass
        os.close(fd)


def check(path: Path) -> str | None:
    """None if `path` holds a whole PDF, else what it holds instead ("half a PDF: ...")."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            head = f.read(5)
            f.seek(max(0, size - TAIL))
            tail = f.read()
    except OSError as e:
        return f"an unreadable file ({e.strerror or e})"
    if head != b"%PDF-":
        return f"{size_text(size)} that are not a PDF"
    if b"%%EOF" not in tail:
        return f"{size_text(size)} of a PDF without its end (%%EOF): it was cut short"
    return _opens(path)


def _opens(path: Path) -> str | None:
    """pypdf opens it and finds a page (within pdftext's time limit for opening)."""
    from reader.text.pdf.pdfopen import OPEN_TIMEOUT_S, _open, _Watchdog  # also silences pypdf's logging

    try:
        with _Watchdog(OPEN_TIMEOUT_S, None):
            if len(_open(path).pages) == 0:
                return "a PDF without pages"
    except BaseException as e:  # noqa: BLE001 - a broken PDF raises anything, or _TimedOut
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        if type(e).__name__ == "FileNotDecryptedError":
            return None  # whole, but locked by a password: a PDF viewer can still open it
        return f"a PDF that cannot be opened ({type(e).__name__})"
    return None


def sweep_parts(folder: Path) -> list[Path]:
    """Remove the `.part` files no download holds (left by a kill -9); return them."""
    removed = []
    try:
        candidates = list(folder.glob("*" + PART))
    except OSError:
        return removed
    for part in candidates:
        try:
            fd = os.open(part, os.O_RDWR)
        except OSError:
            continue
        try:
            if _lock(fd, wait=False) and _holds(fd, part):
                os.unlink(part)
                removed.append(part)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def _open_locked(part: Path) -> int:
    """`part` opened for writing and locked, emptied. Another process downloading the same PDF
    holds the lock: say so. A sweep that removed the file between our open and our lock left
    us a nameless file: open again."""
    for _ in range(10):
        try:
            # Never through a link planted at this predictable name: remove it and try again.
            fd = os.open(part, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except OSError:
            if not part.is_symlink():
                raise
            part.unlink(missing_ok=True)
            continue
        try:
            if not _lock(fd, wait=False):
                raise DownloadFailed(f"another paperdeck is downloading {part.name[:-len(PART)]} "
                                     "right now; try again when it is done")
            if _holds(fd, part):
                os.ftruncate(fd, 0)
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
    raise DownloadFailed(f"cannot create {part}: it keeps disappearing")


def _holds(fd: int, path: Path) -> bool:
    """Whether `path` still names the file open as `fd`."""
    try:
        return os.path.samestat(os.fstat(fd), os.stat(path))
    except FileNotFoundError:
        return False


def _lock(fd: int, wait: bool) -> bool:
    if fcntl is None:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True
