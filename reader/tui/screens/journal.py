"""Journal: a day's log (passes, notes, TODOs, reviews, your entries) and a box to write the
day's entry. Opens on today with the box focused; escape leaves the box, then `[`/`]` move a
day back or on and `e` writes again. ctrl+s stores the entry for the day shown; text left in
the box is stored when the screen is left, so nothing typed is lost."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea

from reader.tui.journal_data import day_log, days_ago, unit_line, write_entry
from reader.tui.widgets.in_order import InOrderTextArea


class EntryArea(InOrderTextArea):
    """The entry box: what it holds when it goes away (the app quitting) is stored."""

    def __init__(self, journal: JournalScreen, **kwargs) -> None:
        super().__init__(**kwargs)
        self.journal = journal

    def on_unmount(self) -> None:
        error = self.journal.save_draft(self.text)
        if error:
            self.app.notify(error, title="Entry not stored", severity="error", markup=False)


class JournalScreen(Screen):
    DEFAULT_CSS = """
    #journal-log { height: 1fr; padding: 0 1; }
    #journal-entry { height: 8; margin: 0 1; }
    #journal-hint, #journal-unit { padding: 0 1; color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="journal.back"),
        Binding("ctrl+s", "save", "Save entry", priority=True, id="journal.save"),
        Binding("e", "write", "Write", id="journal.write"),
        Binding("left_square_bracket", "day(-1)", "Day before", key_display="[",
                id="journal.prev"),
        Binding("right_square_bracket", "day(1)", "Day after", key_display="]", id="journal.next"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(classes="screen-title"):
            yield Static("Journal", classes="title")
            yield Static("", id="journal-day", classes="title-info", markup=False)
        yield Static("", id="journal-unit", markup=False)
        with VerticalScroll(id="journal-log"):
            yield Static("", id="journal-lines", markup=False)
        yield Static("", id="journal-hint", markup=False)
        yield EntryArea(self, id="journal-entry", soft_wrap=True, tab_behavior="focus")
        yield Footer()

    @property
    def today(self) -> date:
        now = self.app.now()
        return (now.astimezone(self.app.tz) if self.app.tz else now.astimezone()).date()

    def on_mount(self) -> None:
        if self.app.exiting:
            return
        self.day = self.today
        self.show_day()
        self.set_focus(self.query_one("#journal-entry"))

    def on_screen_resume(self) -> None:
        if not self.app.exiting and self.day is not None:
            self.show_day()

    # -- showing -----------------------------------------------------------------------------

    def show_day(self) -> None:
        day = self.day
        conn = self.app.conn
        when = days_ago(day, self.today)
        self.query_one("#journal-day", Static).update(f"{day:%A} {day.isoformat()} · {when}")
        self.query_one("#journal-unit", Static).update(unit_line(conn, day))
        lines = day_log(conn, day)
        text = Text()
        for i, line in enumerate(lines):
            if i:
                text.append("\n")
            text.append(f"{line.time}  ", style="dim")
            if line.own:
                text.append("✎ ", style="bold")
                text.append(line.what)
                if line.title:
                    text.append(f"  ({line.title})", style="dim")
            else:
                text.append(line.what, style="bold")
                if line.title:
                    text.append(f"  {line.title}")
        if not lines:
            text.append("Nothing recorded on this day yet.", style="dim")
        self.query_one("#journal-lines", Static).update(text)
        self.query_one("#journal-hint", Static).update(
            f"Your entry for {day.isoformat()} (ctrl+s stores it):")

    # -- writing -----------------------------------------------------------------------------

    def save_draft(self, text: str | None = None) -> str | None:
        """Store what the box holds (or `text`, the box going away) as an entry for the day
        shown, and empty the box; the error, if any."""
        area = self.query_one("#journal-entry", TextArea) if text is None else None
        text = area.text if area is not None else text
        if not (text or "").strip() or self.day is None:
            return None
        from reader.errors import PaperdeckError

        try:
            write_entry(self.app.conn, text, self.day, self.app.now())
        except PaperdeckError as e:
            return str(e)
        if area is not None:
            area.clear()
        return None

    def action_save(self) -> None:
        area = self.query_one("#journal-entry", TextArea)
        if not area.text.strip():
            self.notify("Write something first.", severity="warning", timeout=3)
            return
        error = self.save_draft()
        if error:
            self.notify(error, title="Entry not stored", severity="error", markup=False)
            return
        self.notify(f"Entry stored for {self.day.isoformat()}.", timeout=3)
        self.show_day()

    def action_write(self) -> None:
        self.set_focus(self.query_one("#journal-entry"))

    def action_back(self) -> None:
        if isinstance(self.focused, TextArea):
            self.set_focus(self.query_one("#journal-log"))   # out of the box, still here
            return
        error = self.save_draft()
        if error:
            self.notify(error, title="Entry not stored", severity="error", markup=False)
            return
        self.dismiss()

    def action_day(self, step: int) -> None:
        new = self.day + timedelta(days=step)
        if new > self.today:
            self.notify("The journal ends today.", timeout=2)
            return
        self.day = new
        self.show_day()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("write", "day") and isinstance(self.focused, TextArea):
            return False  # in the box these keys are letters
        return True

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("journal: store the entry", "Store the entry for the day shown "
                            "(ctrl+s)", self.action_save)
        yield SystemCommand("journal: day before", "Show the day before ([)",
                            lambda: self.action_day(-1))
        yield SystemCommand("journal: day after", "Show the day after (])",
                            lambda: self.action_day(1))
