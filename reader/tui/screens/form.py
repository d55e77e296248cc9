"""A form over the current screen: labelled one-line fields (and, where there are choices, a
select), Enter (ctrl+s) submits, escape cancels.

The form does not close on bad input: `submit(values)` does the work and returns None when done
or the one line that says what was wrong, shown in the form with everything typed kept, and
nothing written (the core functions check every value before they write)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Select, Static

from reader.tui.widgets.in_order import InOrderInput


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    value: str = ""
    placeholder: str = ""
    choices: tuple[str, ...] = ()   # a select of these instead of a text box


class Form(ModalScreen[dict[str, str] | None]):
    DEFAULT_CSS = """
    Form { align: center middle; }
    Form > VerticalScroll {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: round $primary; background: $surface;
    }
    Form .form-title { text-style: bold; color: $text-primary; }
    Form .form-help { color: $text-muted; }
    /* one line a field, so that the form of add --kind fits 80x24 */
    Form .form-row { height: 1; margin-top: 1; }
    Form .form-label { width: 12; padding: 0 1 0 0; }
    Form .form-row Input { width: 1fr; height: 1; border: none; padding: 0 1; }
    Form .form-row Input:focus { background: $primary-background; }
    Form .form-row Select { width: 1fr; height: 1; }
    Form .form-row SelectCurrent { border: none; height: 1; padding: 0 1; }
    Form .form-row Select:focus > SelectCurrent { background: $primary-background; }
    Form #form-error { color: $text-error; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "Save", priority=True, id="form.save"),
    ]

    def __init__(self, title: str, help: str, fields: list[Field],
                 submit: Callable[[dict[str, str]], str | None]) -> None:
        super().__init__()
        self.title_text, self.help, self.fields, self.submit = title, help, fields, submit

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.title_text, classes="form-title", markup=False)
            yield Static(self.help, classes="form-help", markup=False)
            for f in self.fields:
                with Horizontal(classes="form-row"):
                    yield Static(f.label, classes="form-label", markup=False)
                    if f.choices:
                        yield Select([(c, c) for c in f.choices], value=f.value or f.choices[0],
                                     allow_blank=False, id=f"form-{f.name}")
                    else:
                        yield InOrderInput(f.value, placeholder=f.placeholder, id=f"form-{f.name}",
                                           select_on_focus=False)
            yield Static("", id="form-error", markup=False)

    def on_mount(self) -> None:
        first = next((f for f in self.fields if not f.choices), self.fields[0])
        self.set_focus(self.query_one(f"#form-{first.name}"))

    def values(self) -> dict[str, str]:
        out = {}
        for f in self.fields:
            widget = self.query_one(f"#form-{f.name}")
            out[f.name] = str(widget.value) if isinstance(widget, Select) else widget.value.strip()
        return out

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        values = self.values()
        error = self.submit(values)
        if error:
            self.query_one("#form-error", Static).update(error)
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
