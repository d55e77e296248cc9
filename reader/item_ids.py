"""Ids of study items that are not papers: short words a user can type (`nyu-dl-5l`).

An item id is lower-case ASCII letters and digits in words joined by `-`, starting with a letter,
at most 32 characters. It can never be an arXiv id (those hold a `.` or a `/`) nor a `local:`
key (a `:`), so one text never names two things. The rule, so that an id reads back:
- made from the title's first significant words (`NYU DL 5L: Energy-based models` ->
  `nyu-dl-5l`);
- a book section ends in its section number: the book's words, then the number
  (`Mathematics for Machine Learning — 2. Linear Algebra` -> `mathematics-machine-2`, `… —
  4.1 …` -> `…-4-1`); a part of a book named by `--part-of BOOK` is `BOOK-N` (its part number);
- a clash gets `-2`, `-3`, ... — but an id that ends in a number (a section, a part) gets a
  letter instead (`mathematics-machine-2b`), so a number at the end is never a clash's count.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

ITEM_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
MAX_LEN = 32
SLUG_LEN = 20            # an id's words stay this short (before a section number or a clash)
_SKIP = frozenset("a an the of for and or to in on with by from at as is its".split())
# A section number after the book's title: "— 2. Linear Algebra", "– 10 Sequences",
# ", Chapter 4: …", " - Section 10.2 …", ": 3. …". After a colon or a comma a bare number
# ("Attention: 10 years later") is not one: it needs a dot after it, a dotted form or a word
# such as Chapter before it.
_SECTION = re.compile(
    r"(?P<book>.*?\w.*?)(?:\s+(?P<dash>[—–-])|\s*[:,])\s*"
    r"(?P<word>(?:chapter|ch\.|section|sec\.|part|§)\s*)?"
    r"(?P<num>\d{1,3}(?:\.\d{1,3}){0,2})(?P<end>[.:)]|\s|$)", re.I)


def is_item_id(text: str) -> bool:
    return isinstance(text, str) and len(text) <= MAX_LEN and ITEM_ID.fullmatch(text) is not None


def _words(title: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return [w for w in re.findall(r"[a-z0-9]+", folded) if w not in _SKIP]


def section_of(title: str) -> tuple[str, str] | None:
    """`Mathematics for Machine Learning — 2. Linear Algebra` -> (`Mathematics for Machine
    Learning`, `2`): a book section's title split into the book and its section number; None
    for a title that names no section number."""
    m = _SECTION.match(title.strip())
    if m is None:
        return None
    if not (m["dash"] or m["word"] or "." in m["num"] or m["end"] in (".", ":", ")")):
        return None
    return m["book"].strip(), m["num"]


def slug(title: str, kind: str) -> str:
    """`NYU DL 5L: Energy-based models` -> `nyu-dl-5l`: up to three words, within SLUG_LEN;
    the kind's name in front when the title starts with a digit or has no usable word. A book
    section's slug is its book's, then its section number (`…-2`, `…-4-1`)."""
    section = section_of(title) if kind == "book" else None
    if section is not None:
        book, number = section
        base = _slug_words(_words(book), kind)
        return f"{base}-{number.replace('.', '-')}"
    return _slug_words(_words(title), kind)


def _slug_words(words: list[str], kind: str) -> str:
    if not words or not words[0][0].isalpha():
        words = [kind, *words]
    out = words[0][:SLUG_LEN]
    for w in words[1:3]:
        if len(out) + 1 + len(w) > SLUG_LEN:
            break
        out += "-" + w
    return out


def new_id(title: str, kind: str, taken: Callable[[str], bool], base: str | None = None) -> str:
    """A free id for a new item: `base` (default its slug), else with the first free clash
    suffix: `-2`, `-3`, ..., or `b`, `c`, ... when it ends in a number (see the module)."""
    base = base or slug(title, kind)
    if not taken(base):
        return base
    if base[-1].isdigit():
        for letter in "bcdefghijklmnopqrstuvwxyz":
            if not taken(base + letter):
                return base + letter
    n = 2
    while taken(f"{base}-{n}"):
        n += 1
    return f"{base}-{n}"


def part_id(parent_id: str, number: int) -> str | None:
    """A part's own id, `PARENT-N`, when that is short enough to be one."""
    key = f"{parent_id}-{number}"
    return key if is_item_id(key) else None
