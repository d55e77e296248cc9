"""A paragraph's sentences, from its inline runs (reader.text.document) or from plain text.

A sentence ends at `.`, `?` or `!` (with any closing quote or bracket after it) followed by
space and the start of a new sentence (a capital, a digit, an opening quote or bracket, or a
formula). It does not end after an abbreviation a paper uses mid-sentence ("et al.", "e.g.",
"i.e.", "Fig.", "Eq.", "Sec.", "cf.", "vs.", an initial such as "R. P. Thompson"), nor inside a
formula, a citation or a cross-reference: those runs are never cut, so a sentence keeps its math
whole, with its TeX.

`key()` is the form a quote is anchored by: the sentence's text with math as TeX, without case,
accents' composition differences or runs of spaces, so it is found again after a re-parse or in
a newer version of the paper where the sentence is unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from reader.text.document import Emph, Math, Run, Runs, Text, runs_text

# Lower-cased words that end with a period without ending the sentence.
ABBREVIATIONS = frozenset("""
al e.g i.e cf vs viz fig figs eq eqs eqn eqns sec secs sect tab tabs thm lem prop def
ref refs ch chap app apx alg no nos resp approx ca dr mr mrs ms prof st jr sr vol pp p ed eds
et e i
""".split())

# A sentence end: the mark, closers, then space. What follows must start a sentence.
_END = re.compile(r"[.?!][\"'”’)\]]*(?=\s)")
_STARTS = re.compile(r"\s+[\"'“‘(\[]?[A-Z0-9\u0391-\u03a9]")


@dataclass(frozen=True)
class Sentence:
    runs: Runs

    def text(self, tex: bool = False) -> str:
        return runs_text(self.runs, tex).strip()

    @property
    def key(self) -> str:
        return key(self.text(tex=True))


def key(text: str) -> str:
    """The anchoring form of a sentence's text (math as TeX): NFKC, no case, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _abbreviation(before: str) -> bool:
    """Whether the word ending at the period is one that does not end a sentence."""
    word = re.search(r"([A-Za-z.]+)\.?$", before.rstrip(".\"'”’)]"))
    if word is None:
        return False
    w = word.group(1).rstrip(".").lower()
    if w in ABBREVIATIONS:
        return True
    return len(w) == 1 and before.rstrip()[-1:] == "." and w.isalpha() and \
        word.group(1)[:1].isupper()  # an initial: "R. P. Thompson"


def _cuts(text: str, next_run: Run | None) -> list[int]:
    """Offsets in a Text/Emph run's text after which a sentence ends."""
    cuts = []
    for m in _END.finditer(text):
        end = m.end()
        rest = text[end:]
        if rest.strip():
            if not _STARTS.match(rest):
                continue
        elif next_run is None or not rest:
            continue  # the run ends here: the next run decides (see split)
        elif not _begins_sentence(next_run):
            continue
        if text[m.start()] == "." and _abbreviation(text[: m.start() + 1]):
            continue
        cuts.append(end)
    return cuts


def _begins_sentence(run: Run) -> bool:
    if isinstance(run, Math):
        return True
    if isinstance(run, (Text, Emph)):
        t = run.text.lstrip()
        return bool(t) and (t[0].isupper() or t[0].isdigit() or t[0] in "\"'“‘([")
    return False


def split(runs: Runs) -> list[Sentence]:
    """The sentences of a paragraph's runs, in order; every run is in exactly one sentence
    (a Text run may be cut in two; math, citations and references never are)."""
    sentences: list[list[Run]] = []
    current: list[Run] = []
    for i, run in enumerate(runs):
        if not isinstance(run, (Text, Emph)):
            current.append(run)
            continue
        following = runs[i + 1] if i + 1 < len(runs) else None
        text, start = run.text, 0
        cuts = _cuts(text, following)
        # a mark ending the run, with the next run starting a sentence ("... $x$. We")
        tail = text.rstrip()
        if following is not None and tail and tail[-1] in ".?!" and _begins_sentence(following) \
                and not (tail[-1] == "." and _abbreviation(tail)) and len(tail) not in cuts:
            cuts.append(len(text))
        for cut in sorted(set(cuts)):
            piece = text[start:cut]
            if piece:
                current.append(type(run)(piece))
            if current:
                sentences.append(current)
            current = []
            start = cut
        if text[start:]:
            current.append(type(run)(text[start:]))
    if current:
        sentences.append(current)
    return [Sentence(_strip(tuple(s))) for s in sentences if runs_text(tuple(s)).strip()]


def _strip(runs: Runs) -> Runs:
    """Leading and trailing spaces off the sentence's first and last text runs."""
    out = list(runs)
    if out and isinstance(out[0], (Text, Emph)):
        out[0] = type(out[0])(out[0].text.lstrip())
    if out and isinstance(out[-1], (Text, Emph)):
        out[-1] = type(out[-1])(out[-1].text.rstrip())
    return tuple(r for r in out if not (isinstance(r, (Text, Emph)) and not r.text))


def split_text(text: str) -> list[str]:
    """The sentences of plain text (a PDF page's paragraph)."""
    return [s.text() for s in split((Text(" ".join(text.split())),))]
