"""Keshav's first pass, from the paper's structure: what the Skim view and `paperdeck skim` show.

Title, authors and abstract; the introduction in full; every section and subsection heading
with its number and first sentence; every figure and table caption; the conclusion in full (a
section titled so, at any depth, else the last numbered section); the references, each marked
where the paper is in the library. From a paper kept only as PDF text: its title, abstract and
each page's first lines, said to be partial.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from reader.models import Paper
from reader.text import places, sentences
from reader.text.document import Document, Float, Paragraph, Section, runs_text

_CONCLUSION = re.compile(r"\bconclu|\bsummary\b", re.IGNORECASE)
_INTRODUCTION = re.compile(r"\bintroduction\b", re.IGNORECASE)
PAGE_LINES = 3


@dataclass(frozen=True)
class Heading:
    id: str
    number: str | None
    title: str
    depth: int
    first: str              # its first sentence ("" when it opens with no paragraph)
    note: str = ""          # what it holds instead ("4 tables")

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass(frozen=True)
class Caption:
    anchor: str
    kind: str               # figure | table
    label: str
    text: str
    section: str | None     # the section's id


@dataclass(frozen=True)
class Reference:
    id: str
    tag: str
    text: str
    arxiv: str | None
    in_library: bool


@dataclass(frozen=True)
class Part:
    """A section given in full: its heading and its paragraphs' text."""

    id: str
    heading: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Skim:
    paper_id: str
    title: str
    authors: tuple[str, ...]
    abstract: tuple[str, ...]
    introduction: Part | None
    headings: tuple[Heading, ...]
    captions: tuple[Caption, ...]
    conclusion: Part | None
    references: tuple[Reference, ...]
    partial: str | None = None        # why it is partial (PDF text), None from the HTML
    pages: tuple[tuple[int, tuple[str, ...]], ...] = ()   # PDF: each page's first lines


def _first_sentence(doc: Document, section: Section, paras: list[places.Para]) -> str:
    for p in paras:
        if p.section is not None and p.section.id == section.id and p.sentences:
            return p.sentences[0].text()
    return ""


def _full(doc: Document, section: Section) -> Part:
    texts = []
    stack = [section]
    while stack:
        s = stack.pop(0)
        if s is not section:
            texts.append(s.heading)
        texts += [b.plain_text() for b in s.blocks if isinstance(b, Paragraph)]
        stack[:0] = list(s.children)
    return Part(section.id, section.heading, tuple(t for t in texts if t.strip()))


def _holds(section: Section) -> str:
    counts: dict[str, int] = {}
    for b in section.blocks:
        name = b.kind if isinstance(b, Float) else type(b).__name__.lower()
        counts[name] = counts.get(name, 0) + 1
    return ", ".join(f"{n} {k}{'s' if n != 1 else ''}" for k, n in counts.items())


def from_document(conn: sqlite3.Connection, paper: Paper, doc: Document) -> Skim:
    paras = places.paragraphs(doc)
    top = [s for s in doc.sections if s.kind != "bibliography"]
    intro = next((s for s in top if _INTRODUCTION.search(s.title)), None) or \
        next((s for s in top if s.number == "1"), None)
    conclusion = None
    for _, s in doc.walk_sections():
        if s.kind not in ("bibliography", "appendix") and _CONCLUSION.search(s.title) and \
                not (s.number or "").startswith(tuple("ABCDEFGH")):
            conclusion = s
    if conclusion is None:
        numbered = [s for s in top if s.number and s.number[:1].isdigit()]
        conclusion = numbered[-1] if numbered else None
    headings = []
    for depth, s in doc.walk_sections():
        if s.kind in ("paragraph", "bibliography"):
            continue
        first = _first_sentence(doc, places.counted_in(doc, s), paras)
        headings.append(Heading(s.id, s.number, s.title, depth, first,
                                "" if first else _holds(s)))
    captions = []
    for section, block in doc.blocks():
        if isinstance(block, Float) and (block.label or block.caption):
            captions.append(Caption(block.anchor, block.kind, block.label,
                                    runs_text(block.caption).strip(),
                                    section.id if section else None))
    held = _held(conn, [e.arxiv for e in doc.bibliography if e.arxiv])
    refs = tuple(Reference(e.id, e.tag, e.text, e.arxiv, bool(e.arxiv and e.arxiv in held))
                 for e in doc.bibliography)
    return Skim(paper.id, doc.title or paper.title, doc.authors or tuple(paper.authors),
                tuple(b.plain_text() for b in doc.abstract if isinstance(b, Paragraph)),
                _full(doc, intro) if intro else None, tuple(headings), tuple(captions),
                _full(doc, conclusion) if conclusion else None, refs)


def _held(conn: sqlite3.Connection, ids: list[str]) -> set[str]:
    if not ids:
        return set()
    rows = conn.execute(f"SELECT id FROM papers WHERE id IN ({','.join('?' * len(ids))})", ids)
    return {r[0] for r in rows}


def from_pdf(conn: sqlite3.Connection, paper: Paper, why: str) -> Skim:
    """What the PDF text gives: the title, the abstract, each extracted page's first lines."""
    from reader.text.pdf import pdftext

    pages = []
    for page in pdftext.cached_pages(conn, paper.id):
        lines = [" ".join(line.split()) for line in (page.text or "").splitlines()]
        pages.append((page.page, tuple(line for line in lines if line)[:PAGE_LINES]))
    abstract = tuple(sentences.split_text(paper.abstract)) if paper.abstract else ()
    return Skim(paper.id, paper.title, tuple(paper.authors),
                (" ".join(abstract),) if abstract else (), None, (), (), None, (),
                partial=why, pages=tuple(pages))


def skim(conn: sqlite3.Connection, paper: Paper) -> Skim:
    """The paper's first pass from its arXiv HTML, else from its PDF text (partial)."""
    from reader.text.html import html_store

    doc = html_store.document(conn, paper.id)
    if doc is not None:
        return from_document(conn, paper, doc)
    reason = html_store.fallback_reason(html_store.state(conn, paper.id), paper.is_local)
    return from_pdf(conn, paper, f"partial, from the PDF's text: {reason}")


def lines(s: Skim) -> list[tuple[str, str, str | None]]:
    """The Skim as (style, text, anchor) lines for a face to wrap and show: styles are
    title, authors, heading, subheading, text, caption, ref, ref-held, note."""
    out: list[tuple[str, str, str | None]] = [("title", s.title, None)]
    if s.authors:
        out.append(("authors", ", ".join(s.authors), None))
    if s.partial:
        out.append(("note", s.partial, None))
    out.append(("heading", "Abstract", None))
    out += [("text", p, None) for p in s.abstract] or [("note", "(no abstract)", None)]
    if s.introduction:
        out.append(("heading", s.introduction.heading, s.introduction.id))
        out += [("text", p, s.introduction.id) for p in s.introduction.paragraphs]
    if s.headings:
        out.append(("heading", "Sections", None))
        for h in s.headings:
            out.append(("subheading", "  " * h.depth + h.heading, h.id))
            if h.first or h.note:
                out.append(("text" if h.first else "note", "  " * h.depth + (h.first or h.note),
                            h.id))
    if s.captions:
        out.append(("heading", "Figures and tables", None))
        out += [("caption", f"{c.label}: {c.text}" if c.label else c.text, c.anchor)
                for c in s.captions]
    if s.conclusion:
        out.append(("heading", s.conclusion.heading, s.conclusion.id))
        out += [("text", p, s.conclusion.id) for p in s.conclusion.paragraphs]
    if s.references:
        held = sum(r.in_library for r in s.references)
        out.append(("heading", f"References ({len(s.references)}, {held} in the library)", None))
        for r in s.references:
            mark = "✓" if r.in_library else " "
            extra = f" arXiv:{r.arxiv}" if r.arxiv and r.arxiv not in r.text else ""
            out.append(("ref-held" if r.in_library else "ref", f"{mark} {r.text}{extra}", r.id))
    for number, first in s.pages:
        out.append(("subheading", f"Page {number}", f"p{number}"))
        out += [("text", line, f"p{number}") for line in first]
    return out
