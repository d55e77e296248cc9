"""Items of every kind in the TUI (issue 10): the library's Kind column and kind filter, the
fuzzy filter finding an item by its kind, and the Paper screen of a lecture."""

from __future__ import annotations

from datetime import timedelta

from reader.reading import notes
from reader.reading import passes
from reader.library import items
from tests.waiting import settled

from .conftest import NOW


def seed_items(conn):
    course = items.add_item(conn, "course", "NYU Deep Learning (Spring 2021)", NOW - timedelta(days=3),
                            by=("Yann LeCun", "Alfredo Canziani"), parts=15,
                            url="https://atcold.github.io/NYU-DLSP21/")
    lecture = items.add_item(conn, "lecture", "NYU DL 5L: Energy-based models",
                             NOW - timedelta(days=2), part_of=course.id, part=5,
                             url="https://atcold.github.io/NYU-DLSP21/en/week05/05-1/")
    items.add_item(conn, "book", "Math for ML — 2. Linear Algebra", NOW - timedelta(days=1))
    passes.finish(conn, lecture.id, 1, NOW - timedelta(hours=5))
    notes.save(conn, lecture.id, NOW - timedelta(hours=4),
               what="Energy-based models: a scalar energy for each (x, y) pair.")
    return course, lecture


async def settle(app, pilot):
    await settled(pilot)


async def test_kind_column_and_kind_filter(make, seeded):
    seed_items(seeded)
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("PaperTable")
        assert table.show_kind and table.row_count == 7
        by_id = {r.id: r for r in table.rows}
        assert (by_id["nyu-dl-5l"].kind, by_id["nyu-dl-5l"].status_label) == ("lecture", "done")
        assert by_id["nyu-deep-learning"].status_label == "1/15"
        assert by_id["1211.3711"].status_label == "unread"
        await pilot.press("escape")         # to the table, where single keys act
        await pilot.press("t")              # kind: paper
        assert {r.kind for r in table.rows} == {"paper"} and table.row_count == 4
        await pilot.press("t")              # kind: lecture
        assert [r.id for r in table.rows] == ["nyu-dl-5l"]
        await pilot.press("t", "t", "t")    # course, book, all
        assert table.row_count == 7
        await pilot.press("slash", *"lecture")   # the kind is a word the filter finds
        assert table.rows[0].id == "nyu-dl-5l"


async def test_a_library_of_papers_has_no_kind_column(make, seeded):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("PaperTable")
        assert not table.show_kind
        assert app.screen.check_action("cycle_kind", ()) is False


async def test_the_paper_screen_of_a_lecture(make, seeded):
    seed_items(seeded)
    app = make(screen="paper", paper_id="nyu-dl-5l")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        meta = str(app.screen.query_one("#paper-meta").render())
        assert "lecture, part 5 of nyu-deep-learning" in meta
        assert "https://atcold.github.io/NYU-DLSP21/en/week05/05-1/" in meta and "PDF" not in meta
        assert "First time ✓" in str(app.screen.query_one("#paper-passes").render())
        assert app.screen.check_action("open_pdf", ()) is False
        cards = str(app.screen.query_one("#paper-cards").render())
        assert "What does the lecture NYU DL 5L: Energy-based models" in cards.replace("*", "")


def test_library_with_items_snapshot(snap_compare, make, seeded):
    seed_items(seeded)

    async def run_before(pilot):
        await settled(pilot)

    assert snap_compare(make(), terminal_size=(120, 20), run_before=run_before)
