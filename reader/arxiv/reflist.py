"""Reading lists: every arXiv paper named in a text (Markdown, plain text, HTML or BibTeX).

`read_list(text)` finds each paper once, in the order of the text, with the title its entry
gives (for listings); it names the entries that have no arXiv id (a BibTeX entry, a list item
with a link elsewhere), so they can be reported as skipped rather than guessed; and it names
the words that look like a broken id (`1211.371`), so a typo is told, not silently dropped.
The ids themselves come from `ids.scan`: no pattern here decides what an id is.

`typed(text)` is the same for what a user types or pastes into one box (the TUI's Add box):
ids to import, the words it could not use, or else the text as a search.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from reader.ids import ArxivId, broken_ids, scan

MAX_LABEL = 70


@dataclass(frozen=True)
class Found:
    id: ArxivId          # as first written in the text (with its version, if it named one)
    label: str = ""      # the title of the entry holding it, when the text gives one


@dataclass(frozen=True)
class ReadingList:
    papers: list[Found] = field(default_factory=list)   # each paper once, in text order
    skipped: list[str] = field(default_factory=list)    # labels of entries with no arXiv id
    broken: list[str] = field(default_factory=list)     # words that look like a broken id

    @property
    def ids(self) -> list[str]:
        """The library keys (ids without version), in order."""
        return [f.id.id for f in self.papers]


@dataclass(frozen=True)
class _Entry:
    start: int
    end: int
    label: str


def read_list(text: str) -> ReadingList:
    """Every arXiv paper in `text`, the entries without one, and the broken ids."""
    is_html = _looks_like_html(text)
    if is_html:
        text = html.unescape(text)
    if _looks_like_bibtex(text):
        entries = _bibtex_entries(text)
    else:
        entries = _list_items(text, _HTML_ITEM if is_html else _ITEM)
    starts = [e.start for e in entries]

    def entry_at(pos: int) -> _Entry | None:
        i = bisect_right(starts, pos) - 1
        return entries[i] if i >= 0 and pos < entries[i].end else None

    seen: set[str] = set()
    papers: list[Found] = []
    with_id: set[int] = set()
    for aid, start, _end in scan(text):
        entry = entry_at(start)
        if entry is not None:
            with_id.add(entry.start)
        if aid.id not in seen:
            seen.add(aid.id)
            papers.append(Found(aid, entry.label if entry else ""))
    skipped = [e.label for e in entries if e.start not in with_id and e.label]
    broken = list(dict.fromkeys(word for word, _s, _e in broken_ids(text)))
    return ReadingList(papers, skipped, broken)


# -- entries: BibTeX records, or list items ------------------------------------------------

_BIB_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z]+)[ \t]*[{(]", re.M)
_BIB_FIELD = re.compile(r"^[ \t]*[A-Za-z_-]+[ \t]*=", re.M)
_BIB_TITLE = re.compile(r"(?<![A-Za-z])title[ \t]*=[ \t]*", re.I)
_BIB_KEY = re.compile(r"[ \t]*([^,\s]+)[ \t]*,")
_NOT_RECORDS = {"comment", "string", "preamble"}


def _looks_like_bibtex(text: str) -> bool:
    head = text[:200_000]
    return _BIB_START.search(head) is not None and _BIB_FIELD.search(head) is not None


def _bibtex_entries(text: str) -> list[_Entry]:
    marks = list(_BIB_START.finditer(text))
    entries = []
    for i, m in enumerate(marks):
        if m[1].lower() in _NOT_RECORDS:
            continue
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = text[m.end():end]
        title = _bib_value(body)
        key = _BIB_KEY.match(body)
        entries.append(_Entry(m.start(), end, _clip(title or (key[1] if key else ""))))
    return entries


def _bib_value(body: str) -> str:
    """The title field's value, braces and TeX accents' backslashes left out."""
    m = _BIB_TITLE.search(body)
    if m is None:
        return ""
    rest = body[m.end():]
    if rest[:1] == '"':
        value = rest[1:].split('"', 1)[0]
    elif rest[:1] == "{":
        depth, out = 0, []
        for c in rest:
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0:
                    break
            out.append(c)
        value = "".join(out)
    else:
        value = rest.split(",", 1)[0]
    return " ".join(re.sub(r"[{}\\]", "", value).split())


# A list item: in Markdown or plain text (-, *, +, 1., 1)) one line; in HTML an <li> element.
_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,4}[.)])[ \t]+\S.*$", re.M)
_HTML_ITEM = re.compile(r"<li\b.*?(?=</li>|<li\b|</[uo]l>|\Z)", re.I | re.S)
_LINK = re.compile(r"https?://|www\.", re.I)
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_LINK_TEXT = re.compile(r"\[([^\]\[]+)\]\(")
_TAG = re.compile(r"<[^>]*>")
_MARKUP = re.compile(r"!?\[+([^\]]*)\]+\([^)]*\)|https?://\S+|[*_`#>\[\]]+")
_YEAR = re.compile(r"\s*[(\[]\d{4}[)\]].*$")   # "Title (2015), A. Author et al. [pdf]"
_NOT_TITLES = {"pdf", "link", "paper", "code", "arxiv", "abs", "html", "web", "url", "slides",
               "video", "github", "project", "site", "blog", "doi"}


def _looks_like_html(text: str) -> bool:
    head = text[:200_000].lower()
    return "<a " in head or "<li" in head or "<p>" in head or "<html" in head


def _list_items(text: str, pattern: re.Pattern = _ITEM) -> list[_Entry]:
    """List items that link somewhere: each is one entry of the list (a paper, a talk, a
    post), named by its bold text, its first link text that is not just "pdf", or its text."""
    entries = []
    for m in pattern.finditer(text):
        line = m[0]
        if not _LINK.search(line):
            continue  # a table of contents, a remark: not an entry of the list
        entries.append(_Entry(m.start(), m.end(), _item_label(line)))
    return entries


def _item_label(line: str) -> str:
    line = _TAG.sub(" ", line)
    bold = _BOLD.search(line)
    if bold:
        return _clip(bold[1] or bold[2])
    for text in _LINK_TEXT.findall(line):
        if text.strip().strip("[]").lower() not in _NOT_TITLES:
            return _clip(text)
    plain = _MARKUP.sub(lambda m: " " if not m[1] or m[1].strip().lower() in _NOT_TITLES
                        else m[1], line)
    plain = re.sub(r"^\s*(?:[-*+]|\d{1,4}[.)])\s+", "", plain)
    return _clip(_YEAR.sub("", plain) or plain)


def _clip(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:-")
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


# -- one box -----------------------------------------------------------------------------------

MAX_WORDS_NAMED = 12  # more words without an id than this: pasted prose, named by entry instead


@dataclass(frozen=True)
class Typed:
    """What to do with text typed or pasted into one box."""

    ids: list[str]              # to import (as written: a version is kept)
    unusable: list[str]         # words that hold no id, each named back to the user
    broken: list[str]           # words that look like a broken id: parse(word) tells why
    skipped: list[str] = field(default_factory=list)  # pasted prose: entries without an id
    other_words: int = 0        # pasted prose: how many words held no id (not each named)

    @property
    def search(self) -> bool:
        """No id and nothing like one: the text is a search."""
        return not self.ids and not self.broken


_WORD = re.compile(r"[^\s,;]+")


def typed(text: str) -> Typed:
    """Ids in `text` are imported and each word that holds none is named; with no id at all
    the text is a search, unless a word looks like a broken id (then that is what is said).
    Pasted prose (a Markdown list) has too many such words to name: its entries without an id
    are named instead, and the other words counted."""
    found = read_list(text)
    ids = [str(f.id) for f in found.papers]
    if not ids:
        return Typed([], [], found.broken)
    used = sorted([(s, e) for _a, s, e in scan(text)] + [(s, e) for _w, s, e in broken_ids(text)])
    starts = [s for s, _e in used]
    unusable = []
    for m in _WORD.finditer(text):
        i = bisect_right(starts, m.end() - 1) - 1
        if i >= 0 and used[i][1] > m.start():
            continue  # the word holds an id (or a broken one, told separately)
        if any(c.isalnum() for c in m[0]):
            unusable.append(m[0])
    if len(unusable) > MAX_WORDS_NAMED:
        return Typed(ids, [], found.broken, found.skipped, len(unusable))
    return Typed(ids, unusable, found.broken)


# -- reading a list from a file or standard input ----------------------------------------------

MAX_LIST_BYTES = 20 * 2**20   # a reading list larger than this is not one


def read_source(source: str, stdin=None, max_bytes: int = MAX_LIST_BYTES) -> str:
    """The text of FILE, or of standard input for `-`: capped, and refused (UsageError, one
    line) when it is a PDF, a binary file, a folder or absent. Text that is not UTF-8 is read
    anyway (ids are ASCII; a stray byte becomes U+FFFD)."""
    import sys
    from pathlib import Path

    from reader.errors import UsageError

    name = "standard input" if source == "-" else source
    try:
        if source == "-":
            data = (stdin or sys.stdin.buffer).read(max_bytes + 1)
        else:
            path = Path(source)
            if path.is_dir():
                raise UsageError(f"{source} is a folder; give a text file (Markdown, BibTeX, "
                                 "HTML or plain text)")
            with open(path, "rb") as f:
                data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise UsageError(f"{source} does not exist; give a text file holding arXiv ids or links") from None
    except OSError as e:
        raise UsageError(f"cannot read {name}: {e.strerror or e}") from None
    if len(data) > max_bytes:
        raise UsageError(f"{name} is over {max_bytes // 2**20} MB; a reading list is smaller: "
                         "split it, or give the part that lists the papers")
    if data.lstrip()[:5] == b"%PDF-":
        raise UsageError(f"{name} is a PDF, not a list; add a PDF with: paperdeck add FILE.pdf")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):   # UTF-16 with its byte-order mark (Windows)
        return data.decode("utf-16", "replace")
    if b"\x00" in data[:8192]:
        raise UsageError(f"{name} is not a text file; give Markdown, BibTeX, HTML or plain text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace")
