"""arXiv's Atom feed, read strictly: a Paper per entry, every field cleaned as it enters.

A feed that is cut off, an HTML page (a proxy's login page) or garbage raises NotAFeed saying
what arrived; read leniently they would look like a feed with no entries ("no such paper").
Character references to control characters (`&#27;`) are not XML; they are dropped before
parsing, and every text field is cleaned of the control characters XML does allow (C1, DEL).
An entry with a text over the one limit on stored text (reader.limits: a 1.2 MB title) is
refused in one line (TooLong), so nothing the feed gives is more than the YAML import restores.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone
from xml.parsers import expat

from reader import clock
from reader.errors import UsageError
from reader.ids import parse as parse_id
from reader.limits import MAX_TEXT
from reader.models import Paper
from reader.text.textsafe import clean, one_line

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"

_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_C0_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r")
_BOM = b"\xef\xbb\xbf"
_HTML = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                   rb"<(?:!doctype\s+html|html)[\s>]", re.I | re.S)
_HTML_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)
_DOCTYPE = re.compile(rb"<!doctype", re.I)
_ENDED_EARLY = {expat.errors.codes[m] for m in (
    expat.errors.XML_ERROR_NO_ELEMENTS, expat.errors.XML_ERROR_UNCLOSED_TOKEN,
    expat.errors.XML_ERROR_PARTIAL_CHAR, expat.errors.XML_ERROR_UNCLOSED_CDATA_SECTION)}
_PARAGRAPH = re.compile(r"\n\s*\n")


class TooLong(UsageError):
    """An entry holding a text longer than paperdeck stores: one line naming the entry."""


class NotAFeed(Exception):
    """What arrived instead of a feed, as a phrase ("an HTML page ..."); `cut_off` when it
    began as a feed and ended early (worth another try)."""

    def __init__(self, what: str, cut_off: bool = False):
        super().__init__(what)
        self.cut_off = cut_off


@dataclass(frozen=True)
class Feed:
    total: int                 # opensearch:totalResults (all pages)
    papers: list[Paper]


def parse(body: bytes) -> Feed:
    root = _root(body)
    papers = [p for p in (_paper(e) for e in root.iter(f"{ATOM}entry")) if p is not None]
    return Feed(_int(root.findtext(f"{OPENSEARCH}totalResults")), papers)


def _root(body: bytes) -> ET.Element:
    if not body.strip():
        raise NotAFeed("an empty answer")
    if _HTML.match(body[:4096]):
        title = _HTML_TITLE.search(body[:65536])
        shown = one_line(title[1].decode("utf-8", "replace"))[:80] if title else ""
        raise NotAFeed("an HTML page" + (f" titled {shown!r}" if shown else ""))
    if _DOCTYPE.search(body):  # arXiv declares no entities: none get expanded here
        raise NotAFeed("an XML document with a DOCTYPE")
    body = _CHAR_REF.sub(_keep_valid_ref, body).translate(None, _C0_BYTES)
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        line, column = e.position
        if e.code in _ENDED_EARLY and body.lstrip(_BOM + b" \t\r\n").startswith((b"<?xml", b"<feed")):
            raise NotAFeed(f"a feed cut off after {len(body)} bytes", cut_off=True) from None
        raise NotAFeed(f"{len(body)} bytes that are not XML (line {line}, column {column}: "
                       f"{expat.ErrorString(e.code)})") from None
    if root.tag != f"{ATOM}feed":
        raise NotAFeed(f"an XML document <{one_line(root.tag)[:60]}>")
    return root


def _keep_valid_ref(m: re.Match) -> bytes:
    """A character reference XML allows stays; `&#27;`, `&#0;`, `&#xD800;` ... are dropped."""
    code = int(m[1], 16) if m[1] else int(m[2])
    ok = (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
          or 0x10000 <= code <= 0x10FFFF)
    return m[0] if ok else b""


def _paper(entry: ET.Element) -> Paper | None:
    """The entry as a Paper; None for the API's `Error` entries and ids that are not arXiv's."""
    entry_id = one_line(entry.findtext(f"{ATOM}id"))
    if "/api/errors" in entry_id:
        return None
    try:
        aid = parse_id(entry_id.split("arxiv.org/abs/")[-1])
    except UsageError:
        return None
    primary = entry.find(f"{ARXIV}primary_category")
    categories = (one_line(c.get("term")) for c in entry.iter(f"{ATOM}category"))
    authors = (one_line(a.findtext(f"{ATOM}name")) for a in entry.iter(f"{ATOM}author"))
    return _within(aid, Paper(
        id=aid.id,
        version=aid.version,
        latest_version=aid.version,
        title=one_line(entry.findtext(f"{ATOM}title")),
        authors=tuple(a for a in authors if a),
        abstract=_abstract(entry.findtext(f"{ATOM}summary")),
        categories=tuple(c for c in categories if c),
        primary_category=(one_line(primary.get("term")) or None) if primary is not None else None,
        published=_iso(entry.findtext(f"{ATOM}published")),
        updated=_iso(entry.findtext(f"{ATOM}updated")),
        doi=one_line(entry.findtext(f"{ARXIV}doi")) or None,
        journal_ref=one_line(entry.findtext(f"{ARXIV}journal_ref")) or None,
        comment=one_line(entry.findtext(f"{ARXIV}comment")) or None,
        added="",
    ))


def _within(aid, paper: Paper) -> Paper:
    """The paper, unless one of its texts is over the limit on stored text (TooLong)."""
    texts = {"title": paper.title, "abstract": paper.abstract, "comment": paper.comment,
             "journal reference": paper.journal_ref, "DOI": paper.doi,
             "primary category": paper.primary_category}
    texts |= {"author's name": a for a in paper.authors if len(a) > MAX_TEXT}
    texts |= {"category": c for c in paper.categories if len(c) > MAX_TEXT}
    for what, text in texts.items():
        if text is not None and len(text) > MAX_TEXT:
            raise TooLong(f"arXiv's entry for {aid} has a {what} of {len(text):,} characters, "
                          f"over the {MAX_TEXT:,} a text may have in paperdeck; it was not taken")
    return paper


def _abstract(text: str | None) -> str:
    """arXiv hard-wraps abstracts: join lines, keep paragraph breaks."""
    paragraphs = _PARAGRAPH.split(clean(text).strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _iso(text: str | None) -> str | None:
    try:
        t = datetime.fromisoformat(one_line(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=timezone.utc)
    return clock.iso(t) if t.year > 1 else None


def _int(text: str | None) -> int:
    try:
        return int(one_line(text))
    except ValueError:
        return 0
