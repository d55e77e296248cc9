"""The document model laid out as lines for a given width: what `paperdeck text` prints and
the reading screen draws.

Numbered headings, paragraphs reflowed, display equations on their own lines with the number
at the right, figures and tables as framed blocks ("Figure 3: caption", the image files named,
a tabular as columns), footnotes, lists, the bibliography; citations and references as the
paper shows them. Each Line carries its spans — (start, end, style) in characters of its text,
with targets for what can be followed — and the anchor of the block it came from, so a screen
can style it, follow a citation or reference, and map lines to blocks and back. Blank lines
between blocks have no anchor. Plain text only: no textual or rich here (core).

Span styles: title, authors, heading, emph, math, cite, ref, link, footnote-mark, footnote,
caption, label, image, frame, equation-number, bib-tag.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from reader.text.document import (
    Algorithm, Cite, Document, Emph, Equation, Float, Footnote, FootnoteMark, Link, ListBlock,
    Math, Paragraph, Ref, Section, Text,
)

MIN_WIDTH = 16  # narrower than this, a line is cut at this width
_SUP = dict(zip("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
_SPACE = re.compile(" ")
_GLUED = frozenset(("math", "cite", "ref", "footnote-mark", "label", "equation-number"))


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    style: str
    # bib ids of a cite; the anchor of a ref, a footnote mark or an equation number; a link's
    # url; an image's file name; a formula's TeX (what copying it into a note takes)
    targets: tuple[str, ...] = ()

    @property
    def target(self) -> str | None:
        return self.targets[0] if self.targets else None


@dataclass(frozen=True)
class Line:
    text: str
    anchor: str | None  # the block (or section, for a heading) it came from; None for a blank
    spans: tuple[Span, ...] = ()
    section: str | None = None  # the id of the innermost section it is in


Piece = tuple  # (text, style | None, targets)


def cell_len(text: str) -> int:
    """Terminal cells: combining marks and zero-width characters take none, wide ones two."""
    if text.isascii():
        return len(text)
    n = 0
    for c in text:
        if c < "\u0300":
            n += 1
        elif unicodedata.combining(c) or c in "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064":
            continue
        else:
            n += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return n


def render(doc: Document, width: int = 80, tex: bool = False, section: str | None = None,
           front: bool = True) -> list[Line]:
    """The document (or one section, by id, with its subsections) as lines of at most `width`
    cells. tex=True shows formulas as TeX ($…$ inline)."""
    return _Layout(doc, max(MIN_WIDTH, width), tex).document(section, front)


def anchor_index(lines: list[Line]) -> dict[str, int]:
    """Each anchor's first line: where a jump to a block, section or bib entry lands."""
    index: dict[str, int] = {}
    for i, line in enumerate(lines):
        if line.anchor is not None:
            index.setdefault(line.anchor, i)
    return index


def plain(lines: list[Line]) -> str:
    return "\n".join(line.text for line in lines)


class _Layout:
    def __init__(self, doc: Document, width: int, tex: bool):
        self.doc, self.width, self.tex = doc, width, tex
        self.lines: list[Line] = []
        self.section: str | None = None

    # -- the document --

    def document(self, only: str | None, front: bool) -> list[Line]:
        doc = self.doc
        if only is not None:
            found = doc.find(only)
            if isinstance(found, Section):
                self.walk(found, self._depth_of(found.id))
            return self.lines
        if front:
            if doc.title:
                self.text([(doc.title, "title", ())], None)
            if doc.authors:
                self.text([(", ".join(doc.authors), "authors", ())], None)
            if doc.abstract:
                self.blank()
                self.text([("Abstract", "heading", ())], "abstract")
                for block in doc.abstract:
                    self.blank()
                    self.block(block, 0)
        for top in doc.sections:
            self.walk(top, 0)
        while self.lines and not self.lines[0].text:
            self.lines.pop(0)
        return self.lines

    def _depth_of(self, sid: str) -> int:
        for depth, s in self.doc.walk_sections():
            if s.id == sid:
                return depth
        return 0

    def walk(self, section: Section, depth: int) -> None:
        self.section = section.id
        self.blank()
        if section.kind != "paragraph" or section.title:
            head = f"{section.number} {section.title}" if section.number else section.title
            self.text([(head or "(untitled)", "heading", ())], section.id,
                      rest_indent=len(section.number) + 1 if section.number else 0)
        if section.kind == "bibliography":
            self.bibliography()
        for block in section.blocks:
            self.blank()
            self.block(block, 0)
        for child in section.children:
            self.walk(child, depth + 1)
            self.section = section.id

    def blank(self) -> None:
        if self.lines and self.lines[-1].text:
            self.lines.append(Line("", None, (), self.section))

    # -- blocks --

    def block(self, block, indent: int, anchor: str | None = None) -> None:
        """A block's lines; a block inside a list item carries the list's anchor (the block
        Document.find gives for it), so lines map to the top-level blocks."""
        at = anchor or block.anchor
        if isinstance(block, Paragraph):
            self.text(self.pieces(block.runs), at, indent, indent)
        elif isinstance(block, Equation):
            self.equation(block, indent, at)
        elif isinstance(block, Float):
            self.float_(block, indent, at)
        elif isinstance(block, Footnote):
            mark = block.mark or "*"
            self.text([(mark, "footnote-mark", (block.anchor,)), (" ", None, ())]
                      + [(t, s or "footnote", g) for t, s, g in self.pieces(block.runs)],
                      at, indent + 2, indent + 2 + len(mark) + 1)
        elif isinstance(block, ListBlock):
            for item in block.items:
                label = item.label or "•"
                inner = indent + cell_len(label) + 1
                subs = item.blocks or (Paragraph(item.anchor, ()),)
                for k, sub in enumerate(subs):
                    if k == 0 and isinstance(sub, Paragraph):
                        self.text([(label, "label", ()), (" ", None, ())] + self.pieces(sub.runs),
                                  at, indent, inner)
                    else:
                        self.block(sub, inner, at)
        elif isinstance(block, Algorithm):
            head = [(block.label, "label", ())] if block.label else []
            if block.caption:
                head += [(": " if head else "", None, ())] + self.styled(block.caption, "caption")
            body = [self.pieces(line) for line in block.lines]
            self.frame(at, indent, [head] + body, block.label)

    def equation(self, eq: Equation, indent: int, anchor: str) -> None:
        """Each row on its own lines, indented; its number "(n)" at the right edge of the last
        (or below it, right-aligned, where the width leaves no room beside it)."""
        pad = min(indent + 4, self.width // 4)
        for row in eq.rows:
            text = row.tex if self.tex else row.text
            number = f"({row.number})" if row.number else ""
            room = self.width - (cell_len(number) + 2 if number else 0)
            wrapped = _wrap([(text, "math", (row.tex,))], max(pad + 8, room), pad, pad + 2, glue=False)
            if number:
                line, spans = wrapped[-1]
                if cell_len(line) + 2 + cell_len(number) > self.width:
                    line, spans = "", ()
                    wrapped.append((line, spans))
                gap = self.width - cell_len(line) - cell_len(number)
                start = len(line) + gap
                wrapped[-1] = (line + " " * gap + number,
                               spans + (Span(start, start + len(number), "equation-number", (row.anchor,)),))
            for line, spans in wrapped:
                self.lines.append(Line(line, anchor, spans, self.section))

    def float_(self, fl: Float, indent: int, anchor: str) -> None:
        rows = []
        for image in fl.images:
            rows.append([(f"▣ {image}", "image", (image,))])
        if fl.rows:
            rows.extend(self.table_rows(fl.rows, self.width - indent - 4))
        for part in fl.parts:
            head = [(part.label, "label", ())] if part.label else []
            rows.append(head + [(" ", None, ())] + self.styled(part.caption, "caption")
                        + [(f"  ▣ {image}", "image", (image,)) for image in part.images])
        caption = [(fl.label, "label", ()), (": ", "caption", ())] if fl.label else []
        caption += self.styled(fl.caption, "caption")
        if caption:
            rows.append(caption)
        self.frame(anchor, indent, rows, fl.label)

    def table_rows(self, rows, inner: int) -> list[list[Piece]]:
        """A tabular as aligned columns when it fits, else each row's cells joined by " | "."""
        cells = [[self.pieces(cell) for cell in row] for row in rows]
        ncols = max(len(r) for r in cells)
        widths = [0] * ncols
        for r in cells:
            for i, cell in enumerate(r):
                widths[i] = max(widths[i], cell_len("".join(p[0] for p in cell)))
        if sum(widths) + 2 * (ncols - 1) <= inner:
            out = []
            for r in cells:
                line: list[Piece] = []
                for i, cell in enumerate(r):
                    line += cell
                    if i < len(r) - 1:
                        line.append((" " * (widths[i] - cell_len("".join(p[0] for p in cell)) + 2), None, ()))
                out.append(line)
            return out
        out = []
        for r in cells:
            line = []
            for i, cell in enumerate(r):
                line += cell + ([(" | ", "frame", ())] if i < len(r) - 1 else [])
            out.append(line)
        return out

    def frame(self, anchor: str, indent: int, rows: list[list[Piece]], title: str) -> None:
        """A box around the rows, its title (the float's label) in the top edge."""
        outer = self.width - indent
        inner = outer - 4
        lead = " " * indent
        top = "┌─ " + title + " " if title else "┌"
        top = top + "─" * max(0, outer - 1 - cell_len(top)) + "┐"
        self.lines.append(Line(lead + top, anchor, (Span(indent, indent + len(top), "frame"),), self.section))
        for row in rows:
            for text, spans in _fit(row, inner):
                pad = " " * max(0, inner - cell_len(text))
                body = f"{lead}│ {text}{pad} │"
                shift = indent + 2
                moved = tuple(Span(s.start + shift, s.end + shift, s.style, s.targets) for s in spans)
                frame = (Span(indent, indent + 1, "frame"), Span(len(body) - 1, len(body), "frame"))
                self.lines.append(Line(body, anchor, frame + moved, self.section))
        bottom = "└" + "─" * max(0, outer - 2) + "┘"
        self.lines.append(Line(lead + bottom, anchor, (Span(indent, indent + len(bottom), "frame"),), self.section))

    def bibliography(self) -> None:
        for entry in self.doc.bibliography:
            self.blank()
            tag = entry.tag or entry.id
            self.text([(tag, "bib-tag", (entry.id,)), (" ", None, ()), (entry.text, None, ())],
                      entry.id, 0, 4)

    # -- runs to pieces --

    def pieces(self, runs) -> list[Piece]:
        out: list[Piece] = []
        for run in runs:
            kind = type(run)
            if kind is Text:
                out.append((run.text, None, ()))
            elif kind is Emph:
                out.append((run.text, "emph", ()))
            elif kind is Math:
                out.append((f"${run.tex}$" if self.tex else run.text, "math", (run.tex,)))
            elif kind is Cite:
                out.append((run.label, "cite", run.targets))
            elif kind is Ref:
                out.append((run.label, "ref", (run.target,)))
            elif kind is FootnoteMark:
                mark = "".join(_SUP.get(c, "") for c in run.mark)
                if not mark or len(mark) != len(run.mark):
                    mark = f"[{run.mark}]"
                out.append((mark, "footnote-mark", (run.id,)))
            elif kind is Link:
                out.append((run.label, "link", (run.url,)))
        return out

    def styled(self, runs, base: str) -> list[Piece]:
        return [(t, s or base, g) for t, s, g in self.pieces(runs)]

    def text(self, pieces: list[Piece], anchor: str | None, first_indent: int = 0,
             rest_indent: int = 0) -> None:
        for line, spans in _wrap(pieces, self.width, first_indent, rest_indent, glue=True):
            self.lines.append(Line(line, anchor, spans, self.section))


def _fit(pieces: list[Piece], width: int) -> list[tuple[str, tuple[Span, ...]]]:
    """A row that fits is kept as it is (aligned columns keep their spaces); else wrapped."""
    flat = "".join(p[0] for p in pieces)
    if cell_len(flat) > width:
        return _wrap(pieces, width, 0, 2, glue=True)
    spans, pos = [], 0
    for text, style, targets in pieces:
        if style and text:
            spans.append(Span(pos, pos + len(text), style, targets))
        pos += len(text)
    return [(flat, tuple(spans))]


def _wrap(pieces: list[Piece], width: int, first_indent: int, rest_indent: int,
          glue: bool) -> list[tuple[str, tuple[Span, ...]]]:
    """Greedy word wrap of styled pieces to `width` cells. Breaks at spaces, except inside a
    short formula, citation or reference (glue=True), which moves to the next line whole;
    a word longer than a line is cut."""
    flat = "".join(p[0] for p in pieces)
    styles: list[tuple[int, int, str, tuple]] = []
    pos = 0
    for text, style, targets in pieces:
        if style and text:
            styles.append((pos, pos + len(text), style, targets))
        pos += len(text)
    glued: set[int] = set()
    if glue:
        for start, end, style, _ in styles:
            if style in _GLUED and cell_len(flat[start:end]) <= max(12, width // 2):
                glued.update(i for i in range(start, end) if flat[i] == " ")
    words: list[tuple[int, int]] = []  # the text between breakable spaces
    start = 0
    for m in _SPACE.finditer(flat):
        at = m.start()
        if at in glued:
            continue
        if at > start:
            words.append((start, at))
        start = at + 1
    if start < len(flat):
        words.append((start, len(flat)))
    # lines as runs of words: (first word's start, last word's end, indent)
    lines: list[tuple[int, int, int]] = []
    current: list = []  # [start, end, cells used]
    indent = first_indent
    for start, end in words:
        size = cell_len(flat[start:end])
        if current and current[2] + 1 + size <= width:
            current[1], current[2] = end, current[2] + 1 + size
            continue
        if current:
            lines.append((current[0], current[1], indent))
            indent = rest_indent
        while size > width - indent > 0:  # a word longer than a line: cut it
            cut = _cut(flat, start, end, width - indent)
            lines.append((start, cut, indent))
            indent, start = rest_indent, cut
            size = cell_len(flat[start:end])
        current = [start, end, indent + size]
    if current:
        lines.append((current[0], current[1], indent))
    out = []
    for start, end, ind in lines:
        text, where = _fold_spaces(flat, start, end)
        spans = []
        for s_start, s_end, style, targets in styles:
            a, b = max(s_start, start), min(s_end, end)
            if a < b and where[a - start] < where[b - start]:
                spans.append(Span(ind + where[a - start], ind + where[b - start], style, targets))
        out.append((" " * ind + text, tuple(spans)))
    return out or [(" " * first_indent, ())]


def _fold_spaces(flat: str, start: int, end: int):
    """The slice with each run of spaces made one, and where each raw position lands in it."""
    raw = flat[start:end]
    if "  " not in raw:
        return raw, range(len(raw) + 1)
    out: list[str] = []
    where: list[int] = []
    prev_space = False
    for k in range(start, end):
        c = flat[k]
        where.append(len(out))
        if c == " " and prev_space:
            continue
        out.append(c)
        prev_space = c == " "
    where.append(len(out))
    return "".join(out), where


def _cut(flat: str, start: int, end: int, cells: int) -> int:
    used = 0
    for i in range(start, end):
        used += cell_len(flat[i])
        if used > cells:
            return max(start + 1, i)
    return end
