"""Study items and units from the TUI, as the CLI's `add --kind` and `unit` verbs do them: the
Add screen's form for an item of another kind, the Units screen (from Stats or the palette),
and a palette entry for each."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest

from reader.library import papers as library
from reader.reading import passes
from reader.reading import units

from .conftest import NOW
from .test_library_add import settle


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


async def fill(pilot, app, **values: str) -> None:
    for name, value in values.items():
        app.screen.query_one(f"#form-{name}").value = value
    await pilot.pause()


async def test_the_add_screen_adds_a_course_and_its_lecture(make, seeded):
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", "ctrl+n")
        assert type(app.screen).__name__ == "Form"
        await fill(pilot, app, kind="course", title="NYU Deep Learning (Spring 2021)", parts="15",
                   by="Yann LeCun; Alfredo Canziani", url="https://atcold.github.io/NYU-DLSP21/")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        course = library.get(seeded, "nyu-deep-learning")
        assert course is not None and course.kind == "course" and course.parts == 15
        assert course.authors == ("Yann LeCun", "Alfredo Canziani")
        assert any("nyu-deep-learning" in n.message for n in app._notifications)
        # bad input: one line in the form, everything kept, nothing written
        await pilot.press("ctrl+n")
        await fill(pilot, app, kind="lecture", title="NYU DL 5L: Energy-based models",
                   part_of="no-such-course", part="5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "Form"
        assert "no-such-course" in str(app.screen.query_one("#form-error").render())
        assert app.screen.query_one("#form-title").value == "NYU DL 5L: Energy-based models"
        assert seeded.execute("SELECT count(*) FROM papers WHERE kind = 'lecture'").fetchone()[0] == 0
        await fill(pilot, app, part_of="nyu-deep-learning")
        await pilot.press("enter")   # Enter in a field submits too
        await settle(app, pilot)
        lecture = [p for p in library.all_papers(seeded) if p.kind == "lecture"]
        assert len(lecture) == 1 and lecture[0].part_of == "nyu-deep-learning" and lecture[0].part == 5
        assert type(app.screen).__name__ == "AddScreen"


async def test_a_unit_made_planned_and_changed_from_stats(make, seeded):
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("s")
        await settle(app, pilot)
        await pilot.press("u")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "UnitsScreen"
        await pilot.press("n")
        assert type(app.screen).__name__ == "Form"
        await fill(pilot, app, start="2026-11-20", days="10", goals="paper=3 lecture=2")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        (unit,) = units.all_units(seeded)
        assert unit.first == date(2026, 11, 20) and unit.days == 10
        assert unit.goals == {"paper": 3, "lecture": 2}
        await pilot.press("p")
        await pilot.press(*"1211.3711 1706.03762", "enter")
        await settle(app, pilot)
        passes.finish(seeded, "1211.3711", 1, NOW - timedelta(hours=1))
        report = units.report(seeded, unit, NOW.date())
        assert [p.id for p in report.planned] == ["1211.3711", "1706.03762"]
        await pilot.press("x", *"1706.03762", "enter")            # off the plan
        await settle(app, pilot)
        await pilot.press("g", "ctrl+u", *"paper=1 book=1", "enter")   # goals: the whole list
        await settle(app, pilot)
        unit = units.get(seeded, unit.number)
        assert unit.goals == {"paper": 1, "book": 1}
        app.screen.reload()
        await pilot.pause()
        shown = str(app.screen.query_one("#units-text").render())
        assert "papers: 1/1" in shown and "✓ met" in shown and "1706.03762" not in shown
        await pilot.press("p", *"no-such-item", "enter")           # one line, nothing planned
        await settle(app, pilot)
        assert any(n.severity == "error" for n in app._notifications)
        await pilot.press("d", "y")
        await settle(app, pilot)
        assert units.all_units(seeded) == []


async def test_the_palette_has_an_entry_for_each_form(make, seeded):
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for entry in ("item: add a lecture", "item: add a course", "item: add a book section",
                      "item: add code", "item: add a post", "unit: units and their goals"):
            assert entry in titles
        app.open_screen("units")
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "unit: new" in titles


async def test_the_pass_key_on_a_course_records_a_part(make, seeded):
    """Issue 19: `pass COURSE --part N` has a form in the TUI: ctrl+n on a course asks which
    part, the first not done filled in; a bad answer says so and records nothing; an empty one
    is the whole course's next time through."""
    from reader.library import items
    from reader.library.items import part_item, progress

    course = items.add_item(seeded, "course", "NYU Deep Learning", NOW - timedelta(days=1),
                            parts=3)
    app = make()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(app, pilot)
        app.open_screen("paper", paper_id=course.id)
        await settle(app, pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert type(app.screen).__name__ == "Ask"
        assert app.screen.query_one("#ask-input").value == "1"
        await pilot.press("enter")
        await settle(app, pilot)
        assert str(progress(seeded, course.id)) == "1/3"
        assert part_item(seeded, course.id, 1).part_of == course.id
        assert any("1/3 parts done" in n.message for n in app._notifications)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.query_one("#ask-input").value == "2"   # the next one not done
        await pilot.press("ctrl+u", *"five", "enter")
        await settle(app, pilot)
        assert any(n.severity == "error" and "five" in n.message for n in app._notifications)
        assert str(progress(seeded, course.id)) == "1/3"
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+u", "3", "enter")
        await settle(app, pilot)
        assert str(progress(seeded, course.id)) == "2/3" and part_item(seeded, course.id, 3)
        assert passes.for_paper(seeded, course.id) == []
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("ctrl+u", "enter")                       # empty: the whole course
        await settle(app, pilot)
        assert [p.number for p in passes.for_paper(seeded, course.id)] == [1]
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "pass: a part done" in titles
