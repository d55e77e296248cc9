"""Cards from notes: a pure function of a paper and its notes, and the sync into the deck.

- `what`, `how`, `why` with text: one card each ("What does *Title* (Graves, 2012) do?"; an
  item that is not a paper is named with its kind: "What does the lecture *Title* cover?");
- every cloze number in a note field (`{{c1::text}}`, `{{c1::text::hint}}`): one cloze card;
- every `Q: ... / A: ...` pair: one basic card.

Each card has a stable source key (paper id + field + cloze number or ordinal), so editing a note
updates its card and keeps the review history; a card whose note is gone is suspended by the deck
and comes back with the note. `sync_paper` runs whenever notes are saved, in the same
transaction, with the saved notes.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime
from typing import Protocol

from decks.models import CardSpec

from reader.library import kinds
from reader.models import Paper

FIELDS = ("what", "how", "why", "text")
QUESTIONS = dict(zip(("what", "how", "why"), kinds.KINDS["paper"].questions))
# A deletion's text and hint stop at the next deletion's start (and the text at `::`): with
# `(.*?)(?:::(.*?))?` each unclosed `{{c1::` scanned the rest of the note once per `::` after
# it, the cube of the note's length (10 KB of them: 55 s to save); this is linear.
_UNTIL = r"(?:(?!\{\{c\d|\}\}%s).)*"
CLOZE = re.compile(r"\{\{c(\d{1,4})::(%s)(?:::(%s))?\}\}" % (_UNTIL % "|::", _UNTIL % ""), re.S)
# A question starts a line with "Q:"; its answer starts a later line with "A:" and runs until a
# blank line or the next "Q:".
# The question stops at a blank line or the next "Q:" line too: `.+?` alone ran every "Q:" with
# no "A:" after it on to the end of the note (the square of its length).
QA = re.compile(r"^[ \t]*Q:[ \t]*(?P<q>(?:(?!\n[ \t]*\n|\n[ \t]*Q:).)+?)\n[ \t]*A:[ \t]*"
                r"(?P<a>.+?)(?=\n[ \t]*\n|\n[ \t]*Q:|\Z)", re.S | re.M)
# A cloze card shows its whole note when the note is short (as Anki does); from a longer note
# it shows each of its deletions with AROUND characters either side, so what a note makes
# grows with the note, not with the note times its deletions (a 20 MB note with 10 clozes
# wrote 400 MB of cards and took 24 s).
WHOLE = 4000
AROUND = 600


class NotesLike(Protocol):
    what: str
    how: str
    why: str
    text: str


def short_title(title: str, width: int = 80) -> str:
    """The title up to its subtitle (`: ...`) when long, clipped to `width`."""
    if len(title) > 60 and ": " in title:
        title = title.split(": ", 1)[0]
    if len(title) <= width:
        return title
    cut = title[: width - 1]
    if " " in cut:  # end on a whole word
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-") + "…"


def byline(paper: Paper) -> str:
    """'Graves, 2012', 'Graves and Jaitly, 2014', 'Vaswani et al., 2017'."""
    surnames = [short_title(a.split()[-1], 60) for a in paper.authors[:3] if a.split()]
    if not surnames:
        who = ""
    elif len(surnames) == 1:
        who = surnames[0]
    elif len(surnames) == 2:
        who = f"{surnames[0]} and {surnames[1]}"
    else:
        who = f"{surnames[0]} et al."
    return ", ".join(x for x in (who, paper.year) if x)


def cite(paper: Paper) -> str:
    """'*Sequence Transduction with Recurrent Neural Networks* (Graves, 2012)'."""
    by = byline(paper)
    return f"*{short_title(paper.title)}*" + (f" ({by})" if by else "")


def plain(text: str) -> str:
    """A note with its cloze markup replaced by the answers (for backs and context)."""
    return CLOZE.sub(lambda m: m.group(2), text)


def context_line(paper: Paper) -> str:
    """The line every card of this paper shows above its question, hand-written ones too:
    'Graves, 2012 · Sequence Transduction with Recurrent Neural Networks' (an item that is not
    a paper is named with its kind first: 'lecture · …')."""
    context = f"{byline(paper)} · {short_title(paper.title, 60)}".strip(" ·")
    return context if paper.is_paper else f"{paper.kind} · {context}"


def specs_for(paper: Paper, notes: NotesLike) -> list[CardSpec]:
    """Every card this paper's notes make, in a stable order."""
    context = context_line(paper)
    questions = dict(zip(("what", "how", "why"), kinds.get(paper.kind).questions))
    specs: list[CardSpec] = []

    def add(key: str, kind: str, front: str, back: str, sibling: str | None = None) -> None:
        specs.append(CardSpec(f"{paper.id}:{key}", kind, front, back, context, paper.id,
                              f"{paper.id}:{sibling}" if sibling else None))

    # A note field's own card and its clozes are siblings (each one's back gives the others
    # away), so the deck shows only one of them a day. Q/A pairs stand alone.
    for field in ("what", "how", "why"):
        body = (getattr(notes, field, "") or "").strip()
        if body:
            add(field, "basic", questions[field].format(title=cite(paper)), plain(body), field)
    for field in FIELDS:
        body = (getattr(notes, field, "") or "").strip()
        if not body:
            continue
        for n, front, back in _clozes(body):
            add(f"cloze:{field}:{n}", "cloze", front, back, field)
        for i, m in enumerate(QA.finditer(body), start=1):
            add(f"qa:{field}:{i}", "basic", plain(m["q"].strip()), plain(m["a"].strip()))
    return specs


def _clozes(body: str) -> list[tuple[int, str, str]]:
    """(number, front, back) of each cloze card of one note field, by number."""
    found = list(CLOZE.finditer(body))
    numbers = sorted({int(m.group(1)) for m in found})
    if len(body) <= WHOLE:
        whole = plain(body)
        return [(n, cloze_front(body, n), whole) for n in numbers]
    spans = [m.span() for m in found]
    return [(n, *_excerpts(body, spans, [s for s, m in zip(spans, found) if int(m.group(1)) == n], n))
            for n in numbers]


def _excerpts(body: str, spans: list[tuple[int, int]], mine: list[tuple[int, int]],
              number: int) -> tuple[str, str]:
    """Front and back from the stretches of a long note around deletion `number`'s places:
    AROUND characters either side, never cutting another deletion, joined by `…`."""
    from bisect import bisect_right

    starts = [s for s, _ in spans]

    def edge(at: int) -> int:           # moved out of any deletion it falls in
        i = bisect_right(starts, at) - 1
        if i >= 0 and spans[i][0] < at < spans[i][1]:
            return spans[i][0]
        return at

    def edge_after(at: int) -> int:
        i = bisect_right(starts, at) - 1
        if i >= 0 and spans[i][0] < at < spans[i][1]:
            return spans[i][1]
        return at

    stretches: list[list[int]] = []
    for start, end in mine:
        lo, hi = max(0, start - AROUND), min(len(body), end + AROUND)
        if lo > 0:                      # on a word's edge where one is near
            space = body.find(" ", lo, lo + 40)
            lo = space + 1 if 0 <= space < start else lo
        if hi < len(body):
            space = body.rfind(" ", hi - 40, hi)
            hi = space if space >= end else hi
        lo, hi = edge(lo), edge_after(hi)
        if stretches and lo <= stretches[-1][1]:
            stretches[-1][1] = max(stretches[-1][1], hi)
        else:
            stretches.append([lo, hi])
    fronts, backs = [], []
    for lo, hi in stretches:
        piece = body[lo:hi]
        before, after = ("…" if lo > 0 else ""), ("…" if hi < len(body) else "")
        fronts.append(before + cloze_front(piece, number) + after)
        backs.append(before + plain(piece) + after)
    return "\n".join(fronts), "\n".join(backs)


def cloze_front(text: str, number: int) -> str:
    """Deletion `number` hidden as `[...]` (or `[hint]`); the others shown as plain text."""
    def hide(m: re.Match) -> str:
        if int(m.group(1)) != number:
            return m.group(2)
        return f"[{m.group(3)}]" if m.group(3) else "[...]"

    return CLOZE.sub(hide, text)


def sync_paper(conn: sqlite3.Connection, paper_id: str, notes: NotesLike, now: datetime) -> None:
    """Bring the paper's cards in line with `notes` and with the paper as it is now: the
    generated cards' questions, answers and context, and the context line of the hand-written
    ones (a renamed paper renames its cards; history is kept). The notes module calls this
    inside its save transaction with the notes just saved, and so does a change of the paper's
    title or authors, with its notes as stored: this module never reads notes itself. New cards
    are queued in the order papers were read."""
    from decks.cards import set_group_context, sync_specs
    from decks.db import transaction

    from reader.library import papers as library

    paper = library.get(conn, paper_id)
    if paper is None:
        return
    with transaction(conn):
        sync_specs(conn, paper.id, specs_for(paper, notes), now,
                   order_key=_read_order(conn, paper.id) or now)
        set_group_context(conn, paper.id, context_line(paper), now)


def _read_order(conn: sqlite3.Connection, paper_id: str) -> str | None:
    """When reading of this paper began (its first pass start), if it has."""
    from reader.reading.passes import for_paper

    return min((p.started for p in for_paper(conn, paper_id)), default=None)
