"""arXiv's HTML of a paper: the page at `<arxiv.html_url><id>v<N>` and its figures beside it
(`.../<id>v<N>/x1.png`), each under a total deadline and a size cap (reader.arxiv.http_get).

The page and its figures are the paper's content, as its PDF is, so they take the PDF's
deadline and cap (`arxiv.pdf_deadline_seconds`, `arxiv.pdf_max_mb`). What comes back is sorted
into what the library records: `ok` (a whole page), `none` (arXiv has no HTML for the paper: a
404) or `failed` (the network, a cut-off page, another status: worth trying again). Whether the
page holds an article is for the parser to say (reader.text.html.latexml).

A figure is written to a temporary file created exclusively (and locked, so a sweep after a
kill -9 knows it is not held) beside its final name, checked to be an image, then renamed into
place: a figure file is whole or absent.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from reader.arxiv import http_get
from reader.arxiv.api import Settings
from reader.arxiv.http_get import size_text
from reader.arxiv.pdfs import PART, _holds, _lock, sweep_parts
from reader.errors import PaperdeckError
from reader.text.html.html_store import is_whole

NO_HTML = "arXiv has no HTML for this paper"
# A figure's name as LaTeXML writes it beside the page ("x1.png"): one plain file name.
_FIGURE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


class FigureUnavailable(PaperdeckError):
    """A figure could not be fetched; the message says why (`missing`: arXiv has none)."""

    def __init__(self, message: str, missing: bool = False):
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True)
class Page:
    status: str          # ok | none | failed
    url: str
    reason: str | None   # none / failed: why, as a phrase ("arXiv has no HTML for this paper")
    body: bytes = b""    # ok: the page as it came


def page_url(settings: Settings, arxiv_id: str, version: int | None) -> str:
    base = settings.html_url if settings.html_url.endswith("/") else settings.html_url + "/"
    return f"{base}{arxiv_id}" + (f"v{version}" if version else "")


def fetch_page(settings: Settings, arxiv_id: str, version: int | None,
               cancel: threading.Event | None = None) -> Page:
    """The paper's HTML page, or why there is none. Never raises for what the network does."""
    url = page_url(settings, arxiv_id, version)
    try:
        reply = http_get.get(url, deadline=time.monotonic() + settings.pdf_deadline_seconds,
                             max_bytes=int(settings.pdf_max_mb * 1e6),
                             read_timeout=settings.timeout_seconds, cancel=cancel)
    except http_get.NetError as e:
        return Page("failed", url, http_get.why_not(e, url, "page", deadline_s=settings.pdf_deadline_seconds,
                                                    max_bytes=int(settings.pdf_max_mb * 1e6)))
    if reply.status in (404, 410):
        return Page("none", url, f"{NO_HTML} (HTTP {reply.status})")
    if reply.status != 200:
        return Page("failed", url, f"HTTP {reply.status} from {url}")
    if not is_whole(reply.body):
        return Page("failed", url, f"the page from {url} was cut off after "
                                   f"{size_text(len(reply.body))} (it has no end, </html>)")
    return Page("ok", url, None, reply.body)


# -- figures -------------------------------------------------------------------------------------

def figure_name_ok(name: str) -> bool:
    """A name the page gives a figure that can be fetched and kept: one plain file name, never a
    path, an absolute URL or a data: URI."""
    return bool(_FIGURE_NAME.fullmatch(name)) and ".." not in name


def figure_url(settings: Settings, arxiv_id: str, version: int | None, name: str) -> str:
    return page_url(settings, arxiv_id, version) + "/" + name


def fetch_figure(settings: Settings, arxiv_id: str, version: int | None, name: str,
                 folder: Path, cancel: threading.Event | None = None) -> Path:
    """Fetch figure `name` into `folder` (atomically); its path. Raises FigureUnavailable."""
    if not figure_name_ok(name):
        raise FigureUnavailable(f"the figure name {name!r} is not a plain file name; not fetched")
    url = figure_url(settings, arxiv_id, version, name)
    dest = folder / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
        sweep_parts(folder)  # left by a fetch that was killed
        fd, tmp = _locked_temp(folder, name)
    except OSError as e:
        raise FigureUnavailable(f"cannot write in {folder}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb", closefd=False) as out:
            reply = _get_figure(settings, url, out, cancel)
            if reply.status in (404, 410):
                raise FigureUnavailable(f"arXiv has no figure {name} (HTTP {reply.status} from "
                                        f"{url})", missing=True)
            if reply.status != 200:
                raise FigureUnavailable(f"HTTP {reply.status} from {url}")
            out.flush()
            os.fsync(out.fileno())
        if not _is_image(tmp):
            raise FigureUnavailable(f"{url} sent {size_text(tmp.stat().st_size)} that are not "
                                    "an image")
        os.replace(tmp, dest)
        return dest
    except OSError as e:
        raise FigureUnavailable(f"cannot write {dest}: {e.strerror or e}") from None
    finally:
        tmp.unlink(missing_ok=True)
        os.close(fd)


def _locked_temp(folder: Path, name: str) -> tuple[int, Path]:
    """A new temporary file beside `name`, created exclusively and locked. Another process's
    sweep may remove it between the two: then make another."""
    for _ in range(10):
        fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=PART, dir=folder)
        if _lock(fd, wait=False) and _holds(fd, Path(tmp_name)):
            return fd, Path(tmp_name)
        os.close(fd)
    raise OSError(f"temporary files in {folder} keep disappearing")


def _get_figure(settings: Settings, url: str, out, cancel) -> http_get.Reply:
    try:
        return http_get.get(url, deadline=time.monotonic() + settings.pdf_deadline_seconds,
                            max_bytes=int(settings.pdf_max_mb * 1e6),
                            read_timeout=settings.timeout_seconds, cancel=cancel, into=out)
    except http_get.NetError as e:
        raise FigureUnavailable(http_get.why_not(e, url, "figure", deadline_s=settings.pdf_deadline_seconds,
                                                 max_bytes=int(settings.pdf_max_mb * 1e6))) from None


def _is_image(path: Path) -> bool:
    """PNG, JPEG, GIF, WebP or SVG (LaTeXML writes PNG; an error page saved as x1.png is not)."""
    with open(path, "rb") as f:
        head = f.read(1024)
    if head.startswith(_IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
        return True
    return b"<svg" in head and b"<html" not in head.lower()
