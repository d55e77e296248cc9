"""Fuzzy ranking of papers for the library filter and `paperdeck list --match`, tolerant of
typos, word order, unfinished words and accents ("transducton graves", "grav", "godel").

Each query word is matched against the library's vocabulary (words of titles, authors, tags
and ids): exactly (100), as the start of a word (85-100, longer prefixes score higher) or by
rapidfuzz's edit-distance ratio (at least 75). A paper's score is the mean over query words of
its best match; papers under `cutoff` are left out.

Pure functions over (id, title, authors, tags) tuples. `FuzzyIndex` keeps the prepared
vocabulary so a filter that re-ranks on every keystroke pays only for the matching (10,000
papers in a few milliseconds); `rank()` is the one-shot form.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

Row = tuple[str, str, Sequence[str], Sequence[str]]   # (id, title, authors, tags)

SCORE_CUTOFF = 60.0
TYPO_CUTOFF = 80.0  # "transducton"~"transduction" 96, "neural"~"natural" 77, "bethe"~"the" 75
_WORD = re.compile(r"\w+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# ASCII punctuation separates words (as \\W does); a dot inside an id does too.
_PUNCTUATION = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^`{|}~\t\r"})


def fold(text: str) -> str:
    """Lower case without accents (`Gödel` -> `godel`)."""
    text = text.lower()
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


class FuzzyIndex:
    MAX_WORDS = 300     # vocabulary words kept per query word (best first)

    def __init__(self, rows: Iterable[Row], *, eager: bool = True):
        """`eager` builds the whole inverted index at once (~60 ms for 10,000 papers): right for
        the TUI's filter, which ranks on every keystroke, where a one-letter query matches
        hundreds of words. A one-shot ranking (`rank()`) looks up only the words it matches,
        each by a scan of the text, which is cheaper for a single query."""
        self.ids: list[str] = []
        lines = []
        for pid, title, authors, tags in rows:
            self.ids.append(pid)
            line = f"{title} {' '.join(authors)} {' '.join(tags)} {pid}".replace("\n", " ")
            lines.append(line.lower() if line.isascii() else fold(line))
        # " words of paper 0 \n words of paper 1 \n ...": every word has a space on each side.
        self.text = (" " + " \n ".join(lines) + " ").translate(_PUNCTUATION)
        self._postings: dict[str, list[int]] = {}
        if eager:
            for paper, line in enumerate(self.text.split("\n")):
                for word in set(line.split()):
                    self._postings.setdefault(word, []).append(paper)
            self.vocab = sorted(self._postings)
        else:
            self.vocab = sorted(set(self.text.split()))
        self.starts = [0]
        find, at = self.text.find, self.text.find("\n")
        while at != -1:
            self.starts.append(at + 1)
            at = find("\n", at + 1)

    def __len__(self) -> int:
        return len(self.ids)

    def postings(self, word: str) -> list[int]:
        """Indexes of the papers containing `word` (from the index, or found and then kept)."""
        found = self._postings.get(word)
        if found is None:
            found = []
            needle, find, starts = f" {word} ", self.text.find, self.starts
            at = find(needle)
            while at != -1:
                paper = bisect_right(starts, at) - 1
                if not found or found[-1] != paper:
                    found.append(paper)
                at = find(needle, at + len(needle) - 1)
            self._postings[word] = found
        return found

    def _matches(self, q: str) -> list[tuple[str, float]]:
        """(vocabulary word, score) for one query word, best first."""
        from rapidfuzz import fuzz, process

        found: dict[str, float] = {}
        vocab = self.vocab
        i = bisect_left(vocab, q)
        while i < len(vocab) and vocab[i].startswith(q):
            w = vocab[i]
            found[w] = 100.0 if w == q else 85.0 + 15.0 * len(q) / len(w)
            i += 1
        if len(q) >= 3:
            for w, score, _ in process.extract(q, vocab, scorer=fuzz.ratio,
                                               score_cutoff=TYPO_CUTOFF, limit=None):
                if score > found.get(w, 0.0):
                    found[w] = score
        return sorted(found.items(), key=lambda m: -m[1])[: self.MAX_WORDS]

    def rank(self, query: str, limit: int | None = None,
             cutoff: float = SCORE_CUTOFF) -> list[tuple[str, float]]:
        """(id, score 0-100) best first; ties keep the input order. An empty query ranks none."""
        qwords = list(dict.fromkeys(fold(query).translate(_PUNCTUATION).split()))
        if not qwords or not self.ids:
            return []
        total: dict[int, float] = {}
        for q in qwords:
            best: dict[int, float] = {}
            for w, score in self._matches(q):
                for paper in self.postings(w):
                    if paper not in best:
                        best[paper] = score
            for paper, score in best.items():
                total[paper] = total.get(paper, 0.0) + score
        n = len(qwords)
        # Best score first, ties in library order. Papers are grouped by score (a query's
        # scores take few values) rather than all sorted at once: one sort of 80,000 matches
        # (a one-letter query at 100,000 papers) held the interpreter lock ~40 ms in C, and
        # the UI thread waited; these loops let it in between, and stop at `limit`.
        by_score: dict[float, list[int]] = {}
        for paper, score in total.items():
            if score / n >= cutoff:
                group = by_score.get(score)
                if group is None:
                    by_score[score] = [paper]
                else:
                    group.append(paper)
        ids, ranked = self.ids, []
        for score in sorted(by_score, reverse=True):
            papers = by_score[score]
            papers.sort()   # ints, nearly in order already: quick
            shown = round(score / n, 1)
            ranked.extend((ids[paper], shown) for paper in papers)
            if limit is not None and len(ranked) >= limit:
                return ranked[:limit]
        return ranked


def rank(rows: Iterable[Row], query: str, limit: int | None = None,
         cutoff: float = SCORE_CUTOFF) -> list[tuple[str, float]]:
    """Rank papers against `query`: (id, score 0-100), best first, those under `cutoff` left out."""
    return FuzzyIndex(rows, eager=False).rank(query, limit, cutoff)
