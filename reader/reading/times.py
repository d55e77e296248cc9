"""Times through a study item that is not a paper: a course's or a book's parts watched or read
(made when missing; the last one finishes the whole), and the next time through a bare
`paperdeck pass ITEM` means. Passes themselves are reader.reading.passes."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from reader import item_ids
from reader.errors import UsageError
from reader.library import kinds
from reader.library import papers as library
from reader.library.items import _check_count, add_item, part_item, progress
from reader.models import Paper
from reader.reading import passes
from reader.store.db import transaction


def watch_part(conn: sqlite3.Connection, parent_id: str, number: int, now: datetime,
               start_only: bool = False) -> tuple[Paper, bool]:
    """Mark part `number` of a course (or book) done (or only started): its item, made when
    missing. Finishing the last part finishes the course. Returns (the part, course finished)."""
    parent = library.require(conn, parent_id)
    if parent.kind not in kinds.WITH_PARTS:
        raise UsageError(f"{parent.id} is a {parent.kind}; --part goes with a course or a book")
    _check_count(number, "--part")
    if parent.parts is not None and number > parent.parts:
        raise UsageError(f"{parent.id} has {parent.parts} parts; there is no part {number}")
    with transaction(conn):
        item = part_item(conn, parent.id, number)
        if item is None:
            wanted = f"{parent.id}-{number}"
            key = wanted if (len(wanted) <= item_ids.MAX_LEN and not library.exists(conn, wanted)) \
                else None
            item = add_item(conn, kinds.WITH_PARTS[parent.kind], f"{parent.title} — part {number}",
                            now, part_of=parent.id, part=number, item_id=key)
        if start_only:
            if not passes.for_paper(conn, item.id):
                passes.start(conn, item.id, 1, now)
            return item, False
        if not any(p.done for p in passes.for_paper(conn, item.id)):
            passes.finish(conn, item.id, 1, now)
        done = progress(conn, parent.id)
        finished = False
        if done is not None and parent.parts and done.done >= parent.parts \
                and not any(p.done for p in passes.for_paper(conn, parent.id)):
            passes.finish(conn, parent.id, 1, now)
            finished = True
    return item, finished


def next_time(conn: sqlite3.Connection, item_id: str) -> int:
    """The pass a bare `paperdeck pass ITEM` means: the one in progress, else the next time
    through (1 the first time, 2 and 3 again). UsageError after the third."""
    found = passes.for_paper(conn, item_id)
    open_ = [p.number for p in found if not p.done]
    if open_:
        return min(open_)
    n = max((p.number for p in found), default=0) + 1
    if n > 3:
        raise UsageError(f"{item_id} has been through three times already, the most recorded; "
                         f"'paperdeck pass {item_id} 3 --undo' forgets the third")
    return n

