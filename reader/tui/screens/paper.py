"""Paper: metadata and abstract, passes, what/how/why and free notes, TODOs, and the cards the
notes make (updated as you type)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static, TabbedContent, TabPane, TextArea

from reader.models import Paper, Pass
from reader.store.pdf_state import PdfState, pdf_state
from reader.tui.data import card_preview, hand_written_cards, tag_changes
from reader.tui.paper_text import cards_text, metadata_text
from reader.tui.pass_steps import PassSteps, next_pass_step, passes_text
from reader.tui.pdf_open import open_pdf
from reader.tui.widgets.card_manager import CardManager
from reader.tui.widgets.key_footer import KeyFooter
from reader.tui.widgets.notes_editor import Draft, NotesEditor
from reader.tui.widgets.highlights_list import HighlightsList
from reader.tui.widgets.references import ReferencesPanel
from reader.tui.widgets.todo_list import TodoList
from reader.tui.screens.ask import Ask
from reader.tui.screens.confirm import Confirm


REFRESH_S = 2.0  # how often an open Paper screen looks for changes made elsewhere (the CLI)


class PaperScreen(PassSteps, Screen):
    # The screen opens with the focus on the tabs, not in a note, so a key meant for the screen
    # never types into one; `e` starts writing, escape stops. Both are priority bindings (they
    # act as the app reads them), so keys typed right behind them land where the focus went.
    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="paper.back"),
        Binding("e", "write", "Write", priority=True, id="paper.write"),
        Binding("ctrl+s", "save", "Save", show=False, id="paper.save"),
        Binding("ctrl+n", "pass_step", "Pass", id="paper.pass"),
        Binding("ctrl+r", "read", "Read", id="paper.read"),
        Binding("ctrl+f", "skim", "Skim", show=False, id="paper.skim"),  # palette
        Binding("ctrl+o", "open_pdf", "PDF", id="paper.pdf"),
        Binding("ctrl+t", "todo", "TODO", id="paper.todo"),
        Binding("ctrl+g", "edit_tags", "Tags", show=False, id="paper.tags"),  # palette
        Binding("f2", "next_tab", "Tab", show=False, id="paper.next_tab"),  # palette
    ]

    def __init__(self, paper_id: str) -> None:
        super().__init__()
        self.paper_id = paper_id
        self.paper: Paper | None = None
        self.pdf: PdfState | None = None
        self.passes: list[Pass] = []
        self.by_hand: list[tuple[str, str, str]] = []
        self._tab_counts: dict[str, int | None] = {}   # tab -> the count shown in its name
        self.card_rows: list | None = None  # the stored cards the Cards tab lists

    def compose(self) -> ComposeResult:
        yield Static("", id="paper-title", classes="screen-title", markup=False)
        with Horizontal(id="paper-main"):
            with VerticalScroll(id="paper-info"):
                yield Static("", id="paper-meta", markup=False)
                yield Static("", id="paper-passes", markup=False)
                yield Static("", id="paper-abstract", markup=False)
            with TabbedContent(id="paper-tabs", initial="notes"):
                with TabPane("Notes", id="notes"):
                    yield NotesEditor(self.paper_id, fields=("what", "how", "why"), id="notes-main")
                with TabPane("Free notes", id="free"):
                    yield NotesEditor(self.paper_id, fields=("text",), id="notes-free")
                with TabPane("TODOs", id="todos"):
                    yield TodoList(self.paper_id, id="paper-todos")
                with TabPane("Cards", id="cards"):
                    with VerticalScroll(id="cards-scroll"):
                        yield Static("", id="paper-cards", markup=False)
                        yield Static(Text("Your cards: enter manages one (suspend, forget, due "
                                          "date; edit or delete one written by hand)",
                                          style="dim"), id="paper-cards-manage")
                        yield CardManager(id="paper-card-list")
                with TabPane("References", id="refs"):
                    yield ReferencesPanel(self.paper_id, id="paper-refs")
                with TabPane("Highlights", id="marks"):
                    yield HighlightsList(self.paper_id, id="paper-marks")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.app.exiting:
            return  # a key typed while quitting pushed this screen: nothing to show
        from reader.reading import notes
        from reader.reading import passes
        from reader.library import papers as library

        conn = self.app.conn
        paper = library.get(conn, self.paper_id)
        if paper is None:
            self._gone()
            return
        stored = notes.get(conn, self.paper_id)
        self.passes = passes.for_paper(conn, self.paper_id)
        self.by_hand = hand_written_cards(conn, self.paper_id)
        self._show_paper(paper, pdf_state(self.app.paths.data, paper))
        self.passes_shown()
        self.query_one("#notes-main", NotesEditor).load(stored)
        self.query_one("#notes-free", NotesEditor).load(stored)
        self._show_todos(notes.todos_for(conn, self.paper_id))
        self._show_cards(Draft(stored.what, stored.how, stored.why, stored.text))
        self._show_card_list()
        self.set_focus(self.query_one("#paper-tabs Tabs"))
        self.app.library_changed.subscribe(self, self._library_changed)
        self.set_interval(REFRESH_S, self._refresh_if_current)

    def _gone(self) -> None:
        self.app.notify(f"{self.paper_id} is no longer in the library.", severity="error", markup=False)
        if self.is_current:
            self.app.pop_screen()

    # -- changes made elsewhere (the CLI, another screen, an import) ------------------------

    def on_screen_resume(self) -> None:
        if not self.app.exiting and self.paper is not None:
            self.reload()

    def _refresh_if_current(self) -> None:
        if self.is_current and not self.app.exiting:
            self.reload()

    def _library_changed(self, paper_id: str | None) -> None:
        if paper_id in (None, self.paper_id) and self.is_current:
            self.reload()

    def reload(self) -> None:
        """Show what the database holds now: metadata and tags, passes, TODOs, hand-written
        cards, and notes in the fields not being edited. A few one-row reads."""
        from reader.reading import notes
        from reader.reading import passes
        from reader.library import papers as library

        conn = self.app.conn
        paper = library.get(conn, self.paper_id)
        if paper is None:
            self._gone()
            return
        pdf = pdf_state(self.app.paths.data, paper)
        if paper != self.paper or pdf != self.pdf:
            self._show_paper(paper, pdf)
        found = passes.for_paper(conn, self.paper_id)
        if found != self.passes:
            self.passes = found
            self.passes_shown()
        todos = notes.todos_for(conn, self.paper_id)
        if todos != self.query_one(TodoList).todos:
            self._show_todos(todos)
        stored = notes.get(conn, self.paper_id)
        synced = [ed.sync(stored) for ed in self.editors()]
        by_hand = hand_written_cards(conn, self.paper_id)
        if any(synced) or by_hand != self.by_hand:
            self.by_hand = by_hand
            self._show_cards(self.draft())
        self._show_card_list()

    def _show_paper(self, paper: Paper, pdf: PdfState) -> None:
        self.paper, self.pdf = paper, pdf
        self.query_one("#paper-title", Static).update(Text(paper.title, style="bold"))
        self.query_one("#paper-meta", Static).update(metadata_text(paper, pdf))
        self.query_one("#paper-abstract", Static).update(Text(paper.abstract or "(no abstract)"))

    def _show_todos(self, todos) -> None:
        self.query_one(TodoList).show(todos)
        self._todo_label(todos)

    def _todo_label(self, todos) -> None:
        self._tab_counts["todos"] = sum(not t.done for t in todos) or None
        self._label_tabs()

    # (full name, short name) of each tab; the short ones when the full ones do not all fit.
    TAB_NAMES = {"notes": ("Notes", "Notes"), "free": ("Free notes", "Free"), "todos": ("TODOs", "TODOs"),
                 "cards": ("Cards", "Cards"), "refs": ("References", "Refs"),
                 "marks": ("Highlights", "Marks")}

    def _label_tabs(self) -> None:
        """Each tab's name and count, short when the full names do not fit the tab strip (at
        80 columns "References" ran past its edge, cut with no ellipsis)."""
        tabs = self.query_one(TabbedContent)

        def label(name: str, short: bool) -> str:
            count = self._tab_counts.get(name)
            return self.TAB_NAMES[name][short] + (f" ({count})" if count is not None else "")

        room = tabs.size.width
        short = bool(room) and sum(len(label(n, False)) + 2 for n in self.TAB_NAMES) + 1 > room
        for name in self.TAB_NAMES:
            text = label(name, short)
            tab = tabs.get_tab(name)
            if str(tab.label) != text:
                tab.label = text

    def on_resize(self) -> None:
        self._label_tabs()

    # -- notes and cards ---------------------------------------------------------------------

    def editors(self) -> list[NotesEditor]:
        return list(self.query(NotesEditor))

    def draft(self) -> Draft:
        main = self.query_one("#notes-main", NotesEditor).draft()
        free = self.query_one("#notes-free", NotesEditor).draft()
        return Draft(main.what, main.how, main.why, free.text)

    @on(NotesEditor.Edited)
    def _edited(self) -> None:
        self._show_cards(self.draft())

    def _show_cards(self, draft: Draft) -> None:
        specs = card_preview(self.paper, draft) if self.paper else []
        self.query_one("#paper-cards", Static).update(cards_text(specs, self.by_hand))
        self._tab_counts["cards"] = len(specs) + len(self.by_hand)
        self._label_tabs()

    def _show_card_list(self) -> None:
        """The stored cards, to manage (deck_data: their states and typed-recall trends)."""
        from reader.tui import deck_data as dd

        cards = dd.paper_cards(self.app.conn, self.paper_id)
        if cards != self.card_rows:
            self.card_rows = cards
            self.query_one(CardManager).show(cards, self.app.now(), dd.resolve_tz(self.app.tz))

    def action_manage_card(self) -> None:
        """The card highlighted in the Cards tab (the tab is shown if it was not)."""
        cards = self.query_one(CardManager)
        option = cards.highlighted_option
        if option is None:
            self.action_tab("cards")
            self.set_focus(cards)
            if cards.option_count:
                cards.highlighted = 0
            return
        self._manage_card(CardManager.Chosen(int(option.id)))

    @on(CardManager.Chosen)
    def _manage_card(self, message: CardManager.Chosen) -> None:
        from reader.tui.screens.card_actions import CardActions

        def done(change: str | None) -> None:
            if change is not None:
                self.reload()
                self.app.library_changed.publish(self.paper_id)

        self.app.push_screen(CardActions(message.card_id), done)

    @on(NotesEditor.Saved)
    def _saved(self, message: NotesEditor.Saved) -> None:
        if message.error:
            self.notify(message.error, title="Notes not saved", severity="error", markup=False)

    @on(TodoList.Changed)
    def _todos_changed(self, message: TodoList.Changed) -> None:
        self._todo_label(message.todos)

    def flush(self) -> bool:
        errors = [e for e in (ed.flush() for ed in self.editors()) if e]
        for e in errors:
            self.notify(e, title="Notes not saved", severity="error", markup=False)
        return not errors

    # -- passes ------------------------------------------------------------------------------

    def passes_shown(self) -> None:
        kind = self.paper.kind if self.paper is not None else "paper"
        self.query_one("#paper-passes", Static).update(passes_text(self.passes, kind))

    # -- actions -----------------------------------------------------------------------------

    def action_pass_step(self) -> None:
        from reader.tui.screens.part_pass import ask_part, has_parts

        if has_parts(self.paper):
            ask_part(self)   # a course or a book: which part (as `pass ID --part N`)
            return
        super().action_pass_step()

    def action_back(self) -> None:
        if isinstance(self.focused, (TextArea, Input)):
            self.set_focus(self.query_one("#paper-tabs Tabs"))  # out of the note, still here
            return
        self.flush()
        self.app.pop_screen()

    def action_write(self) -> None:
        """Into the note of the tab shown (the Notes tab if it shows no note)."""
        if self.query_one(TabbedContent).active not in ("notes", "free"):
            self.action_tab("notes")
        else:
            self.action_tab(self.query_one(TabbedContent).active)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open_pdf", "read", "skim") and self.paper is not None and not self.paper.is_paper:
            return False  # a lecture, a course ... has a link, no PDF
        if action == "write":
            return not isinstance(self.focused, (TextArea, Input))  # there, `e` is a letter
        return True

    def action_save(self) -> None:
        if self.flush():
            self.notify("Notes saved.", timeout=2)

    def action_read(self) -> None:
        self.flush()
        self.app.open_screen("read", paper_id=self.paper_id)

    def action_skim(self) -> None:
        self.flush()
        self.app.open_screen("skim", paper_id=self.paper_id)

    def action_open_pdf(self) -> None:
        paper = self.paper
        if paper is None:
            return
        if pdf_state(self.app.paths.data, paper).present:
            open_pdf(self.app, paper)
        elif self.paper_id in self.app.importing:
            self.notify(f"The PDF of {paper.id} is being fetched …", timeout=3, markup=False)
        elif paper.is_local:
            self.notify(f"The PDF file of {paper.id} is missing; add the file again.",
                        severity="warning", markup=False)
        else:
            def fetch(yes: bool | None) -> None:
                if yes:
                    self.app.start_import([self.paper_id])
                    self.notify(f"Fetching the PDF of {paper.id} from arXiv …", timeout=3, markup=False)

            self.app.push_screen(Confirm("No PDF yet", f"{paper.id} has no PDF on this computer. "
                                         "Download it from arXiv now?", yes="Download"), fetch)

    def action_todo(self) -> None:
        self.action_tab("todos")
        self.query_one(TodoList).focus_input()

    def action_edit_tags(self) -> None:
        paper = self.paper
        if paper is None:
            return

        def done(text: str | None) -> None:
            if text is not None:
                self.change_tags(text)

        self.app.push_screen(Ask(f"Tags of {paper.id}",
                                 "Edit the list (space-separated), or type +name / -name to add "
                                 "or remove. Enter saves, escape cancels.",
                                 value=" ".join(paper.tags), placeholder="e.g. speech rnn"), done)

    def change_tags(self, text: str) -> None:
        from reader.library import papers as library
        from reader.errors import PaperdeckError

        paper = self.paper
        if paper is None:
            return
        try:
            add, remove = tag_changes(paper.tags, text)
            library.change_tags(self.app.conn, self.paper_id, add, remove)
        except PaperdeckError as e:
            self.notify(str(e), title="Tags not changed", severity="error", markup=False)
            return
        self.reload()
        tags = self.paper.tags if self.paper else ()
        self.notify("tags: " + (" ".join(tags) if tags else "(none)"), timeout=3, markup=False)
        self.app.library_changed.publish(self.paper_id)

    TABS = ("notes", "free", "todos", "cards", "refs", "marks")

    @on(ReferencesPanel.Counted)
    def _refs_counted(self, message: ReferencesPanel.Counted) -> None:
        self._tab_counts["refs"] = message.count or None
        self._label_tabs()

    @on(TabbedContent.TabActivated, "#paper-tabs")
    def _tab_shown(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "refs":
            self.query_one(ReferencesPanel).show()
        elif event.pane.id == "marks":
            self._tab_counts["marks"] = self.query_one(HighlightsList).show() or None
            self._label_tabs()

    @on(HighlightsList.Chosen)
    def _highlight_chosen(self, message: HighlightsList.Chosen) -> None:
        """The reading screen at the highlight's paragraph (orphaned: where it was left)."""
        from reader import clock
        from reader.tui import reading_places

        self.flush()
        if message.anchor and not message.anchor.startswith("p"):
            reading_places.put(self.app.paths.data, self.paper_id, message.anchor, 0,
                               clock.iso(self.app.now()))
        elif message.anchor is None:
            self.notify("Its text is no longer in the paper; the reading screen opens where "
                        "you left it.", timeout=4)
        self.app.open_screen("read", paper_id=self.paper_id)

    def action_next_tab(self) -> None:
        active = self.query_one(TabbedContent).active
        self.action_tab(self.TABS[(self.TABS.index(active) + 1) % len(self.TABS)])

    def action_tab(self, name: str) -> None:
        self.query_one(TabbedContent).active = name
        # set_focus, not focus(): focus() waits for the message queue, and keys already typed
        # would land where the focus was.
        if name == "notes":
            self.set_focus(self.query_one("#notes-main", NotesEditor).area("what"))
        elif name == "free":
            self.set_focus(self.query_one("#notes-free", NotesEditor).area("text"))
        elif name == "todos":
            self.set_focus(self.query_one("#todo-options"))
        elif name == "cards":
            self.set_focus(self.query_one("#cards-scroll"))
        elif name == "refs":
            self.query_one(ReferencesPanel).focus_list()
        elif name == "marks":
            self.set_focus(self.query_one(HighlightsList))

    def palette_commands(self) -> Iterable[SystemCommand]:
        step = next_pass_step(self.passes)
        from reader.tui.screens.part_pass import has_parts

        if has_parts(self.paper):
            yield SystemCommand("pass: a part done", "Which part was watched or read (ctrl+n)",
                                self.action_pass_step)
        elif step is not None:
            yield SystemCommand(f"pass: {step[0]} pass {step[1]}", "The next step of reading (ctrl+n)",
                                self.action_pass_step)
        for n in (1, 2, 3):
            for what in ("start", "finish"):
                if step == (what, n) and not has_parts(self.paper):
                    continue  # offered just above, with its key
                yield SystemCommand(f"pass: {what} pass {n}", f"Record that pass {n} "
                                    f"{'started' if what == 'start' else 'is done'}",
                                    lambda what=what, n=n: self.change_pass(what, n))
        yield SystemCommand("paper: read the text", "Page by page, notes beside it (ctrl+r)", self.action_read)
        yield SystemCommand("paper: skim (first pass)", "Headings, first sentences, captions, "
                            "references, the five Cs (ctrl+f)", self.action_skim)
        yield SystemCommand("paper: open the PDF", "In the system viewer; offers to fetch a missing "
                            "one (ctrl+o)", self.action_open_pdf)
        yield SystemCommand("paper: edit tags", "A list, or +name / -name (ctrl+g)", self.action_edit_tags)
        yield SystemCommand("notes: write", "Into the what/how/why notes (e; escape leaves them)",
                            self.action_write)
        yield SystemCommand("notes: save", "Save now (notes also save a second after typing) (ctrl+s)",
                            self.action_save)
        yield SystemCommand("todo: add", "Add a TODO for this paper (ctrl+t)", self.action_todo)
        yield SystemCommand("card: manage", "Suspend, forget, set a due date, edit or delete "
                            "the card picked in the Cards tab (enter there)", self.action_manage_card)
        for name, label in (("notes", "what, how, why"), ("free", "free notes"), ("todos", "TODOs"),
                            ("cards", "the cards of this paper"),
                            ("refs", "references (the arXiv papers it cites; a adds them)"),
                            ("marks", "highlights and quotes (enter reads there)")):
            yield SystemCommand(f"paper: show {label}", "(f2 cycles the tabs)",
                                lambda name=name: self.action_tab(name))
        yield SystemCommand("paper: back to the library", "(escape)", self.action_back)
