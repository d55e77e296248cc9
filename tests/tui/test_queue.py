"""The Reading queue screen, the library's "in progress" filter, pass 3 before pass 2."""

from __future__ import annotations

from datetime import timedelta

from reader.reading import passes
from reader.reading import queue as reading_queue
from tests.waiting import settled

from .conftest import NOW
from .test_library_add import settle


async def test_queue_screen_orders_and_changes_plans(make, seeded):
    passes.start(seeded, "1412.6980", 1, NOW - timedelta(days=1))     # in progress
    reading_queue.set_priority(seeded, "2101.00001", "high", NOW - timedelta(days=9))
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("escape", "n")   # from the filter to the table, then n: the queue
        await settle(app, pilot)
        assert type(app.screen).__name__ == "QueueScreen"
        screen = app.screen
        # in progress, then high priority, then by age (1211.3711 added first)
        assert [i.paper_id for i in screen.items] == ["1412.6980", "2101.00001", "1211.3711",
                                                      "1706.03762"]
        await pilot.press("down", "down", "p")      # 1211.3711: normal -> high
        await settle(app, pilot)
        assert reading_queue.get(seeded, "1211.3711").priority == "high"
        assert [i.paper_id for i in screen.items][:3] == ["1412.6980", "1211.3711", "2101.00001"]
        await pilot.press("z")                      # snooze the highlighted one (1211.3711)
        await settle(app, pilot)
        assert "1211.3711" not in [i.paper_id for i in screen.items]
        await pilot.press("b", *"2026-11-25", "enter")
        await settle(app, pilot)
        current = screen.current.paper_id
        assert reading_queue.get(seeded, current).read_by == "2026-11-25"
        await pilot.press("enter")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "PaperScreen" and app.screen.paper_id == current


async def test_library_status_filter_has_in_progress(make, seeded):
    passes.start(seeded, "1706.03762", 2, NOW)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("escape", "f")
        table = app.screen.query_one("PaperTable")
        assert app.screen.shown.status == "in progress"
        assert [r.id for r in table.rows] == ["1706.03762"]


async def test_pass_3_before_pass_2_asks_first(make, seeded):
    app = make(screen="paper", paper_id="1211.3711")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.screen.change_pass("finish", 3)
        await settled(pilot)
        assert type(app.screen).__name__ == "Confirm"
        await pilot.press("n")
        await settle(app, pilot)
        assert passes.for_paper(seeded, "1211.3711") == []
        app.screen.change_pass("finish", 3)
        await settled(pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert passes.status(seeded, "1211.3711") == "pass 3"
