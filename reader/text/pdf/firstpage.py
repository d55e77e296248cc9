"""What a PDF's first page says of its paper: the title, the authors, and the arXiv id.

- The title is every line set in the page's largest type (above the body's), read in order:
  a title that runs over two or three lines is whole ("Multi-LexSum: Real-World Summaries of
  Civil Rights Lawsuits at Multiple Granularities", not its first line). pypdf's text visitor
  gives each run of text with its font size and the two matrices that scale it.
- The authors are the names on the lines just under the title, in the type that follows it
  (affiliation marks, set smaller, dropped), up to a line that is not names (an affiliation,
  an address, an e-mail).
- The arXiv id is the one arXiv stamps sideways in the left margin of every PDF it serves
  (`arXiv:2206.10883v3  [cs.CL]  11 Jun 2022`), or one the metadata names
  (`arXiv:…`, `10.48550/arXiv.…`, `arxiv.org/abs/…`).
A page whose text is all one size (no title set apart) gives no title here; the caller falls
back to its first lines. Nothing here raises for a page it cannot read: it gives nothing.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reader.ids import ArxivId, parse
from reader.text.pdf.pdfclean import clean_text
from reader.text.textsafe import one_line

MAX_TITLE = 300
# arXiv's stamp: the id (new or old style, with its version), then the category in brackets.
_STAMP = re.compile(r"arXiv:\s*((?:\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})v\d+)\s+\[[^\]]+\]", re.I)
_META_ID = re.compile(r"(?:arXiv:\s*|10\.48550/arXiv\.|arxiv\.org/(?:abs|pdf)/)"
                      r"((?:\d{4}\.\d{4,5}|[a-z][a-z.-]*/\d{7})(?:v\d+)?)", re.I)
# Words that end the authors: what follows their names (affiliations, addresses, dates).
_NOT_A_NAME = frozenset("""university universität université universidad universita institute
    institut department dept school college laboratory laboratories lab labs center centre
    research inc corporation corp ltd gmbh llc faculty academy foundation hospital group
    abstract introduction keywords dated received email e-mail google microsoft meta deepmind
    openai amazon ibm nvidia street road avenue usa uk china germany france japan""".split())
_PARTICLES = frozenset("van von de der den del della di da du dos la le bin al y ten ter".split())
_MARKS = re.compile(r"[\d*†‡§¶⋄□■∗♠♣♥♦‖#∥⋆✝✉]+")


@dataclass(frozen=True)
class Run:
    """A run of text as drawn: its effective size in points, its baseline, upright or not."""

    text: str
    size: float
    y: float
    upright: bool

    @property
    def letters(self) -> int:
        return sum(c.isalpha() for c in self.text)


def runs(page) -> list[Run]:
    """The page's text runs in the order they are drawn (empty when it cannot be read)."""
    found: list[Run] = []

    def visit(text, cm, tm, _font, font_size) -> None:
        if not text or not text.strip() or not font_size:
            return
        try:
            scale = math.sqrt(abs(tm[0] * tm[3] - tm[1] * tm[2])) * \
                math.sqrt(abs(cm[0] * cm[3] - cm[1] * cm[2]))
            upright = abs(tm[1]) < 1e-6 and abs(tm[2]) < 1e-6 and abs(cm[1]) < 1e-6 \
                and abs(cm[2]) < 1e-6
            y = tm[5] * cm[3] + cm[5]
        except (TypeError, IndexError, ValueError):
            return
        found.append(Run(text, round(font_size * scale, 1), y, upright))

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # noqa: BLE001 - a page that cannot be read says nothing of its paper
        return []
    return found


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 0.3


def _text_of(block: list[Run]) -> str:
    """Runs joined as drawn: a new baseline is a new line."""
    out, last_y = "", None
    for r in block:
        if last_y is not None and abs(r.y - last_y) > 0.3 * r.size and not out.endswith("\n"):
            out += "\n"
        out += r.text
        last_y = r.y
    return clean_text(out)


def _block(rs: list[Run], start: int, size: float) -> tuple[list[Run], int]:
    """The runs of `size` from `start` on, with the small marks between them (a footnote star)
    passed over; ends at the first run of another size with words in it. (block, next index)."""
    block, i = [], start
    while i < len(rs):
        r = rs[i]
        if _same(r.size, size):
            block.append(r)
        elif r.letters > 3:
            break
        i += 1
    return block, i


def _candidates(rs: list[Run]) -> list[Run]:
    return [r for r in rs if r.upright and not _STAMP.search(r.text)
            and not r.text.lstrip().lower().startswith("arxiv:")]


def title_and_rest(page_runs: list[Run]) -> tuple[str, list[Run]]:
    """The title (every line in the largest type above the body's; '' when no type stands
    out) and the runs after it."""
    rs = _candidates(page_runs)
    if not rs:
        return "", []
    weight = Counter()
    for r in rs:
        weight[r.size] += r.letters
    body = weight.most_common(1)[0][0]
    for size in sorted({r.size for r in rs if r.size > body + 0.5}, reverse=True)[:3]:
        start = next(i for i, r in enumerate(rs) if _same(r.size, size))
        block, end = _block(rs, start, size)
        text = one_line(_text_of(block))
        if sum(c.isalpha() for c in text) >= 8 and len(text.split()) >= 2:
            return text[:MAX_TITLE].rstrip(), rs[end:]
    return "", []


def _name(text: str) -> str | None:
    """`Adrian Del Maestro` as a name; None for what is not one (an affiliation, a place)."""
    words = text.split()
    if not 2 <= len(words) <= 5 or sum(c.isalpha() for c in text) < 4:
        return None
    for w in words:
        bare = w.strip(".,'’-")
        if not bare or bare.lower() in _NOT_A_NAME or any(c.isdigit() or c in "@{}()" for c in w):
            return None
        if not (bare[0].isupper() or bare.lower() in _PARTICLES):
            return None
    return " ".join(words)


def authors_after(rest: list[Run], max_lines: int = 6) -> tuple[str, ...]:
    """The names on the lines just under the title (see the module); () when they are not
    plainly names."""
    first = next((r for r in rest if r.letters >= 2), None)
    if first is None:
        return ()
    block, _ = _block(rest, rest.index(first), first.size)
    names: list[str] = []
    for line in _text_of(block).split("\n")[:max_lines]:
        line = _MARKS.sub(" ", line)
        parts = [p.strip() for p in re.split(r",|;|&|\band\b", line)]
        parts = [p for p in parts if p]
        found = [_name(p) for p in parts]
        if not parts or None in found:
            break
        names += [n for n in found if n]
    return tuple(dict.fromkeys(names))


def arxiv_id(page_runs: Iterable[Run], page_text: str, metadata: Mapping) -> ArxivId | None:
    """The id of arXiv's stamp on the page (a sideways run, or a line of its text), else one
    the metadata names; None when neither does."""
    for text in [r.text for r in page_runs if not r.upright] + [page_text]:
        m = _STAMP.search(text or "")
        if m:
            found = _parsed(m.group(1))
            if found is not None:
                return found
    for value in metadata.values():
        m = _META_ID.search(str(value or ""))
        if m:
            found = _parsed(m.group(1))
            if found is not None:
                return found
    return None


def _parsed(text: str) -> ArxivId | None:
    from reader.errors import UsageError

    try:
        return parse(text)
    except UsageError:
        return None
