"""Fixtures for the decks tests: a real SQLite file with the full schema, a pinned clock."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from decks.clock import iso
from reader.store.db import connect, migrate

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=timezone.utc)  # 11:00 in Berlin, a Tuesday
BERLIN = ZoneInfo("Europe/Berlin")
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "paperdeck.db"
    conn = connect(path)
    migrate(conn)
    conn.close()
    return path


@pytest.fixture
def conn(db_path):
    c = connect(db_path)
    yield c
    c.close()


def set_state(conn, card_id, *, state, due, last_review, stability=10.0, difficulty=5.0, step=None):
    """Put a card straight into a scheduling state (test setup only)."""
    conn.execute(
        "UPDATE cards SET state=?, due=?, last_review=?, stability=?, difficulty=?, step=?,"
        " reps=reps+1 WHERE id=?",
        (state, iso(due), iso(last_review), stability, difficulty, step, card_id),
    )
