"""`add`: import papers by arXiv id — metadata in one request per 100 ids, then the PDFs.

A paper's metadata is written in one transaction; its PDF follows. A PDF that fails — or that
arrived cut short or unreadable — leaves the paper marked "PDF missing", and adding the same id
again retries it (so does a PDF marked ok whose file is gone or broken). An id arXiv does not
know writes nothing and is reported; the others still import. While arXiv is busy and a request
waits to be retried, `progress` gets a "notice" outcome saying so.

Beside the PDF, the paper's arXiv HTML is fetched and kept (reader.library.paper_html), with
`fetch_pdf` off too: it is what the paper is read from, and small (a tenth of a PDF or less). A
paper arXiv has no HTML for reads from its PDF text; an HTML fetch that fails never fails the
import (adding the paper again, or opening it, tries again).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from reader import clock
from reader.library import paper_html
from reader.library import papers as library
from reader.arxiv.api import ArxivClient
from reader.store.db import transaction
from reader.errors import PaperdeckError, UsageError
from reader.ids import ArxivId, parse
from reader.store.paths import Paths
from reader.arxiv.pdfs import DownloadFailed, check, download, sweep_parts
from reader.text.html import html_store


# A reading list of more than this many papers is imported metadata first, its PDFs fetched
# as each paper is opened (or all at once when asked). An arXiv PDF is one to a few MB and
# several seconds to fetch: ten is about a minute and 20 MB, a batch one means to read soon;
# a longer list is one to choose from (a list of 1,099 papers seen in use was about a gigabyte
# and an hour of downloads, started by default).
PDF_LIST_LIMIT = 10


@dataclass(frozen=True)
class Outcome:
    input: str
    id: str | None
    status: str          # added | exists | failed | notice (news while waiting, not a result)
    message: str         # one line for the user
    title: str = ""
    pdf_problem: str | None = None  # the paper is in the library, its PDF is not
    html_problem: str | None = None  # fetching its HTML failed (not: arXiv has none)

    @property
    def ok(self) -> bool:
        return self.status != "failed"


Progress = Callable[[Outcome], None]


def add_ids(
    conn: sqlite3.Connection,
    paths: Paths,
    client: ArxivClient,
    texts: Iterable[str],
    *,
    fetch_pdf: bool = True,
    progress: Progress | None = None,
    fetch_html: bool = True,
) -> list[Outcome]:
    """Import what the user typed (any id form). Returns one Outcome per distinct input."""
    outcomes: list[Outcome] = []
    report = progress or (lambda o: None)

    def done(o: Outcome) -> None:
        outcomes.append(o)
        report(o)

    wanted: dict[str, tuple[str, ArxivId]] = {}
    for text in texts:
        try:
            aid = parse(text)
        except UsageError as e:
            done(Outcome(text, None, "failed", str(e)))
            continue
        wanted.setdefault(aid.id, (text, aid))
    if not wanted:
        return outcomes
    sweep_parts(paths.papers)  # left by a download that was killed

    def notify(line: str) -> None:
        report(Outcome("", None, "notice", line))

    try:
        found = client.fetch((aid for _, aid in wanted.values()), notify=notify)
    except PaperdeckError as e:
        for key, (text, _) in wanted.items():
            done(Outcome(text, key, "failed", str(e)))
        return outcomes

    for key, (text, aid) in wanted.items():
        fetched = found.get(key)
        if fetched is None:
            done(Outcome(text, key, "failed",
                         f"{aid}: arXiv has no such paper; check the id (nothing was added)"))
            continue
        done(_store(conn, paths, client, aid, fetched, fetch_pdf, fetch_html))
    return outcomes


def _store(conn, paths: Paths, client: ArxivClient, aid: ArxivId, fetched, fetch_pdf: bool,
           fetch_html: bool = True) -> Outcome:
    existing = library.get(conn, aid.id)
    if existing is None:
        paper = replace(
            fetched,
            added=clock.iso(clock.now()),
            pdf_status="missing" if fetch_pdf else "none",
        )
        with transaction(conn):
            library.insert(conn, paper)
        message = f"added {paper.id}v{paper.version}  {paper.title}"
        problem = fetch_paper_pdf(conn, paths, client, paper) if fetch_pdf else None
        if problem:
            message += f"  (PDF missing: {problem}; run add again to retry)"
        html_problem = _fetch_html(conn, client, paper) if fetch_html else None
        if html_problem:
            message += (f"  (HTML not fetched: {html_problem}; it is tried again when the paper "
                        "opens)")
        return Outcome(str(aid), paper.id, "added", message, paper.title, problem, html_problem)

    notes = []
    latest = max(v for v in (existing.latest_version, existing.version, fetched.version) if v)
    if latest != existing.latest_version:
        library.update_fields(conn, existing.id, latest_version=latest)
    if existing.version and latest > existing.version:
        notes.append(f"arXiv has v{latest}, the library has v{existing.version}")
    problem = None
    if fetch_pdf and needs_pdf(paths, existing):
        problem = fetch_paper_pdf(conn, paths, client, existing)
        notes.append(f"PDF still missing: {problem}" if problem else "PDF downloaded")
    html_problem = None
    if fetch_html and _html_wanted(conn, existing):
        html_problem = _fetch_html(conn, client, existing)
        if html_problem:
            notes.append(f"HTML not fetched: {html_problem}")
        elif html_store.state(conn, existing.id).status == "ok":
            notes.append("HTML fetched")
    message = f"already in the library: {existing.id}  {existing.title}"
    if notes:
        message += f"  ({'; '.join(notes)})"
    return Outcome(str(aid), existing.id, "exists", message, existing.title, problem, html_problem)


def _html_wanted(conn, paper) -> bool:
    """Adding a paper again asks for its HTML unless a page is kept: a failed try is retried,
    and arXiv may have made the HTML since it said it had none."""
    if paper.is_local:
        return False
    st = html_store.state(conn, paper.id)
    return st is None or st.status != "ok"


def _fetch_html(conn, client: ArxivClient, paper) -> str | None:
    """Fetch and keep the paper's HTML; None unless the fetch failed (then the reason). arXiv
    having no HTML for the paper is not a failure: it reads from its PDF text."""
    st = paper_html.fetch(conn, client.settings, paper, client.cancelled)
    return st.reason if st is not None and st.status == "failed" else None


def _pdf_whole(paths: Paths, paper) -> bool:
    """The paper's PDF is marked ok and its file is a whole PDF (not deleted by hand, missing
    from a library restored from a YAML export, or cut short by an older paperdeck)."""
    if paper.pdf_status != "ok" or not paper.pdf_path:
        return False
    return check(paths.data / paper.pdf_path) is None


def needs_pdf(paths: Paths, paper) -> bool:
    """An arXiv paper whose PDF is not here whole: added without it (a long reading list, or
    `--no-pdf`), its download failed, or its file is gone."""
    return not paper.is_local and not _pdf_whole(paths, paper)


def fetch_paper_pdf(conn, paths: Paths, client: ArxivClient, paper) -> str | None:
    """Download the paper's PDF; None on success, else the reason (the paper is then "PDF
    missing")."""
    settings = client.settings
    dest = paths.pdf_for(paper.id)
    try:
        download(settings.pdf_link(paper.id, paper.version), dest,
                 deadline_s=settings.pdf_deadline_seconds,
                 max_bytes=int(settings.pdf_max_mb * 1e6),
                 timeout=settings.timeout_seconds, cancel=client.cancelled)
    except DownloadFailed as e:
        library.update_fields(conn, paper.id, pdf_status="missing")
        return str(e)
    library.update_fields(
        conn, paper.id, pdf_status="ok", pdf_path=str(dest.relative_to(paths.data))
    )
    return None
