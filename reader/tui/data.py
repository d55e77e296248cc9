"""The TUI's one door into the core: every screen reads and writes through these functions.

Each function wraps one core call, so that when a core module changes (or lands: the fuzzy
ranking, passes, notes, card generation, PDF text) only this file follows. Nothing here imports
textual; functions that touch the database take the connection of the thread they run on.
"""

from __future__ import annotations

import heapq
import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from datetime import datetime, tzinfo

from decks.queue import DueCounts

from reader.config import Config
from reader.reading.reviewing import deck_settings

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
    kind: str = "paper"   # reader.library.kinds: an item that is not a paper shows its kind
    progress: str = ""    # a course's (or book's) parts done: "5/12"
    in_progress: bool = False  # a pass started and not finished

    @property
    def status_label(self) -> str:
        """The status in the kind's own words (a course under way shows its parts done)."""
        if self.kind == "paper":
            return self.status
        from reader.library.kinds import status_label

        return self.progress if self.progress and self.status == "unread" else \
            status_label(self.kind, self.status)


# -- library ---------------------------------------------------------------------------------

# name -> key of a row; every order is newest added first among equal keys.
SORT_KEYS = {
    "added": None,
    "title": lambda r: r.title.casefold(),
    "year": lambda r: r.year,
    "status": lambda r: STATUSES.index(r.status) if r.status in STATUSES else -1,
    "due": lambda r: r.due,
}


class LibraryView:
    """The rows of the library (oldest added first) and the fuzzy index over them, built in a
    worker thread. Papers imported, changed or removed later are taken in row by row (`update`):
    they are indexed apart, so the filter finds them without rebuilding the index of the whole
    library. Orders are computed once per view (`ordered`). Never changed in place once shown:
    `update` returns a new view, so a worker ranking the old one reads consistent data."""

    def __init__(self, rows: list[PaperRow], index_rows: list[tuple], *, _index=None,
                 _extra: dict[str, tuple] | None = None) -> None:
        self.rows = rows
        self.by_id = {r.id: r for r in rows}
        self.index = make_index(index_rows) if _index is None else _index
        self._extra = dict(_extra or {})          # id -> index row, indexed apart
        self._gone: set[str] = set()              # ids the main index holds that changed or went
        self._extra_index = make_index(list(self._extra.values())) if self._extra else None
        self._orders: dict[str, list[PaperRow]] = {}

    @property
    def changed_since_built(self) -> int:
        """Rows taken in one by one since the index was built (reload when this grows large)."""
        return len(self._gone | set(self._extra))

    def ranked(self, query: str) -> list[PaperRow]:
        """Rows matching `query`, best first (the ranking `paperdeck list --match` uses)."""
        found = [m for m in self.index.rank(query) if m[0] not in self._gone]
        if self._extra_index is not None:
            # Scores are absolute (0-100), so two rankings merge into one; ties keep the main
            # index first, as its papers were added before.
            found = list(heapq.merge(found, self._extra_index.rank(query), key=lambda m: -m[1]))
        by_id = self.by_id
        return [by_id[pid] for pid, _score in found if pid in by_id]

    def ordered(self, sort: str) -> list[PaperRow]:
        """Every row in the order `sort` (a name in SORT_KEYS), computed once."""
        rows = self._orders.get(sort)
        if rows is None:
            rows = self._orders[sort] = sort_rows(self.rows, sort)
        return rows

    def view(self, query: str, status: str, sort: str, kind: str = "all") -> list[PaperRow]:
        """The rows to show: ranked by `query` if there is one, else in the order `sort`; only
        those of `status` ("in progress": a pass started) and `kind` unless they are "all"."""
        rows = self.ranked(query) if query.strip() else self.ordered(sort)
        if status == "in progress":
            rows = [r for r in rows if r.in_progress]
        elif status != "all":
            rows = [r for r in rows if r.status == status]
        return rows if kind == "all" else [r for r in rows if r.kind == kind]

    @cached_property
    def kinds(self) -> set[str]:
        """The kinds of item the library holds."""
        return {r.kind for r in self.rows}

    def update(self, rows: list[PaperRow], index_rows: list[tuple], removed: Iterable[str] = ()) -> LibraryView:
        """A view with `rows` added or replaced and the ids `removed` left out."""
        new = {r.id: r for r in rows}
        gone = set(removed) - set(new)
        kept = [new.pop(r.id, r) for r in self.rows if r.id not in gone]
        added = sorted(new.values(), key=lambda r: (r.added, r.id))
        if added and kept and (added[0].added, added[0].id) < (kept[-1].added, kept[-1].id):
            kept = sorted(kept + added, key=lambda r: (r.added, r.id))  # added in the past
        else:
            kept += added
        extra = {k: v for k, v in self._extra.items() if k not in gone}
        extra.update({row[0]: row for row in index_rows})
        view = LibraryView(kept, [], _index=self.index, _extra=extra)
        view._gone = self._gone | gone | set(extra)   # the main index's entries for these are old
        return view

    def restated(self, states: RowStates) -> LibraryView | None:
        """A view with each row's status, pass under way, parts done and cards due as stored
        now (None if none changed)."""
        changed = []
        for r in self.rows:
            now = states.of(r.id)
            if (r.status, r.due, r.progress, r.in_progress) != now:
                changed.append(replace(r, status=now[0], due=now[1], progress=now[2],
                                       in_progress=now[3]))
        if not changed:
            return None
        new = {r.id: r for r in changed}
        view = LibraryView([new.get(r.id, r) for r in self.rows], [], _index=self.index,
                           _extra=self._extra)
        view._gone = set(self._gone)
        return view


def sort_rows(rows: list[PaperRow], sort: str) -> list[PaperRow]:
    """`rows` (oldest added first) newest first, or by the key `sort` then newest first.
    Keys with few values (year, status, due) are ordered by bucketing, with no sort of the whole
    library in C (which holds the interpreter lock: ~40 ms for 100,000 titles)."""
    newest = rows[::-1]
    key = SORT_KEYS[sort]
    if key is None:
        return newest
    if sort == "title":
        return sorted(newest, key=key)
    buckets: dict = {}
    for r in newest:
        buckets.setdefault(key(r), []).append(r)
    return [r for k in sorted(buckets, reverse=True) for r in buckets[k]]


def make_index(index_rows: list[tuple]):
    from reader.text.fuzzy import FuzzyIndex

    index = FuzzyIndex(index_rows)
    index.rank("warm up")  # imports rapidfuzz here, in the loading thread, not on the first key
    return index


def rank(index, query: str) -> list[str]:
    """Paper ids matching `query`, best first: reader.text.fuzzy's ranking."""
    return [pid for pid, _score in index.rank(query)]


def _surname(name: str | None) -> str:
    parts = (name or "").split()
    return parts[-1] if parts else ""


@dataclass(frozen=True)
class RowStates:
    """What a row shows of a paper's reading and cards, for the whole library (a few queries)."""

    statuses: dict[str, str]
    reading: set[str]            # a pass started and not finished
    due: dict[str, int]
    progress: dict[str, object]  # a course's or book's parts done

    def of(self, pid: str) -> tuple[str, int, str, bool]:
        """(status, cards due, parts done, in progress) of paper `pid`."""
        done = self.progress.get(pid)
        return (self.statuses.get(pid, "unread"), self.due.get(pid, 0), str(done) if done else "",
                pid in self.reading)


def row_states(conn: sqlite3.Connection, now: datetime, config: Config, tz: tzinfo | None = None) -> RowStates:
    from reader.library.items import progress_all
    from reader.reading.passes import in_progress

    return RowStates(paper_statuses(conn), in_progress(conn), due_by_paper(conn, now, config, tz),
                     progress_all(conn))


def _row(pid: str, title: str, author: str, year: str, added: str, kind: str, states: RowStates) -> PaperRow:
    status, due, progress, reading = states.of(pid)
    return PaperRow(pid, title, author, year, status, due, added, kind, progress, reading)


def _index_row(pid: str, title: str, authors, tags, kind: str) -> tuple:
    # An item's kind is a word the filter finds it by ("lecture").
    return (pid, title, authors, tags if kind == "paper" else (*tags, kind))


def library_view(conn: sqlite3.Connection, now: datetime, config: Config, tz: tzinfo | None = None) -> LibraryView:
    """Every paper as a table row, oldest added first, with its search index."""
    from reader.library.papers import listing

    states = row_states(conn, now, config, tz)
    rows: list[PaperRow] = []
    index_rows: list[tuple] = []
    for p in listing(conn):
        rows.append(_row(p.id, p.title, p.first_author_surname, p.year, p.added, p.kind, states))
        index_rows.append(_index_row(p.id, p.title, p.authors, p.tags, p.kind))
    return LibraryView(rows, index_rows)


def newest_rows(conn: sqlite3.Connection, now: datetime, config: Config, tz: tzinfo | None = None,
                limit: int = 100) -> tuple[list[PaperRow], int]:
    """The `limit` papers added last, newest first, and how many the library holds: the first
    screenful, painted before the whole library is loaded (one query on the `added` index)."""
    states = row_states(conn, now, config, tz)
    total = conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    found = conn.execute("SELECT id, title, authors, published, added, kind FROM papers "
                         "ORDER BY added DESC, id DESC LIMIT ?", (limit,))
    rows = []
    for pid, title, authors, published, added, kind in found:
        names = json.loads(authors or "[]")
        rows.append(_row(pid, title, _surname(names[0] if names else None), (published or "")[:4],
                         added, kind, states))
    return rows, total


def rows_for(conn: sqlite3.Connection, ids: Iterable[str], now: datetime, config: Config,
             tz: tzinfo | None = None) -> tuple[list[PaperRow], list[tuple], set[str]]:
    """Table rows and index rows of the papers `ids` as stored now, and the ids no longer in the
    library: what changed after an import, a removal, new tags or a pass."""
    from reader.library.papers import get

    states = row_states(conn, now, config, tz)
    rows, index_rows, missing = [], [], set()
    for pid in dict.fromkeys(ids):
        p = get(conn, pid)
        if p is None:
            missing.add(pid)
            continue
        rows.append(_row(p.id, p.title, _surname(p.authors[0] if p.authors else None),
                         (p.published or "")[:4], p.added, p.kind, states))
        index_rows.append(_index_row(p.id, p.title, p.authors, p.tags, p.kind))
    return rows, index_rows, missing


def library_ids(conn: sqlite3.Connection) -> set[str]:
    """The id of every paper (a cheap check for papers added or removed elsewhere)."""
    return {pid for (pid,) in conn.execute("SELECT id FROM papers")}


def paper_statuses(conn: sqlite3.Connection) -> dict[str, str]:
    """Status per paper id, from its passes (papers absent from the answer are unread)."""
    from reader.reading import passes

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
    """A page's text with the PDF's line breaks joined into paragraphs (`reader.text.pdf.pdfclean.reflow`)."""
    from reader.text.pdf.pdfclean import reflow

    return reflow(text)


# -- cards from notes ------------------------------------------------------------------------


def card_preview(paper, draft) -> list:
    """The cards these (unsaved) notes would make: `reader.reading.cardgen.specs_for`."""
    from reader.reading.cardgen import specs_for

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
    from reader.library.papers import valid_tag

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
    from reader.library.papers import delete

    return delete(conn, data_dir, paper_id, now)
