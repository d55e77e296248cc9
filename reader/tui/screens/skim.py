"""The Skim view: Keshav's first pass from the paper's structure (reader.reading.skim).

Title, authors, abstract; the introduction in full; every heading with its number and first
sentence; every caption; the conclusion in full; the references, ✓ where the paper is in the
library (`a` adds one with an arXiv id through the app's import, as the citation panel does).
Enter on a line opens the reading screen there; ctrl+n finishes pass 1; the five Cs are five
short fields under the text, saved through reader.reading.fivecs. A paper kept only as PDF
text shows what the PDF gives and says it is partial.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from reader.models import Pass
from reader.tui.pass_steps import PassSteps

STYLES = {"title": "bold", "authors": "italic", "heading": "bold underline",
          "subheading": "bold", "text": "", "caption": "italic", "ref": "",
          "ref-held": "green", "note": "dim italic"}
# The questions, short enough for one line at 80 columns (fivecs.QUESTIONS in full: the palette).
ASK = {"category": "What type of paper is this?",
       "context": "Which papers and theory does it build on?",
       "correctness": "Do its assumptions appear valid?",
       "contributions": "What are its main contributions?",
       "clarity": "Is it well written?"}
LABELS = {"category": "Category", "context": "Context", "correctness": "Correctness",
          "contributions": "Contributions", "clarity": "Clarity"}


def skim_options(lines) -> list[Option]:
    """One option per line of the Skim (plain text: nothing from the paper is markup)."""
    out = []
    for i, (style, text, _anchor) in enumerate(lines):
        shown = Text(text, style=STYLES.get(style, ""))
        if style == "heading" and i:
            shown = Text("\n") + shown
        out.append(Option(shown, id=str(i)))
    return out


class SkimScreen(PassSteps, Screen):
    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="skim.back"),
        Binding("a", "add_reference", "Add ref", id="skim.add"),
        Binding("ctrl+n", "finish_pass_1", "Pass 1 done", id="skim.pass"),
        Binding("ctrl+r", "read", "Read", id="skim.read"),
    ]

    class Loaded(Message):
        def __init__(self, skim, five, problem: str | None) -> None:
            super().__init__()
            self.skim, self.five, self.problem = skim, five, problem

    def __init__(self, paper_id: str) -> None:
        super().__init__()
        self.paper_id = paper_id
        self.passes: list[Pass] = []
        self.skim = None
        self.lines: list[tuple[str, str, str | None]] = []
        self._refs: dict[str, object] = {}
        self._saved: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Static("", id="skim-title", classes="screen-title", markup=False)
        yield OptionList(id="skim-lines")
        with Vertical(id="skim-fivecs"):
            for name, label in LABELS.items():
                with Horizontal(classes="skim-c"):
                    yield Static(label, classes="skim-c-label", markup=False)
                    yield Input(id=f"c-{name}", classes="skim-c-input", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        if self.app.exiting:
            return
        from reader.reading import passes

        self.passes = passes.for_paper(self.app.conn, self.paper_id)
        for name in LABELS:
            self.query_one(f"#c-{name}", Input).placeholder = ASK[name]
        self._title()
        lines = self.query_one("#skim-lines", OptionList)
        lines.add_option(Option(Text("Reading the paper's structure …", style="dim italic")))
        self.set_focus(lines)
        self._load()
        self.app.library_changed.subscribe(self, self._library_changed)

    def _title(self, extra: str = "") -> None:
        done = any(p.number == 1 and p.done for p in self.passes)
        text = Text("Skim · ", style="bold")
        text.append(self.skim.title if self.skim else self.paper_id, style="bold")
        if done:   # (not done: the footer's ctrl+n says how)
            text.append("  pass 1 ✓", style="dim")
        self.query_one("#skim-title", Static).update(text)

    @work(thread=True, exclusive=True, group="skim-load", exit_on_error=False)
    def _load(self) -> None:
        from reader.library import papers as library
        from reader.reading import fivecs, skim

        conn = self.app.thread_connection()
        try:
            paper = library.get(conn, self.paper_id)
            if paper is None:
                self.post_message(self.Loaded(None, None, f"{self.paper_id} is no longer in the library."))
                return
            self.post_message(self.Loaded(skim.skim(conn, paper), fivecs.get(conn, self.paper_id), None))
        except Exception as e:  # noqa: BLE001 - one line, never a traceback
            self.post_message(self.Loaded(None, None, f"cannot skim {self.paper_id}: "
                                          f"{type(e).__name__}: {e}"))
        finally:
            conn.close()

    def on_skim_screen_loaded(self, message: Loaded) -> None:
        if message.skim is None:
            self.notify(message.problem or "nothing to skim", severity="error", markup=False)
            self.app.pop_screen()
            return
        self.show_skim(message.skim)
        for name, value in message.five.items():
            self.query_one(f"#c-{name}", Input).value = value
            self._saved[name] = value

    def show_skim(self, s) -> None:
        from reader.reading import skim

        self.skim = s
        self.lines = skim.lines(s)
        self._refs = {r.id: r for r in s.references}
        view = self.query_one("#skim-lines", OptionList)
        at = view.highlighted
        view.clear_options()
        view.add_options(skim_options(self.lines))
        view.highlighted = at if at is not None and at < len(self.lines) else 0
        self._title()

    # -- the lines ------------------------------------------------------------------------------

    def current(self) -> tuple[str, str, str | None] | None:
        view = self.query_one("#skim-lines", OptionList)
        i = view.highlighted
        return self.lines[i] if i is not None and 0 <= i < len(self.lines) else None

    @on(OptionList.OptionSelected, "#skim-lines")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_open_here()

    def action_open_here(self) -> None:
        line = self.current()
        if line is None or line[2] is None:
            self.notify("This line has no place in the text; Enter on a heading reads from there.",
                        timeout=3)
            return
        self.open_reading(line[2])

    def open_reading(self, anchor: str | None) -> None:
        """The reading screen at `anchor`: the one this view was opened from, if it reads the
        same paper (back to it, then the jump), else a new one opening there."""
        from reader import clock
        from reader.tui import reading_places
        from reader.tui.screens.reading_html import HtmlReadingScreen

        self.save_fivecs()
        stack = self.app.screen_stack
        below = stack[-2] if len(stack) >= 2 else None
        if isinstance(below, HtmlReadingScreen) and below.paper_id == self.paper_id:
            self.app.pop_screen()
            if anchor:
                below.jump(anchor)
            return
        from reader.tui.screens.skim_from_pdf import back_to_pdf_page

        if back_to_pdf_page(self, anchor):   # opened from the PDF text: back to it, at the page
            return
        if anchor and not anchor.startswith("p"):   # (a PDF page "p3": the PDF screen's own place)
            reading_places.put(self.app.paths.data, self.paper_id, anchor, 0,
                               clock.iso(self.app.now()))
        self.app.open_screen("read", paper_id=self.paper_id)

    def action_read(self) -> None:
        self.open_reading(None)

    # -- references -----------------------------------------------------------------------------

    def action_add_reference(self) -> None:
        line = self.current()
        ref = self._refs.get(line[2]) if line and line[0].startswith("ref") else None
        if ref is None:
            self.notify("Put the cursor on a reference to add it (a).", timeout=3)
        elif ref.in_library:
            self.notify(f"{ref.arxiv} is in your library already.", timeout=3, markup=False)
        elif not ref.arxiv:
            self.notify("This reference has no arXiv id to add it by.", timeout=3)
        elif ref.arxiv in self.app.importing:
            self.notify(f"{ref.arxiv} is being added …", timeout=3, markup=False)
        else:
            self.app.start_import([ref.arxiv])
            self.notify(f"Adding {ref.arxiv} from arXiv …", timeout=3, markup=False)

    def _library_changed(self, paper_id: str | None) -> None:
        """A paper added (a reference's ✓) or this one's passes changed: the view again."""
        if self.skim is not None and self.is_mounted:
            self._load()

    # -- pass 1 and the five Cs -----------------------------------------------------------------

    def action_finish_pass_1(self) -> None:
        self.save_fivecs()
        if any(p.number == 1 and p.done for p in self.passes):
            self.notify("Pass 1 is done already.", timeout=3)
            return
        self.change_pass("finish", 1)

    def passes_shown(self) -> None:
        self._title()

    def save_fivecs(self) -> str | None:
        """The five Cs as typed, saved where they changed; an error as one line."""
        from reader.errors import PaperdeckError
        from reader.reading import fivecs

        values = {n: self.query_one(f"#c-{n}", Input).value for n in LABELS}
        changed = {n: v for n, v in values.items() if v != self._saved.get(n, "")}
        if not changed:
            return None
        try:
            fivecs.save(self.app.conn, self.paper_id, self.app.now(), **changed)
        except PaperdeckError as e:
            self.notify(str(e), title="Five Cs not saved", severity="error", markup=False)
            return str(e)
        self._saved.update(changed)
        return None

    @on(Input.Submitted, ".skim-c-input")
    def _c_submitted(self, event: Input.Submitted) -> None:
        if self.save_fivecs() is None:
            self.notify("Five Cs saved.", timeout=2)
        self.focus_next()

    @on(Input.Blurred, ".skim-c-input")
    def _c_left(self) -> None:
        self.save_fivecs()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("add_reference", "open_here"):
            return not isinstance(self.focused, Input)
        return True

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.save_fivecs()
            self.set_focus(self.query_one("#skim-lines"))
            return
        self.save_fivecs()
        self.app.pop_screen()

    def on_unmount(self) -> None:
        try:
            self.save_fivecs()
        except Exception:  # noqa: BLE001 - the app is going: nothing to tell
            pass

    def palette_commands(self) -> Iterable[SystemCommand]:
        from reader.reading import fivecs

        yield SystemCommand("skim: read the text here", "The reading screen at this heading (enter)",
                            self.action_open_here)
        yield SystemCommand("skim: add the reference", "From arXiv, by its id (a)",
                            self.action_add_reference)
        yield SystemCommand("pass: finish pass 1", "The first pass is done (ctrl+n)",
                            self.action_finish_pass_1)
        for name, label in LABELS.items():
            yield SystemCommand(f"five Cs: write {label.lower()}", fivecs.QUESTIONS[name] + " (tab)",
                                lambda name=name: self.set_focus(self.query_one(f"#c-{name}")))
        yield SystemCommand("skim: back", "(escape)", self.action_back)
