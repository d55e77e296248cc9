"""SQLite helpers shared by both halves of paperdeck (reader imports them from here)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import count

_savepoints = count()


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """All-or-nothing writes. Takes the write lock at once (BEGIN IMMEDIATE) so that two
    processes queue up (busy timeout) instead of failing half-way; nests as a savepoint."""
    if conn.in_transaction:
        name = f"sp{next(_savepoints)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield conn
        except BaseException:
            conn.execute(f"ROLLBACK TO {name}")
            conn.execute(f"RELEASE {name}")
            raise
        conn.execute(f"RELEASE {name}")
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except BaseException:
        # A COMMIT that fails (a full disk, a deferred constraint) may leave the transaction
        # open: left so, the next transaction() would nest in it as a savepoint and never be
        # committed. Roll it back: the caller hears of the failure, nothing half-done stays.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
