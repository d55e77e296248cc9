"""The Stats screen with units (issue 10): the current unit's goals as bars, a table of the
units over, in place of the rolling `reading.goal_days` periods."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reader.reading import passes
from reader.reading import units
from reader.library import items
from reader.reading import times
from reader.tui import deck_data as dd
from tests.waiting import settled

from . import seed


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """Units run over local days; here those are UTC days, as the app's pinned tz says."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


def seed_units(conn):
    """Unit 1 (over) met its one paper goal; unit 2 holds today (2026-11-21, day 6 of 10)."""
    seed.seed_papers(conn)
    t = seed.NOW
    one = units.create(conn, date(2026, 11, 6), 10, {"paper": 1, "lecture": 1}, t - timedelta(days=16))
    two = units.create(conn, date(2026, 11, 16), 10, {"paper": 2, "lecture": 3, "book": 1},
                       t - timedelta(days=6))
    passes.finish(conn, "1211.3711", 1, t - timedelta(days=12))        # unit 1
    course = items.add_item(conn, "course", "NYU Deep Learning", t - timedelta(days=20), parts=15)
    for n, days_ago in ((5, 4), (6, 3)):
        times.watch_part(conn, course.id, n, t - timedelta(days=days_ago))   # unit 2: 2 lectures
    passes.finish(conn, "1706.03762", 1, t - timedelta(days=2))        # unit 2: 1 paper
    passes.start(conn, "1412.6980", 1, t - timedelta(days=1))          # unit 2: started
    units.plan(conn, two.number, ["1412.6980", "1706.03762"], t - timedelta(days=6))
    return one, two


def test_load_stats_reports_the_current_unit_and_those_over(rv_paths, conn):
    from reader import config as config_mod

    seed_units(conn)
    s = dd.load_stats(conn, seed.NOW, config_mod.load(rv_paths), seed.UTC)
    assert s.unit.unit.number == 2 and s.unit.days_left == 5
    goals = {g.kind: (len(g.done), g.goal, len(g.started)) for g in s.unit.goals}
    assert goals == {"paper": (1, 2, 1), "lecture": (2, 3, 0), "book": (0, 1, 0)}
    assert [(p.unit.number, p.met) for p in s.past_units] == [(1, False)]   # no lecture in 1
    assert [(p.id, p.status) for p in s.unit.planned] == [("1412.6980", "started"),
                                                          ("1706.03762", "done")]


def test_without_units_the_rolling_periods_stay(rv_paths, conn):
    from reader import config as config_mod

    seed.seed_papers(conn)
    s = dd.load_stats(conn, seed.NOW, config_mod.load(rv_paths), seed.UTC)
    assert s.unit is None and s.past_units == [] and len(s.periods) == 6


async def test_the_screen_shows_the_unit(make, conn):
    seed_units(conn)
    app = make(screen="stats")
    async with app.run_test(size=(140, 40)) as pilot:
        await settled(pilot)
        title = str(app.screen.query_one("#stats-reading-title").render())
        body = str(app.screen.query_one("#stats-periods").render())
        assert title == "Unit 2: 16 Nov–25 Nov · 5 days left"
        assert "lectures" in body and " 2/3" in body and "+1 started" in body
        assert "Past units" in body and "Unit 1   06 Nov–15 Nov  papers 1/1 · lectures 0/1" in body


def test_stats_with_units_snapshot(snap_compare, make, conn):
    pytest.importorskip("pytest_textual_snapshot")
    seed_units(conn)

    async def loaded(pilot):
        await settled(pilot)

    assert snap_compare(make(screen="stats"), run_before=loaded, terminal_size=(140, 40))


def test_stats_with_units_80x24(snap_compare, make, conn):
    pytest.importorskip("pytest_textual_snapshot")
    seed_units(conn)

    async def loaded(pilot):
        await settled(pilot)
        await pilot.press("end")             # the unit's goals, below the forecast at 80x24
        await settled(pilot)

    assert snap_compare(make(screen="stats"), run_before=loaded, terminal_size=(80, 24))
