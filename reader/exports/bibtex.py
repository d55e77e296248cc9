"""BibTeX entries for papers.

arXiv papers are `@misc` with the eprint fields biblatex and the common BibTeX styles read
(`eprint`, `archivePrefix = {arXiv}`, `primaryClass`). A journal reference arXiv knows is split
into `journal`, `volume`, `number`, `pages` and `year` when it has one of the usual clear forms
with a volume (`Phys. Rev. B 85, 115117 (2012)`, `Astrophys.J.517:565-586,1999`), which makes the
entry an `@article`; any other reference (`Proc. ICSE 2023, pp. 66-69`) is kept whole as `note`. There is one `year`, and it is the
reference's when the reference names one, so the entry never holds two years that disagree.

Names are written as BibTeX and biber read them: `First von Last`, or `Last, Jr., First` when the
name has a suffix (`Martin Luther King Jr.` would otherwise be the family `Jr.`). Citation keys
come from `citekeys`, which uses the same family name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from reader.models import Paper
from reader.text.textsafe import one_line
from reader.exports.latex import escape, title

NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


class Name(NamedTuple):
    first: str
    last: str      # with its "von" part: `van Beethoven`
    suffix: str    # `Jr.`, `III`, or ""


def _is_suffix(word: str) -> bool:
    return word.lower() in NAME_SUFFIXES


def name_parts(name: str) -> Name:
    """Split a name the way BibTeX would read it once written by `author_name`."""
    name = one_line(name)
    parts = [p.strip() for p in name.split(",")]
    if len(parts) >= 3:                                   # `King, Jr., Martin Luther`
        return Name(", ".join(parts[2:]), parts[0], parts[1])
    if len(parts) == 2:
        if _is_suffix(parts[1]):                          # `Martin Luther King, Jr.`
            first, last, _ = name_parts(parts[0])
            return Name(first, last, parts[1])
        words = parts[0].split()                          # `King Jr., Martin Luther`
        if len(words) > 1 and _is_suffix(words[-1]):
            return Name(parts[1], " ".join(words[:-1]), words[-1])
        return Name(parts[1], parts[0], "")               # `Graves, Alex`
    words = name.split()
    suffix = words.pop() if len(words) > 1 and _is_suffix(words[-1]) else ""
    if not words:
        return Name("", "", suffix)
    # The family name starts at the first lower-case word after the first ("von"), else it is
    # the last word: BibTeX's rule for `First von Last`.
    start = next((i for i in range(1, len(words) - 1) if words[i][:1].islower()), len(words) - 1)
    return Name(" ".join(words[:start]), " ".join(words[start:]), suffix)


def family_name(name: str) -> str:
    """The family name without its "von" part: `Graves`, `King`, `Beethoven`."""
    last = name_parts(name).last.split()
    return last[-1] if last else ""


def author_name(name: str) -> str:
    text = one_line(name)
    # A lone "and" inside a name would split it; a collaboration is one name.
    if re.search(r"(^|\s)and(\s|$)", text, re.I) or "collaboration" in text.lower():
        return "{" + escape(text) + "}"
    parts = name_parts(text)
    if parts.suffix:
        return f"{escape(parts.last)}, {escape(parts.suffix)}, {escape(parts.first)}".rstrip(" ")
    return escape(text)


def _names(authors: Sequence[str]) -> str:
    return " and ".join(author_name(a) for a in authors)


# -- journal references -------------------------------------------------------------------------

_JOURNAL = r"(?P<journal>[^\d,;()]*[A-Za-z][^\d,;()]*?)"       # no digits: names, not numbers
_VOLUME = r"(?P<volume>\d+)"
_PAGES = r"(?P<pages>[A-Za-z]?\d+(?:\([A-Z]\))?(?:\s*-{1,2}\s*[A-Za-z]?\d+)?)"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_REF_FORMS = [re.compile(p) for p in (
    # Adv.Theor.Math.Phys.2:231-252,1998 · JHEP 0712:029,2007
    rf"{_JOURNAL}\s*{_VOLUME}\s*:\s*{_PAGES}\s*,\s*{_YEAR}",
    # Phys. Rev. B 85, 115117 (2012) · Int. J. Mod. Phys. B, 26, 1244002 (2012)
    rf"{_JOURNAL},?\s+{_VOLUME}\s*,\s*{_PAGES}\s*\(\s*{_YEAR}\s*\)",
    # Phys.Rev. D76 (2007) 013009 · J. Algebraic Combin. 6 (1997), no. 3, 253--257
    rf"{_JOURNAL},?\s+(?P<letter>[A-Z])?{_VOLUME}\s*\(\s*{_YEAR}\s*\)"
    rf"(?:\s*,?\s*no\.\s*(?P<number>\d+))?(?:\s*,?\s*{_PAGES})?",
)]
_ANY_YEAR = re.compile(r"(?<![\w.])(?:19|20)\d\d(?![\w.])")   # not page e1914, not 2019.5


class JournalRef(NamedTuple):
    journal: str
    volume: str
    number: str
    pages: str
    year: str


def split_journal_ref(ref: str | None) -> JournalRef | None:
    """The parts of a journal reference in one of the clear forms, else None."""
    text = one_line(ref).rstrip(". ")
    if len(text) > 300:  # no reference is this long; and the patterns stay fast
        return None
    for form in _REF_FORMS:
        m = form.fullmatch(text)
        if m is None:
            continue
        parts = m.groupdict(default="")
        journal = parts["journal"].strip(" ,")
        if parts.get("letter"):                 # `Phys.Rev. D76`: the series letter is the journal's
            journal = f"{journal} {parts['letter']}"
        pages = re.sub(r"\s*-{1,2}\s*", "--", parts.get("pages", ""))
        return JournalRef(journal, parts.get("volume", ""), parts.get("number", ""), pages,
                          parts["year"])
    return None


def reference_year(ref: str | None) -> str:
    """The year a journal reference that could not be split names (its last one), or ""."""
    years = _ANY_YEAR.findall(one_line(ref))
    return years[-1] if years else ""


# -- entries ------------------------------------------------------------------------------------

def _verbatim(text: str | None) -> str:
    """DOIs, ids and URLs: kept as they are, minus what could break the entry."""
    return re.sub(r"[\s{}\\\"%]", "", one_line(text))


def fields(paper: Paper) -> list[tuple[str, str]]:
    """(name, BibTeX value without the outer braces) in the order they are written."""
    out = [("title", title(paper.title))]
    if paper.authors:
        out.append(("author", _names(paper.authors)))
    ref = split_journal_ref(paper.journal_ref) if paper.journal_ref else None
    if ref is not None:
        year = ref.year
    else:
        year = reference_year(paper.journal_ref) or (paper.year if paper.year.isdigit() else "")
    if year:
        out.append(("year", year))
    if ref is not None:
        out.append(("journal", escape(ref.journal)))
        out += [(name, escape(value)) for name, value in
                (("volume", ref.volume), ("number", ref.number), ("pages", ref.pages)) if value]
    elif paper.journal_ref:
        out.append(("note", escape(paper.journal_ref)))
    if paper.doi:
        out.append(("doi", _verbatim(paper.doi)))
    if not paper.is_local:
        out.append(("eprint", _verbatim(paper.id)))
        out.append(("archivePrefix", "arXiv"))
        if paper.primary_category:
            out.append(("primaryClass", _verbatim(paper.primary_category)))
        out.append(("url", f"https://arxiv.org/abs/{_verbatim(paper.id)}"))
    elif paper.url:
        out.append(("url", _verbatim(paper.url)))
    return out


def entry(paper: Paper, key: str) -> str:
    kind = "article" if split_journal_ref(paper.journal_ref) else "misc"
    if paper.kind == "book":
        kind = "book"
    elif paper.is_local and paper.url:
        kind = "online"   # not on arXiv, found at its link
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields(paper))
    return f"@{kind}{{{key},\n{body}\n}}\n"


def render(papers: Sequence[Paper], keys: dict[str, str]) -> str:
    """A .bib file: the papers in the order given, keys from `citekeys.assign`."""
    return "\n".join(entry(p, keys[p.id]) for p in papers)
