"""Study items that are not papers: lectures, courses, book sections, code, posts.

They are rows of `papers` with a `kind` (migration 7), so notes, TODOs, cards, tags, search,
the journal and the exports treat them as they treat papers. This module adds what only they
have: being made from a title (`paperdeck add --kind lecture --title ...`), numbered parts of
a course or a book, and "times through" instead of reading passes (see reader.library.kinds).

A course's part is an item of its own (kind lecture for a course), so it has its notes and
cards; marking part 5 watched (`paperdeck pass COURSE --part 5`) makes that item when it does
not exist yet. A course whose every part is watched is finished by the same write.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from reader import clock, item_ids
from reader.library import kinds
from reader.library import papers as library
from reader.store.db import transaction
from reader.errors import UsageError
from reader.models import Paper
from reader.text.textsafe import one_line

MAX_TITLE = 500
MAX_PARTS = 1000
_URL = re.compile(r"[a-z][a-z0-9+.-]*://\S+", re.I)


def check_url(url: str | None) -> str | None:
    if url is None:
        return None
    url = one_line(url)
    if not url:
        return None
    if not _URL.fullmatch(url) or len(url) > 2000:
        raise UsageError(f"not a URL: {url[:80]!r}; give it whole, e.g. https://example.org/talk")
    return url


def split_names(text: str | None) -> tuple[str, ...]:
    """`--by "Yann LeCun; Alfredo Canziani"`: names separated by ';' (or by ',')."""
    if not text:
        return ()
    sep = ";" if ";" in text else ","
    return tuple(n for n in (one_line(x) for x in text.split(sep)) if n)


def _taken(conn: sqlite3.Connection):
    return lambda key: library.exists(conn, key)


def _check_count(value: int | None, what: str) -> int | None:
    if value is not None and not 1 <= value <= MAX_PARTS:
        raise UsageError(f"{what} must be between 1 and {MAX_PARTS}, not {value}")
    return value


def add_item(conn: sqlite3.Connection, kind: str, title: str, now: datetime, *,
             url: str | None = None, by: Iterable[str] = (), parts: int | None = None,
             part_of: str | None = None, part: int | None = None, item_id: str | None = None,
             tags: Iterable[str] = ()) -> Paper:
    """Add one item; every value is checked first (UsageError, nothing written)."""
    kind = kinds.parse(kind)
    if kind == "paper":
        raise UsageError("a paper is added by its arXiv id or its PDF: paperdeck add 1211.3711 "
                         "(or add FILE.pdf); --kind names the other kinds: "
                         + ", ".join(kinds.NAMES[1:]))
    title = one_line(title)
    if not title:
        raise UsageError("an item needs a title: --title TEXT")
    if len(title) > MAX_TITLE:
        raise UsageError(f"a title of {len(title)} characters is too long (at most {MAX_TITLE})")
    url = check_url(url)
    _check_count(parts, "--parts")
    _check_count(part, "--part")
    if parts is not None and kind not in kinds.WITH_PARTS:
        raise UsageError(f"only a course or a book has parts, not a {kind}")
    parent = None
    if part_of is not None:
        parent = library.require(conn, part_of)
        part = _check_part(conn, parent, part, title)
    elif part is not None:
        raise UsageError("--part N goes with --part-of COURSE")
    authors = tuple(one_line(a) for a in by if one_line(a)) or (parent.authors if parent else ())
    if item_id is not None:
        item_id = item_id.strip()
        if not item_ids.is_item_id(item_id):
            raise UsageError(f"not a usable id: {item_id!r}; an id is lower-case letters, digits "
                             f"and '-', starting with a letter, at most {item_ids.MAX_LEN} long")
        if library.exists(conn, item_id):
            raise UsageError(f"the id {item_id} is taken: {library.get(conn, item_id).title}")
    tags = [library.valid_tag(t) for t in tags]
    # A section of a book is BOOK-N (N its part number); any other item is named by its title.
    base = item_ids.part_id(parent.id, part) if parent is not None and parent.kind == "book" \
        else None
    with transaction(conn):
        key = item_id or item_ids.new_id(title, kind, _taken(conn), base)
        item = Paper(id=key, title=title, authors=authors, added=clock.iso(now), kind=kind,
                     url=url, parts=parts, part_of=parent.id if parent else None,
                     part=part if parent else None, tags=tuple(dict.fromkeys(tags)))
        library.insert(conn, item)
    return library.get(conn, key)  # type: ignore[return-value]


def _check_part(conn: sqlite3.Connection, parent: Paper, part: int | None, title: str,
                item_id: str | None = None) -> int:
    """The part number an item takes in `parent`: `part`, else the section number its title
    names (`… — 2. Linear Algebra`), else the next one; UsageError when `parent` has no parts
    or that number is past its parts or held by another item."""
    if parent.kind not in kinds.WITH_PARTS:
        raise UsageError(f"{parent.id} is a {parent.kind}; only a course or a book has parts")
    if part is None:
        section = item_ids.section_of(title)
        part = int(section[1]) if section and section[1].isdigit() else next_part(conn, parent.id)
        _check_count(part, "the part number")
    if parent.parts is not None and part > parent.parts:
        raise UsageError(f"{parent.id} has {parent.parts} parts; part {part} is not one of "
                         f"them (change it with: paperdeck edit {parent.id} --parts N)")
    holder = part_item(conn, parent.id, part)
    if holder is not None and holder.id != item_id:
        raise UsageError(f"{parent.id} already has part {part}: {holder.id}  {holder.title}")
    return part


def set_part_of(conn: sqlite3.Connection, item: Paper, parent_id: str | None,
                part: int | None = None) -> Paper:
    """Make `item` part `part` of `parent_id` (a book's sections added before the book; the
    number by default from the item's title, as `add --part-of` takes it), or of nothing
    (`parent_id` ''). Its id stays: ids are what a user has typed and written down."""
    if not parent_id:
        if part is not None:
            raise UsageError("--part N goes with --part-of BOOK")
        library.update_fields(conn, item.id, part_of=None, part=None)
        return library.get(conn, item.id)  # type: ignore[return-value]
    _check_count(part, "--part")
    parent = library.require(conn, parent_id)
    if parent.id == item.id:
        raise UsageError(f"{item.id} cannot be a part of itself")
    if parent.part_of == item.id:
        raise UsageError(f"{parent.id} is a part of {item.id}; it cannot also hold it")
    if item.is_paper:
        raise UsageError(f"{item.id} is a paper; a course or a book has lectures and sections")
    with transaction(conn):
        number = _check_part(conn, parent, part, item.title, item.id)
        library.update_fields(conn, item.id, part_of=parent.id, part=number)
    return library.get(conn, item.id)  # type: ignore[return-value]


def check_parts(conn: sqlite3.Connection, item: Paper, parts: int) -> int:
    """A new number of parts for a course or book: at least its highest part."""
    if item.kind not in kinds.WITH_PARTS:
        raise UsageError(f"only a course or a book has parts, not a {item.kind}")
    _check_count(parts, "--parts")
    top = next_part(conn, item.id) - 1
    if parts < top:
        raise UsageError(f"{item.id} has a part {top}; it cannot have only {parts} parts")
    return parts


# -- parts ----------------------------------------------------------------------------------

def parts_of(conn: sqlite3.Connection, parent_id: str) -> list[Paper]:
    """The items that are parts of `parent_id`, by part number."""
    ids = [r[0] for r in conn.execute(
        "SELECT id FROM papers WHERE part_of = ? ORDER BY part, added, id", (parent_id,))]
    return [library.get(conn, i) for i in ids]  # type: ignore[misc]


def part_item(conn: sqlite3.Connection, parent_id: str, number: int) -> Paper | None:
    row = conn.execute("SELECT id FROM papers WHERE part_of = ? AND part = ? ORDER BY added, id",
                       (parent_id, number)).fetchone()
    return library.get(conn, row[0]) if row else None


def next_part(conn: sqlite3.Connection, parent_id: str) -> int:
    top = conn.execute("SELECT max(part) FROM papers WHERE part_of = ?", (parent_id,)).fetchone()[0]
    return (top or 0) + 1


@dataclass(frozen=True)
class Progress:
    done: int          # parts with a finished pass
    total: int         # the parent's `parts`, else the parts it has

    def __str__(self) -> str:
        return f"{self.done}/{self.total}"


def progress_all(conn: sqlite3.Connection) -> dict[str, Progress]:
    """Parts done of every course or book that has parts, in one query."""
    rows = conn.execute("""
        SELECT p.id, p.parts,
               (SELECT count(DISTINCT c.part) FROM papers c WHERE c.part_of = p.id AND EXISTS (
                    SELECT 1 FROM passes s WHERE s.paper_id = c.id AND s.finished IS NOT NULL)),
               (SELECT count(DISTINCT c.part) FROM papers c WHERE c.part_of = p.id)
        FROM papers p WHERE p.kind IN ('course', 'book')""")
    return {pid: Progress(done, parts or known) for pid, parts, done, known in rows
            if parts or known}


def progress(conn: sqlite3.Connection, parent_id: str) -> Progress | None:
    return progress_all(conn).get(parent_id)
