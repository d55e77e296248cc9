"""A paper's TODOs: type one and press Enter to add it; Enter (or space) on one ticks it.

Writes run in a worker thread on their own connection, then the list reloads.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from reader.tui.widgets.in_order import InOrderInput
from reader.models import Todo


class TodoOptions(OptionList):
    BINDINGS = [Binding("space", "select", "Tick", id="todos.tick")]


class TodoList(Vertical):
    DEFAULT_CSS = """
    TodoList { height: 1fr; }
    TodoList > Input { margin: 0 0 1 0; }
    TodoList > TodoOptions { height: 1fr; }
    """

    class Changed(Message):
        """The TODOs were written (added or ticked); `todos` is the new list."""

        def __init__(self, todos: list[Todo], error: str | None = None) -> None:
            super().__init__()
            self.todos, self.error = todos, error

    def __init__(self, paper_id: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paper_id = paper_id
        self.todos: list[Todo] = []

    def compose(self) -> ComposeResult:
        yield InOrderInput(placeholder="New TODO (Enter adds it)", id="todo-input")
        yield TodoOptions(id="todo-options")

    def show(self, todos: list[Todo]) -> None:
        self.todos = list(todos)
        options = self.query_one(TodoOptions)
        keep = options.highlighted
        options.clear_options()
        for t in self.todos:
            text = Text("☑ " if t.done else "☐ ", style="green" if t.done else "")
            text.append(t.text, style="dim strike" if t.done else "")
            options.add_option(Option(text, id=str(t.id)))
        if self.todos:
            options.highlighted = min(keep or 0, len(self.todos) - 1)

    def focus_input(self) -> None:
        self.screen.set_focus(self.query_one("#todo-input", Input))

    @on(Input.Submitted, "#todo-input")
    def _add(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            event.input.value = ""
            self._write("add", text)

    @on(OptionList.OptionSelected, "#todo-options")
    def _tick(self, event: OptionList.OptionSelected) -> None:
        todo = next((t for t in self.todos if str(t.id) == event.option.id), None)
        if todo is not None:
            self._write("tick", (todo.id, not todo.done))

    @work(thread=True, group="todos", exit_on_error=False)
    def _write(self, op: str, arg) -> None:
        from reader.reading import notes
        from reader.errors import PaperdeckError

        conn = self.app.thread_connection()
        error = None
        try:
            now = self.app.now()
            if op == "add":
                notes.add_todo(conn, self.paper_id, arg, now)
            else:
                notes.tick(conn, arg[0], now, done=arg[1])
        except PaperdeckError as e:
            error = str(e)
        try:
            todos = notes.todos_for(conn, self.paper_id)
        finally:
            conn.close()
        self.post_message(self.Changed(todos, error))

    def on_todo_list_changed(self, message: Changed) -> None:
        self.show(message.todos)
        if message.error:
            self.app.notify(message.error, severity="error", markup=False)
