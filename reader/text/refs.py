"""A paper's references: the arXiv papers its own text names (its reading list), and the papers
of the library that name it ("cited by, in your library").

Both come from the PDF text paperdeck extracts (`pages`), found by `ids.scan`, so they are there
once a paper's text is (see `pdftext.index`). Where the library keeps a paper's arXiv HTML, its
references are its bibliography's entries with an arXiv id instead (reader.text.html.html_store),
and its bibliography is searched for cited-by as its pages are.

Titles of cited papers that are not in the library are looked up on arXiv, one request per 100
ids, and kept in `arxiv_titles`, so a second look asks arXiv nothing.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from reader import clock
from reader.store.db import transaction
from reader.ids import scan

# The stamp arXiv prints down the first page's margin: "arXiv:2304.02623v1 [cs.CL] 5 Apr 2023".
# The id in it is the paper's own (a paper added from a local PDF has no other way to know it).
_STAMP = re.compile(r"\s*\[[a-z-]+(?:\.[A-Za-z-]+)?\]\s+\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}")
# An id broken over two lines by the PDF's layout: "arXiv:2205.\n11916".
_SPLIT = re.compile(r"(\d{4}\.)[ \t]*\n[ \t]*(\d{4,5}\b)")


@dataclass(frozen=True)
class Ref:
    id: str                         # library key (no version)
    title: str | None               # None: not known (not looked up, or arXiv has none)
    authors: tuple[str, ...] = ()
    published: str | None = None
    in_library: bool = False
    on_arxiv: bool | None = None    # False: arXiv has no such paper; None: not asked yet

    @property
    def year(self) -> str:
        return (self.published or "")[:4]


def cited_ids(conn: sqlite3.Connection, paper_id: str) -> list[str]:
    """The arXiv papers named in the paper's text, each once, in the order they first appear;
    not the paper itself (by its key, or by the arXiv stamp on its first page)."""
    from_html = bibliography_ids(conn, paper_id)
    if from_html is not None:
        return from_html
    found: list[str] = []
    own = {paper_id}
    for page, text in conn.execute(
            "SELECT page, text FROM pages WHERE paper_id = ? AND text IS NOT NULL ORDER BY page",
            (paper_id,)):
        text = _SPLIT.sub(r"\1\2", text)
        for aid, _start, end in scan(text):
            if page == 1 and _STAMP.match(text, end):
                own.add(aid.id)
            found.append(aid.id)
    return [key for key in dict.fromkeys(found) if key not in own]


def bibliography_ids(conn: sqlite3.Connection, paper_id: str) -> list[str] | None:
    """The arXiv ids of the entries of the paper's bibliography, each once, in its order; None
    when the library keeps no HTML of the paper (or a bibliography without entries: then the PDF
    text is read as before)."""
    from reader.text.html import html_store

    doc = html_store.document(conn, paper_id)
    if doc is None or not doc.bibliography:
        return None
    return [k for k in dict.fromkeys(e.arxiv for e in doc.bibliography if e.arxiv)
            if k != paper_id]


def text_state(conn: sqlite3.Connection, paper_id: str) -> str | None:
    """Whether the paper's text has been read: 'done', 'failed', 'partial', 'pending', or None."""
    r = conn.execute("SELECT status FROM extraction WHERE paper_id = ?", (paper_id,)).fetchone()
    return r[0] if r else None


def references(conn: sqlite3.Connection, paper_id: str) -> list[Ref]:
    """The paper's references with what the library and the title cache know of each."""
    keys = cited_ids(conn, paper_id)
    known = _library_titles(conn, keys)
    known.update({k: v for k, v in _cached(conn, keys).items() if k not in known})
    return [known.get(k, Ref(k, None)) for k in keys]


def missing_titles(refs: list[Ref]) -> list[str]:
    """References arXiv was not asked about yet."""
    return [r.id for r in refs if not r.in_library and r.on_arxiv is None]


def lookup(conn: sqlite3.Connection, client, keys: list[str], now: datetime | None = None,
           notify=None) -> int:
    """Ask arXiv for the titles of `keys` (one request per 100) and keep them, and the ids
    arXiv does not know, in the cache. Returns how many were found. Raises what the client
    raises (ArxivUnavailable); what was stored before stays."""
    from reader.ids import parse

    if not keys:
        return 0
    found = client.fetch([parse(k) for k in keys], notify=notify)
    stamp = clock.iso(now or clock.now())
    with transaction(conn):
        conn.executemany(
            "INSERT INTO arxiv_titles (id, title, authors, published, fetched) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET title = excluded.title, authors = excluded.authors, "
            "published = excluded.published, fetched = excluded.fetched",
            [(k, found[k].title if k in found else None,
              json.dumps(list(found[k].authors) if k in found else [], ensure_ascii=False),
              found[k].published if k in found else None, stamp) for k in keys])
    return sum(k in found for k in keys)


def cited_by(conn: sqlite3.Connection, paper_id: str) -> list[tuple[str, str]]:
    """(id, title) of the library's papers whose text names this paper, oldest added first.
    Full-text search finds the pages holding the id's words; the id is then checked in each."""
    if paper_id.startswith("local:"):
        return []
    # 1211.3711v2 is the words 1211 and 3711v2 to FTS5: the last word is a prefix.
    phrase = '"' + " ".join(re.split(r"[^0-9A-Za-z]+", paper_id)) + '"*'
    rows = conn.execute(
        "SELECT DISTINCT p.paper_id, p.text FROM pages_fts f JOIN pages p ON p.id = f.rowid "
        "WHERE pages_fts MATCH ? AND p.paper_id != ?", (phrase, paper_id)).fetchall()
    citing = {pid for pid, text in rows if _names(text or "", paper_id)}
    citing |= {pid for pid, text in conn.execute(
        "SELECT DISTINCT t.paper_id, t.text FROM html_fts f JOIN html_text t ON t.id = f.rowid "
        "WHERE html_fts MATCH ? AND t.paper_id != ?", (phrase, paper_id)) if _names(text, paper_id)}
    if not citing:
        return []
    marks = ",".join("?" * len(citing))
    return [(r[0], r[1]) for r in conn.execute(
        f"SELECT id, title FROM papers WHERE id IN ({marks}) ORDER BY added, id", sorted(citing))]


def _names(text: str, paper_id: str) -> bool:
    return any(aid.id == paper_id for aid, _s, _e in scan(_SPLIT.sub(r"\1\2", text)))


def _library_titles(conn: sqlite3.Connection, keys: list[str]) -> dict[str, Ref]:
    out: dict[str, Ref] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        for pid, title, authors, published in conn.execute(
                f"SELECT id, title, authors, published FROM papers WHERE id IN "
                f"({','.join('?' * len(chunk))})", chunk):
            out[pid] = Ref(pid, title, tuple(json.loads(authors)), published, True, True)
    return out


def _cached(conn: sqlite3.Connection, keys: list[str]) -> dict[str, Ref]:
    out: dict[str, Ref] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start:start + 500]
        for pid, title, authors, published in conn.execute(
                f"SELECT id, title, authors, published FROM arxiv_titles WHERE id IN "
                f"({','.join('?' * len(chunk))})", chunk):
            out[pid] = Ref(pid, title, tuple(json.loads(authors)), published, False,
                           title is not None)
    return out


def to_json(ref: Ref) -> dict:
    return {"id": ref.id, "title": ref.title, "authors": list(ref.authors), "year": ref.year or None,
            "in_library": ref.in_library, "on_arxiv": ref.on_arxiv}
