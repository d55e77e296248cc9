"""Quotes, clozes and highlights taken from a paper's text (table `quotes`).

- a quote goes into a note field (what, how, why or the free notes) as a line
  `> the sentence, math as $TeX$ [§3.2 ¶2 s1]`: the bracketed place is the link back to the text;
- a cloze goes in as the sentence with the chosen words as `{{cN::…}}` (N the field's next
  cloze number) and its place: a note line like any other, so card generation makes the card,
  and editing the note edits the card and keeps its history (reader.reading.cardgen);
- a highlight is kept on the text only.

Each is kept with its section's id and its text (`key`, reader.text.sentences.key), never a
character offset: `resolve` finds it again in the paper as it is now (a re-parse, a newer arXiv
version) and tells where it is, or that it is orphaned, its text gone; nothing is dropped.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from reader import clock
from reader.errors import NotFound, UsageError
from reader.reading import notes as notes_mod
from reader.store.db import transaction
from reader.text import places
from reader.text.places import Para, Taken

KINDS = ("quote", "cloze", "highlight")
INTO = {"what": "what", "how": "how", "why": "why", "notes": "text", "text": "text"}
# The place ending a quote's line in a note: "[§3.2 ¶2 s1]", "[Abstract ¶1]", "[p. 4 ¶2]".
PLACE_LINK = re.compile(r"\[((?:§[^\]\n]+?|Abstract|p\. \d+) ¶\d+(?: s\d+(?:–\d+)?)?)\]")


@dataclass(frozen=True)
class Quote:
    id: int
    paper_id: str
    kind: str
    field: str              # "" for a highlight; what | how | why | text
    section: str | None
    page: int | None
    paragraph: int | None
    sentence: int | None
    sentences: int
    place: str
    text: str
    tex: str
    key: str
    note: str
    created: str


@dataclass(frozen=True)
class Placed:
    """A kept quote and where it is in the paper as the library has it now."""

    quote: Quote
    place: str | None       # None: orphaned (its text is no longer in the paper)
    anchor: str | None      # the paragraph's block anchor, to open the text there
    moved: bool = False
    checked: bool = True    # False: the library holds no text of the paper to look in (a
    #                         restored library before its HTML is fetched): the kept place

    @property
    def orphaned(self) -> bool:
        return self.checked and self.place is None


_COLS = ("id, paper_id, kind, field, section, page, paragraph, sentence, sentences, place, "
         "text, tex, key, note, created")


def for_paper(conn: sqlite3.Connection, paper_id: str) -> list[Quote]:
    rows = conn.execute(f"SELECT {_COLS} FROM quotes WHERE paper_id = ? ORDER BY id", (paper_id,))
    return [Quote(*r) for r in rows]


def field_of(into: str | None) -> str:
    """The note field a quote goes into: what, how, why, or notes (the free text)."""
    if into is None:
        return "text"
    try:
        return INTO[into.strip().lower()]
    except KeyError:
        raise UsageError(f"cannot quote into {into!r}; use what, how, why or notes") from None


def quote_line(taken: Taken) -> str:
    return f"> {taken.tex} [{taken.place}]"


def cloze_line(taken: Taken, words: list[str], number: int) -> str:
    """The taken text with each of `words` (found without regard to case) as the deletion
    `{{cN::…}}`, and its place."""
    text = taken.tex
    for w in words:
        w = " ".join(w.split())
        if not w:
            raise UsageError("a cloze needs the words to hide; give --cloze WORDS")
        m = re.search(re.escape(w).replace(r"\ ", r"\s+"), text, re.IGNORECASE)
        if m is None:
            raise UsageError(f"{w!r} is not in {taken.place}: {clip(taken.text, 60)}")
        text = text[:m.start()] + f"{{{{c{number}::{m.group(0)}}}}}" + text[m.end():]
    return f"{text} [{taken.place}]"


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def next_cloze(text: str) -> int:
    from reader.reading.cardgen import CLOZE

    return max((int(m.group(1)) for m in CLOZE.finditer(text)), default=0) + 1


def add(conn: sqlite3.Connection, paper_id: str, taken: Taken, kind: str, now: datetime,
        into: str | None = None, cloze: list[str] | None = None) -> Quote:
    """Keep `taken` as a quote (its line appended to the note field), a cloze (the same, with
    the chosen words as a deletion) or a highlight. One transaction: the note, its cards and
    the quote are written together, or nothing is. Taking the same text twice the same way
    keeps the first."""
    if kind not in KINDS:
        raise ValueError(kind)
    field = "" if kind == "highlight" else field_of(into)
    with transaction(conn):
        if not conn.execute("SELECT 1 FROM papers WHERE id = ?", (paper_id,)).fetchone():
            raise NotFound(f"{paper_id} is not in the library")
        held = conn.execute(f"SELECT {_COLS} FROM quotes WHERE paper_id = ? AND kind = ? AND "
                            "field = ? AND key = ?", (paper_id, kind, field, taken.key)).fetchone()
        if held is not None and kind != "cloze":
            return Quote(*held)
        line = ""
        if kind != "highlight":
            current = getattr(notes_mod.get(conn, paper_id), field)
            line = quote_line(taken) if kind == "quote" else \
                cloze_line(taken, cloze or [], next_cloze(current))
            body = current.rstrip("\n")
            notes_mod.save(conn, paper_id, now, **{field: (body + "\n\n" if body else "") + line})
        para = taken.para
        values = (paper_id, kind, field, para.section.id if para.section else None, para.page,
                  para.ordinal, taken.first, taken.count, taken.place, taken.text, taken.tex,
                  taken.key, line, clock.iso(now))
        if held is not None:   # a second cloze of one sentence: another card, the latest kept
            conn.execute("DELETE FROM quotes WHERE id = ?", (held[0],))
        cur = conn.execute(
            "INSERT INTO quotes (paper_id, kind, field, section, page, paragraph, sentence, "
            "sentences, place, text, tex, key, note, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
    r = conn.execute(f"SELECT {_COLS} FROM quotes WHERE id = ?", (cur.lastrowid,)).fetchone()
    return Quote(*r)


def remove(conn: sqlite3.Connection, quote_id: int) -> None:
    """Forget a highlight (a quote's note line is the user's to edit)."""
    with transaction(conn):
        conn.execute("DELETE FROM quotes WHERE id = ?", (quote_id,))


def paragraphs(conn: sqlite3.Connection, paper_id: str):
    """(document, paragraphs) of the paper as the library holds its text: the document model of
    its arXiv HTML, else (None, its PDF pages' paragraphs, as far as they are extracted)."""
    from reader.text.html import html_store
    from reader.text.pdf import pdftext

    doc = html_store.document(conn, paper_id)
    if doc is not None:
        return doc, places.paragraphs(doc)
    paras: list[Para] = []
    for page in pdftext.cached_pages(conn, paper_id):
        if page.text:
            paras += places.page_paragraphs(page.page, page.text)
    return None, paras


def resolve(quotes: list[Quote], paras: list[Para]) -> list[Placed]:
    """Where each kept quote is in the paper's text now (`paras`: reader.text.places.paragraphs
    or page_paragraphs); orphaned where its text is gone."""
    out = []
    for q in quotes:
        if not paras:
            out.append(Placed(q, q.place, None, checked=False))
            continue
        found = places.locate(paras, q.section, q.key, q.sentences, whole=q.sentence is None)
        if found is None:
            out.append(Placed(q, None, None))
        else:
            out.append(Placed(q, found.taken.place, found.taken.para.anchor,
                              found.moved or found.taken.place != q.place))
    return out


def highlighted(placed: list[Placed]) -> dict[str, list[Placed]]:
    """Highlights (and quotes) found in the text, by their paragraph's anchor: what the
    reading screen draws."""
    out: dict[str, list[Placed]] = {}
    for p in placed:
        if p.anchor is not None:
            out.setdefault(p.anchor, []).append(p)
    return out


def to_json(p: Placed) -> dict:
    q = p.quote
    return {"kind": q.kind, "into": {"text": "notes"}.get(q.field, q.field) or None,
            "place": p.place, "place_taken": q.place, "orphaned": p.orphaned,
            "moved": p.moved, "checked": p.checked, "section": q.section, "page": q.page,
            "paragraph": q.paragraph,
            "sentence": q.sentence, "sentences": q.sentences, "text": q.text, "tex": q.tex,
            "note": q.note or None, "created": q.created}
