"""The library repository: papers and tags in SQLite. Takes a connection, returns models."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from reader import ids
from reader.store.db import transaction
from reader.errors import NotFound, UsageError
from reader.item_ids import is_item_id
from reader.models import Paper

_COLUMNS = (
    "id, version, latest_version, title, authors, abstract, categories, primary_category, "
    "published, updated, doi, journal_ref, comment, added, pdf_path, pdf_status, "
    "kind, url, parts, part_of, part"
)
_NCOLS = 21


def _row_to_paper(row: sqlite3.Row | tuple, tags: Iterable[str] = ()) -> Paper:
    """A row of `_COLUMNS` (positional: this runs 10,000 times for `list --json`)."""
    (pid, version, latest, title, authors, abstract, categories, primary, published, updated,
     doi, journal_ref, comment, added, pdf_path, pdf_status, kind, url, parts, part_of,
     part) = tuple(row)[:_NCOLS]
    return Paper(pid, title, tuple(json.loads(authors)), abstract, version, latest,
                 tuple(json.loads(categories)), primary, published, updated, doi, journal_ref,
                 comment, tuple(tags), added, pdf_path, pdf_status, kind, url, parts, part_of,
                 part)


def _tags_of(conn: sqlite3.Connection, paper_id: str | None = None) -> dict[str, list[str]]:
    """Tags by paper (one query for the whole library, or for one paper)."""
    found: dict[str, list[str]] = {}
    rows = (conn.execute("SELECT paper_id, tag FROM tags ORDER BY paper_id, tag") if paper_id is None
            else conn.execute("SELECT paper_id, tag FROM tags WHERE paper_id = ? ORDER BY tag",
                              (paper_id,)))
    for pid, tag in rows:
        found.setdefault(pid, []).append(tag)
    return found


def get(conn: sqlite3.Connection, paper_id: str) -> Paper | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM papers WHERE id = ?", (paper_id,)).fetchone()
    return _row_to_paper(row, _tags_of(conn, paper_id).get(paper_id, ())) if row else None


def key_for(text: str) -> str:
    """The library key for what a user typed: any arXiv id form, a `local:` key, or the id of
    an item that is not a paper (reader.item_ids)."""
    return ids.library_key(text)


def require(conn: sqlite3.Connection, text: str) -> Paper:
    """The paper or item a user named (any accepted form), or NotFound with what to do."""
    key = key_for(text)
    paper = get(conn, key)
    if paper is None:
        if is_item_id(key):  # a word naming nothing: bad input, as a malformed arXiv id is
            raise UsageError(f"no item {key!r} in the library, nor is it an arXiv id; "
                             "'paperdeck list' shows the ids")
        raise NotFound(f"{key} is not in the library; add it with: paperdeck add {key}")
    return paper


def all_papers(conn: sqlite3.Connection, tag: str | None = None,
               kinds: Iterable[str] | None = None) -> list[Paper]:
    """Every paper and item, oldest added first; only those carrying `tag`, and only those of
    `kinds`, if given."""
    where, args = [], []
    if tag:
        where.append("id IN (SELECT paper_id FROM tags WHERE tag = ?)")
        args.append(tag)
    if kinds is not None:
        kinds = list(kinds)
        where.append(f"kind IN ({', '.join('?' * len(kinds))})")
        args += kinds
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM papers {clause} ORDER BY added, id", args)
    tags = _tags_of(conn)
    return [_row_to_paper(r, tags.get(r[0], ())) for r in rows]


class ListRow:
    """What a listing line, the TUI's table and the fuzzy match need of a paper (`listing`)."""

    __slots__ = ("id", "title", "authors", "tags", "published", "added", "kind")

    def __init__(self, id, title, authors, tags, published, added, kind="paper"):
        self.id, self.title, self.authors, self.tags = id, title, authors, tags
        self.published, self.added, self.kind = published, added, kind

    @property
    def year(self) -> str:
        return (self.published or "")[:4]

    @property
    def first_author_surname(self) -> str:
        names = json.loads(self.authors[0])  # decoded only for the rows that are shown
        parts = names[0].split() if names else []
        return parts[-1] if parts else ""


def listing(conn: sqlite3.Connection, tag: str | None = None) -> list[ListRow]:
    """Papers with only what a listing needs, oldest added first: two queries, no abstracts,
    no JSON decoding up front (`authors` is a one-item tuple holding the stored JSON text,
    which is all the fuzzy match needs), so `list` and the TUI stay fast on a large library."""
    tags = _tags_of(conn)
    where = "WHERE id IN (SELECT paper_id FROM tags WHERE tag = ?)" if tag else ""
    rows = conn.execute(
        f"SELECT id, title, authors, published, added, kind FROM papers {where} "
        "ORDER BY added, id", (tag,) if tag else ())
    return [ListRow(pid, title, (authors,), tuple(tags.get(pid, ())), published, added, kind)
            for pid, title, authors, published, added, kind in rows]


def exists(conn: sqlite3.Connection, paper_id: str) -> bool:
    return conn.execute("SELECT 1 FROM papers WHERE id = ?", (paper_id,)).fetchone() is not None


def insert(conn: sqlite3.Connection, paper: Paper) -> None:
    """Add a new paper (its tags too). The caller holds the transaction."""
    values = (
        paper.id, paper.version, paper.latest_version, paper.title,
        json.dumps(list(paper.authors), ensure_ascii=False), paper.abstract,
        json.dumps(list(paper.categories)), paper.primary_category, paper.published,
        paper.updated, paper.doi, paper.journal_ref, paper.comment, paper.added,
        paper.pdf_path, paper.pdf_status, paper.kind, paper.url, paper.parts, paper.part_of,
        paper.part,
    )
    # A plain paper leaves the item columns (migration 7) to their defaults, so this also
    # writes into a library of an older schema (tests build those).
    n = _NCOLS if values[16:] != ("paper", None, None, None, None) else 16
    columns = ", ".join(_COLUMNS.split(", ")[:n])
    conn.execute(f"INSERT INTO papers ({columns}) VALUES ({', '.join('?' * n)})", values[:n])
    conn.executemany(
        "INSERT OR IGNORE INTO tags (paper_id, tag) VALUES (?, ?)", [(paper.id, t) for t in paper.tags]
    )


def update_fields(conn: sqlite3.Connection, paper_id: str, **fields: object) -> None:
    """Set some columns of one paper (e.g. pdf_status, latest_version, title)."""
    allowed = set(_COLUMNS.split(", ")) - {"id", "added"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"unknown paper fields: {sorted(unknown)}")
    values = {k: json.dumps(list(v), ensure_ascii=False) if k in ("authors", "categories") else v
              for k, v in fields.items()}
    assignments = ", ".join(f"{k} = ?" for k in values)
    with transaction(conn):
        conn.execute(f"UPDATE papers SET {assignments} WHERE id = ?", (*values.values(), paper_id))


def valid_tag(tag: str) -> str:
    from reader.limits import check_text

    tag = check_text(tag.strip(), "a tag", "a tag is one short word")   # the one limit (TUI paste)
    if not tag or any(c.isspace() or not c.isprintable() for c in tag) or tag[0] in "+-":
        raise UsageError(f"not a usable tag: {tag!r}; tags are single words without spaces")
    return tag


def change_tags(conn: sqlite3.Connection, paper_id: str, add: Iterable[str], remove: Iterable[str]) -> None:
    add, remove = [valid_tag(t) for t in add], [valid_tag(t) for t in remove]
    with transaction(conn):
        conn.executemany("INSERT OR IGNORE INTO tags VALUES (?, ?)", [(paper_id, t) for t in add])
        conn.executemany("DELETE FROM tags WHERE paper_id = ? AND tag = ?", [(paper_id, t) for t in remove])


def delete(conn: sqlite3.Connection, data_dir: Path, paper_id: str, now: datetime) -> int:
    """Remove a paper with its notes, TODOs, passes and page text (foreign keys cascade) and
    its PDF. Its cards are suspended, not deleted: their review history is kept, and they come
    back if the paper and its notes do. Returns how many cards were suspended."""
    from decks.cards import suspend_group

    paper = get(conn, paper_id)
    if paper is None:
        return 0
    with transaction(conn):
        suspended = suspend_group(conn, paper_id, now)
        conn.execute("DELETE FROM papers WHERE id = ?", (paper_id,))
        # An older import could let a second spelling of an id in (`hep-th_9711200` beside
        # `hep-th/9711200`), sharing one file: that file stays while a paper still uses it.
        shared = paper.pdf_path is not None and conn.execute(
            "SELECT 1 FROM papers WHERE pdf_path = ?", (paper.pdf_path,)).fetchone() is not None
    if paper.pdf_path and not shared:  # after the commit: a crash leaves a PDF, not a lost paper
        (data_dir / paper.pdf_path).unlink(missing_ok=True)
    from reader.text.html.html_store import remove_figures

    remove_figures(data_dir / "papers", paper.id)  # its HTML went with the row; its figures too
    return suspended


def to_json(paper: Paper, pdf_abspath: str | None) -> dict:
    """The `--json` shape of a paper (list/show); other parts of paperdeck add keys to it."""
    return {
        "id": paper.id,
        "version": paper.version,
        "latest_version": paper.latest_version,
        "title": paper.title,
        "authors": list(paper.authors),
        "abstract": paper.abstract,
        "categories": list(paper.categories),
        "primary_category": paper.primary_category,
        "published": paper.published,
        "updated": paper.updated,
        "doi": paper.doi,
        "journal_ref": paper.journal_ref,
        "comment": paper.comment,
        "tags": list(paper.tags),
        "added": paper.added,
        "pdf": pdf_abspath,
        "pdf_status": paper.pdf_status,
        "kind": paper.kind,
        "url": paper.url,
        "parts": paper.parts,
        "part_of": paper.part_of,
        "part": paper.part,
    }
