"""The document model of a paper read from arXiv's HTML: what the reading screen, `paperdeck text`,
`find`, `refs` and quotes all read, parsed once (reader.text.html.latexml) and stored as JSON.

Frozen dataclasses, three levels:
- inline runs: Text, Emph, Math, Cite, Ref, FootnoteMark, Link (a paragraph is a tuple of runs);
- blocks: Paragraph, Equation, Float (figure or table), Footnote, ListBlock, Algorithm — each with
  a stable `anchor` (LaTeXML's element id where it gives one, else section id + ordinal "S3.p2"),
  which is what a quote or a place read keeps, so it survives a re-parse;
- the Document: title, authors, abstract, the section tree, the bibliography.

`to_json()` gives plain dicts (lists, strings, numbers, None), every object tagged with its type
under "t"; `Document.from_json()` reads them back. The stored form carries MODEL_VERSION: a model
stored by an older version raises StaleModel, and the caller parses the stored HTML again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property
from typing import Iterator, Union

# Raise when the model or the parser changes what a stored model holds: old models re-parse.
MODEL_VERSION = 1


class StaleModel(ValueError):
    """A stored model made by another MODEL_VERSION (or not a model at all): parse the HTML again."""


# ---- inline runs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str

    def plain(self, tex: bool = False) -> str:
        return self.text


@dataclass(frozen=True)
class Emph:
    """Emphasised text (italic or bold in the paper)."""

    text: str

    def plain(self, tex: bool = False) -> str:
        return self.text


@dataclass(frozen=True)
class Math:
    """An inline formula: its TeX (from alttext, %-newline continuations removed) and its
    rendering for a terminal (reader.text.html.mathtext)."""

    tex: str
    text: str

    def plain(self, tex: bool = False) -> str:
        return self.tex if tex else self.text


@dataclass(frozen=True)
class Cite:
    """A citation as shown in the paper ("[12]", "Moor et al., 2020"), to bibliography ids."""

    targets: tuple[str, ...]
    label: str

    def plain(self, tex: bool = False) -> str:
        return self.label


@dataclass(frozen=True)
class Ref:
    """A cross-reference ("Figure 3", "Eq. (2)", "Section 4") to a section, float or equation."""

    target: str
    label: str

    def plain(self, tex: bool = False) -> str:
        return self.label


@dataclass(frozen=True)
class FootnoteMark:
    """Where a footnote is called; `id` is the Footnote block's anchor, `mark` its number."""

    id: str
    mark: str

    def plain(self, tex: bool = False) -> str:
        return self.mark


@dataclass(frozen=True)
class Link:
    """A link out of the paper."""

    url: str
    label: str

    def plain(self, tex: bool = False) -> str:
        return self.label


Run = Union[Text, Emph, Math, Cite, Ref, FootnoteMark, Link]
Runs = tuple[Run, ...]


def runs_text(runs: Runs, tex: bool = False) -> str:
    """The runs as one plain string (math as its rendering, or as TeX with tex=True)."""
    return "".join(run.plain(tex) for run in runs)


# ---- blocks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    anchor: str
    runs: Runs

    def plain_text(self, tex: bool = False) -> str:
        return runs_text(self.runs, tex)


@dataclass(frozen=True)
class EquationRow:
    """One line of a display equation; a row of an equation group may have its own number."""

    anchor: str
    number: str | None  # "2" (shown as "(2)"), None when the row is not numbered
    tex: str
    text: str


@dataclass(frozen=True)
class Equation:
    """A display equation, or an equation group (align) of several rows."""

    anchor: str
    number: str | None  # the first number among its rows, None when none is numbered
    tex: str  # the rows' TeX, one per line
    text: str  # the rows' rendering, one per line
    rows: tuple[EquationRow, ...]

    def plain_text(self, tex: bool = False) -> str:
        return self.tex if tex else self.text


@dataclass(frozen=True)
class Float:
    """A figure or a table: its label ("Figure 3"), caption, images (file names beside the
    page, e.g. "x1.png"), for a table its tabular as rows of cells of runs, and sub-floats."""

    anchor: str
    kind: str  # "figure" | "table"
    label: str  # "Figure 3", "Table 1", "(a)" for a sub-figure, "" when unnumbered
    caption: Runs
    images: tuple[str, ...] = ()
    rows: tuple[tuple[Runs, ...], ...] = ()
    parts: tuple["Float", ...] = ()

    def plain_text(self, tex: bool = False) -> str:
        lines = [" ".join(p for p in (self.label, runs_text(self.caption, tex)) if p)]
        lines += [" | ".join(runs_text(cell, tex) for cell in row) for row in self.rows]
        lines += [part.plain_text(tex) for part in self.parts]
        return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class Footnote:
    anchor: str  # LaTeXML's id, e.g. "footnote1"; a FootnoteMark points here
    mark: str  # "1"
    runs: Runs

    def plain_text(self, tex: bool = False) -> str:
        return runs_text(self.runs, tex)


@dataclass(frozen=True)
class ListItem:
    anchor: str
    label: str  # "•", "1.", "(5)"
    blocks: tuple["Block", ...]

    def plain_text(self, tex: bool = False) -> str:
        return "\n".join(b.plain_text(tex) for b in self.blocks)


@dataclass(frozen=True)
class ListBlock:
    anchor: str
    ordered: bool
    items: tuple[ListItem, ...]

    def plain_text(self, tex: bool = False) -> str:
        return "\n".join(f"{i.label} {i.plain_text(tex)}".strip() for i in self.items)


@dataclass(frozen=True)
class Algorithm:
    """An algorithm float: label ("Algorithm 1"), caption, and its lines as runs."""

    anchor: str
    label: str
    caption: Runs
    lines: tuple[Runs, ...]

    def plain_text(self, tex: bool = False) -> str:
        head = " ".join(p for p in (self.label, runs_text(self.caption, tex)) if p)
        return "\n".join([head] + [runs_text(line, tex) for line in self.lines]).strip()


Block = Union[Paragraph, Equation, Float, Footnote, ListBlock, Algorithm]

SECTION_KINDS = ("section", "subsection", "subsubsection", "paragraph", "appendix", "bibliography")


@dataclass(frozen=True)
class Section:
    id: str  # "S3", "S3.SS2", "A1", "Sx1", "bib"
    number: str | None  # "3.2", "A", None when unnumbered
    title: str
    kind: str  # one of SECTION_KINDS
    blocks: tuple[Block, ...] = ()
    children: tuple["Section", ...] = ()

    @property
    def heading(self) -> str:
        """The heading as shown: "3.2 Title", or the title alone when unnumbered."""
        return f"{self.number} {self.title}" if self.number else self.title

    def plain_text(self, tex: bool = False) -> str:
        """This section's heading, blocks and those of its subsections."""
        parts = [self.heading] + [b.plain_text(tex) for b in self.blocks]
        parts += [child.plain_text(tex) for child in self.children]
        return "\n\n".join(p for p in parts if p)


@dataclass(frozen=True)
class BibEntry:
    id: str  # "bib.bib14": what a Cite targets
    tag: str  # as LaTeXML tags it: "[14]", or "Moor et al. (2020)" for author-year
    text: str
    arxiv: str | None = None  # "1412.6980", without version
    doi: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class OutlineEntry:
    number: str | None
    title: str
    id: str
    depth: int  # 0 for a top-level section
    kind: str


# ---- the document -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Document:
    title: str
    authors: tuple[str, ...] = ()
    abstract: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    bibliography: tuple[BibEntry, ...] = ()
    errors_skipped: int = 0  # LaTeXML's own failures (span.ltx_ERROR) left out
    version: int = MODEL_VERSION

    def walk_sections(self) -> Iterator[tuple[int, Section]]:
        """Every section in reading order with its depth (0 = top level)."""
        stack = [(0, s) for s in reversed(self.sections)]
        while stack:
            depth, section = stack.pop()
            yield depth, section
            stack.extend((depth + 1, c) for c in reversed(section.children))

    def outline(self, with_paragraphs: bool = False) -> list[OutlineEntry]:
        """The section tree as a list (number, title, id, depth); \\paragraph headings only
        when asked, since they are run-in headings, not places one navigates to."""
        return [
            OutlineEntry(s.number, s.title, s.id, depth, s.kind)
            for depth, s in self.walk_sections()
            if with_paragraphs or s.kind != "paragraph"
        ]

    def section(self, key: str) -> Section | None:
        """A section by its number as shown ("3.2", "A.1") or its id ("S3.SS2")."""
        for _, s in self.walk_sections():
            if s.number == key or s.id == key:
                return s
        return None

    def blocks(self) -> Iterator[tuple[Section | None, Block]]:
        """Every block in reading order with the section it is in (None for the abstract)."""
        for block in self.abstract:
            yield None, block
        for _, section in self.walk_sections():
            for block in section.blocks:
                yield section, block

    @cached_property
    def _anchors(self) -> dict[str, tuple[object, Section | None]]:
        index: dict[str, tuple[object, Section | None]] = {}
        for _, section in self.walk_sections():
            index.setdefault(section.id, (section, section))
        for section, block in self.blocks():
            for anchor in _inner_anchors(block):
                index.setdefault(anchor, (block, section))
        for entry in self.bibliography:
            index.setdefault(entry.id, (entry, None))
        return index

    def find(self, anchor: str) -> Section | Block | BibEntry | None:
        """The section, block or bibliography entry with this anchor or id. An anchor inside a
        block (an equation group's row, a sub-figure, a list item) finds the block holding it."""
        hit = self._anchors.get(anchor)
        return hit[0] if hit else None

    def section_of(self, anchor: str) -> Section | None:
        """The innermost section holding this anchor (None for the abstract or unknown)."""
        hit = self._anchors.get(anchor)
        return hit[1] if hit else None

    def bib(self, bib_id: str) -> BibEntry | None:
        found = self.find(bib_id)
        return found if isinstance(found, BibEntry) else None

    def plain_text(self, tex: bool = False) -> str:
        parts = [self.title, ", ".join(self.authors)]
        parts += [b.plain_text(tex) for b in self.abstract]
        parts += [s.plain_text(tex) for s in self.sections]
        return "\n\n".join(p for p in parts if p)

    # -- stored form --

    def to_json(self) -> dict:
        return _encode(self)

    @classmethod
    def from_json(cls, data: object) -> "Document":
        if not isinstance(data, dict) or data.get("t") != "Document":
            raise StaleModel("not a stored document model")
        if data.get("version") != MODEL_VERSION:
            raise StaleModel(
                f"document model version {data.get('version')!r}, this paperdeck reads {MODEL_VERSION}"
            )
        try:
            doc = _decode(data)
        except (KeyError, TypeError, ValueError) as exc:
            raise StaleModel(f"stored document model does not read: {exc}") from None
        if not isinstance(doc, Document):
            raise StaleModel("not a stored document model")
        return doc


def _inner_anchors(block: object) -> Iterator[str]:
    yield block.anchor
    if isinstance(block, Equation):
        for row in block.rows:
            yield row.anchor
    elif isinstance(block, Float):
        for part in block.parts:
            yield from _inner_anchors(part)
    elif isinstance(block, ListBlock):
        for item in block.items:
            yield item.anchor
            for inner in item.blocks:
                yield from _inner_anchors(inner)


# ---- JSON: every dataclass is {"t": its name, its fields...}; tuples are lists ---------------

_TYPES = {
    cls.__name__: cls
    for cls in (
        Text, Emph, Math, Cite, Ref, FootnoteMark, Link,
        Paragraph, EquationRow, Equation, Float, Footnote, ListItem, ListBlock, Algorithm,
        Section, BibEntry, Document,
    )
}
_FIELDS = {
    name: tuple(f.name for f in dataclasses.fields(cls) if f.init) for name, cls in _TYPES.items()
}


def _encode(value: object) -> object:
    name = type(value).__name__
    if name in _FIELDS and dataclasses.is_dataclass(value):
        out: dict = {"t": name}
        for key in _FIELDS[name]:
            out[key] = _encode(getattr(value, key))
        return out
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    return value


def _decode(value: object) -> object:
    if isinstance(value, dict):
        cls = _TYPES[value["t"]]
        return cls(**{key: _decode(value[key]) for key in _FIELDS[value["t"]] if key in value})
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    return value
