"""The review cards as an Anki package (.apkg, notes written with genanki).

- Basic cards (what/how/why, Q/A pairs, hand-written) become notes of a "paperdeck Basic" type
  (Front, Back, Context).
- Cloze cards become notes of a "paperdeck Cloze" type whose Text is the note field as written,
  `{{c1::...}}` deletions and all (Anki's own syntax): one Anki note per paper field, from which
  Anki makes one card per deletion number, as paperdeck does.
- Note type ids are fixed and every note's GUID comes from its source key, so importing a later
  export updates the notes already in Anki instead of adding copies.
- Each note carries the time its own text last changed (its cards' `modified`), so Anki's
  "update if newer" takes a note edited in paperdeck and leaves every other note, and the
  user's own edits of it in Anki, alone. Note and card ids come from when the card was made,
  so they too are the same in every export (and Anki shows the right "Created" day).
- Each card's schedule and review log go into the package as Anki keeps them (`anki_schedule`),
  so importing with "Import any learning progress" carries the reviews, the due dates and the
  FSRS memory state over.
- One deck (`paperdeck`), or with `deck_per_tag` one sub-deck per tag (`paperdeck::TAG`, a paper
  with several tags goes to the first; untagged papers stay in `paperdeck`). Paper tags become
  Anki tags.
Suspended cards are left out unless asked for.
"""

from __future__ import annotations

import hashlib
import html
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from decks.cards import list_cards
from decks.models import Card

from reader.library import papers as library

BASIC_MODEL_ID = 1607392319_1
CLOZE_MODEL_ID = 1607392319_2
# When the note types (fields, templates, CSS) last changed: their "modified" time in every
# package, so that a re-import does not count them as changed. Bump it with the templates.
MODELS_CHANGED = 1_607_392_319
CSS = (".card { font-family: sans-serif; font-size: 20px; text-align: left; }\n"
       ".context { color: #888; font-size: 14px; margin-bottom: 1em; }\n"
       ".cloze { font-weight: bold; color: #2a6fd6; }\n")
CLOZE_KEY = re.compile(r"^(?P<paper>.+):cloze:(?P<field>[a-z]+):(?P<n>\d+)$")
CLOZE_MARK = re.compile(r"\{\{c\d+::")
CLOZE_NUMBER = re.compile(r"\{\{c(\d+)::")


@dataclass(frozen=True)
class Report:
    notes: int
    cards: int
    decks: tuple[str, ...]


@dataclass
class PlannedNote:
    """A note to write and the paperdeck cards behind it, each with its Anki card number."""

    note: object                                  # genanki.Note
    cards: list[tuple[Card, int]] = field(default_factory=list)

    @property
    def modified(self) -> int:
        return int(max(c.modified.timestamp() for c, _ in self.cards))

    @property
    def created(self) -> datetime:
        return min(c.created for c, _ in self.cards)


def _models():
    import genanki

    basic = genanki.Model(
        BASIC_MODEL_ID, "paperdeck Basic",
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Context"}],
        templates=[{
            "name": "Card 1",
            "qfmt": '<div class="context">{{Context}}</div>{{Front}}',
            "afmt": '{{FrontSide}}<hr id="answer">{{Back}}',
        }],
        css=CSS,
    )
    cloze = genanki.Model(
        CLOZE_MODEL_ID, "paperdeck Cloze",
        fields=[{"name": "Text"}, {"name": "Extra"}, {"name": "Context"}],
        templates=[{
            "name": "Cloze",
            "qfmt": '<div class="context">{{Context}}</div>{{cloze:Text}}',
            "afmt": '<div class="context">{{Context}}</div>{{cloze:Text}}<br>{{Extra}}',
        }],
        css=CSS,
        model_type=genanki.Model.CLOZE,
    )
    return basic, cloze


def as_html(text: str | None) -> str:
    """Plain text as an Anki field: HTML special characters escaped, line breaks kept, and a
    `*title*` span (decks.text, as the TUI draws it in italics) as <i>title</i>. Cloze markup
    (`{{c1::...}}`) has no HTML specials, so it passes through as it is."""
    from decks.text import emphasis_spans

    text = text or ""
    parts, last = [], 0
    for start, end in emphasis_spans(text):
        parts.append(html.escape(text[last:start], quote=False))
        parts.append("<i>" + html.escape(text[start + 1:end - 1], quote=False) + "</i>")
        last = end
    parts.append(html.escape(text[last:], quote=False))
    return "".join(parts).replace("\n", "<br>")


def deck_id(name: str) -> int:
    """A stable deck id for a deck name (Anki matches decks by name on import)."""
    return (1 << 30) + int.from_bytes(hashlib.sha1(name.encode()).digest()[:4], "big") % (1 << 30)


def _tag(text: str) -> str:
    return re.sub(r"\s+", "_", text.strip())


def export(conn: sqlite3.Connection, output: str | Path, deck: str = "paperdeck",
           deck_per_tag: bool = False, include_suspended: bool = False,
           now: datetime | None = None) -> Report:
    """Write the .apkg; returns how many notes, cards and decks it holds."""
    import genanki

    from reader import clock
    from reader.reading import notes as notes_mod
    from reader.store.outfile import file_target, replacing
    from reader.exports.anki_schedule import write_package

    output = file_target(output, "Anki export")
    now = now or clock.now()
    basic, cloze = _models()
    papers = {p.id: p for p in library.all_papers(conn)}
    decks: dict[str, genanki.Deck] = {}

    def deck_for(paper_id: str | None) -> genanki.Deck:
        paper = papers.get(paper_id) if paper_id else None
        name = deck
        if deck_per_tag and paper is not None and paper.tags:
            name = f"{deck}::{paper.tags[0]}"
        if name not in decks:
            decks[name] = genanki.Deck(deck_id(name), name)
        return decks[name]

    def tags_for(paper_id: str | None) -> list[str]:
        paper = papers.get(paper_id) if paper_id else None
        return [_tag(t) for t in paper.tags] if paper else []

    planned: list[PlannedNote] = []
    clozes: dict[str, PlannedNote] = {}           # paper field -> its one cloze note
    # A hand-written card's note is named by its portable uid: its row id differs between
    # libraries, and two cards with one guid overwrite each other in Anki.
    hand_uids = dict(conn.execute("SELECT id, uid FROM cards WHERE source_key IS NULL"))
    n_cards = 0
    for card in list_cards(conn, include_suspended=include_suspended):
        m = CLOZE_KEY.match(card.source_key or "") if card.kind == "cloze" else None
        if m is not None:
            note_key = f"{m['paper']}:cloze:{m['field']}"
            if note_key in clozes:
                clozes[note_key].cards.append((card, int(m["n"]) - 1))
                continue
            text = getattr(notes_mod.get(conn, m["paper"]), m["field"], "") or ""
            if CLOZE_MARK.search(text):
                note = genanki.Note(model=cloze, guid=genanki.guid_for("paperdeck", note_key),
                                    fields=[as_html(text), "", as_html(card.context)],
                                    tags=tags_for(card.group_key))
                clozes[note_key] = PlannedNote(note, [(card, int(m["n"]) - 1)])
                planned.append(clozes[note_key])
                deck_for(card.group_key).add_note(note)
                n_cards += len(set(CLOZE_NUMBER.findall(text)))
                continue
        key = card.source_key or f"hand:{hand_uids.get(card.id) or card.id}"
        if card.kind == "cloze" and CLOZE_MARK.search(card.front):  # a hand-written cloze
            model, first = cloze, min(int(n) for n in CLOZE_NUMBER.findall(card.front)) - 1
        else:  # basic, or a cloze whose note is gone: its front already shows the gap
            model, first = basic, 0
        note = genanki.Note(model=model, guid=genanki.guid_for("paperdeck", key),
                            fields=[as_html(card.front), as_html(card.back), as_html(card.context)],
                            tags=tags_for(card.group_key))
        planned.append(PlannedNote(note, [(card, first)]))
        deck_for(card.group_key).add_note(note)
        n_cards += 1
    if not decks:
        decks[deck] = genanki.Deck(deck_id(deck), deck)
    package = genanki.Package(list(decks.values()))
    with replacing(output) as tmp:
        write_package(conn, package, planned, tmp, now, MODELS_CHANGED)
    total = sum(len(d.notes) for d in decks.values())
    return Report(total, n_cards, tuple(sorted(decks)))
