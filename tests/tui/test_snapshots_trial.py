"""Snapshots at 80x24 of what issue 19 changed in the layout: Stats' numbers and workload mark,
the Units screen, the form of `add --kind`, a lecture's Paper screen, a past day's Journal."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from tests.waiting import settled, steady_cursors

from reader.library import items
from reader.reading import units
from reader.store import db
from tests.tui_review import seed


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


@pytest.fixture
def trial(tui_paths):
    conn = db.open_library(tui_paths)
    seed.seed_papers(conn)
    seed.seed_cards(conn)
    seed.simulate(conn, 40)
    seed.seed_passes(conn)
    lecture = items.add_item(conn, "lecture", "NYU DL 5L: Energy-based models",
                             seed.NOW - timedelta(days=3))
    unit = units.create(conn, seed.NOW.date() - timedelta(days=2), 10,
                        {"paper": 2, "lecture": 3}, seed.NOW - timedelta(days=3))
    units.plan(conn, unit.number, ["1211.3711", lecture.id], seed.NOW - timedelta(days=2))
    yield conn
    conn.close()


async def _settle(pilot):
    await pilot.app.workers.wait_for_complete()
    await settled(pilot)
    steady_cursors(pilot.app)


def test_stats_80x24(snap_compare, make, trial):
    assert snap_compare(make(screen="stats"), terminal_size=(80, 24), run_before=_settle)


def test_stats_workload_80x24(snap_compare, make, trial):
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("end")
        await settled(pilot)
        steady_cursors(pilot.app)

    assert snap_compare(make(screen="stats"), terminal_size=(80, 24), run_before=run_before)


def test_units_80x24(snap_compare, make, trial):
    assert snap_compare(make(screen="units"), terminal_size=(80, 24), run_before=_settle)


def test_add_item_form_80x24(snap_compare, make, trial):
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("ctrl+n")
        await settled(pilot)
        steady_cursors(pilot.app)

    assert snap_compare(make(screen="add"), terminal_size=(80, 24), run_before=run_before)


def test_lecture_paper_80x24(snap_compare, make, trial):
    assert snap_compare(make(screen="paper", paper_id="nyu-dl-5l"), terminal_size=(80, 24),
                        run_before=_settle)
