"""Places in a paper's text: "§3.2 ¶2 s1" (section 3.2, its second paragraph, first sentence),
"Abstract ¶1", "p. 4 ¶2" for PDF text; and finding a sentence again by its text.

A paragraph is counted within its section as a reader sees it: a run-in \\paragraph heading
(LaTeXML's `S3.SS0.SSS0.Px1`) is part of its section, so §3 of a paper whose §3 is all run-in
paragraphs still has ¶1, ¶2, .... Places are typed as `3.2:2` (a paragraph), `3.2:2:1` or
`3.2:2:1-2` (sentences), `abstract:1`, an unnumbered section by its title (`Broader Impact:1`),
and `p4`, `p4:2`, `p4:2:1` for a PDF page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.errors import UsageError
from reader.text import sentences as sentences_mod
from reader.text.document import Document, Math, Paragraph, Runs, Section, Text
from reader.text.sentences import Sentence


@dataclass(frozen=True)
class Para:
    """A paragraph and where it is: `section` is the section it is counted in (None: the
    abstract, or a PDF page), `ordinal` its ¶ number there."""

    section: Section | None
    ordinal: int
    anchor: str
    sentences: tuple[Sentence, ...]
    page: int | None = None

    @property
    def where(self) -> str:
        if self.page is not None:
            return f"p. {self.page}"
        return section_place(self.section)

    def label(self, first: int | None = None, count: int = 1) -> str:
        return place_label(self.where, self.ordinal, first, count)


def section_place(section: Section | None) -> str:
    if section is None:
        return "Abstract"
    return f"§{section.number}" if section.number else f"§{section.title}"


def place_label(where: str, paragraph: int, first: int | None = None, count: int = 1) -> str:
    label = f"{where} ¶{paragraph}"
    if first is not None:
        label += f" s{first}" + (f"–{first + count - 1}" if count > 1 else "")
    return label


def counted_in(doc: Document, section: Section | None) -> Section | None:
    """The section a block of `section` is counted in: run-in paragraphs count in their parent."""
    if section is None or section.kind != "paragraph":
        return section
    parent = _parents(doc).get(section.id)
    return counted_in(doc, parent) if parent is not None else section


def _parents(doc: Document) -> dict[str, Section]:
    out: dict[str, Section] = {}
    for _, s in doc.walk_sections():
        for c in s.children:
            out[c.id] = s
    return out


def paragraphs(doc: Document) -> list[Para]:
    """Every paragraph of the document in reading order, with its place."""
    out: list[Para] = []
    counts: dict[str | None, int] = {}
    parents = _parents(doc)
    for section, block in doc.blocks():
        if not isinstance(block, Paragraph):
            continue
        home = section
        while home is not None and home.kind == "paragraph" and home.id in parents:
            home = parents[home.id]
        key = home.id if home is not None else None
        counts[key] = counts.get(key, 0) + 1
        out.append(Para(home, counts[key], block.anchor, tuple(sentences_mod.split(block.runs))))
    return out


def page_paragraphs(number: int, text: str) -> list[Para]:
    """A PDF page's paragraphs (blocks of text between blank lines)."""
    blocks = [b for b in re.split(r"\n\s*\n", text or "") if b.strip()]
    return [Para(None, i, f"p{number}.{i}",
                 tuple(sentences_mod.split((Text(" ".join(b.split())),))), page=number)
            for i, b in enumerate(blocks, 1)]


# -- typed places --------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlaceSpec:
    section: str | None     # "3.2", "abstract", a title; None for a page
    page: int | None
    paragraph: int | None   # None: the whole section or page's first paragraph? (see take)
    first: int | None       # first sentence
    last: int | None


_SPEC = re.compile(r"^(?:p(?P<page>\d+)|(?P<section>[^:]+?))"
                   r"(?::(?P<para>\d+)(?::(?P<first>\d+)(?:-(?P<last>\d+))?)?)?$")


def parse(text: str) -> PlaceSpec:
    m = _SPEC.match(text.strip())
    if m is None or (m["section"] is not None and not m["section"].strip()):
        raise UsageError(f"not a place: {text!r}; write 3.2:2 (section 3.2, paragraph 2), "
                         "3.2:2:1 (its first sentence) or p4 (page 4 of the PDF text)")
    first = int(m["first"]) if m["first"] else None
    last = int(m["last"]) if m["last"] else first
    if first is not None and (first < 1 or last < first):
        raise UsageError(f"not a sentence range: {text!r}; sentences count from 1, as in 3.2:2:1-2")
    para = int(m["para"]) if m["para"] else None
    if para is not None and para < 1:
        raise UsageError(f"paragraphs count from 1: {text!r}")
    return PlaceSpec(m["section"].strip().rstrip(".") if m["section"] else None,
                     int(m["page"]) if m["page"] else None, para, first, last)


@dataclass(frozen=True)
class Taken:
    """Text taken from a place: what a quote, cloze or highlight keeps."""

    para: Para
    first: int | None        # first sentence (None: the whole paragraph)
    count: int
    text: str
    tex: str                 # math as $TeX$

    @property
    def place(self) -> str:
        return self.para.label(self.first, self.count)

    @property
    def key(self) -> str:
        return sentences_mod.key(self.tex)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        if self.first is None:
            return self.para.sentences
        return self.para.sentences[self.first - 1: self.first - 1 + self.count]


def tex_text(runs: Runs) -> str:
    """The runs as text with each formula as `$TeX$` (what a note holds)."""
    return "".join(f"${r.tex}$" if isinstance(r, Math) else r.plain() for r in runs).strip()


def take(paras: list[Para], para: Para, first: int | None = None, last: int | None = None) -> Taken:
    """The paragraph's text, or its sentences first..last."""
    chosen = para.sentences if first is None else para.sentences[first - 1:last]
    text = " ".join(s.text() for s in chosen)
    tex = " ".join(tex_text(s.runs) for s in chosen)
    return Taken(para, first, (last - first + 1) if first is not None else 1, text, tex)


def find_spec(doc: Document | None, paras: list[Para], spec: PlaceSpec) -> Taken:
    """The text at a typed place. UsageError naming what there is when it does not exist."""
    if spec.page is not None:
        in_page = [p for p in paras if p.page == spec.page]
        if not in_page:
            pages = sorted({p.page for p in paras if p.page is not None})
            raise UsageError(f"there is no page {spec.page} of PDF text" +
                             (f"; pages {pages[0]}-{pages[-1]}" if pages else
                              "; the PDF's text is not extracted yet (paperdeck index)"))
        return _pick(paras, in_page, spec, f"p{spec.page}")
    if doc is None:
        raise UsageError(f"there is no section {spec.section} (this paper reads from its PDF "
                         "text: give a page, as p4)")
    if spec.section.casefold() == "abstract":
        in_section = [p for p in paras if p.section is None and p.page is None]
    else:
        section = _section(doc, spec.section)
        if section is None:
            raise UsageError(f"there is no section {spec.section!r}; the sections are: "
                             + ", ".join(section_names(doc)))
        in_section = [p for p in paras if p.section is not None and p.section.id == section.id]
        if not in_section:
            raise UsageError(f"section {spec.section} has no paragraph of its own"
                             + _with_children(paras, section))
    return _pick(paras, in_section, spec, spec.section)


def _pick(paras, in_place: list[Para], spec: PlaceSpec, name: str) -> Taken:
    number = spec.paragraph or 1
    if number > len(in_place):
        raise UsageError(f"{name} has {len(in_place)} paragraph{'s' if len(in_place) != 1 else ''}"
                         f", not {number}")
    para = in_place[number - 1]
    if spec.first is not None and spec.last > len(para.sentences):
        n = len(para.sentences)
        raise UsageError(f"{name}:{number} has {n} sentence{'s' if n != 1 else ''}, "
                         f"not {spec.last}")
    return take(paras, para, spec.first, spec.last)


def _with_children(paras: list[Para], section: Section) -> str:
    kids = [c.number or c.title for c in section.children if any(
        p.section is not None and p.section.id == c.id for p in paras)]
    return "; its subsections: " + ", ".join(kids) if kids else ""


def _section(doc: Document, wanted: str) -> Section | None:
    found = doc.section(wanted)
    if found is not None:
        return found
    return next((s for _, s in doc.walk_sections() if s.title.casefold() == wanted.casefold()),
                None)


def section_names(doc: Document) -> list[str]:
    """The places a user may name: "abstract" (when there is one), then every section."""
    names = ["abstract"] if doc.abstract else []
    return names + [e.number or e.title for e in doc.outline() if e.kind != "bibliography"]


# -- finding a kept quote again ------------------------------------------------------------------

@dataclass(frozen=True)
class Found:
    taken: Taken
    moved: bool              # found elsewhere than its kept section (or not word for word)


def locate(paras: list[Para], section_id: str | None, key: str, count: int = 1,
           whole: bool = False) -> Found | None:
    """Find a kept text by its key: in its section first, then anywhere; word for word first,
    then (the paper revised a little) a close match in its section. None: the text is gone."""
    def candidates(pool):
        for para in pool:
            if whole:
                yield take(paras, para)
                continue
            n = len(para.sentences)
            for first in range(1, n - count + 2):
                yield take(paras, para, first, first + count - 1)

    home = [p for p in paras if (p.section.id if p.section else None) == section_id]
    for pool, moved in ((home, False), (paras, True)):
        for t in candidates(pool):
            if t.key == key:
                return Found(t, moved and (t.para.section.id if t.para.section else None)
                             != section_id)
    from rapidfuzz import fuzz

    best, score = None, 0.0
    for t in candidates(home):
        s = fuzz.ratio(t.key, key)
        if s > score:
            best, score = t, s
    if best is not None and score >= 92:
        return Found(best, True)
    return None
