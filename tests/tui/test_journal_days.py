"""The Journal screen on the days of a trial: a bulk import is one line, a past day's header
shows that day's unit progress, and "1 day ago"."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from reader.library import items
from reader.models import Paper
from reader.reading import passes
from reader.reading import units
from reader.store import db

from .conftest import NOW, seed_papers


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


def stamp(at) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def seed(conn):
    yesterday = NOW - timedelta(days=1)
    # A list of 1,098 papers imported yesterday at 10:00, a second apart or so ...
    seed_papers(conn, [Paper(id=f"2301.{n:05d}", version=1, title=f"Synthetic paper {n}",
                             authors=("A. B",), added=stamp(yesterday + timedelta(seconds=n // 3)))
                       for n in range(1, 1099)])
    # ... and, by hand that day, one paper and a lecture
    seed_papers(conn, [Paper(id="1211.3711", version=1, title="Sequence Transduction",
                             authors=("Alex Graves",), added=stamp(yesterday + timedelta(hours=3)))])
    lecture = items.add_item(conn, "lecture", "NYU DL 5L: Energy-based models",
                             yesterday + timedelta(hours=4))
    units.create(conn, yesterday.date(), 10, {"paper": 2, "lecture": 3}, yesterday)
    passes.finish(conn, "1211.3711", 1, yesterday + timedelta(hours=5))   # in the unit, yesterday
    passes.finish(conn, lecture.id, 1, NOW - timedelta(hours=1))          # today
    return lecture


def shown(app, widget: str) -> str:
    return str(app.screen.query_one(widget).render())


async def test_a_past_day_shows_its_own_progress_and_a_bulk_import_is_one_line(make, tui_paths):
    conn = db.open_library(tui_paths)
    seed(conn)
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.open_screen("journal")
        await pilot.pause()
        assert "today" in shown(app, "#journal-day")
        assert "lectures 1/3" in shown(app, "#journal-unit")           # today: the lecture done
        await pilot.press("escape", "left_square_bracket")             # yesterday
        await pilot.pause()
        assert "1 day ago" in shown(app, "#journal-day")
        unit = shown(app, "#journal-unit")
        assert "day 1 of 10" in unit and "papers 1/2" in unit and "lectures 0/3" in unit
        lines = shown(app, "#journal-lines").splitlines()
        bulk = [line for line in lines if "1,098" in line]
        assert len(bulk) == 1 and "added 1,098 papers" in bulk[0], lines[:5]
        assert not any("Synthetic paper" in line for line in lines)
        # what was added by hand keeps its own line, with its title
        assert any("added" in line and "Sequence Transduction" in line for line in lines)
        assert any("added" in line and "Energy-based models" in line for line in lines)
        assert len(lines) < 10
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "2 days ago" in shown(app, "#journal-day")
        assert shown(app, "#journal-unit") == ""                        # before the unit began
    conn.close()
