"""Plain text made safe for a BibTeX field: LaTeX specials escaped, accents as `{\\'e}`.

Text from a paper is treated as plain text, never as markup: a `$` in a title is a dollar sign,
not the start of math. Characters without an ASCII LaTeX spelling (Greek, CJK, symbols) are kept
as UTF-8, which biber, bibtexu and BibTeX with inputenc read.
"""

from __future__ import annotations

import re
import unicodedata

from ..textsafe import one_line

# Characters LaTeX treats specially. Braces become commands rather than `\{`: BibTeX counts
# every brace when it matches a field's delimiters, escaped or not.
SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "_": r"\_",
    "#": r"\#",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}

# Combining marks (after NFD) and their LaTeX accent commands.
ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
    "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d",
    "\u0327": "c", "\u0328": "k", "\u0331": "b",
}

# Letters that are not a base letter plus a mark.
LETTERS = {
    "ß": r"{\ss}", "ø": r"{\o}", "Ø": r"{\O}", "æ": r"{\ae}", "Æ": r"{\AE}", "œ": r"{\oe}",
    "Œ": r"{\OE}", "ł": r"{\l}", "Ł": r"{\L}", "ı": r"{\i}", "đ": r"{\dj}", "Đ": r"{\DJ}",
    "þ": r"{\th}", "Þ": r"{\TH}", "ð": r"{\dh}", "Ð": r"{\DH}",
}

# Typography arXiv metadata often carries.
PUNCTUATION = {"\u2013": "--", "\u2014": "---", "\u2018": "`", "\u2019": "'", "\u201c": "``",
               "\u201d": "''", "\u00a0": "~"}

# ASCII folding for citation keys and file names.
FOLD = {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l",
        "Ł": "L", "ı": "i", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D"}


def escape(text: str | None) -> str:
    """One line of plain text as the body of a LaTeX/BibTeX field."""
    out: list[str] = []
    for cluster in _clusters(unicodedata.normalize("NFD", one_line(text))):
        base, marks = cluster[0], cluster[1:]
        if base in SPECIALS:
            piece = SPECIALS[base]
        elif base in LETTERS:
            piece = LETTERS[base]
        elif base in PUNCTUATION:
            piece = PUNCTUATION[base]
        else:
            piece = base
        unknown = ""
        for mark in marks:
            if mark in ACCENTS:
                cmd = ACCENTS[mark]
                sep = " " if cmd.isalpha() else ""
                piece = f"{{\\{cmd}{sep}{piece}}}"
            else:
                unknown += mark
        out.append(unicodedata.normalize("NFC", piece + unknown))
    return "".join(out)


def _clusters(text: str) -> list[str]:
    """Split NFD text into a base character followed by its combining marks."""
    clusters: list[str] = []
    for ch in text:
        if clusters and unicodedata.combining(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


_WORD = re.compile(r"\S+")


def protect_capitals(title: str | None) -> str:
    """Escape a title and wrap each word holding a capital letter in braces, so that a
    bibliography style that lowercases titles keeps `{LSTM}`, `{Graves}` and `{Bayesian}`."""

    def wrap(m: re.Match[str]) -> str:
        word = m.group(0)
        return f"{{{escape(word)}}}" if any(c.isupper() for c in word) else escape(word)

    return _WORD.sub(wrap, one_line(title))


def fold_ascii(text: str) -> str:
    """`Schölkopf` -> `Scholkopf`, `Łukasz` -> `Lukasz`: letters without marks, ASCII only."""
    text = "".join(FOLD.get(c, c) for c in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and not unicodedata.combining(c))
