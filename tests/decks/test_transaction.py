"""transaction(): a COMMIT that fails leaves no transaction open behind it."""

from __future__ import annotations

import sqlite3

import pytest

from decks.db import transaction


def test_a_failed_commit_is_rolled_back_so_later_writes_are_committed(conn, db_path):
    # A deferred constraint fails at COMMIT, as a full disk can; SQLite then keeps the
    # transaction open. Left open, the next transaction() nested in it as a savepoint and
    # its writes were never committed (a review answered after a full disk, lost on exit).
    conn.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    conn.execute("CREATE TABLE child (parent_id INTEGER REFERENCES parent(id) "
                 "DEFERRABLE INITIALLY DEFERRED)")
    with pytest.raises(sqlite3.IntegrityError):
        with transaction(conn):
            conn.execute("INSERT INTO child VALUES (42)")
    assert not conn.in_transaction
    with transaction(conn):
        conn.execute("INSERT INTO parent VALUES (1)")
    other = sqlite3.connect(db_path)
    assert other.execute("SELECT count(*) FROM parent").fetchone()[0] == 1
    assert other.execute("SELECT count(*) FROM child").fetchone()[0] == 0
    other.close()
