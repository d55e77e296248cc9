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

import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reader import clock
from reader.store.db import transaction
from reader.errors import NotFound, PaperdeckError
from reader.models import PageText
from reader.store.paths import Paths
from reader.store.pdf_state import pdf_state

PAGE_TIMEOUT_S = 20.0       # a page that takes longer is skipped with an error



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

@dataclass(frozen=True)
class _PaperPdf:
    id: str
    pdf_path: str | None
    kind: str

    @property
    def is_local(self) -> bool:   # as Paper.is_local: nothing to fetch from arXiv
        return self.id.startswith("local:") or self.kind != "paper"


def _paper(conn: sqlite3.Connection, paper_id: str) -> _PaperPdf | None:
    """The little of a paper extraction needs (text sits below the library: no Paper model)."""
    row = conn.execute("SELECT id, pdf_path, kind FROM papers WHERE id = ?", (paper_id,)).fetchone()
    return _PaperPdf(*row) if row else None


def pdf_file(paths: Paths, paper) -> Path:
    """The paper's PDF on disk (reader.store.pdf_state: the file decides), or NoPdf saying
    what to do."""
    path = pdf_state(paths.data, paper).path
    if path is not None:
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
    paper = _paper(conn, paper_id)
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
    # pypdf and the cleaning come in only when a PDF is read (`show` reads the state alone).
    from reader.text.pdf.pdfclean import clean_text
    from reader.text.pdf.pdfopen import OPEN_TIMEOUT_S, _Cancelled, _describe, _open, _TimedOut, _Watchdog

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
