"""PDF text cleaned for reading: ligatures and accents recombined, hyphens joined, invisible and
control characters dropped, and lines reflowed into paragraphs."""

from __future__ import annotations

import re
import unicodedata

from reader.text.textsafe import clean as _clean_controls




# -- cleaning -------------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]")
_LIGATURES = {c: unicodedata.normalize("NFKC", c) for c in "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"}
_LIG_RE = re.compile("[\ufb00-\ufb06]")
# Spacing accents as TeX fonts give them (before the letter they belong to) -> combining marks.
_SPACING = {
    "\u00b4": "\u0301", "\u02ca": "\u0301", "\u02c7": "\u030c", "\u00a8": "\u0308",
    "\u02dc": "\u0303", "\u02c6": "\u0302", "\u00b8": "\u0327", "\u02d8": "\u0306",
    "\u02d9": "\u0307", "\u02da": "\u030a", "\u02dd": "\u030b", "\u00af": "\u0304",
    "\u02db": "\u0328", "\u02cb": "\u0300",
}
_ASCII_ACCENTS = {"`": "\u0300", "^": "\u0302"}
_ACCENT_RE = re.compile("([" + "".join(_SPACING) + "])([A-Za-z\u0131])")
_ASCII_ACCENT_RE = re.compile(r"(?<=[A-Za-z])([`^])([A-Za-z\u0131])(?=[a-z])")
_HYPHEN_RE = re.compile(r"([A-Za-z]*[a-z])[-\u00ad]\n([a-z][^\s]*)(?:[ \t]+|[ \t]*\n|$)")
_KEEP_HYPHEN = {"self", "non", "well", "half", "cross", "one", "two", "three", "first",
                "second", "third", "low", "high", "state", "long", "short", "so"}


def _compose(accent: str, letter: str) -> str | None:
    base = "i" if letter == "\u0131" else letter
    composed = unicodedata.normalize("NFC", base + accent)
    return composed if len(composed) == 1 else None


def _recombine(text: str) -> str:
    def spacing(m: re.Match) -> str:
        return _compose(_SPACING[m.group(1)], m.group(2)) or m.group(0)

    def ascii_(m: re.Match) -> str:
        return _compose(_ASCII_ACCENTS[m.group(1)], m.group(2)) or m.group(0)

    text = _ACCENT_RE.sub(spacing, text)
    return _ASCII_ACCENT_RE.sub(ascii_, text)


def _join_hyphens(text: str) -> str:
    def join(m: re.Match) -> str:
        head, tail = m.group(1), m.group(2)
        word = re.match(r"[A-Za-z]+", tail)
        tail_word = word.group(0) if word else tail
        hyphenated = f"{head}-{tail_word}"
        if head.lower() in _KEEP_HYPHEN or (hyphenated in text and f"{head}{tail_word}" not in text):
            return f"{head}-{tail}\n"
        return f"{head}{tail}\n"

    return _HYPHEN_RE.sub(join, text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _whole_characters(text: str) -> str:
    """pypdf decodes a font's ToUnicode map with "surrogatepass", so a broken map gives lone
    UTF-16 surrogates, which cannot be encoded as UTF-8 (the database's encoding). A high and
    low surrogate side by side become the character they encode; a lone one becomes U+FFFD."""
    if not _SURROGATE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def clean_text(text: str) -> str:
    """PDF text made fit for a terminal and for search: lone surrogates replaced, control and
    invisible formatting characters removed, ligatures expanded, TeX's split accents recombined (`Teˇsanovi´c` ->
    `Tešanović`) where the result is one letter, and words hyphenated at line ends joined."""
    text = _whole_characters(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _INVISIBLE.sub("", _clean_controls(text))
    text = _LIG_RE.sub(lambda m: _LIGATURES[m.group(0)], text)
    text = _recombine(text)
    text = _join_hyphens(text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


# -- reflow: PDF lines back into paragraphs, for display ------------------------------------

_HEADING_RE = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+[A-Z]|[IVXLC]+\.\s+[A-Z]|[A-Z]\.\s+[A-Z]|Appendix\b"
                         r"|Abstract\b|References\b|Acknowledg|FIG\.|Fig\.|Figure\s+\d|Table\s+\d|TABLE\s)")
_BULLET_RE = re.compile(r"^[•◦▪‣∙*–—-]\s")
_NUMBERED_RE = re.compile(r"^(?:\(?[a-z0-9ivx]{1,4}\)|\[\d+\]|\d{1,2}\.)\s")
_SENTENCE_END_RE = re.compile(r"[.!?:;][\"'”’)\]]*$")
_EQUATION_NUMBER_RE = re.compile(r"\(\d+[a-z]?\)$")
_WINDOW = 4  # lines each side that set what "long" means around a line (columns differ)


def reflow(text: str) -> str:
    """Join the lines of each paragraph of PDF text into one line, so that a display can wrap
    it to its own width. A line ends its paragraph when it is blank, clearly shorter than the
    lines around it (the typical length of that part of the page: a one-column abstract and
    two-column body differ), or ends a sentence before a line that starts a heading or a list
    item; lines that look like equations keep their own line. Only newlines become spaces:
    every other character keeps its offset, so search matches found in `text` stay valid."""
    lines = text.split("\n")
    lengths = [len(line.strip()) for line in lines]
    prose = sorted(n for n in lengths if n)
    if len(prose) < 3 or prose[(len(prose) * 4) // 5] < 30:
        return text  # a table, a figure, a list of short items: leave it as it is
    page_typical = prose[(len(prose) * 4) // 5]

    def typical_near(i: int) -> float:
        near = sorted(lengths[j] for j in range(max(0, i - _WINDOW), min(len(lines), i + _WINDOW + 1))
                      if j != i and lengths[j])
        local = near[len(near) // 2] if near else page_typical
        return max(local, page_typical * 0.6)

    def is_short(i: int) -> bool:
        return lengths[i] < 0.75 * typical_near(i)

    def equation_like(i: int) -> bool:
        s = lines[i].strip()
        if _EQUATION_NUMBER_RE.search(s):
            return True
        letters = sum(c.isalpha() for c in s)
        return lengths[i] < 0.75 * page_typical and (letters < len(s) / 2 or " = " in s)

    def heading(s: str) -> bool:
        return bool(_HEADING_RE.match(s)) or (s.isupper() and len(s) > 3)

    def ends_paragraph(i: int) -> bool:
        line, following = lines[i].strip(), lines[i + 1].strip()
        if not line or not following:
            return True
        if is_short(i) or equation_like(i) or equation_like(i + 1) or _BULLET_RE.match(following):
            return True
        if _SENTENCE_END_RE.search(line):
            # A sentence ends here: a paragraph too if the line stops short of the full width
            # (justified lines run to it) or a heading or numbered item follows.
            return (lengths[i] < 0.9 * typical_near(i) or heading(following)
                    or bool(_NUMBERED_RE.match(following)))
        return False

    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if i + 1 < len(lines):
            out.append("\n" if ends_paragraph(i) else " ")
    return "".join(out)
