"""The TUI's one door into the core: every screen reads and writes through these functions.

Each function wraps one core call, so that when a core module changes (or lands: the fuzzy
ranking, passes, notes, card generation, PDF text) only this file follows. Nothing here imports
textual; functions that touch the database take the connection of the thread they run on.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from decks.queue import DueCounts

from ..config import Config
from ..reviewing import deck_settings

STATUSES = ("unread", "pass 1", "pass 2", "pass 3")


@dataclass(frozen=True)
class PaperRow:
    """One line of the library table."""

    id: str
    title: str
    author: str       # first author's surname
    year: str
    status: str       # unread | pass 1 | pass 2 | pass 3
    due: int          # this paper's cards due today
    added: str
    kind: str = "paper"   # reader.kinds: an item that is not a paper shows its kind
    progress: str = ""    # a course's (or book's) parts done: "5/12"
    in_progress: bool = False  # a pass started and not finished

    @property
    def status_label(self) -> str:
        """The status in the kind's own words (a course under way shows its parts done)."""
        if self.kind == "paper":
            return self.status
        from ..kinds import status_label

        return self.progress if self.progress and self.status == "unread" else \
            status_label(self.kind, self.status)


# -- library ---------------------------------------------------------------------------------


class LibraryView:
    """The rows of the library and the fuzzy index over them (built in a worker thread)."""

    def __init__(self, rows: list[PaperRow], index_rows: list[tuple]) -> None:
        self.rows = rows
        self.by_id = {r.id: r for r in rows}
        self.index = make_index(index_rows)

    def ranked(self, query: str) -> list[PaperRow]:
        """Rows matching `query`, best first (the ranking `paperdeck list --match` uses)."""
        return [self.by_id[pid] for pid in rank(self.index, query) if pid in self.by_id]


def make_index(index_rows: list[tuple]):
    from ..fuzzy import FuzzyIndex

    index = FuzzyIndex(index_rows)
    index.rank("warm up")  # imports rapidfuzz here, in the loading thread, not on the first key
    return index


def rank(index, query: str) -> list[str]:
    """Paper ids matching `query`, best first: reader.fuzzy's ranking."""
    return [pid for pid, _score in index.rank(query)]


def _surname(name: str | None) -> str:
    parts = (name or "").split()
    return parts[-1] if parts else ""


def library_view(conn: sqlite3.Connection, now: datetime, config: Config, tz: tzinfo | None = None) -> LibraryView:
    """Every paper as a table row, oldest added first, with its search index."""
    from ..library import listing

    from ..items import progress_all
    from ..passes import in_progress

    statuses = paper_statuses(conn)
    reading = in_progress(conn)
    due = due_by_paper(conn, now, config, tz)
    progress = progress_all(conn)
    rows: list[PaperRow] = []
    index_rows: list[tuple] = []
    for p in listing(conn):
        done = progress.get(p.id)
        rows.append(PaperRow(p.id, p.title, p.first_author_surname, p.year,
                             statuses.get(p.id, "unread"), due.get(p.id, 0), p.added, p.kind,
                             str(done) if done else "", p.id in reading))
        # An item's kind is a word the filter finds it by ("lecture").
        index_rows.append((p.id, p.title, p.authors,
                           p.tags if p.kind == "paper" else (*p.tags, p.kind)))
    return LibraryView(rows, index_rows)


def paper_statuses(conn: sqlite3.Connection) -> dict[str, str]:
    """Status per paper id, from its passes (papers absent from the answer are unread)."""
    from .. import passes

    return passes.statuses(conn)


# -- decks -----------------------------------------------------------------------------------


NO_DUE = DueCounts(new=0, learning=0, review=0, tomorrow=0)


def due_today(conn: sqlite3.Connection, now: datetime, config: Config, tz: tzinfo | None = None) -> DueCounts:
    """What the review queue holds today (limits applied)."""
    from decks.queue import due_counts

    return due_counts(conn, now, deck_settings(conn, config), tz)


def due_by_paper(conn: sqlite3.Connection, now: datetime, config: Config, tz: tzinfo | None = None) -> dict[str, int]:
    """Cards due by the end of today's study day (learning and reviews), per paper id."""
    from decks.queue import due_by_group

    return due_by_group(conn, now, deck_settings(conn, config), tz)


def cards_for_paper(conn: sqlite3.Connection, paper_id: str) -> list[tuple[str, str, str]]:
    """(front, back, state) of the cards stored for a paper."""
    from decks.cards import list_cards

    return [(c.front, c.back, "suspended" if c.suspended else c.state)
            for c in list_cards(conn, paper_id)]


def authors_line(authors: Sequence[str], limit: int = 6) -> str:
    if len(authors) <= limit:
        return ", ".join(authors)
    return ", ".join(authors[:limit]) + f" … (+{len(authors) - limit})"


def loads_list(text: str) -> list[str]:
    return list(json.loads(text or "[]"))


# -- reading -------------------------------------------------------------------------------


def page_display_text(text: str) -> str:
    """A page's text with the PDF's line breaks joined into paragraphs (`reader.pdftext.reflow`)."""
    from ..pdftext import reflow

    return reflow(text)


# -- cards from notes ------------------------------------------------------------------------


def card_preview(paper, draft) -> list:
    """The cards these (unsaved) notes would make: `reader.cardgen.specs_for`."""
    from ..cardgen import specs_for

    return specs_for(paper, draft)


def hand_written_cards(conn: sqlite3.Connection, paper_id: str) -> list[tuple[str, str, str]]:
    """(front, back, state) of the cards written by hand for a paper (`paperdeck card add`)."""
    from decks.cards import list_cards

    return [(c.front, c.back, "suspended" if c.suspended else c.state)
            for c in list_cards(conn, paper_id, hand_written=True)]


# -- tags and removal ------------------------------------------------------------------------


def tag_changes(current: Sequence[str], text: str) -> tuple[list[str], list[str]]:
    """(add, remove) from what was typed: `+name -name` changes, or a plain list that becomes
    the paper's tags (so clearing the line removes them all). Plain words among +/- changes
    are added. Raises reader.errors.UsageError on a tag that is not usable."""
    from ..library import valid_tag

    words = text.replace(",", " ").split()
    if any(w[:1] in "+-" for w in words):
        add = [valid_tag(w[1:] if w[0] == "+" else w) for w in words if w[:1] != "-"]
        remove = [valid_tag(w[1:]) for w in words if w[:1] == "-"]
    else:
        wanted = [valid_tag(w) for w in words]
        add = [t for t in wanted if t not in current]
        remove = [t for t in current if t not in wanted]
    return list(dict.fromkeys(add)), list(dict.fromkeys(remove))


def remove_paper(conn: sqlite3.Connection, data_dir, paper_id: str, now: datetime) -> int:
    """Remove the paper with its notes, TODOs, passes and PDF; its cards are suspended (as
    `paperdeck rm`). Returns how many cards were suspended."""
    from ..library import delete

    return delete(conn, data_dir, paper_id, now)
