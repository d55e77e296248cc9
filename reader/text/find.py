"""Full-text search over the library with SQLite FTS5: titles, authors, abstracts, notes, TODOs
(`paper_fts`, one row per paper) and PDF text (`pages_fts`, one row per page), ranked by bm25.
The tables are kept in sync by triggers (migration 2), so every writer keeps them right.
A paper kept with its arXiv HTML is also searched by section (`html_fts`, one row per section:
headings, paragraphs, captions, footnotes, the bibliography; reader.text.html.html_store); a match
there is labelled by its section, and stands for the same text in the paper's PDF pages.

What a user types is never handed to FTS5 as syntax: each word becomes a quoted string (a
trailing `*` keeps its meaning, a prefix search; "double quotes" keep a phrase), so input such
as `AND(`, `"` or `*` cannot make a query fail.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, replace

from reader.errors import UsageError
from reader.text import snippets

START, END = "\ue000", "\ue001"       # around matched words in snippets (private-use characters)
ELLIPSIS = "…"

# paper_fts columns, their bm25 weights, and the names shown for them.
COLUMNS = ("title", "authors", "abstract", "what", "how", "why", "notes", "todos")
WEIGHTS = (10.0, 6.0, 2.0, 4.0, 4.0, 4.0, 3.0, 2.0)
_PREFERENCE = ("title", "authors", "what", "how", "why", "notes", "todos", "abstract")


@dataclass(frozen=True)
class Hit:
    paper_id: str
    title: str
    where: str              # a field name (title, authors, abstract, what, how, why, notes, todos) or "page"
    page: int | None        # the page when where == "page"
    snippet: str            # matched words between START and END
    score: float            # bm25, lower is better
    section: str | None = None  # the section's heading when where == "section" (arXiv's HTML)
    section_number: str | None = None  # its number ("3.2"), None when unnumbered

    @property
    def location(self) -> str:
        if self.where == "section":
            return section_label(self.section_number, self.section or "")
        return f"page {self.page}" if self.where == "page" else self.where

    def marked(self, left: str = "«", right: str = "»") -> str:
        """The snippet on one line with matched words between `left` and `right`."""
        return " ".join(self.snippet.replace(START, left).replace(END, right).split())

    def parts(self) -> list[tuple[str, bool]]:
        """The snippet as (text, matched) pieces, for a UI to style."""
        out: list[tuple[str, bool]] = []
        for i, piece in enumerate(re.split(f"[{START}{END}]", self.snippet)):
            if piece:
                out.append((piece, i % 2 == 1))
        return out


_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


def fts_query(text: str, any_term: bool = False) -> str:
    """A safe FTS5 query for what a user typed: every word (or "quoted phrase") must occur,
    or any of them with `any_term`. UsageError if nothing searchable is left."""
    terms = []
    for phrase, word in _TOKEN.findall(text):
        raw = phrase if phrase else word
        prefix = bool(word) and word.endswith("*")
        raw = raw.rstrip("*") if prefix else raw
        if not any(c.isalnum() for c in raw):
            continue
        if word and raw.upper() in ("AND", "OR", "NOT", "NEAR"):
            raw = raw.lower()
        terms.append('"' + raw.replace('"', '""') + '"' + ("*" if prefix else ""))
    if not terms:
        raise UsageError(f"nothing to search for in {text!r}; give some words")
    return (" OR " if any_term else " ").join(terms)


def search(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[Hit]:
    """Papers matching `text`, best first, one hit per paper (where it matched best). Every word
    must match within one paper's fields or within one page; when nothing does, papers matching
    any of the words are returned instead."""
    hits = _with_five_cs(conn, fts_query(text), limit)
    if not hits and len(fts_query(text, any_term=True).split(" OR ")) > 1:
        hits = _with_five_cs(conn, fts_query(text, any_term=True), limit)
    return hits


CANDIDATES = 5000   # rows ranked per table: bounds the time of queries matching most pages


def _ranked(conn: sqlite3.Connection, table: str, query: str, weights: str, want: int) -> list[tuple[int, float]]:
    """(rowid, bm25) of the best `want` rows. Ranks at most CANDIDATES matching rows (all of
    them for any selective query; for a query that matches more, the first CANDIDATES in rowid
    order), so a query of common words costs no more than a selective one."""
    rows = conn.execute(
        f"SELECT rowid, bm25({table}{weights}) FROM {table} WHERE {table} MATCH ? LIMIT ?",
        (query, CANDIDATES),
    ).fetchall()
    rows.sort(key=lambda r: r[1])
    return rows[:want]


def _search(conn: sqlite3.Connection, query: str, limit: int) -> list[Hit]:
    # Rank first, snippet last: rows are ranked by bm25 alone, the best hit of each paper kept,
    # and only the `limit` hits shown get a snippet, cut around the first match
    # (reader.text.snippets) instead of by FTS5's snippet(), whose time grew with the square
    # of a page that repeats the word. The chosen rows are read by rowid (no second MATCH).
    found = snippets.terms(query)
    best: dict[str, Hit] = {}
    meta = _ranked(conn, "paper_fts", query, ", " + ", ".join(map(str, WEIGHTS)), limit)
    if meta:
        rows = {row[0]: row for row in conn.execute(
            f"SELECT f.rowid, d.paper_id, p.title, {', '.join('f.' + c for c in COLUMNS)} "
            "FROM paper_fts f JOIN paper_docs d ON d.id = f.rowid JOIN papers p ON p.id = d.paper_id "
            f"WHERE f.rowid IN ({','.join('?' * len(meta))})", [m[0] for m in meta])}
        for rowid, score in meta:
            row = rows.get(rowid)
            if row is not None:
                where, snip = _best_field(dict(zip(COLUMNS, row[3:])), found)
                best[row[1]] = Hit(row[1], row[2], where, None, snip, score)
    page_row: dict[str, int] = {}       # paper -> the page row of its page hit
    pages = _ranked(conn, "pages_fts", query, "", limit * 5)
    if pages:
        score_of = dict(pages)
        places = conn.execute(
            "SELECT p.id, p.paper_id, p.page, papers.title FROM pages p "
            f"JOIN papers ON papers.id = p.paper_id WHERE p.id IN ({','.join('?' * len(pages))})",
            list(score_of)).fetchall()
        for rowid, paper_id, page, title in sorted(places, key=lambda r: score_of[r[0]]):
            score = score_of[rowid]
            if paper_id not in best or score < best[paper_id].score:
                best[paper_id] = Hit(paper_id, title, "page", page, "", score)
                page_row[paper_id] = rowid
    shown = sorted(best.values(), key=lambda h: h.score)[:limit]
    return [_page_snippet(conn, h, page_row[h.paper_id], found) if h.where == "page" else h
            for h in shown]


def _best_field(by_col: dict[str, str | None], found) -> tuple[str, str]:
    """The field a paper matched in (by _PREFERENCE) and its snippet."""
    for column in _PREFERENCE:
        snip = snippets.make(by_col[column] or "", found, 12, START, END, ELLIPSIS)
        if snip is not None:
            return column, snip
    return "title", by_col["title"] or ""


def _page_snippet(conn: sqlite3.Connection, hit: Hit, rowid: int, found) -> Hit:
    """The page hit with its snippet, cut from the page row `rowid`."""
    row = conn.execute("SELECT text FROM pages WHERE id = ?", (rowid,)).fetchone()
    text = (row[0] if row else None) or ""
    snip = snippets.make(text, found, 16, START, END, ELLIPSIS)
    if snip is None:   # FTS5 matched it where our words did not: show the page's first words
        snip = " ".join(text[:200].split()[:16])
    return replace(hit, snippet=snip)


def to_json(hit: Hit) -> dict:
    return {"id": hit.paper_id, "title": hit.title, "where": hit.where, "page": hit.page,
            "section": hit.section, "section_number": hit.section_number,
            "snippet": hit.marked(), "score": round(hit.score, 4)}


# -- sections of arXiv's HTML ------------------------------------------------------------------

def section_label(number: str | None, heading: str, width: int = 11) -> str:
    """A short place for a section: "§3.2" when numbered, else its title ("§References")."""
    if number:
        return f"§{number}"
    return "§" + (heading if len(heading) <= width else heading[: width - 1] + ELLIPSIS)


def _with_sections(conn: sqlite3.Connection, query: str, limit: int) -> list[Hit]:
    """`_search`, with matches in papers' HTML sections: a section's match replaces a page's
    (the same text, placed as the paper is read) and competes with the rest by score."""
    hits = _search(conn, query, limit)
    sections = _section_hits(conn, query, limit)
    if not sections:
        return hits
    best = {h.paper_id: h for h in hits}
    for hit in sections:
        held = best.get(hit.paper_id)
        if held is None or held.where == "page" or hit.score < held.score:
            best[hit.paper_id] = hit
    return sorted(best.values(), key=lambda h: h.score)[:limit]


def _section_hits(conn: sqlite3.Connection, query: str, limit: int) -> list[Hit]:
    """The best section of each paper matching `query` (snippets as in `_search`)."""
    ranked = _ranked(conn, "html_fts", query, "", limit * 5)
    if not ranked:
        return []
    score_of = dict(ranked)
    rowid = "+f.rowid" if "*" in query else "f.rowid"   # as in _search
    found = conn.execute(
        "SELECT f.rowid, t.paper_id, t.label, t.number, papers.title "
        "FROM html_fts f JOIN html_text t ON t.id = f.rowid JOIN papers ON papers.id = t.paper_id "
        f"WHERE html_fts MATCH ? AND {rowid} IN ({','.join('?' * len(ranked))})",
        (query, *score_of),
    ).fetchall()
    best: dict[str, tuple] = {}
    for rid, paper_id, label, number, title in sorted(found, key=lambda r: score_of[r[0]]):
        best.setdefault(paper_id, (rid, title, label, number))
    # Snippets only for the sections shown, cut around the first match (reader.text.snippets):
    # FTS5's snippet() over a huge section with many matches takes time growing with the square.
    terms = snippets.terms(query)
    hits = []
    for paper_id, (rid, title, label, number) in best.items():
        text = conn.execute("SELECT text FROM html_text WHERE id = ?", (rid,)).fetchone()[0] or ""
        snip = snippets.make(text, terms, 16, START, END, ELLIPSIS)
        if snip is None:
            snip = " ".join(text[:200].split()[:16])
        hits.append(Hit(paper_id, title, "section", None, snip, score_of[rid], label, number))
    return hits


# -- the five Cs of a first pass ---------------------------------------------------------------

FIVE_CS = ("category", "context", "correctness", "contributions", "clarity")


def _with_five_cs(conn: sqlite3.Connection, query: str, limit: int) -> list[Hit]:
    """`_with_sections`, with matches in papers' five Cs (`five_cs_fts`), weighted as notes;
    a hit's `where` names the C that matched ("contributions")."""
    hits = _with_sections(conn, query, limit)
    ranked = _ranked(conn, "five_cs_fts", query, ", 3.0, 3.0, 3.0, 3.0, 3.0", limit)
    if not ranked:
        return hits
    score_of = dict(ranked)
    snippets = ", ".join(f"snippet(five_cs_fts, {i}, '{START}', '{END}', '{ELLIPSIS}', 12)"
                         for i in range(len(FIVE_CS)))
    rowid = "+f.rowid" if "*" in query else "f.rowid"
    best = {h.paper_id: h for h in hits}
    for row in conn.execute(
        f"SELECT f.rowid, c.paper_id, p.title, {snippets} FROM five_cs_fts f "
        "JOIN five_cs c ON c.rowid = f.rowid JOIN papers p ON p.id = c.paper_id "
        f"WHERE five_cs_fts MATCH ? AND {rowid} IN ({','.join('?' * len(ranked))})",
        (query, *score_of),
    ):
        by_c = dict(zip(FIVE_CS, row[3:]))
        where = next((c for c in FIVE_CS if START in (by_c[c] or "")), "category")
        hit = Hit(row[1], row[2], where, None, by_c[where] or "", score_of[row[0]])
        held = best.get(hit.paper_id)
        # what the user wrote beats the paper's own text (as a section beats its page)
        if held is None or held.where in ("page", "section", "abstract") or \
                hit.score < held.score:
            best[hit.paper_id] = hit
    return sorted(best.values(), key=lambda h: h.score)[:limit]
