"""arXiv identifiers: every form people paste, reduced to one canonical id.

New style `YYMM.NNNN` (2007-2014) / `YYMM.NNNNN` (2015-), old style `archive[.SC]/YYMMNNN`, each
with an optional `vN`; inside abs/pdf URLs (arxiv.org, export.arxiv.org, www.), behind `arXiv:`,
or as the DataCite DOI `10.48550/arXiv.ID`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import UsageError
from .item_ids import is_item_id

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
    if m and m["v"] is not None and int(m["v"]) == 0:
        return None
    if m:
        if not _valid_yymm(m["yymm"]):
            return None
        return ArxivId(f"{m['yymm']}.{m['num']}", _version(m["v"]))
    m = _OLD.fullmatch(s)
    if m and m["v"] is not None and int(m["v"]) == 0:
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
