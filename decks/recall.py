"""Recall from memory: what the user typed before the answer was shown, compared word by word
with the answer, so the reveal can mark the answer's words they did not write.

Words are compared without case, accents or a plural `s`; short function words
("the", "of", "a") are never marked as missed and do not count, so the measure is of the words
that carry the content."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Word", "Recall", "compare", "STOPWORDS"]

_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)

STOPWORDS = frozenset("""
a an the and or but of to in on at by for with from as is are was were be been it its this that
these those which who whom what how why into onto than then so such not no do does did can
could will would may might should must has have had i you he she we they their our your his her
""".split())


def _key(word: str) -> str:
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(c for c in w if not unicodedata.combining(c)).replace("’", "'")
    if len(w) > 3 and w.endswith("es") and w[-3] in "sxz":
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


@dataclass(frozen=True)
class Word:
    """One word of the answer: where it is, and whether it counts and was written."""

    start: int
    end: int
    counts: bool   # a content word (not a stop word)
    written: bool  # the typed text has it


@dataclass(frozen=True)
class Recall:
    """The answer's words against the typed text."""

    words: tuple[Word, ...]

    @property
    def content(self) -> int:
        return sum(w.counts for w in self.words)

    @property
    def recalled(self) -> int:
        return sum(w.counts and w.written for w in self.words)

    @property
    def missed(self) -> tuple[Word, ...]:
        return tuple(w for w in self.words if w.counts and not w.written)

    @property
    def share(self) -> float | None:
        """Content words written, as a share of the answer's (None: it has none)."""
        return self.recalled / self.content if self.content else None


def compare(typed: str, answer: str) -> Recall:
    """Each word of `answer`, marked written when `typed` holds it (anywhere, any case)."""
    have = {_key(m.group()) for m in _WORD.finditer(typed)}
    words = []
    for m in _WORD.finditer(answer):
        key = _key(m.group())
        words.append(Word(m.start(), m.end(), key not in STOPWORDS, key in have))
    return Recall(tuple(words))
