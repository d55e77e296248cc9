"""The Reading queue keeps its place: after an action the cursor is on the paper it was on (or on
the next row when that paper left the queue), and each change names the paper it changed."""

from __future__ import annotations

from datetime import timedelta

from reader.models import Paper
from reader.reading import queue as reading_queue

from .conftest import NOW, seed_papers
from .test_library_add import settle

TITLES = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf"]
IDS = [f"2001.0000{n}" for n in range(1, len(TITLES) + 1)]


def seed(conn) -> None:
    # added one day apart, the first the oldest: the queue shows them in this order
    seed_papers(conn, [Paper(id=i, version=1, latest_version=1, title=f"{t} paper", authors=("A. B",),
                             published="2020-01-01T00:00:00Z",
                             added=(NOW - timedelta(days=30 - n)).strftime("%Y-%m-%dT%H:%M:%SZ"))
                       for n, (i, t) in enumerate(zip(IDS, TITLES))])


def highlighted(screen) -> str:
    return screen.items[screen.query_one("#queue-list").highlighted].paper_id


def messages(app) -> list[str]:
    return [n.message.lower() for n in app._notifications]


async def test_snooze_leaves_the_cursor_on_the_next_row_and_names_the_paper(make, home):
    from reader.store import db

    conn = db.open_library(make().paths)
    seed(conn)
    reading_queue.set_priority(conn, IDS[5], "high", NOW - timedelta(days=40))
    order = [IDS[5]] + IDS[:5] + IDS[6:]   # the high one first, then by age
    app = make(screen="queue")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert [i.paper_id for i in screen.items] == order
        await pilot.press("down", "down", "down", "down", "z")   # the fifth: Delta
        await settle(app, pilot)
        assert order[4] not in [i.paper_id for i in screen.items]
        assert highlighted(screen) == order[5]  # Echo, the row after it, not the first row
        assert any(order[4] in m and "delta paper" in m and "snoozed" in m for m in messages(app))
        await pilot.press("p")  # acts on Echo, and says so
        await settle(app, pilot)
        assert reading_queue.get(conn, order[5]).priority == "high"
        assert reading_queue.get(conn, IDS[5]).priority == "high"  # the first row untouched
        assert any(order[5] in m and "echo paper" in m and "high priority" in m
                   for m in messages(app))
        assert highlighted(screen) == order[5]  # it moved up the queue: the cursor went with it
    conn.close()


async def test_a_change_keeps_the_cursor_on_its_paper(make, home):
    from reader.store import db

    conn = db.open_library(make().paths)
    seed(conn)
    app = make(screen="queue")
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("down", "down", "down")               # Delta
        await pilot.press("p")                                  # normal -> high: moves to the top
        await settle(app, pilot)
        assert [i.paper_id for i in screen.items][0] == IDS[3]
        assert highlighted(screen) == IDS[3]
        await pilot.press("p")                                  # high -> low: to the bottom
        await settle(app, pilot)
        assert [i.paper_id for i in screen.items][-1] == IDS[3]
        assert highlighted(screen) == IDS[3]
        assert reading_queue.get(conn, IDS[3]).priority == "low"
        await pilot.press("b", *"+3", "enter")
        await settle(app, pilot)
        assert highlighted(screen) == IDS[3]
        assert reading_queue.get(conn, IDS[3]).read_by == "2026-11-24"
        assert any(IDS[3] in m and "delta paper" in m and "read by 2026-11-24" in m
                   for m in messages(app))
        await pilot.press("end", "z")                           # the last row leaves
        await settle(app, pilot)
        assert highlighted(screen) == [i.paper_id for i in screen.items][-1]  # the row above
    conn.close()
