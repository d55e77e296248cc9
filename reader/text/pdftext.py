"""PDF text: extracted with pypdf page by page, cleaned for the terminal, cached in the database.

`extract()` is a generator: each page is stored (in its own transaction, so another connection
sees it at once) before it is yielded, so a reader can show page 1 while the rest is still being
read. A `threading.Event` passed as `cancel` stops it between pages — and within a page, since a
watchdog interrupts pypdf — and the next call resumes where it stopped. Nothing in a broken PDF
raises out of here: a PDF that cannot be opened or counted marks the paper's text `failed` with the
reason, a page that fails (or takes longer than `page_timeout`, or whose text the cache refuses)
is stored with its error and the other pages keep their text.

The TUI runs `extract()` in a worker thread with its own connection (`reader.store.db.connect`).
"""

from __future__ import annotations

import ctypes
import logging
import re
import sqlite3
import threading
import time
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reader import clock
from reader.library import papers as library
from reader.store.db import transaction
from reader.errors import NotFound, PaperdeckError
from reader.models import PageText
from reader.store.paths import Paths
from reader.text.textsafe import clean as _clean_controls

PAGE_TIMEOUT_S = 20.0       # a page that takes longer is skipped with an error
OPEN_TIMEOUT_S = 30.0       # opening and counting pages

# pypdf reports what it repairs through logging and warnings; a user needs none of it.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False
warnings.filterwarnings("ignore", module=r"pypdf(\.|$)")


class NoPdf(PaperdeckError):
    """The paper has no PDF file to read text from."""


@dataclass(frozen=True)
class Extraction:
    paper_id: str
    status: str                 # pending | partial | done | failed
    page_count: int | None
    reason: str | None
    pdf_path: str | None
    updated: str


# -- reading the cache ----------------------------------------------------------------------

def state(conn: sqlite3.Connection, paper_id: str) -> Extraction | None:
    """Where extraction of a paper's text stands (None: never started)."""
    r = conn.execute(
        "SELECT paper_id, status, page_count, reason, pdf_path, updated FROM extraction "
        "WHERE paper_id = ?", (paper_id,)
    ).fetchone()
    return Extraction(*r) if r else None


def cached_pages(conn: sqlite3.Connection, paper_id: str) -> list[PageText]:
    count = conn.execute("SELECT page_count FROM extraction WHERE paper_id = ?", (paper_id,)).fetchone()
    rows = conn.execute(
        "SELECT page, text, error FROM pages WHERE paper_id = ? ORDER BY page", (paper_id,)
    )
    return [PageText(paper_id, r[0], r[1], r[2], count[0] if count else None) for r in rows]


def cached_page(conn: sqlite3.Connection, paper_id: str, page: int) -> PageText | None:
    r = conn.execute(
        "SELECT p.page, p.text, p.error, e.page_count FROM pages p "
        "LEFT JOIN extraction e ON e.paper_id = p.paper_id WHERE p.paper_id = ? AND p.page = ?",
        (paper_id, page),
    ).fetchone()
    return PageText(paper_id, r[0], r[1], r[2], r[3]) if r else None


def reset(conn: sqlite3.Connection, paper_id: str) -> None:
    """Forget a paper's cached text (e.g. after a new version of its PDF was downloaded)."""
    with transaction(conn):
        conn.execute("DELETE FROM pages WHERE paper_id = ?", (paper_id,))
        conn.execute("DELETE FROM extraction WHERE paper_id = ?", (paper_id,))


# -- extraction -----------------------------------------------------------------------------

def pdf_file(paths: Paths, paper) -> Path:
    """The paper's PDF on disk, or NoPdf saying what to do."""
    if paper.pdf_path:
        path = paths.data / paper.pdf_path
        if path.is_file():
            return path
    hint = "" if paper.is_local else f"; fetch it with: paperdeck add {paper.id}"
    raise NoPdf(f"{paper.id} has no PDF{hint}")


def extract(
    conn: sqlite3.Connection,
    paths: Paths,
    paper_id: str,
    *,
    now: datetime | None = None,
    cancel: threading.Event | None = None,
    page_timeout: float = PAGE_TIMEOUT_S,
) -> Iterator[PageText]:
    """Every page's text in order: cached pages at once, the others as they are extracted (each
    stored before it is yielded). Stops early, keeping what was done, when `cancel` is set.
    When the PDF cannot be read at all nothing is yielded and `state()` says why.
    Raises NotFound (no such paper) or NoPdf before the first page, nothing later."""
    paper = library.get(conn, paper_id)
    if paper is None:
        raise NotFound(f"{paper_id} is not in the library")
    ext = state(conn, paper_id)
    if ext and ext.pdf_path != paper.pdf_path:
        reset(conn, paper_id)      # the PDF changed since its text was read
        ext = None
    if ext and ext.status in ("done", "failed"):
        yield from cached_pages(conn, paper_id)
        return
    path = pdf_file(paths, paper)
    stamp = lambda: clock.iso(now or clock.now())  # noqa: E731

    def fail(reason: str) -> None:
        with transaction(conn):
            conn.execute(
                "INSERT INTO extraction (paper_id, status, reason, pdf_path, updated) "
                "VALUES (?, 'failed', ?, ?, ?) ON CONFLICT (paper_id) DO UPDATE SET "
                "status = 'failed', reason = excluded.reason, updated = excluded.updated",
                (paper_id, reason, paper.pdf_path, stamp()),
            )

    try:
        with _Watchdog(OPEN_TIMEOUT_S, cancel):
            reader = _open(path)
            count = len(reader.pages)
    except _Cancelled:
        return
    except _TimedOut:
        fail(f"the PDF took more than {OPEN_TIMEOUT_S:g} s to open")
        return
    except BaseException as e:  # noqa: BLE001 - a broken PDF raises anything
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        fail(f"cannot read the PDF: {_describe(e)}")
        return
    if count == 0:
        fail("the PDF has no pages")
        return

    # Text is cached as it is read; when the disk is full (or the library read-only) it is
    # still read and shown, just not kept.
    cache = True
    try:
        with transaction(conn):
            conn.execute(
                "INSERT INTO extraction (paper_id, status, page_count, pdf_path, updated) "
                "VALUES (?, 'pending', ?, ?, ?) ON CONFLICT (paper_id) DO UPDATE SET "
                "page_count = excluded.page_count, updated = excluded.updated",
                (paper_id, count, paper.pdf_path, stamp()),
            )
    except sqlite3.OperationalError as e:
        cache = _outside_refusal(e, paths)
    have = {r[0] for r in conn.execute("SELECT page FROM pages WHERE paper_id = ?", (paper_id,))}
    for number in range(1, count + 1):
        if number in have:
            cached = cached_page(conn, paper_id, number)
            if cached:
                yield cached
                continue
        if cancel is not None and cancel.is_set():
            return
        text, error = None, None
        try:
            with _Watchdog(page_timeout, cancel):
                raw = reader.pages[number - 1].extract_text()
            text = clean_text(raw or "")
        except _Cancelled:
            return
        except _TimedOut:
            error = f"took more than {page_timeout:g} s; skipped"
        except BaseException as e:  # noqa: BLE001
            if isinstance(e, (KeyboardInterrupt, SystemExit)):
                raise
            error = _describe(e)
        try:
            if cache:
                _store_page(conn, paper_id, number, text, error, count, stamp())
        except _UNSTORABLE as e:
            # The cache refused this page's text: keep going without it, saying why.
            text, error = None, f"could not be stored: {_describe(e)}"
            _store_page(conn, paper_id, number, text, error, count, stamp())
        except sqlite3.OperationalError as e:
            cache = _outside_refusal(e, paths)
        yield PageText(paper_id, number, text, error, count)


def _outside_refusal(e: sqlite3.OperationalError, paths: Paths) -> bool:
    """False (stop caching) when a full disk or a read-only library refused the write;
    anything else goes on up."""
    from reader.store.failures import explain

    if explain(e, paths.db) is None:
        raise e
    return False


# What storing a page's text may raise because of the text itself (a full disk or a busy
# database is not among them: those are the outside world's, and reach the caller).
_UNSTORABLE = (UnicodeEncodeError, sqlite3.IntegrityError, sqlite3.DataError)


def _store_page(conn: sqlite3.Connection, paper_id: str, number: int, text: str | None,
                error: str | None, count: int, at: str) -> None:
    with transaction(conn):
        conn.execute(
            "INSERT OR IGNORE INTO pages (paper_id, page, text, error) VALUES (?, ?, ?, ?)",
            (paper_id, number, text, error),
        )
        _update_status(conn, paper_id, count, at)


def _update_status(conn: sqlite3.Connection, paper_id: str, count: int, at: str) -> None:
    stored, good, first_error, bad = conn.execute(
        "SELECT count(*), count(text), min(CASE WHEN text IS NULL THEN error END), "
        "group_concat(CASE WHEN text IS NULL THEN page END, ', ') FROM pages WHERE paper_id = ?",
        (paper_id,),
    ).fetchone()
    if stored < count:
        status, reason = "partial", None
    elif good == 0:
        status, reason = "failed", f"no page could be read: {first_error}"
    else:
        status = "done"
        reason = f"page{'s' if ',' in (bad or '') else ''} {bad} could not be read" if bad else None
    conn.execute("UPDATE extraction SET status = ?, reason = ?, updated = ? WHERE paper_id = ?",
                 (status, reason, at, paper_id))


# -- indexing: the text of every paper, ahead of need ----------------------------------------

def pending(conn: sqlite3.Connection) -> list[str]:
    """Papers whose PDF is here and whose text is not all read yet (never started, stopped
    part way, or read from a PDF since replaced), oldest added first. A PDF that could not be
    read is not tried again until it changes."""
    rows = conn.execute(
        "SELECT p.id FROM papers p LEFT JOIN extraction e ON e.paper_id = p.id "
        "WHERE p.pdf_status = 'ok' AND p.pdf_path IS NOT NULL AND (e.paper_id IS NULL "
        "OR e.status IN ('pending', 'partial') OR e.pdf_path IS NOT p.pdf_path) "
        "ORDER BY p.added, p.id")
    return [r[0] for r in rows]


@dataclass(frozen=True)
class Indexed:
    paper_id: str
    pages: int                  # pages read (with text or an error)
    page_count: int | None
    problem: str | None         # why the text (or some pages) could not be read


IndexProgress = Callable[[str, int, "int | None"], None]  # (paper id, page, page count)


def index(conn: sqlite3.Connection, paths: Paths, paper_ids: list[str], *,
          progress: IndexProgress | None = None, cancel: threading.Event | None = None,
          now: datetime | None = None) -> list[Indexed]:
    """Read and store the text of each paper (for `find`, `refs` and "cited by"), reporting
    each page to `progress(paper_id, page, page_count)`. A paper whose PDF is gone or broken
    is reported and the others go on; `cancel` stops between pages, keeping what was read."""
    done: list[Indexed] = []
    for paper_id in paper_ids:
        if cancel is not None and cancel.is_set():
            break
        pages, count, problem = 0, None, None
        try:
            for page in extract(conn, paths, paper_id, now=now, cancel=cancel):
                pages += 1
                count = page.page_count
                if progress is not None:
                    progress(paper_id, page.page, page.page_count)
        except (NotFound, NoPdf) as e:
            problem = str(e)
        if cancel is not None and cancel.is_set():
            break
        st = state(conn, paper_id)
        if problem is None and st is not None:
            problem = st.reason
            count = st.page_count if st.page_count is not None else count
        done.append(Indexed(paper_id, pages, count, problem))
    return done


def extract_all(conn, paths, paper_id, **kw) -> list[PageText]:
    """Run `extract()` to the end; the pages."""
    return list(extract(conn, paths, paper_id, **kw))


def page_text(conn, paths, paper_id: str, page: int, **kw) -> PageText | None:
    """One page: from the cache, else extracting up to it."""
    cached = cached_page(conn, paper_id, page)
    if cached:
        return cached
    for p in extract(conn, paths, paper_id, **kw):
        if p.page == page:
            return p
    return None


def _open(path: Path):
    from pypdf import PdfReader

    reader = PdfReader(str(path), strict=False)
    if reader.is_encrypted:
        try:
            reader.decrypt("")       # many PDFs are "encrypted" with an empty user password
        except Exception:  # noqa: BLE001
            pass
    return reader


def _describe(e: BaseException) -> str:
    message = " ".join(str(e).split())[:160]
    name = type(e).__name__
    if name == "FileNotDecryptedError" or "decrypt" in message.lower():
        return "the PDF is encrypted"
    return f"{name}: {message}" if message else name


# -- a watchdog that interrupts pypdf (pure Python) in whichever thread runs it --------------

class _Interrupt(BaseException):
    """Raised into the extracting thread; BaseException so pypdf's `except Exception` lets it by."""


class _Cancelled(_Interrupt):
    pass


class _TimedOut(_Interrupt):
    pass


_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)


def _raise_in(ident: int, exc: type[BaseException] | None) -> None:
    _set_async_exc(ctypes.c_ulong(ident), ctypes.py_object(exc) if exc else ctypes.py_object())


class _Watchdog:
    """Within the block, raise _TimedOut after `limit` seconds or _Cancelled once `cancel` is
    set, into the thread that entered it."""

    POLL_S = 0.02

    def __init__(self, limit: float | None, cancel: threading.Event | None):
        self.limit, self.cancel = limit, cancel
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.fired = False

    def __enter__(self) -> _Watchdog:
        if self.limit is None and self.cancel is None:
            return self
        self.ident = threading.get_ident()
        self.deadline = time.monotonic() + (self.limit if self.limit is not None else float("inf"))
        threading.Thread(target=self._watch, name="pdftext-watchdog", daemon=True).start()
        return self

    def _watch(self) -> None:
        while True:
            left = self.deadline - time.monotonic()
            timeout = left if self.cancel is None else min(self.POLL_S, left)
            if self.done.wait(max(timeout, 0)):
                return
            exc: type[BaseException] | None = None
            if self.cancel is not None and self.cancel.is_set():
                exc = _Cancelled
            elif time.monotonic() >= self.deadline:
                exc = _TimedOut
            if exc is not None:
                with self.lock:
                    if not self.done.is_set():
                        self.fired = True
                        _raise_in(self.ident, exc)
                return

    def __exit__(self, *exc_info) -> bool:
        with self.lock:
            self.done.set()
            if self.fired:
                _raise_in(self.ident, None)    # drop it if it has not been raised yet
        return False


# -- cleaning -------------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")
_LIGATURES = {c: unicodedata.normalize("NFKC", c) for c in "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"}
_LIG_RE = re.compile("[\ufb00-\ufb06]")
# Spacing accents as TeX fonts give them (before the letter they belong to) -> combining marks.
_SPACING = {
    "\u00b4": "\u0301", "\u02ca": "\u0301", "\u02c7": "\u030c", "\u00a8": "\u0308",
    "\u02dc": "\u0303", "\u02c6": "\u0302", "\u00b8": "\u0327", "\u02d8": "\u0306",
    "\u02d9": "\u0307", "\u02da": "\u030a", "\u02dd": "\u030b", "\u00af": "\u0304",
    "\u02db": "\u0328", "\u02cb": "\u0300",
}
_ASCII_ACCENTS = {"`": "\u0300", "^": "\u0302"}
_ACCENT_RE = re.compile("([" + "".join(_SPACING) + "])([A-Za-z\u0131])")
_ASCII_ACCENT_RE = re.compile(r"(?<=[A-Za-z])([`^])([A-Za-z\u0131])(?=[a-z])")
_HYPHEN_RE = re.compile(r"([A-Za-z]*[a-z])[-\u00ad]\n([a-z][^\s]*)(?:[ \t]+|[ \t]*\n|$)")
_KEEP_HYPHEN = {"self", "non", "well", "half", "cross", "one", "two", "three", "first",
                "second", "third", "low", "high", "state", "long", "short", "so"}


def _compose(accent: str, letter: str) -> str | None:
    base = "i" if letter == "\u0131" else letter
    composed = unicodedata.normalize("NFC", base + accent)
    return composed if len(composed) == 1 else None


def _recombine(text: str) -> str:
    def spacing(m: re.Match) -> str:
        return _compose(_SPACING[m.group(1)], m.group(2)) or m.group(0)

    def ascii_(m: re.Match) -> str:
        return _compose(_ASCII_ACCENTS[m.group(1)], m.group(2)) or m.group(0)

    text = _ACCENT_RE.sub(spacing, text)
    return _ASCII_ACCENT_RE.sub(ascii_, text)


def _join_hyphens(text: str) -> str:
    def join(m: re.Match) -> str:
        head, tail = m.group(1), m.group(2)
        word = re.match(r"[A-Za-z]+", tail)
        tail_word = word.group(0) if word else tail
        hyphenated = f"{head}-{tail_word}"
        if head.lower() in _KEEP_HYPHEN or (hyphenated in text and f"{head}{tail_word}" not in text):
            return f"{head}-{tail}\n"
        return f"{head}{tail}\n"

    return _HYPHEN_RE.sub(join, text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _whole_characters(text: str) -> str:
    """pypdf decodes a font's ToUnicode map with "surrogatepass", so a broken map gives lone
    UTF-16 surrogates, which cannot be encoded as UTF-8 (the database's encoding). A high and
    low surrogate side by side become the character they encode; a lone one becomes U+FFFD."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def clean_text(text: str) -> str:
    """PDF text made fit for a terminal and for search: lone surrogates replaced, control and
    invisible formatting characters removed, ligatures expanded, TeX's split accents recombined (`Teˇsanovi´c` ->
    `Tešanović`) where the result is one letter, and words hyphenated at line ends joined."""
    text = _whole_characters(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", _clean_controls(text))
    text = _LIG_RE.sub(lambda m: _LIGATURES[m.group(0)], text)
    text = _recombine(text)
    text = _join_hyphens(text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


# -- reflow: PDF lines back into paragraphs, for display ------------------------------------

_HEADING_RE = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+[A-Z]|[IVXLC]+\.\s+[A-Z]|[A-Z]\.\s+[A-Z]|Appendix\b"
                         r"|Abstract\b|References\b|Acknowledg|FIG\.|Fig\.|Figure\s+\d|Table\s+\d|TABLE\s)")
_BULLET_RE = re.compile(r"^[•◦▪‣∙*–—-]\s")
_NUMBERED_RE = re.compile(r"^(?:\(?[a-z0-9ivx]{1,4}\)|\[\d+\]|\d{1,2}\.)\s")
_SENTENCE_END_RE = re.compile(r"[.!?:;][\"'”’)\]]*$")
_EQUATION_NUMBER_RE = re.compile(r"\(\d+[a-z]?\)$")
_WINDOW = 4  # lines each side that set what "long" means around a line (columns differ)


def reflow(text: str) -> str:
    """Join the lines of each paragraph of PDF text into one line, so that a display can wrap
    it to its own width. A line ends its paragraph when it is blank, clearly shorter than the
    lines around it (the typical length of that part of the page: a one-column abstract and
    two-column body differ), or ends a sentence before a line that starts a heading or a list
    item; lines that look like equations keep their own line. Only newlines become spaces:
    every other character keeps its offset, so search matches found in `text` stay valid."""
    lines = text.split("\n")
    lengths = [len(line.strip()) for line in lines]
    prose = sorted(n for n in lengths if n)
    if len(prose) < 3 or prose[(len(prose) * 4) // 5] < 30:
        return text  # a table, a figure, a list of short items: leave it as it is
    page_typical = prose[(len(prose) * 4) // 5]

    def typical_near(i: int) -> float:
        near = sorted(lengths[j] for j in range(max(0, i - _WINDOW), min(len(lines), i + _WINDOW + 1))
                      if j != i and lengths[j])
        local = near[len(near) // 2] if near else page_typical
        return max(local, page_typical * 0.6)

    def is_short(i: int) -> bool:
        return lengths[i] < 0.75 * typical_near(i)

    def equation_like(i: int) -> bool:
        s = lines[i].strip()
        if _EQUATION_NUMBER_RE.search(s):
            return True
        letters = sum(c.isalpha() for c in s)
        return lengths[i] < 0.75 * page_typical and (letters < len(s) / 2 or " = " in s)

    def heading(s: str) -> bool:
        return bool(_HEADING_RE.match(s)) or (s.isupper() and len(s) > 3)

    def ends_paragraph(i: int) -> bool:
        line, following = lines[i].strip(), lines[i + 1].strip()
        if not line or not following:
            return True
        if is_short(i) or equation_like(i) or equation_like(i + 1) or _BULLET_RE.match(following):
            return True
        if _SENTENCE_END_RE.search(line):
            # A sentence ends here: a paragraph too if the line stops short of the full width
            # (justified lines run to it) or a heading or numbered item follows.
            return (lengths[i] < 0.9 * typical_near(i) or heading(following)
                    or bool(_NUMBERED_RE.match(following)))
        return False

    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if i + 1 < len(lines):
            out.append("\n" if ends_paragraph(i) else " ")
    return "".join(out)
