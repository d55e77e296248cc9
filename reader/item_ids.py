"""Ids of study items that are not papers: short words a user can type (`nyu-dl-5l`).

An item id is lower-case ASCII letters and digits in words joined by `-`, starting with a letter,
at most 32 characters. It can never be an arXiv id (those hold a `.` or a `/`) nor a `local:`
key (a `:`), so one text never names two things. It is made from the title's first significant
words; a clash gets `-2`, `-3`, ...
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

ITEM_ID = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
MAX_LEN = 32
SLUG_LEN = 20            # an id made from a title stays this short (before a -N suffix)
_SKIP = frozenset("a an the of for and or to in on with by from at as is its".split())


def is_item_id(text: str) -> bool:
    return isinstance(text, str) and len(text) <= MAX_LEN and ITEM_ID.fullmatch(text) is not None


def _words(title: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return [w for w in re.findall(r"[a-z0-9]+", folded) if w not in _SKIP]


def slug(title: str, kind: str) -> str:
    """`NYU DL 5L: Energy-based models` -> `nyu-dl-5l`: up to three words, within SLUG_LEN;
    the kind's name in front when the title starts with a digit or has no usable word."""
    words = _words(title)
    if not words or not words[0][0].isalpha():
        words = [kind, *words]
    out = words[0][:SLUG_LEN]
    for w in words[1:3]:
        if len(out) + 1 + len(w) > SLUG_LEN:
            break
        out += "-" + w
    return out


def new_id(title: str, kind: str, taken: Callable[[str], bool]) -> str:
    """A free id for a new item: its slug, else the slug with the first free `-N`."""
    base = slug(title, kind)
    if not taken(base):
        return base
    n = 2
    while taken(f"{base}-{n}"):
        n += 1
    return f"{base}-{n}"
