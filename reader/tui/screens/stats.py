"""Stats: a year of reviews as a heatmap, cards due in the next 30 days, true retention, the
daily-review streak, and reading: the current unit's goals as bars with a table of the units
over (reader.reading.units), or, while there are no units, papers finished per pass in
`reading.goal_days` periods against the goal (`reading.goal_papers`). Loaded in a worker: on a
million reviews it takes a few hundred ms.

Review honesty, in sections of their own: today's queue counted as `paperdeck due` and the Review
header count it; calibration (predicted recall before each review against what happened) as a
chart; and the workload a desired retention costs, a year simulated with fsrs-rs-python (its
own worker)."""

from __future__ import annotations

from collections.abc import Iterable

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.content import Content
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from reader.tui import deck_data as dd
from reader.tui.widgets.bars import DueBars, hbar
from reader.tui.widgets.calibration import CalibrationChart
from reader.tui.widgets.heatmap import ReviewHeatmap
from reader.tui.widgets.workload import WorkloadPanel

PERIOD_BAR = 14


class StatsScreen(Screen):
    """Review and reading statistics."""

    SCOPED_CSS = False
    DEFAULT_CSS = """
    #stats-body {
        padding: 0 1;
    }
    #stats-numbers {
        margin: 1 0 0 0;
    }
    .stats-heading {
        margin: 1 0 0 0;
        color: $text-primary;
        text-style: bold;
    }
    /* A pair of panels: one above the other, side by side when wide (the first takes
       what the second leaves). */
    .stats-pair {
        height: auto;
        layout: vertical;
    }
    .stats-pair > Vertical {
        height: auto;
    }
    StatsScreen.-wide .stats-pair {
        layout: horizontal;
    }
    StatsScreen.-wide .stats-pair > Vertical.-first {
        width: 1fr;
        margin-right: 2;
    }
    StatsScreen.-wide #stats-reading {
        width: auto;
    }
    #stats-periods {
        width: auto;
    }
    StatsScreen.-wide #stats-workload {
        width: 62;
    }
    #stats-held {
        color: $text-muted;
    }
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (112, "-wide")]

    BINDINGS = [
        Binding("r", "review", "Review", id="stats.review"),
        Binding("g", "reload", "Refresh", id="stats.reload"),
        Binding("u", "units", "Units", id="stats.units"),
        Binding("q,escape", "close", "Back", id="stats.back"),
    ]

    class Loaded(Message):
        def __init__(self, stats: dd.Stats) -> None:
            super().__init__()
            self.stats = stats

    class CalibrationLoaded(Message):
        def __init__(self, calibration) -> None:
            super().__init__()
            self.calibration = calibration

    class WorkloadLoaded(Message):
        def __init__(self, workload) -> None:
            super().__init__()
            self.workload = workload

    def __init__(self) -> None:
        super().__init__()
        self.stats: dd.Stats | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="stats-top", classes="screen-title"):
            yield Static("Stats", id="stats-title", classes="title")
            yield Static("", id="stats-headline", classes="title-info")
        with VerticalScroll(id="stats-body"):
            yield Static("loading…", id="stats-numbers")
            yield Static("", id="stats-held")
            yield Static("Reviews, past year", classes="stats-heading")
            yield ReviewHeatmap(id="stats-heatmap")
            with Horizontal(id="stats-row", classes="stats-pair"):
                with Vertical(id="stats-due", classes="-first"):
                    yield Static("Due, next 30 days", classes="stats-heading")
                    yield DueBars(id="stats-bars")
                with Vertical(id="stats-reading"):
                    yield Static("Reading", id="stats-reading-title", classes="stats-heading")
                    yield Static("", id="stats-periods")
            with Horizontal(id="stats-honesty", classes="stats-pair"):
                with Vertical(id="stats-calibration", classes="-first"):
                    yield Static("Calibration: predicted recall against recall",
                                 classes="stats-heading")
                    yield CalibrationChart(id="stats-calibration-chart")
                with Vertical(id="stats-workload"):
                    yield Static("Workload: a year at each desired retention",
                                 classes="stats-heading")
                    yield WorkloadPanel(id="stats-workload-panel")
        yield Footer()

    def on_mount(self) -> None:
        if self.app.exiting:
            return  # a key typed while quitting pushed this screen: nothing to show
        self.set_focus(self.query_one("#stats-body"))
        self.action_reload()

    def on_screen_resume(self) -> None:
        if self.app.exiting:
            return
        if self.stats is not None:
            self.action_reload()

    def _read(self, load, loaded: type[Message]) -> None:
        """In a worker thread: `load(conn)` on the thread's own connection, posted as `loaded`."""
        conn = self.app.thread_connection()
        try:
            data = load(conn)
        finally:
            conn.close()
        self.post_message(loaded(data))

    @work(thread=True, exclusive=True, group="stats-load", exit_on_error=False)
    def _load(self) -> None:
        app = self.app
        self._read(lambda conn: dd.load_stats(conn, app.now(), app.config, app.tz), self.Loaded)

    @work(thread=True, exclusive=True, group="stats-calibration", exit_on_error=False)
    def _load_calibration(self) -> None:
        self._read(lambda conn: dd.load_calibration(conn, self.app.config), self.CalibrationLoaded)

    def on_stats_screen_calibration_loaded(self, message: CalibrationLoaded) -> None:
        self.query_one(CalibrationChart).set_data(message.calibration)

    @work(thread=True, exclusive=True, group="stats-workload", exit_on_error=False)
    def _load_workload(self) -> None:
        self._read(lambda conn: dd.load_workload(conn, self.app.config), self.WorkloadLoaded)

    def on_stats_screen_workload_loaded(self, message: WorkloadLoaded) -> None:
        panel = self.query_one(WorkloadPanel)
        if message.workload is None:
            panel.set_message("No cards yet: nothing to simulate.")
        elif self.stats is not None:
            panel.set_data(message.workload, self.stats.desired_retention)
        else:
            from reader.reading.reviewing import deck_settings

            panel.set_data(message.workload,
                           deck_settings(self.app.conn, self.app.config).desired_retention)

    def on_stats_screen_loaded(self, message: Loaded) -> None:
        s = self.stats = message.stats
        total = sum(s.heatmap.values())
        self.query_one(ReviewHeatmap).set_data(s.heatmap, s.today)
        self.query_one(DueBars).set_data(s.forecast, s.today)
        self.query_one("#stats-numbers", Static).update(self._numbers(s))
        held = self._held(s)
        self.query_one("#stats-held", Static).update(held)
        self.query_one("#stats-held").display = bool(held.plain)
        self.query_one("#stats-headline", Static).update(
            Content.styled(f"{total} review{'s' if total != 1 else ''} in the past year", "$text-muted"))
        if s.unit is not None:
            self.query_one("#stats-reading-title", Static).update(self._unit_title(s.unit))
            self.query_one("#stats-periods", Static).update(self._unit(s))
            return
        self.query_one("#stats-reading-title", Static).update(
            f"Papers finished per {s.goal_days} days (goal {s.goal_papers})")
        self.query_one("#stats-periods", Static).update(self._periods(s))

    # -- rendering ----------------------------------------------------------------------------

    @staticmethod
    def _numbers(s: dd.Stats) -> Content:
        parts: list = [("Streak ", "$text-muted"),
                       (f"{s.streak} day{'s' if s.streak != 1 else ''}", "bold")]
        if s.streak and not s.reviews_today:
            parts.append((" (review today to keep it)", "$text-muted"))
        # One line each: together they are wider than 120 columns, and wrapped at 80 they broke
        # "True / retention" across lines.
        parts += [("\nToday ", "$text-muted"), (f"{s.reviews_today} done", "bold")]
        if s.plan is not None:
            p = s.plan
            parts += [(" · to do ", "$text-muted"),
                      (f"{p.new} new, {p.learning} learning, {p.review} review", "bold")]
        parts += [("\nTrue retention, 30 days ", "$text-muted")]
        if s.retention is None:
            parts.append(("none yet", "bold"))
        else:
            parts += [(f"{s.retention:.1%}", "bold"),
                      (f" of {s.retention_total} (target {s.desired_retention:.0%})", "$text-muted")]
        return Content.assemble(*parts)

    def _held(self, s: dd.Stats) -> Content:
        """The cards today's queue holds back, in the words `review --plain` uses."""
        from reader.reading.reviewing import deck_settings, held_back_lines

        if s.plan is None:
            return Content("")
        lines = held_back_lines(s.plan, deck_settings(self.app.conn, self.app.config))
        return Content("\n".join(line[:1].upper() + line[1:] + "." for line in lines))

    @staticmethod
    def _periods(s: dd.Stats) -> Content:
        parts: list = []
        top = max([s.goal_papers, *(p.papers for p in s.periods)]) or 1
        for i, p in enumerate(s.periods):
            current = i == len(s.periods) - 1
            label = f"{p.first:%d %b}–{p.last:%d %b}"
            parts.append((f"{label:<15}", "bold" if current else ""))
            met = bool(s.goal_papers) and p.papers >= s.goal_papers
            bar = hbar(p.papers, top, PERIOD_BAR)
            parts.append((f"{bar:<{PERIOD_BAR}}", "$success" if met else "$primary"))
            parts.append(f" {p.papers:>2}")
            parts.append((" ✓" if met else "  ", "$success"))
            p1, p2, p3 = p.by_pass
            parts.append((f"  p1 {p1} · p2 {p2} · p3 {p3}", "$text-muted"))
            if current:
                parts.append(("  now", "$text-muted italic"))
            parts.append("\n")
        parts.append(("papers that finished a pass; p1-p3: passes finished", "$text-muted"))
        return Content.assemble(*parts)

    @staticmethod
    def _unit_title(r) -> str:
        u = r.unit
        when = {"current": f"{r.days_left} day{'s' if r.days_left != 1 else ''} left",
                "upcoming": f"starts {u.first:%d %b}", "past": "over"}[r.state]
        return f"{u.name}: {u.first:%d %b}–{u.last:%d %b} · {when}"

    @staticmethod
    def _unit(s: dd.Stats) -> Content:
        """The current unit's goals as bars (done of goal), then the units over."""
        from reader.library.kinds import get as kind

        r = s.unit
        parts: list = []
        width = max((len(kind(g.kind).plural) for g in r.goals), default=6)
        for g in r.goals:
            done = len(g.done)
            parts.append(f"{kind(g.kind).plural:<{width}}  ")
            bar = hbar(done, g.goal or done or 1, PERIOD_BAR)
            parts.append((bar, "$success" if g.met else "$primary"))
            parts.append(("·" * (PERIOD_BAR - len(bar)), "$text-muted"))   # what is left to do
            count = f"{done}/{g.goal}" if g.goal is not None else f"{done}"
            parts.append(f" {count:>5}")
            parts.append((" ✓" if g.met else "  ", "$success"))
            if g.started:
                parts.append((f"  +{len(g.started)} started", "$text-muted"))
            parts.append("\n")
        if not r.goals:
            parts.append(("no goals: paperdeck unit goal "
                          f"{r.unit.number} paper=3 lecture=3\n", "$text-muted"))
        if r.planned:
            done = sum(p.status == "done" for p in r.planned)
            parts.append((f"planned {done}/{len(r.planned)} done\n", "$text-muted"))
        if s.past_units:
            parts.append(("\nPast units\n", "bold"))
            for p in s.past_units:
                parts.append(f"{p.unit.name:<8} {p.unit.first:%d %b}–{p.unit.last:%d %b}  ")
                goals = " · ".join(
                    f"{kind(g.kind).plural} {len(g.done)}/{g.goal}" if g.goal is not None
                    else f"{kind(g.kind).plural} {len(g.done)}" for g in p.goals) or "no goals"
                parts.append(goals)
                parts.append((" ✓" if p.met else "", "$success"))
                parts.append("\n")
        parts.append(("items finished in the unit's days, against its goals", "$text-muted"))
        return Content.assemble(*parts)

    # -- actions ------------------------------------------------------------------------------

    def action_reload(self) -> None:
        self._load()
        self._load_calibration()
        self._load_workload()

    def action_review(self) -> None:
        stack = self.app.screen_stack
        below = stack[-2] if len(stack) > 1 else None
        if below is not None and type(below).__name__ == "ReviewScreen":
            self.dismiss()  # came here from the review: go back to it
        else:
            self.app.open_screen("review")

    def action_close(self) -> None:
        self.dismiss()

    def action_units(self) -> None:
        """The units (make and change them); back here on escape."""
        self.app.open_screen("units")

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("stats: refresh", "Recount the statistics (g)", self.action_reload)
        yield SystemCommand("stats: units", "Make and change units and their goals (u)",
                            self.action_units)
