"""arXiv identifiers: every form people paste, reduced to one canonical id.

New style `YYMM.NNNN` (2007-2014) / `YYMM.NNNNN` (2015-), old style `archive[.SC]/YYMMNNN`, each
with an optional `vN`; inside abs/pdf URLs (arxiv.org, export.arxiv.org, www.), behind `arXiv:`,
or as the DataCite DOI `10.48550/arXiv.ID`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.errors import UsageError
from reader.item_ids import is_item_id

# Archives that used the old `archive/YYMMNNN` scheme (arXiv's list; `solv-int` has a `v`).
OLD_ARCHIVES = frozenset(
    "acc-phys adap-org alg-geom ao-sci astro-ph atom-ph bayes-an chao-dyn chem-ph cmp-lg "
    "comp-gas cond-mat cs dg-ga funct-an gr-qc hep-ex hep-lat hep-ph hep-th math math-ph "
    "mtrl-th nlin nucl-ex nucl-th patt-sol physics plasm-ph q-alg q-bio quant-ph solv-int "
    "supr-con".split()
)

ACCEPTED_FORMS = (
    "1211.3711, 1211.3711v2, arXiv:1211.3711, hep-th/9711200, "
    "https://arxiv.org/abs/1211.3711 (or /pdf/), 10.48550/arXiv.1211.3711"
)

_NEW = re.compile(r"(?P<yymm>\d{4})\.(?P<num>\d{4,5})(?:v(?P<v>\d+))?")
_OLD = re.compile(
    r"(?P<archive>[a-z]+(?:-[a-z]+)?)(?:\.(?P<sc>[A-Za-z]{2}))?/(?P<yymm>\d{4})(?P<num>\d{3})"
    r"(?:v(?P<v>\d+))?"
)
_URL = re.compile(
    r"(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf|html|format)/(?P<rest>.+)", re.I
)
_DOI = re.compile(r"(?:https?://(?:dx\.)?doi\.org/|doi:)?10\.48550/arxiv\.(?P<rest>.+)", re.I)
_PREFIX = re.compile(r"arxiv:\s*", re.I)


@dataclass(frozen=True, order=True)
class ArxivId:
    id: str                     # without version: "1211.3711", "hep-th/9711200"
    version: int | None = None  # None when the input named no version

    def __str__(self) -> str:
        return self.id if self.version is None else f"{self.id}v{self.version}"


def parse(text: str) -> ArxivId:
    """Parse any accepted form; raise UsageError naming the input and the accepted forms."""
    found = _parse(text)
    if found is None:
        shown = text.strip()
        shown = shown if len(shown) <= 80 else shown[:77] + "..."
        raise UsageError(f"not an arXiv id: {shown!r}; use a form like {ACCEPTED_FORMS}")
    return found


# A paper not on arXiv: `local:` and the first 12 hex digits of its file's SHA-256 (localpdf).
LOCAL = re.compile(r"local:[0-9a-f]{12}")


def library_key(text: str) -> str:
    """The library key for an id a user typed or a file holds: any accepted arXiv form gives
    the canonical id without version, `local:` + 12 hex digits is a local paper, a short word
    like `nyu-dl-5l` an item that is not a paper (reader.item_ids: never an arXiv form). Anything
    else is refused (UsageError), so that no two spellings ever name one paper or one PDF file."""
    s = text.strip() if isinstance(text, str) else ""
    if is_item_id(s):
        return s
    if s[:6].lower() == "local:":
        key = "local:" + s[6:].lower()
        if not LOCAL.fullmatch(key):
            shown = s if len(s) <= 80 else s[:77] + "..."
            raise UsageError(f"not a local paper's key: {shown!r}; a local key is 'local:' and "
                             "12 hex digits, as 'paperdeck list' shows it")
        return key
    return parse(text).id


def is_library_key(key: str) -> bool:
    """Whether `key` is a library key exactly as stored (canonical: no version, no prefix)."""
    if not isinstance(key, str):
        return False
    if key.startswith("local:"):
        return LOCAL.fullmatch(key) is not None
    if is_item_id(key):
        return True
    found = _parse(key)
    return found is not None and found.version is None and found.id == key


def is_arxiv_id(text: str) -> bool:
    return _parse(text) is not None


def _parse(text: str) -> ArxivId | None:
    if not isinstance(text, str):
        return None
    s = text.strip()
    m = _URL.fullmatch(s)
    if m:
        s = m["rest"].split("?", 1)[0].split("#", 1)[0].rstrip("/")
        if s.lower().endswith(".pdf"):
            s = s[:-4]
    else:
        m = _DOI.fullmatch(s)
        if m:
            s = m["rest"]
        else:
            s = _PREFIX.sub("", s, count=1) if _PREFIX.match(s) else s
    m = _NEW.fullmatch(s)
    if m and m["v"] is not None and not _version_ok(m["v"]):
        return None
    if m:
        if not _valid_yymm(m["yymm"]):
            return None
        return ArxivId(f"{m['yymm']}.{m['num']}", _version(m["v"]))
    m = _OLD.fullmatch(s)
    if m and m["v"] is not None and not _version_ok(m["v"]):
        return None
    if m:
        archive = m["archive"].lower()
        if archive not in OLD_ARCHIVES or not _valid_yymm(m["yymm"], old=True):
            return None
        # The subject class (math.GT) is not part of the identifier.
        return ArxivId(f"{archive}/{m['yymm']}{m['num']}", _version(m["v"]))
    return None


def _valid_yymm(yymm: str, old: bool = False) -> bool:
    yy, mm = int(yymm[:2]), int(yymm[2:])
    if not 1 <= mm <= 12:
        return False
    if old:  # old-style ids ran from 9108 to 0703
        return yy >= 91 or yy <= 7
    return yymm >= "0704"


def _version(v: str | None) -> int | None:
    return None if v is None else int(v)


MAX_VERSION_DIGITS = 6   # v1 to v999999: arXiv's papers reach v30 or so


def _version_ok(v: str) -> bool:
    """A version number a paper can have: from 1, and small enough to store (v0 and
    v99999999999999999999999 are no versions: the id is not one)."""
    digits = v.lstrip("0")
    return 0 < len(digits) <= MAX_VERSION_DIGITS


# -- finding ids in running text -------------------------------------------------------------
#
# `parse` reads one whole id a user typed; `scan` finds every id inside text (a Markdown list,
# BibTeX, HTML, a paper's references). An id is only taken whole: not glued to letters or
# digits around it, so trailing punctuation, brackets and Markdown syntax are never part of it
# (`(1211.3711).` or `**1211.3711**` give 1211.3711) and neither is a piece of a longer number.
# URLs, `arXiv:` prefixes and DOIs need no pattern of their own: the id inside them is bounded
# by `/`, `:` or `arXiv.`.

# Plain patterns, the boundaries checked in Python: a regex with look-behinds (or with the
# archive names as alternatives) tried at every position took 150 ms per MB; these take 15.
_NEW_SCAN = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?|/\d{7}(?:v\d+)?")
_ARCHIVE_BEFORE = re.compile(r"(?:^|[^0-9A-Za-z-])([a-z]+(?:-[a-z]+)?)(?:\.[A-Za-z]{2})?\Z")


def _alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _free_before(text: str, start: int) -> bool:
    """Not after a letter, digit or dot, but after `arXiv.` (the DOI 10.48550/arXiv.ID)."""
    if start == 0:
        return True
    c = text[start - 1]
    return not (_alnum(c) or c == ".") or text[max(0, start - 6):start].lower() == "arxiv."


def _free_after(text: str, end: int) -> bool:
    """Not before a letter, a digit, or a dot and a digit (`.pdf` and a full stop are fine)."""
    if end >= len(text):
        return True
    c = text[end]
    return not (_alnum(c) or (c == "." and end + 1 < len(text) and text[end + 1].isdigit()))


def scan(text: str) -> list[tuple[ArxivId, int, int]]:
    """Every arXiv id in `text` as (id, start, end), in order, repeats included."""
    found = []
    for m in _NEW_SCAN.finditer(text):
        start, end = m.span()
        word = m[0]
        if word[0] == "/":  # old style: the archive (and subject class) is before the slash
            before = _ARCHIVE_BEFORE.search(text, max(0, start - 24), start)
            if before is None or before[1] not in OLD_ARCHIVES or not _free_after(text, end):
                continue
            number, _, v = word[1:].partition("v")
            if not _valid_yymm(number[:4], old=True) or (v and not _version_ok(v)):
                continue
            found.append((ArxivId(f"{before[1]}/{number}", _version(v or None)),
                          before.start(1), end))
            continue
        if not (_free_before(text, start) and _free_after(text, end)):
            continue
        number, _, v = word.partition("v")
        if not _valid_yymm(number[:4]) or (v and not _version_ok(v)):
            continue
        found.append((ArxivId(number, _version(v or None)), start, end))
    return found


# Words that look like a try at an id but are none: one digit short or long after the dot
# (1211.371, 1211.371111), the dot left out (12113711), or anything after `arXiv:` or an
# arxiv.org abs/pdf path that is not an id. Their month must be a real one, so a price or a
# date (2019.5, 20230101) is not taken for a broken id.
_BROKEN_NUMBER = re.compile(r"\d{4}(?:\.\d+(?:v\d+)?|\d{4,5})")
_MARKER = re.compile(r"[Aa][Rr][Xx][Ii][Vv](?::[ \t]*|\.[Oo][Rr][Gg]/(?:abs|pdf|html)/)")
_MARKED_REST = re.compile(r"[^\s<>()\[\]{}\"'`|,;]*")
_ID_AHEAD = re.compile(r"\d{4}\.\d{4,5}(?:v\d+)?|[a-z]+(?:-[a-z]+)?(?:\.[A-Za-z]{2})?/\d{7}(?:v\d+)?")
_URL_START = re.compile(r"(?:https?://)?(?:www\.|export\.)?\Z", re.I)
_TRAILING = ".,;:!?*_~>)]}\"'`"


def broken_ids(text: str) -> list[tuple[str, int, int]]:
    """Words in `text` that look like a broken arXiv id, as (word, start, end), in order: for
    each, `parse(word)` gives the message a user sees for it."""
    found = []
    for m in _BROKEN_NUMBER.finditer(text):
        start, end = m.span()
        word = m[0]
        dotted = "." in word
        if dotted and len(word.partition("v")[0]) not in (8, 11):
            continue  # a well-formed id (scan's), or no try at one: only 1211.371 / 1211.371111
        if not (_free_before(text, start) and _free_after(text, end)):
            continue
        yymm = word[:4]
        if not 1 <= int(yymm[2:]) <= 12 or (not dotted and not _valid_yymm(yymm)):
            continue
        if _in_other_url(text, start):
            continue  # a number in a link elsewhere (a page id, a commit) is not a try at an id
        found.append((word, start, end))
    for m in _MARKER.finditer(text):
        ahead = _ID_AHEAD.match(text, m.end())
        if ahead is not None and _parse(ahead[0]) is not None and _free_after(text, ahead.end()):
            continue  # arXiv:1211.3711 or arxiv.org/abs/1211.3711: an id, no try at one
        start = m.start()
        lead = _URL_START.search(text, max(0, start - 12), start)
        start = lead.start() if lead else start
        word = text[start:_MARKED_REST.match(text, m.end()).end()].rstrip(_TRAILING)
        if word.lower().rstrip(": \t") == "arxiv" or scan(word):
            continue
        found.append((word, start, start + len(word)))
    found.sort(key=lambda f: f[1])
    return found


def _in_other_url(text: str, at: int) -> bool:
    """Whether position `at` lies in a URL (the word around it holds `://`) not on arxiv.org."""
    start = at
    while start > 0 and not text[start - 1].isspace() and at - start < 2000:
        start -= 1
    head = text[start:at]
    return "://" in head and "arxiv.org" not in head.lower()
