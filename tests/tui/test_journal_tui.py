"""The Journal screen (issue 10): the day's log and today's entry, written in the TUI."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from reader.reading import journal
from reader.reading import notes
from reader.reading import passes
from reader.reading import units
from reader.library import items
from tests.waiting import settled

from .conftest import NOW


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """Local days are UTC days here, as the app's pinned tz says."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


def seed_day(conn):
    lecture = items.add_item(conn, "lecture", "NYU DL 5L: Energy-based models", NOW - timedelta(days=3))
    passes.finish(conn, lecture.id, 1, NOW - timedelta(hours=2))          # today 07:00
    passes.start(conn, "1211.3711", 1, NOW - timedelta(days=1))           # yesterday
    notes.save(conn, "1211.3711", NOW - timedelta(hours=1), what="A transducer [b]x[/b]")
    journal.add(conn, "EBMs: confusing [i]at first[/i]", NOW.date(), NOW - timedelta(minutes=30),
                item=lecture.id)
    units.create(conn, NOW.date() - timedelta(days=2), 10, {"paper": 2, "lecture": 3},
                 NOW - timedelta(days=3))
    return lecture


async def settle(app, pilot):
    await settled(pilot)


def entries(conn):
    return [(e.day, e.text) for e in journal.between(conn)]


async def test_write_todays_entry_from_the_library(make, seeded):
    seed_day(seeded)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("escape", "l")               # to the table, then the Journal
        screen = app.screen
        assert type(screen).__name__ == "JournalScreen"
        log = str(screen.query_one("#journal-lines").render())
        assert "07:00  watched  NYU DL 5L: Energy-based models" in log
        assert "08:00  wrote notes  Sequence Transduction" in log
        assert "08:30  ✎ EBMs: confusing [i]at first[/i]  (NYU DL 5L" in log
        assert "started pass 1" not in log                       # that was yesterday
        assert str(screen.query_one("#journal-unit").render()) == \
            "Unit 1: day 3 of 10 · papers 0/2 · lectures 1/3"
        await pilot.press(*"Read the Graves paper again; clearer now", "ctrl+s")
        await settle(app, pilot)
        assert entries(seeded)[-1] == ("2026-11-21", "Read the Graves paper again; clearer now")
        assert "✎ Read the Graves paper again" in str(screen.query_one("#journal-lines").render())
        assert screen.query_one("#journal-entry").text == ""


async def test_days_before_and_an_entry_left_in_the_box_is_kept(make, seeded):
    seed_day(seeded)
    app = make(screen="journal")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("escape", "left_square_bracket")       # out of the box; a day back
        screen = app.screen
        assert "2026-11-20" in str(screen.query_one("#journal-day").render())
        assert "started pass 1  Sequence Transduction" in str(
            screen.query_one("#journal-lines").render())
        await pilot.press("right_square_bracket", "right_square_bracket")   # no further than today
        assert "2026-11-21" in str(screen.query_one("#journal-day").render())
        await pilot.press("left_square_bracket", "e", *"Backfilled", "escape", "escape")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "LibraryScreen"
    assert ("2026-11-20", "Backfilled") in entries(seeded)


async def test_quitting_with_text_in_the_box_keeps_it(make, seeded):
    app = make(screen="journal")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"typed, then ctrl+q")
        await pilot.press("ctrl+q")
    assert entries(seeded) == [("2026-11-21", "typed, then ctrl+q")]


async def test_a_signal_stores_the_entry(make, seeded):
    app = make(screen="journal")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"killed")
        app.save_open_notes()                                     # what SIGTERM runs first
        assert entries(seeded) == [("2026-11-21", "killed")]
        assert app.screen.query_one("#journal-entry").text == ""
    assert entries(seeded) == [("2026-11-21", "killed")]         # once, not twice


def test_journal_snapshot(snap_compare, make, seeded):
    seed_day(seeded)

    async def run_before(pilot):
        await pilot.app.workers.wait_for_complete()
        await pilot.press(*"Second pass through Graves '12 Transduction.")
        await settled(pilot)

    assert snap_compare(make(screen="journal"), terminal_size=(100, 24), run_before=run_before)
