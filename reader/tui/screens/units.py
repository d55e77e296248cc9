"""Units: every unit of days with its goals by kind and its planned items, and the forms that
make and change them, as the `unit` verb does (reader.reading.units): `n` a new unit (start,
days, goals, carry the unfinished), `g` its goals, `p` plan items, `x` take items off the plan,
`c` carry the unfinished into the next unit, `d` remove it (after asking)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reader.tui.screens.ask import Ask
from reader.tui.screens.confirm import Confirm
from reader.tui.screens.form import Field, Form

MARK = {"done": "✓", "started": "…", "open": "·"}


def goals_text(goals: dict[str, int]) -> str:
    return " ".join(f"{k}={n}" for k, n in goals.items())


def report_text(report) -> Text:
    """The unit's goals done/goal and its planned items, plain text."""
    from reader.library import kinds

    unit = report.unit
    text = Text()
    text.append(f"{unit.name}: {unit.dates} ({unit.days} days, {report.state}", style="bold")
    text.append(f", {report.days_left} left)" if report.state == "current" else ")", style="bold")
    for g in report.goals:
        plural = kinds.get(g.kind).plural
        text.append(f"\n  {plural}: {len(g.done)}" + (f"/{g.goal}" if g.goal is not None else ""))
        if g.met:
            text.append("  ✓ met", style="green")
        if g.started:
            text.append(f"  ({len(g.started)} started)", style="dim")
    if not report.goals:
        text.append("\n  no goals (g sets them)", style="dim")
    text.append("\n\nPlanned" if report.planned else "\n\nNothing planned (p plans items)",
                style="bold" if report.planned else "dim")
    for p in report.planned:
        text.append(f"\n  {MARK.get(p.status, '·')} {p.id}  ")
        text.append(p.title or "", style="dim")
        if p.carried_from:
            text.append(f"  (from Unit {p.carried_from})", style="dim")
    return text


class UnitsScreen(Screen):
    DEFAULT_CSS = """
    UnitsScreen #units-main { height: 1fr; }
    UnitsScreen #units-list { width: 40; height: 1fr; }
    UnitsScreen #units-report { width: 1fr; height: 1fr; padding: 0 1; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="units.back"),
        Binding("n", "new", "New unit", id="units.new"),
        Binding("g", "goals", "Goals", id="units.goals"),
        Binding("p", "plan", "Plan", id="units.plan"),
        Binding("x", "unplan", "Unplan", show=False, id="units.unplan"),
        Binding("c", "carry", "Carry", show=False, id="units.carry"),
        Binding("d,delete", "remove", "Remove", key_display="d", show=False, id="units.remove"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.reports: list = []

    def compose(self) -> ComposeResult:
        yield Static("Units", classes="screen-title")
        with Horizontal(id="units-main"):
            yield OptionList(id="units-list")
            with VerticalScroll(id="units-report"):
                yield Static("", id="units-text", markup=False)
        yield Footer()

    @property
    def today(self) -> date:
        now = self.app.now()
        return (now.astimezone(self.app.tz) if self.app.tz else now.astimezone()).date()

    def on_mount(self) -> None:
        if self.app.exiting:
            return
        self.set_focus(self.query_one(OptionList))
        self.reload()

    def on_screen_resume(self) -> None:
        if not self.app.exiting:
            self.reload()

    def reload(self, keep: int | None = None) -> None:
        from reader.reading import units

        conn, today = self.app.conn, self.today
        options = self.query_one(OptionList)
        if keep is None and self.current is not None:
            keep = self.current.unit.number
        self.reports = [units.report(conn, u, today) for u in units.all_units(conn)]
        options.clear_options()
        for r in self.reports:
            goals = " ".join(f"{len(g.done)}/{g.goal} {g.kind}" for g in r.goals if g.goal)
            mark = "✓" if r.met else ("now" if r.state == "current" else "")
            options.add_option(Option(Text(f"{r.unit.name}  {r.unit.first:%m-%d}–{r.unit.last:%m-%d}"
                                           f"  {mark}\n  {goals or 'no goals'}", no_wrap=True),
                                      id=str(r.unit.number)))
        if self.reports:
            numbers = [r.unit.number for r in self.reports]
            current = next((i for i, r in enumerate(self.reports) if r.state == "current"),
                           len(self.reports) - 1)
            options.highlighted = numbers.index(keep) if keep in numbers else current
        self._show()
        self.refresh_bindings()

    @property
    def current(self):
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.reports:
            return None
        return self.reports[min(options.highlighted, len(self.reports) - 1)]

    def on_option_list_option_highlighted(self, _event) -> None:
        self._show()

    def _show(self) -> None:
        report = self.current
        text = report_text(report) if report else Text(
            "No units yet. A unit is a run of days with goals by kind (3 papers, 2 lectures) "
            "and the items you plan to study in it. Press n to make one.", style="dim")
        self.query_one("#units-text", Static).update(text)

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("goals", "plan", "unplan", "carry", "remove"):
            return self.current is not None
        return True

    def _said(self, line: str) -> None:
        self.notify(line, title="Units", timeout=6, markup=False)

    def action_new(self) -> None:
        from reader.reading import units

        known = units.all_units(self.app.conn)
        start = max(u.last for u in known) + timedelta(days=1) if known else self.today
        config = self.app.config
        goal = config["reading.goal_papers"]

        def submit(values: dict[str, str]) -> str | None:
            from reader.errors import PaperdeckError, UsageError
            from reader.reading.readlog import parse_day
            from reader.store.db import transaction

            conn, now, today = self.app.conn, self.app.now(), self.today
            try:
                text = values["start"].strip().lower()
                first = (today + timedelta(days=1) if text == "tomorrow"
                         else parse_day(values["start"], today) if text else start)
                try:
                    days = int(values["days"]) if values["days"] else config["reading.goal_days"]
                except ValueError:
                    raise UsageError(f"days is a whole number, not {values['days']!r}") from None
                goals = units.parse_goals(values["goals"].replace(",", " ").split())
                carry = values["carry"] == "yes"
                before = [u for u in units.all_units(conn) if u.last < first]
                with transaction(conn):
                    unit = units.create(conn, first, days, goals, now)
                    carried = units.carry(conn, before[-1].number, unit.number, now)[1] \
                        if carry and before else []
            except PaperdeckError as e:
                return str(e)
            self._said(f"{unit.name}: {unit.dates} ({unit.days} days)"
                       + (f"; goals {goals_text(unit.goals)}" if unit.goals else "; no goals")
                       + (f"; carried over {len(carried)}" if carried else ""))
            self.reload(keep=unit.number)
            return None

        self.app.push_screen(Form(
            "New unit", "As `paperdeck unit new START --days N --goal KIND=N`. Enter makes it, "
            "escape cancels.",
            [Field("start", "Starts", start.isoformat(), "YYYY-MM-DD, today, tomorrow"),
             Field("days", "Days", str(config["reading.goal_days"])),
             Field("goals", "Goals", f"paper={goal}" if goal else "",
                   "paper=3 lecture=2 book=1 code=1"),
             Field("carry", "Carry over", "yes" if known else "no", choices=("no", "yes"))],
            submit))

    def action_goals(self) -> None:
        from reader.reading import units

        report = self.current
        if report is None:
            return
        unit = report.unit

        def answer(text: str | None) -> None:
            from reader.errors import PaperdeckError

            if text is None:
                return
            try:
                wanted = units.parse_goals(text.replace(",", " ").split(), allow_zero=True)
                # the box holds every goal: a kind left out is no longer a goal
                wanted = {**{k: 0 for k in unit.goals}, **wanted}
                changed = units.set_goals(self.app.conn, unit.number, wanted)
            except PaperdeckError as e:
                self.notify(str(e), title="Goals not changed", severity="error", markup=False)
                return
            self._said(f"{changed.name}: goals {goals_text(changed.goals) or '(none)'}")
            self.reload(keep=unit.number)

        self.app.push_screen(Ask(f"Goals of {unit.name}", "KIND=N for each kind (paper, "
                                 "lecture, course, book, code, post); a kind left out has no "
                                 "goal. Enter saves, escape cancels.",
                                 value=goals_text(unit.goals), placeholder="paper=3 lecture=2"),
                             answer)

    def _plan(self, remove: bool) -> None:
        from reader.reading import units

        report = self.current
        if report is None:
            return
        unit = report.unit

        def answer(text: str | None) -> None:
            from reader.errors import PaperdeckError

            if not text or not text.split():
                return
            try:
                changed = units.plan(self.app.conn, unit.number, text.split(), self.app.now(),
                                     remove=remove)
            except PaperdeckError as e:
                self.notify(str(e), title="Plan not changed", severity="error", markup=False)
                return
            verb = "taken off" if remove else "planned"
            self._said(f"{unit.name}: {len(changed)} {verb}"
                       + (f": {' '.join(changed)}" if changed else " (no change)"))
            self.reload(keep=unit.number)

        self.app.push_screen(Ask(
            f"{'Take off the plan of' if remove else 'Plan for'} {unit.name}",
            "The ids of the items (papers, lectures, …), separated by spaces. Enter saves, "
            "escape cancels.", placeholder="1211.3711 nyu-dl-5l"), answer)

    def action_plan(self) -> None:
        self._plan(remove=False)

    def action_unplan(self) -> None:
        self._plan(remove=True)

    def action_carry(self) -> None:
        from reader.errors import PaperdeckError
        from reader.reading import units

        report = self.current
        if report is None:
            return
        try:
            into, moved = units.carry(self.app.conn, report.unit.number, None, self.app.now())
        except PaperdeckError as e:
            self.notify(str(e), title="Nothing carried", severity="warning", markup=False)
            return
        self._said(f"carried {len(moved)} into {into.name}" + (
            f": {' '.join(moved)}" if moved else " (nothing unfinished, or planned there already)"))
        self.reload(keep=into.number)

    def action_remove(self) -> None:
        from reader.reading import units

        report = self.current
        if report is None:
            return
        unit = report.unit

        def answer(yes: bool | None) -> None:
            if yes:
                units.remove(self.app.conn, unit.number)
                self._said(f"removed {unit.name} ({unit.dates})")
                self.reload()

        self.app.push_screen(Confirm(f"Remove {unit.name}?", f"{unit.dates}, with its goals "
                                     "and plan. Items, notes and the journal stay.",
                                     yes="Remove"), answer)

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("unit: new", "A new unit of days with goals (n)", self.action_new)
        if self.current is not None:
            yield SystemCommand("unit: set goals", "Goals by kind of the unit shown (g)",
                                self.action_goals)
            yield SystemCommand("unit: plan items", "Plan items for the unit shown (p)",
                                self.action_plan)
            yield SystemCommand("unit: take items off the plan", "(x)", self.action_unplan)
            yield SystemCommand("unit: carry the unfinished", "Plan them in the next unit (c)",
                                self.action_carry)
            yield SystemCommand("unit: remove", "The unit shown, after asking (d)",
                                self.action_remove)
        yield SystemCommand("units: back", "(escape)", self.action_back)
