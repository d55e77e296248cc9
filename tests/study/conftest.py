"""Study items, units and the journal: the CLI at a pinned clock, in UTC (so that local days
are the dates written in the tests)."""

from __future__ import annotations

import time

import pytest


@pytest.fixture
def at(cli, home, monkeypatch):
    """Run the CLI at a pinned time: at("2022-02-01T21:00", "journal", ...)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()

    def run(when: str, *args: str) -> tuple[int, str, str]:
        monkeypatch.setenv("PAPERDECK_NOW", when + ":00+00:00")
        return cli(*args)

    yield run
    monkeypatch.delenv("TZ")
    time.tzset()


def rows(home, sql: str, *args) -> list[tuple]:
    from reader.store.db import connect

    conn = connect(home / "paperdeck.db")
    try:
        return [tuple(r) for r in conn.execute(sql, args)]
    finally:
        conn.close()
