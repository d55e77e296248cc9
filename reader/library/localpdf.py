"""Papers added from a local PDF (`paperdeck add ./file.pdf`).

A PDF that names its arXiv id (arXiv's stamp on its first page, or its metadata: see
reader.text.pdf.firstpage) can be imported as that arXiv paper (`add_as_arxiv`: arXiv's
metadata, this file as its PDF). Otherwise it is a paper not on arXiv: the key is `local:` +
the first 12 hex digits of the file's SHA-256, so adding the same file twice is noticed. The
title comes from the PDF's metadata, else from its first page (every line of the largest
type), else the file name (`paperdeck edit ID --title T` fixes it); the authors from the
metadata, else from the names under the title. The file is copied atomically into the
library's `papers/` folder; a PDF pypdf cannot open is refused and nothing is written. Only a
regular file is read, and only up to `MAX_BYTES`: a pipe or a device is refused by name.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import sqlite3
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from reader import clock
from reader.errors import PaperdeckError, UsageError
from reader.ids import ArxivId
from reader.library import papers as library
from reader.models import Paper
from reader.store.db import transaction
from reader.store.paths import Paths
from reader.text.textsafe import one_line


class AlreadyAdded(UsageError):
    """The same file is already in the library (as `paper`); `restored` when its PDF had gone
    missing and this file was put back in its place."""

    def __init__(self, paper: Paper, restored: bool = False):
        self.paper = paper
        self.restored = restored
        suffix = "  (its missing PDF is back)" if restored else ""
        super().__init__(f"already in the library: {paper.id}  {paper.title}{suffix}")


MAX_BYTES = 100 * 2**20      # a PDF larger than this is refused before it is read

# What a path is, when it is not a regular file (os.stat's st_mode).
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
          (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def _not_a_file(src: Path, st: os.stat_result) -> UsageError | None:
    if stat.S_ISREG(st.st_mode):
        return None
    kind = next((name for test, name in _KINDS if test(st.st_mode)), "not a regular file")
    return UsageError(f"{src} is {kind}, not a PDF file; nothing was added")


def read_file(src: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file at `src` (a link is followed), at most `max_bytes`.
    A pipe, a device (a link to /dev/zero), a folder or a socket is refused before it is
    opened for reading (opening a FIFO blocks, reading a device never ends); O_NONBLOCK and
    a second look at the open file close the gap in which the path could be swapped."""
    try:
        st = os.stat(src)
        refused = _not_a_file(src, st)
        if refused is None:
            fd = os.open(src, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
            try:
                st = os.fstat(fd)
                refused = _not_a_file(src, st)
                if refused is None and st.st_size > max_bytes:
                    refused = _too_big(src, st.st_size, max_bytes)
                if refused is None:
                    with os.fdopen(fd, "rb", closefd=False) as f:
                        data = f.read(max_bytes + 1)
                    if len(data) > max_bytes:       # it grew while we read it
                        refused = _too_big(src, len(data), max_bytes)
            finally:
                os.close(fd)
    except OSError as e:
        raise UsageError(f"cannot read {src}: {e.strerror or e}") from None
    if refused is not None:
        raise refused
    return data


def _too_big(src: Path, size: int, max_bytes: int) -> UsageError:
    return UsageError(f"{src} is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB "
                      "limit for a PDF; nothing was added")


def key_for_bytes(data: bytes) -> str:
    return "local:" + hashlib.sha256(data).hexdigest()[:12]


@dataclass(frozen=True)
class LocalPdf:
    """A PDF read and opened: what it says of its paper, before anything is written."""

    path: Path
    data: bytes
    key: str                        # its `local:` key
    title: str
    authors: tuple[str, ...]
    published: str | None
    arxiv_id: ArxivId | None        # the arXiv paper it names (stamp or metadata)


def open_pdf(path: str | os.PathLike[str], max_bytes: int = MAX_BYTES) -> LocalPdf:
    """Read the PDF at `path` and find what it says of its paper. UsageError (one line) when
    it is not a regular file of at most `max_bytes` or cannot be read as a PDF."""
    from reader.text.pdf.pdfopen import OPEN_TIMEOUT_S, _Watchdog, _describe, _TimedOut

    src = Path(path).expanduser()
    data = read_file(src, max_bytes)
    key = key_for_bytes(data)
    try:
        with _Watchdog(OPEN_TIMEOUT_S, None):
            info = _inspect(data)
    except _TimedOut:
        raise UsageError(f"{src} takes too long to open as a PDF; nothing was added") from None
    except Exception as e:  # noqa: BLE001 - broken PDFs raise anything
        raise UsageError(f"{src} cannot be opened as a PDF ({_describe(e)}); nothing was added") from None
    title = info["title"] or one_line(src.stem.replace("_", " ")) or key
    return LocalPdf(src, data, key, title, info["authors"], info["published"], info["arxiv_id"])


def add_local(conn: sqlite3.Connection, paths: Paths, path: str | os.PathLike[str] | LocalPdf,
              max_bytes: int = MAX_BYTES) -> Paper:
    """Add the PDF at `path` (or one `open_pdf` opened) as a paper not on arXiv; the new Paper.
    UsageError (one line, nothing written) when it is not a regular file of at most
    `max_bytes` or cannot be read as a PDF; AlreadyAdded when the same file is in the library."""
    pdf = path if isinstance(path, LocalPdf) else open_pdf(path, max_bytes)
    data, key = pdf.data, pdf.key
    existing = library.get(conn, key)
    if existing is not None:
        if existing.pdf_status == "ok" and existing.pdf_path and (paths.data / existing.pdf_path).is_file():
            raise AlreadyAdded(existing)
        raise AlreadyAdded(_restore_file(conn, paths, existing, data), restored=True)
    paper = Paper(
        id=key, title=pdf.title, authors=pdf.authors, published=pdf.published,
        added=clock.iso(clock.now()), pdf_status="ok",
    )
    dest = paths.pdf_for(key)
    _atomic_copy(data, dest)
    try:
        with transaction(conn):
            if library.exists(conn, key):          # another process added it meanwhile
                raise AlreadyAdded(library.get(conn, key))  # type: ignore[arg-type]
            library.insert(conn, replace(paper, pdf_path=str(dest.relative_to(paths.data))))
    except AlreadyAdded:
        raise
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    return library.get(conn, key)  # type: ignore[return-value]


def add_as_arxiv(conn: sqlite3.Connection, paths: Paths, client, pdf: LocalPdf) -> Paper:
    """Import the arXiv paper `pdf` names, with arXiv's metadata (of the version the file is)
    and the file as its PDF: nothing is downloaded but the metadata. A paper already in the
    library gets the file when its own PDF is missing; else AlreadyAdded. UsageError when
    the PDF names no arXiv id or arXiv has no such paper (nothing written); the client's
    PaperdeckError when arXiv cannot be reached."""
    aid = pdf.arxiv_id
    if aid is None:
        raise UsageError(f"{pdf.path} names no arXiv id (no arXiv stamp on its first page, "
                         "none in its metadata); add it without --arxiv, or by its id")
    existing = library.get(conn, aid.id)
    dest = paths.pdf_for(aid.id)
    if existing is not None:
        if existing.pdf_status == "ok" and existing.pdf_path and (paths.data / existing.pdf_path).is_file():
            raise AlreadyAdded(existing)
        _atomic_copy(pdf.data, dest)
        library.update_fields(conn, existing.id, pdf_status="ok",
                              pdf_path=str(dest.relative_to(paths.data)))
        raise AlreadyAdded(library.get(conn, existing.id), restored=True)  # type: ignore[arg-type]
    local = library.get(conn, pdf.key)
    if local is not None and _holds_your_work(conn, local.id):
        raise UsageError(f"{pdf.path} is in the library as {local.id}, with your notes or "
                         "reading on it; it stays so (nothing was added)")
    fetched = client.fetch([aid]).get(aid.id)
    if fetched is None:
        raise UsageError(f"{pdf.path} names arXiv:{aid}, which arXiv does not have; add it "
                         "without --arxiv to keep it as a local paper (nothing was added)")
    version = aid.version or fetched.version
    latest = max(v for v in (version, fetched.latest_version, fetched.version) if v)
    _atomic_copy(pdf.data, dest)
    try:
        with transaction(conn):
            if library.exists(conn, aid.id):        # another process added it meanwhile
                raise AlreadyAdded(library.get(conn, aid.id))  # type: ignore[arg-type]
            library.insert(conn, replace(
                fetched, version=version, latest_version=latest, added=clock.iso(clock.now()),
                pdf_status="ok", pdf_path=str(dest.relative_to(paths.data))))
    except AlreadyAdded:
        raise
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    if local is not None:  # added from this file before, as a local paper, and not used yet
        library.delete(conn, paths.data, local.id, clock.now())
    return library.get(conn, aid.id)  # type: ignore[return-value]


def _holds_your_work(conn: sqlite3.Connection, paper_id: str) -> bool:
    """Whether anything of the user's hangs on the paper: notes, passes, TODOs, tags, cards,
    a plan, journal entries."""
    checks = ("SELECT 1 FROM notes WHERE paper_id = ? AND (what || how || why || text) != ''",
              "SELECT 1 FROM passes WHERE paper_id = ?", "SELECT 1 FROM todos WHERE paper_id = ?",
              "SELECT 1 FROM tags WHERE paper_id = ?", "SELECT 1 FROM cards WHERE group_key = ?",
              "SELECT 1 FROM reading_plan WHERE paper_id = ?",
              "SELECT 1 FROM journal WHERE item_id = ?", "SELECT 1 FROM unit_items WHERE item_id = ?")
    return any(conn.execute(sql + " LIMIT 1", (paper_id,)).fetchone() for sql in checks)


def _restore_file(conn: sqlite3.Connection, paths: Paths, paper: Paper, data: bytes) -> Paper:
    """Put the file of a local paper whose PDF is missing back into the library (the same
    content: the key is its hash)."""
    dest = paths.pdf_for(paper.id)
    _atomic_copy(data, dest)
    library.update_fields(conn, paper.id, pdf_status="ok", pdf_path=str(dest.relative_to(paths.data)))
    return library.get(conn, paper.id)  # type: ignore[return-value]


def _atomic_copy(data: bytes, dest: Path) -> None:
    """Write `data` as `dest` whole or not at all. The temporary file is made exclusively under
    a random name (a link planted at `dest`'s `.part` is never followed) in papers/ resolved
    once: a papers/ that is a link to another disk gets the file there, and the rename stays
    within that one folder."""
    from reader.store.outfile import new_temp

    part = None
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest = Path(os.path.realpath(dest.parent)) / dest.name
        part = new_temp(dest)
        with open(part, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(part, dest)
    except OSError as e:
        if part is not None:
            part.unlink(missing_ok=True)
        from reader.store.failures import explain

        raise explain(e, dest, dest) or PaperdeckError(
            f"cannot copy the PDF into {dest.parent}: {e.strerror or e}") from None


_BAD_TITLES = re.compile(r"^(untitled|title|document\d*|microsoft word.*|.*\.(dvi|docx?|tex|pdf|ps))$", re.I)


def _inspect(data: bytes) -> dict:
    """Open the PDF (raising on failure), count its pages, and find title, authors, date."""
    from pypdf import PdfReader

    from reader.text.pdf import firstpage
    from reader.text.pdf.pdfclean import clean_text

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        reader.decrypt("")
    if len(reader.pages) == 0:
        raise ValueError("the PDF has no pages")
    meta = {}
    try:
        meta = reader.metadata or {}
    except Exception:  # noqa: BLE001
        pass
    try:
        page_text = clean_text(reader.pages[0].extract_text() or "")
    except Exception:  # noqa: BLE001 - a page that cannot be read just gives no title
        page_text = ""
    runs = firstpage.runs(reader.pages[0]) if page_text else []
    page_title, rest = firstpage.title_and_rest(runs)
    title = one_line(str(meta.get("/Title") or ""))
    if not _looks_like_a_title(title):
        title = page_title or _title_from_page(page_text)
    raw_authors = one_line(str(meta.get("/Author") or ""))
    parts = re.split(r"\s*;\s*|\s+and\s+|\s*,\s*", raw_authors) if raw_authors else []
    authors = tuple(a for a in parts if a) or (firstpage.authors_after(rest) if page_title else ())
    return {"title": title[:300], "authors": authors,
            "published": _creation_date(str(meta.get("/CreationDate") or "")),
            "arxiv_id": firstpage.arxiv_id(runs, page_text, meta)}


def _creation_date(raw: str) -> str | None:
    """`D:20120403…` -> `2012-04-03T00:00:00Z`; None for a date that is not one (`D:0000`,
    month 13) or lies outside the years paperdeck stores (clock.EARLIEST to LATEST)."""
    from datetime import date

    m = re.match(r"D:(\d{4})(\d{2})?(\d{2})?", raw)
    if not m:
        return None
    try:
        day = date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None
    if not clock.EARLIEST.year <= day.year < clock.LATEST.year:
        return None
    return f"{day.isoformat()}T00:00:00Z"


def _looks_like_a_title(title: str) -> bool:
    """A metadata title worth keeping: not empty, a placeholder, a file name or an id."""
    if len(title) < 3 or _BAD_TITLES.match(title) or title.lower().startswith("arxiv:"):
        return False
    if " " not in title and re.search(r"[_\d]", title):  # paper_final_v3, main2, 2305.03393
        return False
    return sum(c.isalpha() for c in title) >= 3


# Words a title may end on with a number that is not a page number: Part 2, Volume 3, GPT 4.
_NUMBERED = frozenset("part vol volume no number chapter version v phase level stage gpt llama "
                      "step type day round task track edition ed".split())


def _strip_page_number(line: str) -> str:
    """A title line from a page without a running header's page number after it:
    "Optimized Table ... Recognition 9". (A number before it is kept: "100 Years of ...".)"""
    words = line.split()
    if len(words) > 2 and re.fullmatch(r"\d{1,3}", words[-1]) and words[-2].lower() not in _NUMBERED \
            and not words[-2].endswith((":", "-")):
        words = words[:-1]
    return " ".join(words)


def _title_from_page(text: str) -> str:
    lines = [one_line(line) for line in text.split("\n")]
    lines = [line for line in lines if line and not line.lower().startswith("arxiv:")]
    for i, line in enumerate(lines[:15]):
        line = _strip_page_number(line)
        if sum(c.isalpha() for c in line) >= 8 and len(line.split()) >= 2:
            title = line
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if (len(line) >= 50 and nxt[:1].isupper() and len(nxt) <= 60
                    and not any(c.isdigit() or c in ",@" for c in nxt)):
                title += " " + nxt
            return title
    return ""
