"""Reading passes from a screen: the next step (`ctrl+n`), start/finish in a worker, and the
notifications that follow. Shared by the Paper and Reading screens."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.message import Message

from reader.models import Pass


ITEM_TIMES = ("First time", "Again", "Third time")   # an item that is not a paper (reader.library.kinds)


def passes_text(passes: list[Pass], kind: str = "paper") -> Text:
    """'Pass 1 ✓ 2026-11-20 · Pass 2 ▸ started 2026-11-21 · Pass 3 –'."""
    by_number = {p.number: p for p in passes}
    text = Text()
    for n in (1, 2, 3):
        if n > 1:
            text.append("\n")
        p = by_number.get(n)
        text.append(f"Pass {n} " if kind == "paper" else f"{ITEM_TIMES[n - 1]} ", style="bold")
        if p is None:
            text.append("not started", style="dim")
        elif p.done:
            text.append(f"✓ done {p.finished[:10]}", style="green")
        else:
            text.append(f"▸ started {p.started[:10]}", style="yellow")
    return text


def next_pass_step(passes: list[Pass]) -> tuple[str, int] | None:
    """('finish', n) for a pass in progress, else ('start', next n); None once pass 3 is done."""
    by_number = {p.number: p for p in passes}
    for n in (1, 2, 3):
        p = by_number.get(n)
        if p is None:
            return ("start", n)
        if not p.done:
            return ("finish", n)
    return None


class PassSteps:
    """Mixin for a Screen with `paper_id` and `passes`; override `passes_shown` to redraw."""

    paper_id: str
    passes: list[Pass]

    class PassesChanged(Message):
        def __init__(self, passes: list[Pass], error: str | None) -> None:
            super().__init__()
            self.passes, self.error = passes, error

    def passes_shown(self) -> None:
        """Called after the passes changed; screens that show them redraw here."""

    def action_pass_step(self) -> None:
        step = next_pass_step(self.passes)
        if step is None:
            self.notify("All three passes are done.")
            return
        self.change_pass(*step)

    def change_pass(self, what: str, number: int) -> None:
        """Start or finish a pass; pass 3 before pass 2 is finished asks first."""
        from reader.reading.passes import skipping_pass_2

        why = skipping_pass_2(self.app.conn, self.paper_id, number)  # type: ignore[attr-defined]
        if why is None:
            self._pass_worker(what, number)
            return
        from reader.tui.screens.confirm import Confirm

        def answer(yes: bool | None) -> None:
            if yes:
                self._pass_worker(what, number)

        self.app.push_screen(Confirm(  # type: ignore[attr-defined]
            f"{what.capitalize()} pass 3 before pass 2?", why[0].upper() + why[1:] + ".",
            yes=f"{what.capitalize()} pass 3"), answer)

    @work(thread=True, exclusive=True, group="passes", exit_on_error=False)
    def _pass_worker(self, what: str, number: int) -> None:
        from reader.reading import passes
        from reader.errors import PaperdeckError

        conn = self.app.thread_connection()
        error = None
        try:
            {"start": passes.start, "finish": passes.finish}[what](
                conn, self.paper_id, number, self.app.now())
        except PaperdeckError as e:
            error = str(e)
        try:
            found = passes.for_paper(conn, self.paper_id)
        finally:
            conn.close()
        self.post_message(self.PassesChanged(found, error))

    # A plain method name, not @on: the mixin is no MessagePump, so @on would not register.
    def on_pass_steps_passes_changed(self, message: PassesChanged) -> None:
        if message.error:
            self.notify(message.error, severity="error", markup=False)
        before = {p.number: p.done for p in self.passes}
        self.passes = message.passes
        self.passes_shown()
        for p in self.passes:
            if p.done and not before.get(p.number):
                self.notify(f"Pass {p.number} finished.")
            elif p.number not in before:
                self.notify(f"Pass {p.number} started.")
        self.app.library_changed.publish(self.paper_id)
