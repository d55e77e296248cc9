"""Search snippets made over a window of the text, so their cost does not grow with the text.

FTS5's `snippet()` scores every window of a row against every hit in it: on a page that repeats
the word, its time grew with the square of the page (a 400 KB page: 93 s; fifty 1 MB pages
ran past 300 s). `find` ranks rows with bm25 first, and for the few it shows, a snippet is cut
here around the first place the query matches: `tokens` words from a few before it, the words
that match between the marks, an ellipsis where the text goes on. The words are told apart as
FTS5's unicode61 tokenizer does (letters and digits; case and, in the fallback, diacritics
folded), so the marks fall on the words FTS5 matched.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WORD = re.compile(r"[^\W_]+")
_QUOTED = re.compile(r'"((?:[^"]|"")*)"(\*?)')
_SEP = r"[\W_]+"
LEAD = 4            # words shown before the first match
MAX_CHARS = 2000    # of text looked at either side of it (a "word" may be very long)


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]      # folded, in order (a phrase has several)
    prefix: bool                # the last word is a prefix (`quant*`)


def _base_letters() -> dict[int, str]:
    """Accented Latin letters -> their base letter, one character for one (positions stay)."""
    table = {}
    for code in range(0xC0, 0x250):
        bare = "".join(c for c in unicodedata.normalize("NFKD", chr(code))
                       if not unicodedata.combining(c))
        if len(bare) == 1 and bare != chr(code):
            table[code] = bare
    return table


_BASE = _base_letters()


def fold(text: str) -> str:
    """Case and diacritics folded (FTS5's `remove_diacritics 2`, near enough to place marks)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def terms(fts_query: str) -> list[Term]:
    """The terms of a query made by `reader.text.find.fts_query` (quoted words and phrases)."""
    found = []
    for raw, star in _QUOTED.findall(fts_query):
        words = tuple(fold(w) for w in _WORD.findall(raw.replace('""', '"')))
        if words:
            found.append(Term(words, bool(star)))
    return found


def _pattern(found: list[Term]) -> re.Pattern[str]:
    parts = []
    for t in found:
        body = _SEP.join(re.escape(w) for w in t.words)
        parts.append(body + ("" if t.prefix else r"(?![^\W_])"))
    return re.compile(r"(?<![^\W_])(?:" + "|".join(parts) + ")", re.IGNORECASE)


def _matches(word: str, want: str, prefix: bool) -> bool:
    return word.startswith(want) if prefix else word == want


def make(text: str, found: list[Term], tokens: int, start_mark: str, end_mark: str,
         ellipsis: str) -> str | None:
    """A snippet of `text` around its first match of `found`, or None if it holds none."""
    if not text or not found:
        return None
    pattern = _pattern(found)
    hit = pattern.search(text)
    if hit is None:
        # A match FTS5 made by folding the text's diacritics (`naïve` for `naive`): look again
        # with each accented letter as its base letter, in a copy of the same length.
        hit = pattern.search(text.translate(_BASE))
        if hit is None:
            return None
    at = hit.start()
    before = list(_WORD.finditer(text, max(0, at - MAX_CHARS), at))
    start = before[-LEAD].start() if len(before) >= LEAD else 0 if at <= MAX_CHARS else \
        before[0].start() if before else at
    words = []
    for m in _WORD.finditer(text, start, min(len(text), at + MAX_CHARS)):
        words.append(m)
        if len(words) >= tokens:
            break
    end = words[-1].end() if words else hit.end()
    if len(text) - end <= MAX_CHARS and _WORD.search(text, end) is None:
        end = len(text)               # only spaces and punctuation follow: show them
    folded = [fold(m.group()) for m in words]
    marks: list[tuple[int, int]] = []
    for t in found:
        n = len(t.words)
        for i in range(len(words) - n + 1):
            if all(_matches(folded[i + j], t.words[j], t.prefix and j == n - 1)
                   for j in range(n)):
                marks.append((words[i].start(), words[i + n - 1].end()))
    out, pos = [], start
    for s, e in sorted(marks):
        if s < pos:
            continue          # inside a mark already placed
        out += [text[pos:s], start_mark, text[s:e], end_mark]
        pos = e
    out.append(text[pos:end])
    return (ellipsis if start > 0 else "") + "".join(out) + (ellipsis if end < len(text) else "")
