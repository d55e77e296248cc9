"""BibTeX entries for papers, with stable, unique, ASCII citation keys.

A key is the first author's surname folded to ASCII, the year and the first significant title
word: `graves2012sequence`. Keys are assigned over the whole library (oldest added first), so a
paper keeps its key whichever subset is exported; on a collision the later paper gets a suffix
`a`, `b`, ... in the order the papers were added.

arXiv papers are `@misc` (or `@article` when arXiv knows a journal reference) with the eprint
fields biblatex and the common BibTeX styles read: `eprint`, `archivePrefix = {arXiv}`,
`primaryClass`.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence

from ..models import Paper
from ..textsafe import one_line
from .latex import escape, fold_ascii, protect_capitals

# Words skipped when picking the title word of a key.
STOPWORDS = frozenset(
    "a an the on of in for to and or with without from by at via as is are be do does how what "
    "why when where which towards toward into onto over under about beyond using its their our "
    "we you your this that these those can not no new".split()
)
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def surname(name: str) -> str:
    """The last word of a name that is not a suffix: `Alex Graves` -> `Graves`."""
    words = one_line(name).replace(",", " ").split()
    while len(words) > 1 and words[-1].lower() in NAME_SUFFIXES:
        words.pop()
    return words[-1] if words else ""


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold_ascii(text).lower())


def base_key(paper: Paper) -> str:
    author = _ascii_word(surname(paper.authors[0])) if paper.authors else ""
    year = paper.year if paper.year.isdigit() else ""
    word = ""
    for token in re.split(r"[\s\-/:]+", one_line(paper.title)):
        w = _ascii_word(token)
        if w and w not in STOPWORDS and not w.isdigit():
            word = w
            break
    key = (author or "anon") + year + word
    if not key[0].isalpha():
        key = "x" + key
    return key


def citation_keys(papers: Iterable[Paper]) -> dict[str, str]:
    """Paper id -> unique citation key; deterministic given the papers (ordered by added, id)."""
    keys: dict[str, str] = {}
    used: set[str] = set()
    for paper in sorted(papers, key=lambda p: (p.added, p.id)):
        base = key = base_key(paper)
        n = 0
        while key in used:
            key = base + _suffix(n)
            n += 1
        used.add(key)
        keys[paper.id] = key
    return keys


def _suffix(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa, ..."""
    letters = string.ascii_lowercase
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = letters[r] + out
    return out


def _names(authors: Sequence[str]) -> str:
    parts = []
    for name in authors:
        text = escape(name)
        # A lone "and" inside a name would split it; a collaboration is one name.
        if re.search(r"(^|\s)and(\s|$)", text, re.I) or "collaboration" in text.lower():
            text = "{" + text + "}"
        parts.append(text)
    return " and ".join(parts)


def _verbatim(text: str | None) -> str:
    """DOIs, ids and URLs: kept as they are, minus what could break the entry."""
    return re.sub(r"[\s{}\\\"%]", "", one_line(text))


def fields(paper: Paper) -> list[tuple[str, str]]:
    """(name, BibTeX value without the outer braces) in the order they are written."""
    out = [("title", protect_capitals(paper.title))]
    if paper.authors:
        out.append(("author", _names(paper.authors)))
    if paper.year.isdigit():
        out.append(("year", paper.year))
    if paper.journal_ref:
        out.append(("journal", escape(paper.journal_ref)))
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
    kind = "article" if paper.journal_ref else "misc"
    if paper.kind == "book":
        kind = "book"
    elif paper.is_local and paper.url:
        kind = "online"   # not on arXiv, found at its link
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields(paper))
    return f"@{kind}{{{key},\n{body}\n}}\n"


def render(papers: Sequence[Paper], keys: dict[str, str]) -> str:
    """A .bib file: the papers in the order given, keys from `citation_keys`."""
    return "\n".join(entry(p, keys[p.id]) for p in papers)
