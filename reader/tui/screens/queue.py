"""Reading queue: what to read next, in order (reader.reading.queue): in progress, planned,
then by priority, the paper left alone longest first. Enter opens a paper; `p` changes its
priority, `b` its read-by day, `z` snoozes it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from reader.reading.queue import PRIORITIES, Item
from reader.tui.screens.ask import Ask

PRIORITY_STYLE = {"high": "bold red", "normal": "", "low": "dim"}
SNOOZE_DAYS = 7


def item_prompt(n: int, item: Item, now: datetime, today: date) -> Text:
    text = Text()
    text.append(f"{n}. ", style="dim")
    text.append(item.title or item.paper_id, style="bold")
    text.append(f"\n{item.paper_id} · {item.status} · ", style="dim")
    text.append(item.why(now, today),
                style="yellow" if item.in_progress else PRIORITY_STYLE[item.priority] or "italic")
    return text


def follow(old: list[str], at: int | None, new: list[str]) -> int:
    """Where the cursor goes when the list `old` (the cursor at row `at`) becomes `new`: to the
    paper it was on, wherever that moved; when that paper left, to the paper that came after
    it (the next row), else the one before it; else the first row."""
    if at is None or not old:
        return 0
    at = min(at, len(old) - 1)
    index = {paper_id: n for n, paper_id in enumerate(new)}
    for paper_id in [*old[at:], *reversed(old[:at])]:
        if paper_id in index:
            return index[paper_id]
    return 0


class QueueScreen(Screen):
    """The unfinished papers, first to take up first."""

    DEFAULT_CSS = """
    QueueScreen #queue-status { padding: 0 1; color: $text-muted; height: auto; }
    QueueScreen #queue-list { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "back", "Back", id="queue.back"),
        Binding("p", "priority", "Priority", id="queue.priority"),
        Binding("b", "read_by", "Read by", id="queue.read_by"),
        Binding("z", "snooze", f"Snooze {SNOOZE_DAYS}d", id="queue.snooze"),
    ]

    class Loaded(Message):
        def __init__(self, items: list[Item], error: str | None = None) -> None:
            super().__init__()
            self.items, self.error = items, error

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Item] = []

    def compose(self) -> ComposeResult:
        yield Static("Reading queue", id="queue-title", classes="screen-title")
        yield Static("", id="queue-status", markup=False)
        yield OptionList(id="queue-list")
        yield Footer()

    def on_mount(self) -> None:
        if self.app.exiting:
            return
        self.app.library_changed.subscribe(self, lambda _pid: self.reload())
        self.set_focus(self.query_one(OptionList))
        self.reload()

    def on_screen_resume(self) -> None:
        if not self.app.exiting:
            self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="queue-load", exit_on_error=False)
    def _load(self) -> None:
        from reader.reading import queue as reading_queue

        try:
            conn = self.app.thread_connection()
            try:
                items = reading_queue.queue(conn, self.app.now(), self.app.tz)
            finally:
                conn.close()
        except Exception as e:  # noqa: BLE001 - one line, never a traceback
            self.post_message(self.Loaded(self.items, f"cannot read the queue: {e}"))
            return
        self.post_message(self.Loaded(items))

    def on_queue_screen_loaded(self, message: Loaded) -> None:
        if message.error:
            self.notify(message.error, severity="error", markup=False)
        options = self.query_one(OptionList)
        old_ids = [i.paper_id for i in self.items]
        at = options.highlighted
        self.items = message.items
        now = self.app.now()
        today = now.astimezone(self.app.tz).date()
        options.clear_options()
        options.add_options(Option(item_prompt(n, item, now, today), id=item.paper_id)
                            for n, item in enumerate(self.items, 1))
        if self.items:
            options.highlighted = follow(old_ids, at, [i.paper_id for i in self.items])
        reading = sum(i.in_progress for i in self.items)
        self.query_one("#queue-status", Static).update(
            f"{len(self.items)} paper{'s' if len(self.items) != 1 else ''} to read, "
            f"{reading} in progress — Enter opens, p priority, b read-by day, z snoozes"
            if self.items else "Nothing to read next: every paper is read with care (pass 2), "
            "or snoozed. Press a in the library to add one.")
        self.refresh_bindings()

    @property
    def current(self) -> Item | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.items:
            return None
        return self.items[min(options.highlighted, len(self.items) - 1)]

    @on(OptionList.OptionSelected, "#queue-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.app.open_screen("paper", paper_id=event.option.id)

    # -- actions -----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("priority", "read_by", "snooze"):
            return self.current is not None
        return True

    def _write(self, what: str, change) -> None:
        from reader.errors import PaperdeckError

        item = self.current
        if item is None:
            return
        try:
            plan = change(self.app.conn, item.paper_id, self.app.now())
        except PaperdeckError as e:
            self.notify(str(e), severity="error", markup=False)
            return
        self.notify(f"{what(plan)}: {item.paper_id} {item.title}".rstrip(),
                    title="Reading queue", timeout=5, markup=False)
        self.app.library_changed.publish(item.paper_id)

    def action_priority(self) -> None:
        from reader.reading import queue as reading_queue

        was: list[str] = []

        def change(conn, pid, now):
            # from the stored plan, not the row drawn: a second `p` before the reload counts
            was.append(reading_queue.get(conn, pid).priority)
            level = PRIORITIES[(PRIORITIES.index(was[0]) - 1) % len(PRIORITIES)]
            return reading_queue.set_priority(conn, pid, level, now)

        self._write(lambda plan: f"{plan.priority.capitalize()} priority (was {was[0]})", change)

    def action_snooze(self) -> None:
        from reader.reading import queue as reading_queue

        self._write(lambda plan: f"Snoozed for {SNOOZE_DAYS} days",
                    lambda conn, pid, now: reading_queue.snooze(conn, pid, SNOOZE_DAYS, now))

    def action_read_by(self) -> None:
        from reader.reading import queue as reading_queue
        from reader.errors import PaperdeckError

        item = self.current
        if item is None:
            return

        def answer(text: str | None) -> None:
            if text is None:
                return
            try:
                day = reading_queue.parse_read_by(text, self.app.now().astimezone(self.app.tz).date())
            except PaperdeckError as e:
                self.notify(str(e), title="Read-by day not set", severity="error", markup=False)
                return
            self._write(lambda plan: f"Read by {plan.read_by}" if plan.read_by else "No read-by day",
                        lambda conn, pid, now: reading_queue.set_read_by(conn, pid, day, now))

        self.app.push_screen(Ask(f"Read {item.paper_id} by", "A day (YYYY-MM-DD), today, "
                                 "tomorrow, +7 (days from now), or none. Enter saves, escape "
                                 "cancels.", value=item.read_by or "", placeholder="+7"), answer)

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("queue: change priority", "high → low → normal → high (p)",
                            self.action_priority)
        yield SystemCommand("queue: read-by day", "The day to read the paper by (b)",
                            self.action_read_by)
        yield SystemCommand("queue: snooze", f"Out of the queue for {SNOOZE_DAYS} days (z)",
                            self.action_snooze)
        yield SystemCommand("queue: back to the library", "(escape)", self.action_back)
