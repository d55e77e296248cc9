"""The keys the README names work from where the Library opens, and its footer shows them.

The screen opens with the table focused: single keys act (a adds, f status, l journal, r
review, s stats, n next, q quits); `/` starts a filter, and so does any other letter typed."""

from __future__ import annotations

import pytest

from .test_library_add import settle

README_KEYS = {"a": "Add", "l": "Journal", "r": "Review", "s": "Stats", "n": "Next",
               "q": "Quit", "slash": "Filter"}   # f (status) and o, t, d: in the palette
SCREENS = {"a": "AddScreen", "l": "JournalScreen", "r": "ReviewScreen", "s": "StatsScreen",
           "n": "QueueScreen"}


def footer(app) -> dict[str, str]:
    return {k.key: k.description for k in app.screen.query("FooterKey")}


@pytest.mark.parametrize("width", [80, 120])
async def test_the_footer_shows_the_readme_keys_where_the_screen_opens(make, seeded, width):
    app = make()
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(app, pilot)
        shown = footer(app)
        assert {k: shown.get(k) for k in README_KEYS} == README_KEYS
        keys = list(app.screen.query("FooterKey"))
        edge = next(k.region.x for k in keys if k.key == "ctrl+p")
        for key in keys:   # each whole, clear of the palette's key at the right
            assert key.key == "ctrl+p" or key.region.right <= edge, (key.key, key.region, edge)


@pytest.mark.parametrize("key", sorted(SCREENS))
async def test_each_readme_key_works_at_once(make, seeded, key):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press(key)
        await settle(app, pilot)
        assert type(app.screen).__name__ == SCREENS[key]
        for _ in range(3):   # back (the Journal's first escape leaves its entry box)
            await pilot.press("escape")
            await settle(app, pilot)
            if type(app.screen).__name__ == "LibraryScreen":
                break
        assert type(app.screen).__name__ == "LibraryScreen"   # the keys work again from here
        await pilot.press(key)
        await settle(app, pilot)
        assert type(app.screen).__name__ == SCREENS[key]


async def test_typing_filters_and_escape_comes_back_to_the_keys(make, seeded):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("PaperTable")
        await pilot.press("slash", *"attention")      # / then words: the filter
        assert [r.id for r in table.rows][0] == "1706.03762"
        await pilot.press("escape")                   # back to the table; the rows stay filtered
        assert table.has_focus and table.row_count == 1
        await pilot.press(*"graves")                  # a letter no key uses starts a new filter
        assert app.screen.shown.query == "graves"
        assert [r.id for r in table.rows] == ["1211.3711"]
        await pilot.press("enter")                    # opens the paper; back: the table again
        await settle(app, pilot)
        assert type(app.screen).__name__ == "PaperScreen"
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen.query_one("PaperTable").has_focus
        await pilot.press("a")
        assert type(app.screen).__name__ == "AddScreen"


async def test_after_quitting_the_palette_the_keys_still_work(make, seeded):
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")
        await settle(app, pilot)
        assert type(app.screen).__name__ == "QueueScreen"
