"""Citation keys: stable, unique, ASCII, and the paper's for good once exported.

A key is the first author's family name folded to ASCII, the year and the first significant
title word: `graves2012sequence`. The first BibTeX export that sees a paper stores its key
(table `citation_keys`, migration 6); from then on the key never changes, whatever happens to
the paper's metadata or to other papers: removing a paper whose key collided does not rename
the others, because every `\\cite` of them would break. A paper without a stored key gets the
base key, or on a collision the next free suffix `a`, `b`, ..., in the order papers were added.

A merge of two libraries (`paperdeck import yaml`) can bring two papers holding one key; the one
that held it first keeps it, the other gets the next free suffix, and the export says so.
"""

from __future__ import annotations

import re
import sqlite3
import string
from collections.abc import Iterable
from datetime import datetime

from reader.models import Paper
from reader.text.textsafe import one_line
from reader.exports.bibtex import family_name
from reader.exports.latex import fold_ascii

# Words skipped when picking the title word of a key.
STOPWORDS = frozenset(
    "a an the on of in for to and or with without from by at via as is are be do does how what "
    "why when where which towards toward into onto over under about beyond using its their our "
    "we you your this that these those can not no new".split()
)


def _ascii_word(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold_ascii(text).lower())


def base_key(paper: Paper) -> str:
    author = _ascii_word(family_name(paper.authors[0])) if paper.authors else ""
    year = paper.year if paper.year.isdigit() else ""
    word = ""
    for token in re.split(r"[\s\-/:]+", one_line(paper.title)):
        w = _ascii_word(token)
        if w and w not in STOPWORDS and not w.isdigit():
            word = w
            break
    key = (author or "anon") + year + word
    if not key[0].isalpha():
        key = "x" + key
    return key


def suffix(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa, ..."""
    letters = string.ascii_lowercase
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = letters[r] + out
    return out


def choose(papers: Iterable[Paper], stored: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Paper id -> key for `papers` (the whole library), keeping the `stored` keys (paper id ->
    key, in the order they were given out). Returns the keys and one line for each stored key
    that had to change because another paper held it first (only after a merge)."""
    ordered = sorted(papers, key=lambda p: (p.added, p.id))
    ids = {p.id for p in ordered}
    keys: dict[str, str] = {}
    used: set[str] = set()
    for pid, key in stored.items():
        if pid in ids and key not in used:
            keys[pid] = key
            used.add(key)
    notes = []
    for paper in ordered:
        if paper.id in keys:
            continue
        base = key = base_key(paper)
        n = 0
        while key in used:
            key = base + suffix(n)
            n += 1
        used.add(key)
        keys[paper.id] = key
        if paper.id in stored:
            notes.append(f"{paper.id} had the citation key {stored[paper.id]!r}, which another "
                         f"paper holds since a merge; it is now {key!r}")
    return keys, notes


def assign(conn: sqlite3.Connection, papers: Iterable[Paper], now: datetime) -> tuple[dict[str, str], list[str]]:
    """The keys of every paper in the library (`papers`), each stored for good as it is given
    out. One transaction: two exports at once agree."""
    from reader import clock
    from reader.store.db import transaction

    with transaction(conn):
        stored = {r[0]: r[1] for r in conn.execute(
            "SELECT paper_id, key FROM citation_keys ORDER BY created, paper_id")}
        keys, notes = choose(papers, stored)
        changed = [(pid, key, clock.iso(now)) for pid, key in keys.items()
                   if stored.get(pid) != key]
        conn.executemany("INSERT INTO citation_keys (paper_id, key, created) VALUES (?, ?, ?) "
                         "ON CONFLICT (paper_id) DO UPDATE SET key = excluded.key, "
                         "created = excluded.created", changed)
    return keys, notes
