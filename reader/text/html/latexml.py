"""arXiv's LaTeXML HTML read into the document model (reader.text.document).

The page is parsed with selectolax's Lexbor engine, chosen by measurement (bench/bench_html.py:
the 423 KB page of 2005.12359 in 9-15 ms, 2-4x faster than lxml, to the same tree as html5lib's).
The walk goes by LaTeXML's classes and tags, never by attribute order, and looks through the
`span.ltx_text` wrappers LaTeXML puts around almost everything. Every string taken from the page
is made safe for a terminal (reader.text.textsafe) before it enters the model. This module walks
the blocks; reader.text.html.latexml_inline makes the runs inside them.

A page that is not a paper raises NoArticle, with a message in words: no `article.ltx_document`
(garbage, an error page), arXiv's placeholder ("No content available"), a page cut off.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from reader import ids
from reader.errors import PaperdeckError
from reader.text.html import mathtext
from reader.text import textsafe
from reader.text.document import (
    Algorithm, BibEntry, Document, Emph, Equation, EquationRow, Float, FootnoteMark, ListBlock, ListItem,
    Paragraph, Runs, Section, Text,
)
from reader.text.html.latexml_inline import (
    SPACES, Inline, classes, is_note, kids, node_id, normalise, plain, plain_runs,
)


class NoArticle(PaperdeckError):
    """The HTML page holds no paper to read; the caller reads the PDF text instead."""


_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+")
_END = re.compile(r"</html\s*>\s*(?:<!--.*?-->\s*)*\Z", re.I | re.S)
_SECTION_KINDS = {
    "ltx_part": "section", "ltx_chapter": "section", "ltx_section": "section",
    "ltx_subsection": "subsection", "ltx_subsubsection": "subsubsection",
    "ltx_paragraph": "paragraph", "ltx_subparagraph": "paragraph",
    "ltx_appendix": "appendix", "ltx_bibliography": "bibliography", "ltx_index": "section",
}
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_BLOCK_TAGS = frozenset(("p", "div", "figure", "ul", "ol", "dl", "blockquote", "section", "pre")) | _HEADINGS
# Read by document() wherever they stand (a title page may wrap them), or left out (errors).
_READ_APART = frozenset(("ltx_title_document", "ltx_authors", "ltx_abstract", "ltx_ERROR"))
_FURNITURE = ("ltx_pagination", "ltx_rule", "ltx_page_navbar", "ltx_TOC", "ltx_page_footer")


def parse(html: bytes | str) -> Document:
    """The document model of a LaTeXML page; NoArticle when the page holds no paper."""
    text = html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html
    tree = LexborHTMLParser(text)
    article = tree.css_first("article.ltx_document")
    if article is None:
        body = plain(tree.body) if tree.body is not None else ""
        if "no content available" in body.lower():
            raise NoArticle('arXiv\'s HTML page for this paper says "No content available"; '
                            "reading its PDF text instead")
        raise NoArticle("the HTML page holds no LaTeXML article (no article.ltx_document); "
                        "reading the PDF text instead")
    if _END.search(text[-8192:]) is None:
        raise NoArticle("the HTML page is cut off (it ends before </html>); fetch it again, "
                        "or read the PDF text")
    try:
        return _Builder(article).document()
    except RecursionError:  # the walk recurses per level of nesting; no paper nests this deep
        raise NoArticle("the HTML page nests its elements too deeply to read; "
                        "reading the PDF text instead") from None


class _Builder:
    def __init__(self, article):
        self.article = article
        self.inline = Inline()
        self.ordinal: dict[str, int] = {}

    def document(self) -> Document:
        art = self.article
        errors = len(art.css(".ltx_ERROR"))
        title_node = art.css_first("h1.ltx_title_document")
        title = _heading_text(self.inline.runs(title_node)) if title_node is not None else ""
        self.inline.take_notes()  # a \thanks on the title is not the paper's text
        authors = _authors(art.css_first("div.ltx_authors"))
        abstract_node = art.css_first("div.ltx_abstract")
        abstract = self.blocks(abstract_node, "abstract") if abstract_node is not None else ()
        sections: list[Section] = []
        loose: list = []  # blocks outside any section, after the title
        bibliography: tuple[BibEntry, ...] = ()
        # What stands before the title is preamble debris (KOMA's \setkomafont and its words).
        before_title = title_node is not None and title_node.parent == art
        for child in kids(art):
            tag = child.tag
            if tag[0] == "-":
                continue
            if before_title:
                before_title = child != title_node
                continue
            if tag == "section":
                if loose:
                    sections.append(self.unsectioned(loose, len(sections)))
                    loose = []
                section = self.section(child)
                if section.kind == "bibliography":
                    bibliography = _bibliography(self.inline, child)
                sections.append(section)
            elif not (child == title_node or (abstract_node is not None and child == abstract_node)
                      or "ltx_authors" in classes(child) or _is_furniture(child)):
                loose.extend(self.block(child, "body"))
        if loose:
            sections.append(self.unsectioned(loose, len(sections)))
        if not sections and not abstract:
            raise NoArticle("arXiv's HTML page for this paper has no content (a placeholder); "
                            "reading its PDF text instead")
        return Document(title=title, authors=authors, abstract=abstract, sections=tuple(sections),
                        bibliography=bibliography, errors_skipped=errors)

    def unsectioned(self, blocks: list, at: int) -> Section:
        """Blocks the paper put outside any section (e.g. an appendix typed as bold text after
        the references): an unnumbered section, titled by its opening bold line if it has one."""
        title = "Front matter" if at == 0 else "Text outside the sections"
        first = blocks[0]
        if isinstance(first, Paragraph) and len(first.runs) == 1 and isinstance(first.runs[0], Emph) \
                and len(first.runs[0].text) <= 100:
            title, blocks = first.runs[0].text, blocks[1:]
        return Section(f"nosection{at + 1}", None, title, "section", tuple(blocks))

    # -- sections --

    def section(self, node) -> Section:
        kinds = [_SECTION_KINDS[c] for c in classes(node) if c in _SECTION_KINDS]
        kind = kinds[0] if kinds else "section"
        sid = node_id(node) or self.next_anchor("doc", "section")
        number, title = None, ""
        blocks: list = []
        children: list[Section] = []
        for child in kids(node):
            tag = child.tag
            if tag[0] == "-":
                continue
            if tag in _HEADINGS and not title and "ltx_title" in classes(child):
                number, title = self.heading(child)
            elif tag == "section":
                children.append(self.section(child))
            elif kind != "bibliography":  # its entries are read by _bibliography
                blocks.extend(self.block(child, sid))
        return Section(sid, number, title, kind, tuple(blocks), tuple(children))

    def heading(self, node) -> tuple[str | None, str]:
        number = None
        runs: list = []
        for child in kids(node):
            if number is None and child.tag[0] != "-" and "ltx_tag" in classes(child):
                number = re.sub(r"^(appendix|chapter|part)\s+", "", plain(child), flags=re.I) or None
            else:
                self.inline.node(child, runs, False)
        self.inline.take_notes()  # a footnote on a heading is rare: left out with its mark
        return number, _heading_text(normalise(runs))

    # -- blocks --

    def blocks(self, node, sid: str) -> tuple:
        out: list = []
        for child in kids(node):
            if child.tag not in _HEADINGS:
                out.extend(self.block(child, sid))
        return tuple(out)

    def block(self, node, sid: str) -> list:
        """The blocks one element holds (often one), each followed by the footnotes it called."""
        tag = node.tag
        if tag == "-comment":
            return []
        if tag == "-text":
            text = SPACES.sub(" ", textsafe.clean(node.text_content)).strip()
            return [Paragraph(self.next_anchor(sid, "p"), (Text(text),))] if text else []
        cls = classes(node)
        if _is_furniture(node) or any(c in _READ_APART for c in cls):
            return []
        if "ltx_para" in cls:
            return self.para(node, sid)
        if tag == "figure" or "ltx_float" in cls:
            out = [self.float_(node, sid)]
        elif tag == "table" and ("ltx_equation" in cls or "ltx_equationgroup" in cls):
            out = [self.equation(node, sid)]
        elif tag == "table" and "ltx_tabular" in cls:
            out = [Float(node_id(node) or self.next_anchor(sid, "table"), "table", "", (),
                         rows=self.tabular(node))]
        elif tag in ("ul", "ol", "dl"):
            out = [self.list_(node, sid)]
        elif tag == "div" and ("ltx_theorem" in cls or "ltx_proof" in cls):
            return self.theorem(node, sid)
        elif tag in ("div", "blockquote", "span", "section") and _has_block_child(node):
            out = []
            for child in kids(node):
                out.extend(self.block(child, sid))
            return out
        else:
            runs = self.inline.runs(node)
            out = [Paragraph(node_id(node) or self.next_anchor(sid, "p"), runs)] if runs else []
        return out + self.inline.take_notes()

    def next_anchor(self, sid: str, kind: str) -> str:
        """Section id + ordinal for a block LaTeXML gave no id ("S3.xp2"; the x marks ours)."""
        key = f"{sid}.x{kind}"
        self.ordinal[key] = self.ordinal.get(key, 0) + 1
        return f"{key}{self.ordinal[key]}"

    def para(self, node, sid: str) -> list:
        """A div.ltx_para: its p's become paragraphs (the first takes the div's id, "S3.p2"),
        and what stands between them (display equations, floats, lists) blocks of their own."""
        div_id = node_id(node)
        out: list = []
        pending: list = []
        anchor_taken = False

        def flush(own_id: str | None) -> None:
            nonlocal pending, anchor_taken
            runs = normalise(pending)
            pending = []
            if runs:
                anchor = own_id
                if not anchor_taken and div_id:
                    anchor, anchor_taken = div_id, True
                out.append(Paragraph(anchor or self.next_anchor(sid, "p"), runs))

        for child in kids(node):
            tag = child.tag
            if tag[0] == "-":
                if tag == "-text":
                    self.inline.node(child, pending, False)
                continue
            cls = classes(child)
            if tag == "p" or "ltx_p" in cls:
                flush(None)
                self.inline.children(child, pending, False)
                flush(node_id(child))
            elif _is_block(child, cls):
                flush(None)
                called = self.inline.take_notes()  # the text's notes go after the whole div
                out.extend(self.block(child, sid))
                self.inline.notes = called + self.inline.notes
            else:
                self.inline.node(child, pending, False)
        flush(None)
        return out + self.inline.take_notes()

    def theorem(self, node, sid: str) -> list:
        """A theorem or proof: its run-in title ("Theorem 1 (…)") opens its first paragraph."""
        title = ""
        out: list = []
        for child in kids(node):
            if child.tag in _HEADINGS:
                title = plain_runs(self.inline.runs(child))
            else:
                out.extend(self.block(child, sid))
        if title:
            head = Emph(title.rstrip(".") + ".")
            if out and isinstance(out[0], Paragraph):
                # The theorem's id is what references to it name ("Theorem 1" → Thmtheorem1).
                out[0] = Paragraph(node_id(node) or out[0].anchor, (head, Text(" ")) + out[0].runs)
            else:
                out.insert(0, Paragraph(node_id(node) or self.next_anchor(sid, "p"), (head,)))
        return out

    def equation(self, node, sid: str) -> Equation:
        """A display equation or an equation group: one row per `tr.ltx_eqn_row`, its number
        from the row's `span.ltx_tag_equation`, the TeX and rendering of its cells joined."""
        anchor = node_id(node) or self.next_anchor(sid, "eq")
        rows: list[EquationRow] = []
        for tr in node.css("tr"):
            if "ltx_eqn_row" not in classes(tr):
                continue
            number = None
            texs, texts = [], []
            for td in kids(tr):
                if td.tag not in ("td", "th"):
                    continue
                maths = td.css("math")
                if not maths:
                    tag = td.css_first("span.ltx_tag_equation, span.ltx_tag")
                    if tag is not None:
                        number = plain(tag).strip("()") or number
                    elif plain(td):
                        texs.append(plain(td))
                        texts.append(plain(td))
                for math in maths:
                    texs.append(re.sub(r"^\\displaystyle\s*", "", textsafe.one_line(mathtext.tex_of(math))))
                    texts.append(textsafe.one_line(mathtext.render(math)))
            if not texs and number is None:
                continue
            parent = tr.parent
            row_id = node_id(tr) or (node_id(parent) if parent is not None and parent.tag == "tbody" else None)
            if not row_id or row_id == anchor or any(r.anchor == row_id for r in rows):
                row_id = f"{anchor}.r{len(rows) + 1}"
            rows.append(EquationRow(row_id, number, " ".join(texs), mathtext.tidy(" ".join(texts))))
        numbers = [r.number for r in rows if r.number]
        return Equation(anchor, numbers[0] if numbers else None, "\n".join(r.tex for r in rows),
                        "\n".join(r.text for r in rows), tuple(rows))

    def float_(self, node, sid: str):
        """A figure or table float (or an algorithm): its caption and label, its own images and
        tabulars, and its sub-figures as parts (each with its own caption and images)."""
        cls = classes(node)
        anchor = node_id(node) or self.next_anchor(sid, "float")
        found = _float_contents(node)
        label, caption = "", ()
        if found["figcaption"]:
            label, caption = self.caption(found["figcaption"][0])
        if "ltx_float_algorithm" in cls or label.lower().startswith("algorithm"):
            lines = [self.inline.runs(line) for line in node.css("div.ltx_listingline")]
            if not lines:
                lines = [self.inline.runs(p) for p in node.css("p")]
            return Algorithm(anchor, label, caption, tuple(line for line in lines if line))
        kind = "table" if "ltx_table" in cls else "figure"
        images = tuple(src for src in (textsafe.one_line(img.attributes.get("src") or "")
                                       for img in found["img"]) if src)
        parts = tuple(self.float_(sub, sid) for sub in found["figure"])
        rows: list = []
        for tabular in found["table"]:
            rows.extend(self.tabular(tabular))
        return Float(anchor, kind, label, caption, images, tuple(rows), parts)

    def tabular(self, node) -> tuple:
        """A table.ltx_tabular as a grid: rows of cells of runs, a cell spanning rows or
        columns followed by empty cells where it spans (a tabular nested in a cell is text)."""
        rows = []
        below: dict[int, int] = {}  # column -> rows still covered by a cell above
        for group in kids(node):
            trs = kids(group) if group.tag in ("thead", "tbody", "tfoot") else (group,)
            for tr in trs:
                if tr.tag != "tr":
                    continue
                cells: list = []
                for td in kids(tr):
                    if td.tag not in ("td", "th"):
                        continue
                    while below.get(len(cells), 0) > 0:
                        below[len(cells)] -= 1
                        cells.append(())
                    span_rows, span_cols = _span(td, "rowspan"), _span(td, "colspan")
                    for extra in range(span_cols):
                        if span_rows > 1:
                            below[len(cells)] = span_rows - 1
                        cells.append(self.inline.runs(td) if extra == 0 else ())
                while below.get(len(cells), 0) > 0:
                    below[len(cells)] -= 1
                    cells.append(())
                if any(cells):
                    rows.append(tuple(cells))
        return tuple(rows)

    def caption(self, node) -> tuple[str, Runs]:
        label = ""
        runs: list = []
        for child in kids(node):
            if not label and child.tag[0] != "-" and "ltx_tag" in classes(child):
                label = plain(child).rstrip(": ").strip()
            else:
                self.inline.node(child, runs, False)
        return label, normalise(runs)

    def list_(self, node, sid: str) -> ListBlock:
        anchor = node_id(node) or self.next_anchor(sid, "list")
        items: list[ListItem] = []
        label = ""
        for li in kids(node):
            if li.tag == "dt":
                label = plain(li)
                continue
            if li.tag not in ("li", "dd"):
                continue
            item_id = node_id(li) or f"{anchor}.i{len(items) + 1}"
            blocks: list = []
            for child in kids(li):
                if not label and child.tag[0] != "-" and "ltx_tag" in classes(child):
                    label = plain(child)
                else:
                    blocks.extend(self.block(child, item_id))
            items.append(ListItem(item_id, label or ("•" if node.tag == "ul" else ""), tuple(blocks)))
            label = ""
        return ListBlock(anchor, node.tag == "ol", tuple(items))


def _heading_text(runs) -> str:
    """A title or heading as plain text, footnote marks left out."""
    return plain_runs(r for r in runs if not isinstance(r, FootnoteMark))


def _authors(node) -> tuple[str, ...]:
    """Names only: each author's first lines (a line ending in "," or "and" goes on), with
    affiliation marks, notes and the lines after the names (places, e-mail) left out."""
    if node is None:
        return ()
    names: list[str] = []
    for person in node.css("span.ltx_personname"):
        lines, line = [], []
        for piece in kids(person):
            if piece.tag == "br":
                lines.append("".join(line))
                line = []
            elif piece.tag == "-text":
                line.append(piece.text_content or "")
            elif piece.tag not in ("math", "sup", "-comment") and not is_note(piece):
                line.append(piece.text(deep=True))
        lines.append("".join(line))
        kept = []
        for text in (textsafe.one_line(x) for x in lines):
            if text:
                kept.append(text)
                if not (text.endswith(",") or text.endswith(" and")):
                    break
        for name in re.split(r",\s*(?:and\s+)?|\s+and\s+", " ".join(kept)):
            if name.strip(" ,"):
                names.append(name.strip(" ,"))
    return tuple(names)


def _bibliography(inline: Inline, node) -> tuple[BibEntry, ...]:
    """Each li.ltx_bibitem: its tag as shown, its text, and the arXiv id, DOI or URL in it."""
    entries = []
    for li in node.css("li.ltx_bibitem"):
        bib_id = node_id(li) or f"bib.x{len(entries) + 1}"
        tag_node = li.css_first("span.ltx_tag_bibitem")
        tag = plain(tag_node) if tag_node is not None else ""
        blocks = li.css("span.ltx_bibblock")
        if blocks:
            text = " ".join(plain_runs(inline.runs(b)) for b in blocks)
        else:
            text = plain(li)
            text = text[len(tag):] if tag and text.startswith(tag) else text
        inline.take_notes()
        text = SPACES.sub(" ", text).strip()
        hrefs = [textsafe.one_line(a.attributes.get("href") or "") for a in li.css("a")]
        haystack = text + " " + " ".join(hrefs)
        found = ids.scan(haystack)
        doi = _DOI.search(haystack)
        urls = [h for h in hrefs if h.startswith(("http://", "https://"))
                and "doi.org/" not in h and "arxiv.org/" not in h]
        entries.append(BibEntry(bib_id, tag, text, found[0][0].id if found else None,
                                doi[0].rstrip(".,;)") if doi else None, urls[0] if urls else None))
    return tuple(entries)


def _span(cell, name: str) -> int:
    value = cell.attributes.get(name) or "1"
    return min(int(value), 100) if value.isdigit() and int(value) > 0 else 1


def _is_furniture(node) -> bool:
    """Page furniture inside the article: pagination marks, rules, navigation."""
    if node.tag in ("nav", "header", "footer", "script", "style", "button"):
        return True
    cls = classes(node)
    return any(c in cls for c in _FURNITURE)


def _is_block(node, cls: list[str]) -> bool:
    if node.tag == "table":
        return "ltx_equation" in cls or "ltx_equationgroup" in cls or "ltx_tabular" in cls
    return node.tag in _BLOCK_TAGS and "ltx_inline-block" not in cls


def _has_block_child(node) -> bool:
    return any(c.tag[0] != "-" and _is_block(c, classes(c)) for c in kids(node))


def _float_contents(node) -> dict[str, list]:
    """A float's own captions, images, sub-figures and tabulars, in one walk that stops at a
    sub-figure (its contents are its own), a tabular (its rows are read apart) and a formula."""
    found: dict[str, list] = {"figcaption": [], "img": [], "figure": [], "table": []}
    stack = list(kids(node))
    stack.reverse()
    while stack:
        child = stack.pop()
        tag = child.tag
        if tag[0] == "-" or tag == "math":
            continue
        if tag == "figure":
            found["figure"].append(child)
            continue
        if tag == "table":
            if "ltx_tabular" in classes(child):
                found["table"].append(child)
                continue
        elif tag in ("figcaption", "img"):
            found[tag].append(child)
            if tag == "figcaption":
                continue
        more = list(kids(child))
        more.reverse()
        stack.extend(more)
    return found
