"""A paper's document model (reader.text.document) laid out for a width: the lines the reading
screen's DocView draws, each a run of styled spans, with the anchor of the block it belongs to.

Built once per width (and per math mode: rendered or TeX) in a worker thread, never while a
frame is drawn. Alongside the lines it keeps what following and search need: where each anchor
starts, every link (citation, reference, footnote, link out, figure image) by line and span, and
where each section begins. Text from the paper is only ever plain text in a span: nothing in it
is read as markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.segment import Segment

from reader.text import document as d


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    style: str = ""              # a DocView component class suffix: "math", "cite", "h1", …
    target: str | None = None    # a link: "cite:bib.bib3 bib.bib4", "ref:S3.E1", "url:…", "img:S3.F1 x1.png"


@dataclass(frozen=True, slots=True)
class DocLine:
    spans: tuple[Span, ...]
    anchor: str                  # the block (or section) this line shows
    section: str | None          # the innermost section it is in (None: title and abstract)
    drawn: tuple[Segment, ...] | None = None   # an image row, drawn after the first span

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


@dataclass(frozen=True, slots=True)
class LinkAt:
    line: int
    span: int
    target: str

    @property
    def kind(self) -> str:
        return self.target.partition(":")[0]


@dataclass
class Layout:
    width: int
    tex: bool
    lines: list[DocLine] = field(default_factory=list)
    first_line: dict[str, int] = field(default_factory=dict)     # anchor -> its first line
    links: list[LinkAt] = field(default_factory=list)
    sections: list[tuple[int, str]] = field(default_factory=list)  # (line, section id) in order

    def section_at(self, line: int) -> str | None:
        """The section being read at `line`: the last one that began on or above it."""
        from bisect import bisect_right

        i = bisect_right(self.sections, (line, "\uffff")) - 1
        return self.sections[i][1] if i >= 0 else None


# An image drawn for a width: rows of segments, or None where it cannot be drawn here.
ImageRows = Callable[[str, str, int], "list[list[Segment]] | None"]

_WORD = re.compile(r"\s*\S+")
_SPACE = re.compile(r"\s+")


def lay_out(doc: d.Document, width: int, *, tex: bool = False,
            images: ImageRows | None = None, library: Callable[[str], bool] | None = None) -> Layout:
    """The whole document at `width` cells. `images(float_anchor, file, width)` draws a figure's
    image (None: not drawable, the caption and the viewer key stand in)."""
    out = _Builder(Layout(width=max(20, width), tex=tex), images)
    out.title(doc)
    for block in doc.abstract:
        out.block(block, None, 0)
    bib_shown = False
    for depth, section in doc.walk_sections():
        out.heading(section, depth)
        for block in section.blocks:
            out.block(block, section.id, 0)
        if section.kind == "bibliography" and not bib_shown:
            out.bibliography(doc.bibliography, section.id)
            bib_shown = True
    if doc.bibliography and not bib_shown:
        out.layout.sections.append((len(out.layout.lines) + 1, "bib"))
        out.blank("bib", "bib")
        out.add((Span("References", "h1"),), "bib", "bib")
        out.blank("bib", "bib")
        out.bibliography(doc.bibliography, "bib")
    return out.layout


class _Builder:
    def __init__(self, layout: Layout, images: ImageRows | None) -> None:
        self.layout = layout
        self.width = layout.width
        self.tex = layout.tex
        self.images = images

    # -- lines ---------------------------------------------------------------------------------

    def add(self, spans: Sequence[Span], anchor: str, section: str | None,
            drawn: tuple[Segment, ...] | None = None) -> None:
        lay = self.layout
        index = len(lay.lines)
        lay.first_line.setdefault(anchor, index)
        spans = _merged(spans) if drawn is None else list(spans)
        for i, span in enumerate(spans):
            if span.target:
                lay.links.append(LinkAt(index, i, span.target))
        lay.lines.append(DocLine(tuple(spans), anchor, section, drawn))

    def blank(self, anchor: str, section: str | None) -> None:
        if self.layout.lines and self.layout.lines[-1].spans:
            self.add((), anchor, section)

    def wrapped(self, pieces: list[Span], anchor: str, section: str | None, *, indent: int = 0,
                first: Sequence[Span] = (), left: str = "", right: str = "", hang: int | None = None) -> None:
        """`pieces` word-wrapped to the width less the indent and the frame (`left`, `right`);
        `first` (a footnote's mark, a list item's label) starts the first line, and the others
        are indented by `hang` (default: as wide as `first`)."""
        inner = self.width - indent - cell_len(left) - cell_len(right)
        hang = _cells(first) if hang is None else hang
        lines = wrap_spans(pieces, max(8, inner - hang), first=max(1, inner - _cells(first)))
        for n, line in enumerate(lines):
            head = list(first) if n == 0 else [Span(" " * hang)] if hang else []
            body = head + line
            if right:
                used = sum(cell_len(s.text) for s in body)
                body.append(Span(" " * max(0, inner - used)))
                body.append(Span(right, "frame"))
            prefix = [Span(" " * indent)] if indent else []
            if left:
                prefix.append(Span(left, "frame"))
            self.add(prefix + body, anchor, section)

    # -- the parts of a document ---------------------------------------------------------------

    def title(self, doc: d.Document) -> None:
        self.wrapped(_plain_pieces(doc.title, "title"), "title", None)
        if doc.authors:
            self.wrapped(_plain_pieces(", ".join(doc.authors), "authors"), "title", None)
        if doc.abstract:
            self.blank("title", None)
            self.add((Span("Abstract", "h2"),), "abstract", None)

    def heading(self, section: d.Section, depth: int) -> None:
        self.blank(section.id, section.id)
        self.layout.sections.append((len(self.layout.lines), section.id))
        style = "h1" if depth == 0 else "h2" if depth == 1 else "h3"
        self.wrapped(_plain_pieces(section.heading, style), section.id, section.id)
        if section.kind == "paragraph":
            return
        self.blank(section.id, section.id)

    def block(self, block: d.Block, section: str | None, indent: int) -> None:
        if isinstance(block, d.Paragraph):
            self.wrapped(self.pieces(block.runs), block.anchor, section, indent=indent)
            self.blank(block.anchor, section)
        elif isinstance(block, d.Equation):
            self.equation(block, section)
        elif isinstance(block, d.Float):
            self.float(block, section)
        elif isinstance(block, d.Footnote):
            self.wrapped(self.pieces(block.runs, "footnote"), block.anchor, section, indent=indent,
                         first=[Span(block.mark + " ", "fnmark")])
            self.blank(block.anchor, section)
        elif isinstance(block, d.ListBlock):
            for item in block.items:
                label = Span((item.label or "•") + " ", "label")
                for k, inner in enumerate(item.blocks):
                    if isinstance(inner, d.Paragraph):
                        self.wrapped(self.pieces(inner.runs), item.anchor if k == 0 else inner.anchor,
                                     section, indent=indent + 2, first=[label] if k == 0 else
                                     [Span(" " * cell_len(label.text))])
                    else:
                        self.block(inner, section, indent + 2)
            self.blank(block.anchor, section)
        elif isinstance(block, d.Algorithm):
            self.frame_top(block.label, block.anchor, section)
            if block.caption:
                self.wrapped(self.pieces(block.caption, "caption"), block.anchor, section, left="│ ", right=" │")
            for line in block.lines:
                self.wrapped(self.pieces(line), block.anchor, section, left="│ ", right=" │")
            self.frame_bottom(block.anchor, section)
            self.blank(block.anchor, section)

    def equation(self, eq: d.Equation, section: str | None) -> None:
        """Each row on its own lines, indented, its number at the right edge."""
        rows = eq.rows or (d.EquationRow(eq.anchor, eq.number, eq.tex, eq.text),)
        numbered = [r.number for r in rows if r.number]
        num_w = max((len(n) + 2 for n in numbered), default=0)
        for row in rows:
            text = row.tex if self.tex else row.text
            room = self.width - 4 - (num_w + 2 if num_w else 0)
            parts = wrap_spans(_plain_pieces(text, "math"), max(8, room))
            for k, part in enumerate(parts):
                spans = [Span("    ")] + part
                if k == 0 and row.number:
                    used = 4 + sum(cell_len(s.text) for s in part)
                    label = f"({row.number})"
                    spans.append(Span(" " * max(1, self.width - used - len(label))))
                    spans.append(Span(label, "eqno"))
                anchor = row.anchor if k == 0 else eq.anchor
                self.layout.first_line.setdefault(eq.anchor, len(self.layout.lines))
                self.add(spans, anchor, section)
        self.blank(eq.anchor, section)

    def _image(self, anchor: str, name: str, width: int):
        if self.images is None:
            return None
        try:
            return self.images(anchor, name, width)
        except Exception:  # noqa: BLE001 - an image that cannot be drawn: its line stands in
            return None

    def frame_top(self, label: str, anchor: str, section: str | None) -> None:
        head = f"─ {label} " if label else ""
        fill = "─" * max(0, self.width - 2 - cell_len(head))
        self.add((Span("┌", "frame"), Span(head, "label") if head else Span(""), Span(fill + "┐", "frame")),
                 anchor, section)

    def frame_bottom(self, anchor: str, section: str | None) -> None:
        self.add((Span("└" + "─" * (self.width - 2) + "┘", "frame"),), anchor, section)

    def float(self, fl: d.Float, section: str | None, nested: bool = False) -> None:
        """A framed block: its label on the frame, the image (or a line to open it), the table's
        rows, the sub-figures, the caption."""
        if not nested:
            self.frame_top(fl.label, fl.anchor, section)
        elif fl.label:
            self.wrapped([Span(fl.label, "label")], fl.anchor, section, left="│ ", right=" │")
        inner = self.width - 4
        for name in fl.images:
            rows = self._image(fl.anchor, name, inner)
            if rows:
                for row in rows:   # the drawn row goes between the frame's two sides
                    drawn = tuple(row)
                    pad = max(0, inner - sum(s.cell_length for s in drawn))
                    self.add((Span("│ ", "frame"), Span(" " * pad + " │", "frame")), fl.anchor,
                             section, drawn=drawn)
            self.wrapped([Span(f"▶ image {name}", "image", f"img:{fl.anchor} {name}")], fl.anchor, section,
                         left="│ ", right=" │")
        for row in fl.rows:
            cells: list[Span] = []
            for k, cell in enumerate(row):
                if k:
                    cells.append(Span(" │", "frame"))
                cells.extend(self.pieces(cell) or [Span("")])
            self.wrapped(cells, fl.anchor, section, left="│ ", right=" │")
        for part in fl.parts:
            self.float(part, section, nested=True)
        if fl.caption:
            caption = self.pieces(fl.caption, "caption")
            if fl.label and not nested and caption:
                first = caption[0]
                caption = [Span(fl.label + ":", "label"),
                           Span(" " + first.text.lstrip(" "), first.style, first.target)] + caption[1:]
            self.wrapped(caption, fl.anchor, section, left="│ ", right=" │")
        if not nested:
            self.frame_bottom(fl.anchor, section)
            self.blank(fl.anchor, section)

    def bibliography(self, entries: Iterable[d.BibEntry], section: str) -> None:
        for entry in entries:
            tag = entry.tag or ""
            self.wrapped(_plain_pieces(entry.text, ""), entry.id, section,
                         first=[Span(tag + " ", "label")] if tag else (),
                         hang=4 if cell_len(tag) > 6 else None)
            self.blank(entry.id, section)

    # -- inline runs -----------------------------------------------------------------------------

    def pieces(self, runs: d.Runs, style: str = "") -> list[Span]:
        """The runs as pieces to wrap: words of text, and each formula, citation or reference
        whole. A piece that starts with a space may begin a line; one that does not is glued to
        the piece before it ("(1)." stays together)."""
        out: list[Span] = []
        space = False   # the text before ended with a space: the next piece may start a line
        for run in runs:
            if isinstance(run, (d.Text, d.Emph)):
                st = "emph" if isinstance(run, d.Emph) else style
                words = _plain_pieces(run.text, st)
                if words and space and not words[0].text.startswith(" "):
                    words[0] = Span(" " + words[0].text, st)
                out.extend(words)
                space = run.text[-1:].isspace() or (space and not words)
                continue
            if isinstance(run, d.Math):
                piece = Span(_SPACE.sub(" ", run.tex if self.tex else run.text).strip(), "math")
            elif isinstance(run, d.Cite):
                piece = Span(run.label, "cite", "cite:" + " ".join(run.targets))
            elif isinstance(run, d.Ref):
                piece = Span(run.label, "ref", f"ref:{run.target}")
            elif isinstance(run, d.FootnoteMark):
                piece = Span(run.mark, "fnmark", f"ref:{run.id}")
            elif isinstance(run, d.Link):
                piece = Span(run.label, "link", f"url:{run.url}")
            else:
                continue
            if space and out:
                piece = Span(" " + piece.text, piece.style, piece.target)
            out.append(piece)
            space = False
        return out


def _merged(spans: Sequence[Span]) -> list[Span]:
    """Neighbours of one style and target as one span: fewer segments to draw per line."""
    out: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if out and out[-1].style == span.style and out[-1].target == span.target:
            out[-1] = Span(out[-1].text + span.text, span.style, span.target)
        else:
            out.append(span)
    return out


def _cells(spans: Sequence[Span]) -> int:
    return sum(cell_len(s.text) for s in spans)


def _plain_pieces(text: str, style: str) -> list[Span]:
    """Words with the space before them kept as a leading " " (a place a line may break)."""
    out = []
    for m in _WORD.finditer(text):
        word = m.group()
        out.append(Span((" " if word[0].isspace() else "") + word.lstrip(), style))
    return out


def wrap_spans(pieces: Sequence[Span], width: int, first: int | None = None) -> list[list[Span]]:
    """Greedy wrap to `width` cells (`first`: the first line's): lines break only before a
    piece that starts with a space (the space is dropped there); a run of glued pieces wider
    than a line is cut by characters."""
    full = width = max(1, width)
    if first is not None:
        width = max(1, first)
    words: list[list[Span]] = []
    for piece in pieces:
        if not piece.text:
            continue
        if not words or piece.text[0] == " ":
            words.append([piece])
        else:
            words[-1].append(piece)
    lines: list[list[Span]] = []
    line: list[Span] = []
    used = 0
    for word in words:
        w = sum(cell_len(p.text) for p in word)
        if line and used + w > width:
            lines.append(line)
            line, used, width = [], 0, full
        if not line:  # a line never starts with the space that stood before its first word
            first = word[0]
            word = [Span(first.text.lstrip(" "), first.style, first.target)] + word[1:]
            w = sum(cell_len(p.text) for p in word)
        if w > width - used:
            for piece in word:   # too wide for any line: cut it into line-sized parts
                text = piece.text
                while text:
                    room = width - used
                    part, text = _cut(text, room)
                    if not part:
                        lines.append(line)
                        line, used, width = [], 0, full
                        continue
                    line.append(Span(part, piece.style, piece.target))
                    used += cell_len(part)
                    if text:
                        lines.append(line)
                        line, used, width = [], 0, full
            continue
        line.extend(word)
        used += w
    if line or not lines:
        lines.append(line)
    return lines


def _cut(text: str, room: int) -> tuple[str, str]:
    """The longest head of `text` that fits `room` cells, and the rest."""
    if text.isascii():
        return text[:room], text[room:]
    used = 0
    for i, ch in enumerate(text):
        used += cell_len(ch)
        if used > room:
            return text[:i], text[i:]
    return text, ""
