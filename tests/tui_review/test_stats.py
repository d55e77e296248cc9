"""The Stats screen: seeded reviews and passes, a pinned clock; what it computes and shows."""

from __future__ import annotations

from datetime import timedelta

from reader.tui import deck_data as dd
from reader.tui.widgets.bars import DueBars, hbar
from reader.tui.widgets.heatmap import ReviewHeatmap, level_of, levels
from tests.waiting import settled

from . import seed


def seeded(conn) -> int:
    seed.seed_papers(conn)
    seed.seed_cards(conn, seed.NOW - timedelta(days=200))
    n = seed.simulate(conn, 200)
    # One more answer yesterday, so the streak does not hang on the simulation's last days
    # (which siblings buried for the day can leave empty).
    from decks.reviews import answer

    card = seed.seed_hand_card(conn, "yesterday", "back", now=seed.NOW - timedelta(days=2))
    answer(conn, card, 3, seed.NOW - timedelta(days=1))
    seed.seed_passes(conn)
    return n + 1


def test_load_stats(rv_paths, conn):
    from reader import config as config_mod

    n = seeded(conn)
    s = dd.load_stats(conn, seed.NOW, config_mod.load(rv_paths), seed.UTC)
    assert sum(s.heatmap.values()) == n and len(s.heatmap) == 365
    assert len(s.forecast) == 30 and s.today == seed.NOW.date()
    assert s.goal_papers == 2 and s.goal_days == 10
    assert [p.by_pass for p in s.periods][-1] == (0, 1, 1)   # pass 2 of Adam, pass 3 of 1706
    assert sum(sum(p.by_pass) for p in s.periods) == 8
    assert s.periods[-1].last == s.today and (s.periods[-1].last - s.periods[-1].first).days == 9
    assert s.streak >= 1 and s.reviews_today == 0
    assert s.retention_total > 0


def test_goal_from_config(home, conn):
    from reader import config as config_mod
    from reader.store import paths as paths_mod

    (home / "config.yaml").write_text("reading:\n  goal_papers: 3\n  goal_days: 7\n")
    seeded(conn)
    s = dd.load_stats(conn, seed.NOW, config_mod.load(paths_mod.resolve(home)), seed.UTC)
    assert (s.goal_papers, s.goal_days) == (3, 7)
    assert all((p.last - p.first).days == 6 for p in s.periods)


def test_levels_and_bars():
    assert levels([]) == [1, 1, 1, 1]
    b = levels([0, 1, 2, 3, 4, 5, 6, 7, 8])
    assert level_of(0, b) == 0 and level_of(1, b) == 1 and level_of(8, b) == 4
    assert hbar(0, 4, 10) == "" and hbar(4, 4, 10) == "█" * 10 and hbar(1, 4, 10) == "██▌"


async def test_stats_screen_renders_and_scrolls_at_80x24(make, conn):
    seeded(conn)
    app = make(screen="stats")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        screen = app.screen
        assert type(screen).__name__ == "StatsScreen"
        assert screen.stats is not None
        heat = screen.query_one(ReviewHeatmap)
        assert heat.size.width <= 80 and "Mon" in str(heat.render())
        assert "due in 30 days" in str(screen.query_one(DueBars).render())
        body = screen.query_one("#stats-body")
        assert body.max_scroll_y > 0          # more than fits: it scrolls
        await pilot.press("r")
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        await pilot.press("s")
        await settled(pilot)
        await pilot.press("r")                 # from the review's stats, r goes back to it
        await settled(pilot)
        assert type(app.screen).__name__ == "ReviewScreen"
        assert len([s for s in app.screen_stack if type(s).__name__ == "StatsScreen"]) == 1


async def test_stats_screen_uses_a_wide_terminal(make, conn):
    seeded(conn)
    app = make(screen="stats")
    async with app.run_test(size=(160, 40)) as pilot:
        await settled(pilot)
        screen = app.screen
        assert screen.has_class("-wide")
        due, reading = screen.query_one("#stats-due"), screen.query_one("#stats-reading")
        assert due.region.y == reading.region.y      # side by side
        assert screen.query_one("#stats-body").max_scroll_y == 0


async def test_heatmap_rows_line_up_week_by_week(make, conn):
    """Every weekday row starts in the same column and has one cell per past day: the year's
    first week (which starts on a Saturday here) is not one column left for Sat and Sun."""
    seeded(conn)
    for width in (80, 140):
        app = make(screen="stats")
        async with app.run_test(size=(width, 40)) as pilot:
            await settled(pilot)
            lines = str(app.screen.query_one(ReviewHeatmap).render()).split("\n")[1:8]
            starts = {len(line) - len(line[4:].lstrip()) for line in lines}
            assert starts == {4}, lines
            cell = 2 if lines[0][5] == " " else 1
            counts = [len(line[4:].rstrip()[::cell]) for line in lines]
            today = seed.NOW.date().weekday()       # Saturday: Sunday's last cell is to come
            assert counts[:today + 1] == [counts[0]] * (today + 1), counts
            assert counts[today + 1:] == [counts[0] - 1] * (6 - today), counts


async def test_calibration_chart_and_workload_panel(make, conn):
    from decks.stats import calibration

    from reader.tui.widgets.calibration import CalibrationChart
    from reader.tui.widgets.workload import WorkloadPanel

    seeded(conn)
    cal = calibration(conn)
    app = make(screen="stats")
    async with app.run_test(size=(140, 60)) as pilot:
        await settled(pilot)
        chart = str(app.screen.query_one(CalibrationChart).render()).splitlines()
        assert len(chart) == len(cal.bins) + 3
        for line, b in zip(chart[1:], cal.bins):          # one bar per band, its ┃ marker
            assert line.startswith(f"{b.low:.2f}–{b.high:.2f}") and "┃" in line
            assert line.split()[-2] == f"{b.actual:.0%}" and line.split()[-1] == f"{b.count:,}"
        assert f"log loss {cal.log_loss:.3f}" in chart[-2]
        panel = str(app.screen.query_one(WorkloadPanel).render())
        assert [line.lstrip("▸ ").split()[0] for line in panel.splitlines()[1:5]] == [
            "0.80", "0.85", "0.90", "0.95"]
        assert panel.splitlines()[3].startswith("▸")   # yours, marked where it is never cut
