"""A paper's arXiv HTML as the library keeps it (table `html_pages`, migration arxiv_html): the
page zlib-compressed with the version it came from, whether arXiv has one, and the document
model parsed from it (reader.text.html.latexml) as zlib-compressed JSON with its MODEL_VERSION.

The page is parsed once, when it is stored; a model made by another MODEL_VERSION is parsed
again from the stored page the first time it is read, so a better parser improves papers
already in the library without the network. Storing a model also writes its text by section
(`html_text`, searched by `find`). A failure to fetch never replaces a page already kept.

Figures are files beside the paper's PDF, in `papers/<id>v<N>.figures/` (the id made safe as
for PDFs), fetched when first needed (reader.library.paper_html).
"""

from __future__ import annotations

import json
import re
import sqlite3
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reader import clock
from reader.store.db import transaction
from reader.store.paths import safe_filename
from reader.text.document import MODEL_VERSION, Document, Float, Section, StaleModel

STATUSES = ("ok", "none", "failed")
PLACEHOLDER = b"No content available"   # arXiv's page where a conversion gave nothing
# A LaTeXML page ends with </html> (perhaps a comment after it); one that does not was cut short
# (a connection closed early, with no Content-Length to tell).
_END = re.compile(rb"</html\s*>\s*(?:<!--.*?-->\s*)*\Z", re.IGNORECASE | re.DOTALL)
_TAIL = 8192


def is_whole(html: bytes) -> bool:
    """The page arrived to its end."""
    return _END.search(html[-_TAIL:]) is not None


@dataclass(frozen=True)
class HtmlState:
    paper_id: str
    version: int | None
    status: str                  # ok | none | failed
    reason: str | None           # none / failed: why
    html_size: int | None        # the page, uncompressed
    stored_bytes: int            # page + model as stored (compressed)
    model_version: int | None
    model_error: str | None      # ok, but the parser failed on the page
    fetched: str

    @property
    def readable(self) -> bool:
        """A page is kept and its model is (or can be made) readable."""
        return self.status == "ok" and (self.model_error is None
                                        or self.model_version != MODEL_VERSION)


def state(conn: sqlite3.Connection, paper_id: str) -> HtmlState | None:
    """What the library holds of the paper's HTML (None: never fetched)."""
    r = conn.execute(
        "SELECT paper_id, version, status, reason, html_size, "
        "coalesce(length(html), 0) + coalesce(length(model), 0), model_version, model_error, "
        "fetched FROM html_pages WHERE paper_id = ?", (paper_id,)).fetchone()
    return HtmlState(*r) if r else None


def record_failure(conn: sqlite3.Connection, paper_id: str, version: int | None, status: str,
                   reason: str, now: datetime | None = None) -> HtmlState:
    """Record that the paper has no HTML (`none`) or that fetching it failed (`failed`). A page
    already kept stays: a failure never replaces it."""
    if status not in ("none", "failed"):
        raise ValueError(f"not a failure status: {status!r}")
    stamp = clock.iso(now or clock.now())
    with transaction(conn):
        conn.execute(
            "INSERT INTO html_pages (paper_id, version, status, reason, fetched) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (paper_id) DO UPDATE SET "
            "version = excluded.version, status = excluded.status, reason = excluded.reason, "
            "html = NULL, html_size = NULL, model = NULL, model_version = NULL, "
            "model_error = NULL, fetched = excluded.fetched WHERE html_pages.status != 'ok'",
            (paper_id, version, status, reason, stamp))
    return state(conn, paper_id)


def store_page(conn: sqlite3.Connection, paper_id: str, version: int | None, html: bytes,
               now: datetime | None = None) -> HtmlState:
    """Parse a page arXiv sent and keep it with its model and text. A page that holds no
    article (a proxy's page, arXiv's placeholder) is recorded as `none` with the reason; a page
    the parser fails on is kept (a newer parser may read it) with the failure."""
    from reader.text.html.latexml import NoArticle, parse

    stamp = clock.iso(now or clock.now())
    if not is_whole(html):
        return record_failure(conn, paper_id, version, "failed",
                              f"the page was cut off after {len(html):,} bytes (it has no end, "
                              "</html>)", now)
    try:
        doc = parse(html)
    except NoArticle:
        return record_failure(conn, paper_id, version, "none", _no_article(html), now)
    except RecursionError:
        doc, error = None, "the page is nested too deeply to read"
    except Exception as e:  # noqa: BLE001 - the parser on a page from outside: keep the page
        doc, error = None, f"{type(e).__name__}: {e}"[:300]
    else:
        error = None
        if _empty(doc, html):
            return record_failure(conn, paper_id, version, "none", _no_article(html), now)
    model = _encode(doc) if doc is not None else None
    with transaction(conn):
        conn.execute(
            "INSERT INTO html_pages (paper_id, version, status, reason, html, html_size, model, "
            "model_version, model_error, fetched) VALUES (?, ?, 'ok', NULL, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (paper_id) DO UPDATE SET version = excluded.version, status = 'ok', "
            "reason = NULL, html = excluded.html, html_size = excluded.html_size, "
            "model = excluded.model, model_version = excluded.model_version, "
            "model_error = excluded.model_error, fetched = excluded.fetched",
            (paper_id, version, zlib.compress(html, 9), len(html), model, MODEL_VERSION, error,
             stamp))
        _write_text(conn, paper_id, doc)
    return state(conn, paper_id)


def document(conn: sqlite3.Connection, paper_id: str) -> Document | None:
    """The paper's document model, or None when the library keeps no readable HTML of it. A
    model by another MODEL_VERSION is made again from the kept page (and stored, where the
    library can be written)."""
    r = conn.execute("SELECT html, model, model_version, model_error FROM html_pages "
                     "WHERE paper_id = ? AND status = 'ok'", (paper_id,)).fetchone()
    if r is None:
        return None
    html, model, model_version, model_error = r
    if model_version == MODEL_VERSION:
        if model is None:
            return None  # this parser failed on this page already (model_error says why)
        try:
            return Document.from_json(json.loads(zlib.decompress(model)))
        except (StaleModel, ValueError, zlib.error):
            pass
    return _reparse(conn, paper_id, zlib.decompress(html))


def page(conn: sqlite3.Connection, paper_id: str) -> bytes | None:
    """The kept page as arXiv sent it."""
    r = conn.execute("SELECT html FROM html_pages WHERE paper_id = ? AND status = 'ok'",
                     (paper_id,)).fetchone()
    return zlib.decompress(r[0]) if r and r[0] is not None else None


def fallback_reason(st: HtmlState | None, is_local: bool = False) -> str:
    """Why the paper reads from its PDF text, as a phrase after "PDF text: "."""
    if is_local:
        return "a local PDF has no arXiv HTML"
    if st is None:
        return "arXiv's HTML of this paper is not fetched yet"
    if st.status == "none":
        return st.reason or "arXiv has no HTML for this paper"
    if st.status == "failed":
        return f"arXiv's HTML could not be fetched: {st.reason}"
    return f"arXiv's HTML of this paper could not be read ({st.model_error})"


# -- figures -------------------------------------------------------------------------------------

def figures_dir(papers: Path, paper_id: str, version: int | None) -> Path:
    """Where the figures of this version of the paper's page are kept."""
    return papers / (safe_filename(paper_id) + (f"v{version}" if version else "") + ".figures")


def remove_figures(papers: Path, paper_id: str) -> None:
    """Remove the kept figures of every version of the paper's page (the paper is removed)."""
    import shutil

    stem = safe_filename(paper_id)
    try:
        folders = [papers / f"{stem}.figures", *papers.glob(f"{stem}v*.figures")]
    except OSError:
        return
    for folder in folders:
        if folder.name == f"{stem}.figures" or folder.name[len(stem) + 1:-8].isdigit():
            shutil.rmtree(folder, ignore_errors=True)


def figure_names(doc: Document) -> list[str]:
    """The image files the document's figures and tables show, each once, in reading order."""
    names: list[str] = []

    def visit(fl: Float) -> None:
        names.extend(fl.images)
        for part in fl.parts:
            visit(part)

    for _section, block in doc.blocks():
        if isinstance(block, Float):
            visit(block)
    return list(dict.fromkeys(n for n in names if n))


# -- the text by section, for find ---------------------------------------------------------------

def text_rows(doc: Document) -> list[tuple[str, str | None, str, str]]:
    """(anchor, number, heading, text) per section in reading order: its heading, paragraphs,
    equations, captions, tables and footnotes; a run-in \\paragraph's text goes with its section; the
    bibliography's entries last."""
    rows: list[tuple[str, str | None, str, str]] = []

    def gather(section: Section) -> list[str]:
        parts = [b.plain_text() for b in section.blocks]
        for child in section.children:
            if child.kind == "paragraph":
                parts += [child.heading, *gather(child)]
        return parts

    def visit(section: Section) -> None:
        if section.kind == "bibliography":
            rows.append((section.id, section.number, section.heading or "References",
                         "\n".join([section.heading, *_entries(doc)])))
            return
        text = "\n\n".join(p for p in [section.heading, *gather(section)] if p)
        rows.append((section.id, section.number, section.heading, text))
        for child in section.children:
            if child.kind != "paragraph":
                visit(child)

    for section in doc.sections:
        visit(section)
    if doc.bibliography and not any(s.kind == "bibliography" for _, s in doc.walk_sections()):
        rows.append(("bib", None, "References", "\n".join(["References", *_entries(doc)])))
    return rows


def _entries(doc: Document) -> list[str]:
    """The bibliography's entries as text, each naming its arXiv id (which a link may have held
    alone), so that searching for an id finds the papers citing it."""
    out = []
    for e in doc.bibliography:
        line = f"{e.tag} {e.text}".strip()
        if e.arxiv and e.arxiv not in line:
            line += f" arXiv:{e.arxiv}"
        out.append(line)
    return out


def _write_text(conn: sqlite3.Connection, paper_id: str, doc: Document | None) -> None:
    conn.execute("DELETE FROM html_text WHERE paper_id = ?", (paper_id,))
    if doc is None:
        return
    conn.executemany(
        "INSERT INTO html_text (paper_id, ord, anchor, number, label, text) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(paper_id, i, *row) for i, row in enumerate(text_rows(doc))])


# -- inside ----------------------------------------------------------------------------------------

def _encode(doc: Document) -> bytes:
    data = json.dumps(doc.to_json(), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(data.encode("utf-8"), 9)


def _empty(doc: Document, html: bytes) -> bool:
    """An article with nothing in it, or only arXiv's placeholder line."""
    size = sum(len(block.plain_text()) for _section, block in doc.blocks())
    return size == 0 or (PLACEHOLDER in html and size < 200)


def _no_article(html: bytes) -> str:
    if PLACEHOLDER in html:
        return "arXiv's HTML page for this paper is its placeholder (\"No content available\")"
    return "arXiv's page for this paper holds no article (no LaTeXML article.ltx_document)"


def _reparse(conn: sqlite3.Connection, paper_id: str, html: bytes) -> Document | None:
    from reader.text.html.latexml import parse

    try:
        doc = parse(html)
        error = None
    except Exception as e:  # noqa: BLE001 - NoArticle too: this parser cannot read the page
        doc, error = None, f"{type(e).__name__}: {e}"[:300]
    try:
        with transaction(conn):
            conn.execute("UPDATE html_pages SET model = ?, model_version = ?, model_error = ? "
                         "WHERE paper_id = ? AND status = 'ok'",
                         (_encode(doc) if doc is not None else None, MODEL_VERSION, error,
                          paper_id))
            _write_text(conn, paper_id, doc)
    except sqlite3.OperationalError:
        pass  # a library opened read-only (a full disk): read it, store it another time
    return doc
