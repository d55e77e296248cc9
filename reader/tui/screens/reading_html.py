"""Reading a paper from arXiv's HTML: its sections, math, equations, figures and citations.

The document model (reader.text.document) is read from the library in a worker thread (parsed
again there when the stored one is stale); DocView lays it out per width in a worker of its own.
Beside the text: the outline of sections (from 100 columns, `o`) and, with f2, the notes. Links
(citations, references, footnotes, figure images) are followed with tab / shift+tab and Enter;
`b` goes back to where a jump started, as a browser's back button does. A paper without HTML
reads from its PDF text (reader.tui.screens.reading), labelled with the reason.

Citations, cited papers and figures are in reader/tui/html_links.py; the notes, saving and the
paper's opening, shared with the PDF's screen, in reader/tui/notes_beside.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static, TextArea

from reader.models import Paper, Pass
from reader.text.document import Document, Section
from reader.tui import reading_places
from reader.tui.html_links import PaperLinks
from reader.tui.gc_pauses import bulk_build
from reader.tui.notes_beside import NotesBeside
from reader.tui.pass_steps import PassSteps
from reader.tui.sentence_actions import SentenceActions
from reader.tui.widgets.citation_panel import CitationPanel
from reader.tui.widgets.doc_view import DocView, Match, Place, find_matches
from reader.tui.widgets.in_order import InOrderInput
from reader.tui.widgets.key_footer import KeyFooter
from reader.tui.widgets.notes_editor import NotesEditor
from reader.tui.widgets.outline import Outline

OUTLINE_MIN_WIDTH = 100   # the outline is beside the text from this width
NOTES_MIN_WIDTH = 140     # and the notes too from this one (f2 shows them at any width)
HISTORY = 100


class HtmlReadingScreen(PaperLinks, SentenceActions, NotesBeside, PassSteps, Screen):
    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="html.back"),
        Binding("slash", "search", "Search", priority=True, id="html.search"),
        Binding("right_square_bracket", "section(1)", "§", key_display="[ ]", id="html.next_section"),
        Binding("left_square_bracket", "section(-1)", "Prev section", show=False, id="html.prev_section"),
        Binding("o", "outline", "Outline", id="html.outline"),
        Binding("b,backspace", "history_back", "Return", key_display="b", id="html.history_back"),
        Binding("t", "tex", "TeX", id="html.tex"),
        Binding("m", "match(1)", "Next match", show=False, id="html.next_match"),
        Binding("M", "match(-1)", "Prev match", show=False, id="html.prev_match"),
        Binding("v", "view_image", "Image", show=False, id="html.view_image"),
        Binding("a", "add_cited", "Add cited", show=False, id="html.add_cited"),
        # Off the footer so that it fits 80 columns; both are in the palette (ctrl+p).
        Binding("f2", "toggle_notes", "Notes", show=False, id="html.notes"),
        Binding("ctrl+n", "pass_step", "Pass", show=False, id="html.pass"),
        Binding("ctrl+s", "save", "Save", show=False, id="html.save"),
        Binding("ctrl+f", "skim", "Skim", show=False, id="html.skim"),
        # The sentence cursor (reader.tui.sentence_actions): s starts it, then these act.
        Binding("s", "sentence_start", "Sentence", show=False, id="html.sentence"),
        Binding("right", "sentence_move(1)", "Next sentence", show=False, priority=True,
                id="html.sentence_next"),
        Binding("left", "sentence_move(-1)", "Prev sentence", show=False, priority=True,
                id="html.sentence_prev"),
        Binding("shift+right", "sentence_extend(1)", "Extend", show=False, priority=True,
                id="html.sentence_extend"),
        Binding("shift+left", "sentence_extend(-1)", "Shrink", show=False, priority=True,
                id="html.sentence_shrink"),
        Binding("q", "sentence_quote", "Quote", show=False, id="html.quote"),
        Binding("c", "sentence_cloze", "Cloze", show=False, id="html.cloze"),
        Binding("h", "sentence_highlight", "Highlight", show=False, id="html.highlight"),
    ]

    class Loaded(Message):
        def __init__(self, doc: Document | None, problem: str | None) -> None:
            super().__init__()
            self.doc = doc
            self.problem = problem

    def __init__(self, paper_id: str, document: Document | None = None) -> None:
        super().__init__()
        self.paper_id = paper_id
        self.paper: Paper | None = None
        self.doc: Document | None = document
        self.passes: list[Pass] = []
        self.tex = False
        self.history: list[Place] = []
        self.query_text = ""
        self.matches: list[Match] = []
        self.match_index: int | None = None
        self.prompt_open = False
        self._sections: dict[str, Section] = {}
        self._images: dict[tuple[str, int], list | None] = {}
        self._wide = True   # at least OUTLINE_MIN_WIDTH columns, as last seen
        self._view: DocView | None = None
        self._figures: Path | None = None   # the folder the figures are kept in

    # -- building ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="read-top", classes="screen-title"):
            yield Static("", id="read-title", markup=False)
            yield Static("", id="read-where", markup=False)
        with Horizontal(id="html-main"):
            yield Outline(id="html-outline")
            with Vertical(id="html-text"):
                yield DocView(id="html-doc")
                yield CitationPanel(id="html-cite")
            yield NotesEditor(self.paper_id, id="read-notes")
        yield InOrderInput(id="read-prompt")
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.app.exiting:
            return
        if not self.open_paper():
            return
        self.query_one(CitationPanel).display = False
        width = self.app.size.width
        self._wide = width >= OUTLINE_MIN_WIDTH
        self.query_one(Outline).display = self._wide
        self.query_one(NotesEditor).display = width >= NOTES_MIN_WIDTH
        view = self._view = self.query_one(DocView)
        self.set_focus(view)
        view.show_message("Reading the paper …")
        self._where()
        if self.doc is not None:
            self.call_after_refresh(self._show_document, self.doc)
        else:
            self._load()
        self.app.library_changed.subscribe(self, self._library_changed)

    @work(thread=True, exclusive=True, group="html-load", exit_on_error=False)
    def _load(self) -> None:
        """The stored model, or the stored page parsed again when the model is stale."""
        from reader.tui import html_source

        conn = self.app.thread_connection()
        try:
            with bulk_build():   # the model lives while the paper is open (see gc_pauses)
                doc, problem = html_source.load(conn, self.paper_id)
        except Exception as e:  # noqa: BLE001 - one line, never a traceback
            doc, problem = None, f"cannot read the paper's HTML: {type(e).__name__}: {e}"
        finally:
            conn.close()
        self.post_message(self.Loaded(doc, problem))

    def on_html_reading_screen_loaded(self, message: Loaded) -> None:
        if message.doc is None:
            # No model after all: the PDF text, saying why (as the router does when it knows).
            from reader.tui.screens.reading import ReadingScreen

            self.app.switch_screen(ReadingScreen(self.paper_id, note=f"PDF text: {message.problem}"))
            return
        self._show_document(message.doc)

    def _show_document(self, doc: Document) -> None:
        from reader.text.html import html_store

        self.doc = doc
        st = html_store.state(self.app.conn, self.paper_id)
        self._figures = html_store.figures_dir(self.app.paths.papers, self.paper_id,
                                               st.version if st else self.paper.version)
        self._sections = {s.id: s for _, s in doc.walk_sections()}
        self.query_one(Outline).set_entries(doc.outline())
        place = reading_places.get(self.app.paths.data, self.paper_id)
        self.query_one(DocView).show(doc, tex=self.tex, images=self._image_rows, place=place)
        names = html_store.figure_names(doc)
        if st is not None and st.status == "ok" and any(self.image_path(n) is None for n in names):
            self._fetch_figures()

    # -- where we are --------------------------------------------------------------------------

    @on(DocView.Moved)
    def _moved(self, message: DocView.Moved) -> None:
        self._where()
        self.query_one(Outline).mark(self._outline_section(message.view.section()))

    @on(DocView.LaidOut)
    def _laid_out(self) -> None:
        if self.query_text:
            self._find(self.query_text, keep=True)
        self._where()
        self.sentences_laid_out()

    def _outline_section(self, section: str | None) -> str | None:
        """The outline's entry for a section (a \\paragraph is shown as the one holding it)."""
        ids = {e.id for e in self.query_one(Outline).entries}
        while section is not None and section not in ids:
            section = section.rpartition(".")[0] or None
        return section

    def current_section(self) -> Section | None:
        sid = self._outline_section(self.query_one(DocView).section())
        return self._sections.get(sid) if sid else None

    def _where(self) -> None:
        view = self.query_one(DocView)
        text = Text()
        section = self.current_section()
        if section is not None:
            text.append(("§" + section.heading) if section.number else section.heading)
        if view.doc_layout is not None and view.doc_layout.lines:
            text.append(f"  {min(100, round(100 * (view.top + 1) / len(view.doc_layout.lines)))}%", style="dim")
        if self.tex:
            text.append("  · TeX", style="bold")
        if self.query_text:
            n = len(self.matches)
            at = f"{self.match_index + 1}/" if self.match_index is not None and n else ""
            text.append(f"  · “{self.query_text}” {at}{n}")
        where = self.query_one("#read-where", Static)
        # The width changes with the section, not with the percentage (a new width lays the
        # header out again: not on every scroll step).
        width = min(text.cell_len + 2 + (4 - len(str(min(100, round(100 * (view.top + 1) / max(1, len(
            view.doc_layout.lines)))))) if view.doc_layout is not None else 0), max(20, self.app.size.width // 2))
        if where.styles.width is None or where.styles.width.value != width:
            where.styles.width = width
        where.update(text, layout=False)

    def on_resize(self, event: events.Resize) -> None:
        """Across 100 columns the outline comes or goes (`o` still decides at any width)."""
        wide = event.size.width >= OUTLINE_MIN_WIDTH
        if wide != self._wide:
            self._wide = wide
            outline = self.query_one(Outline)
            if outline.has_focus and not wide:
                self.set_focus(self.query_one(DocView))
            outline.display = wide

    # -- moving --------------------------------------------------------------------------------

    def jump(self, anchor: str) -> bool:
        """Go to `anchor`, remembering where we were (for `b`)."""
        view = self.query_one(DocView)
        here = view.place()
        if not view.go_to_anchor(anchor):
            return False
        if not self.history or self.history[-1] != here:
            self.history.append(here)
            del self.history[:-HISTORY]
        return True

    def action_history_back(self) -> None:
        if not self.history:
            self.notify("Nothing to go back to: no jump yet.", timeout=3)
            return
        view = self.query_one(DocView)
        came_from = view.link_target()
        view.go_to_place(self.history.pop())
        if came_from is not None:
            view.link_to(came_from)  # the cursor back on the link followed, if it is there

    def action_section(self, step: int) -> None:
        view = self.query_one(DocView)
        if view.doc_layout is None:
            return
        starts = [(line, sid) for line, sid in view.doc_layout.sections
                  if sid in {e.id for e in self.query_one(Outline).entries}]
        at = view.top + 1   # a jump leaves a line above the heading
        ahead = [s for s in starts if (s[0] > at if step > 0 else s[0] < at)]
        if not ahead:
            return
        line, sid = ahead[0] if step > 0 else ahead[-1]
        self.jump(sid)

    def action_outline(self) -> None:
        outline = self.query_one(Outline)
        if outline.display and outline.has_focus:
            outline.display = False
            self.set_focus(self.query_one(DocView))
        else:
            outline.display = True
            self.set_focus(outline)

    @on(OptionList.OptionSelected, "#html-outline")
    def _outline_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.jump(event.option.id)
        self.set_focus(self.query_one(DocView))

    # -- search --------------------------------------------------------------------------------

    def action_search(self) -> None:
        prompt = self.query_one("#read-prompt", Input)
        prompt.placeholder = "Search the paper (Enter)"
        prompt.value = self.query_text
        prompt.display = True
        self.prompt_open = True
        self.set_focus(prompt)

    def _close_prompt(self) -> None:
        self.query_one("#read-prompt", Input).display = False
        self.prompt_open = False
        self.set_focus(self.query_one(DocView))

    @on(Input.Submitted, "#read-prompt")
    def _submitted(self, event: Input.Submitted) -> None:
        self._close_prompt()
        self.search(event.value.strip())

    def search(self, needle: str) -> None:
        self.query_text = needle
        self._find(needle)
        if needle and not self.matches:
            self.notify(f"No match for “{needle}”", markup=False)

    def _find(self, needle: str, keep: bool = False) -> None:
        view = self.query_one(DocView)
        self.matches = find_matches(view.doc_layout, needle) if view.doc_layout else []
        counts: dict[str, int] = {}
        for match in self.matches:
            sid = self._outline_section(view.doc_layout.lines[match[0][0]].section)
            if sid:
                counts[sid] = counts.get(sid, 0) + 1
        outline = self.query_one(Outline)
        outline.set_entries(outline.entries, counts)
        self.match_index = None
        if self.matches and not keep:   # the first match at or below the top
            self.match_index = next((i for i, m in enumerate(self.matches) if m[0][0] >= view.top), 0)
        view.set_matches(self.matches, self.match_index)
        self._where()

    def action_match(self, step: int) -> None:
        if not self.matches:
            self.action_search()
            return
        if self.match_index is None:
            self.match_index = 0 if step > 0 else len(self.matches) - 1
        else:
            self.match_index = (self.match_index + step) % len(self.matches)
        self.query_one(DocView).set_matches(self.matches, self.match_index)
        self._where()

    # -- modes and the rest --------------------------------------------------------------------

    def action_tex(self) -> None:
        self.tex = not self.tex
        self.query_one(DocView).set_tex(self.tex)
        self._where()

    def action_skim(self) -> None:
        """The Skim view of this paper (Enter there comes back here, at the heading)."""
        self.query_one(NotesEditor).flush()
        self.app.open_screen("skim", paper_id=self.paper_id)

    def text_view(self) -> DocView:
        return self.query_one(DocView)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        typing = isinstance(self.focused, (TextArea, Input))
        if action in ("search", "section", "outline", "history_back", "tex", "match", "view_image"):
            return not typing
        if action.startswith("sentence_"):
            if action == "sentence_start":
                return not typing and self.doc is not None
            return not typing and self.sentence is not None
        if action == "add_cited":
            panel = self.query_one(CitationPanel)
            return panel.display and not typing and bool(panel.addable(self._in_library))
        return True

    def action_back(self) -> None:
        if self.prompt_open:
            self._close_prompt()
            return
        if self.sentence_end():
            return
        panel = self.query_one(CitationPanel)
        if panel.display:
            panel.display = False
            self.refresh_bindings()
            return
        if isinstance(self.focused, TextArea) or isinstance(self.focused, Outline):
            self.set_focus(self.query_one(DocView))
            return
        self.query_one(NotesEditor).flush()
        self.app.pop_screen()

    def keep_place(self) -> None:
        view = self._view
        if view is not None and view.doc_layout is not None:
            from reader import clock

            anchor, offset = view.place()
            reading_places.put(self.app.paths.data, self.paper_id, anchor, offset, clock.iso(self.app.now()))

    def on_screen_suspend(self) -> None:
        self.keep_place()

    def on_unmount(self) -> None:
        self.keep_place()

    def palette_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("read: next section", "(])", lambda: self.action_section(1))
        yield SystemCommand("read: previous section", "([)", lambda: self.action_section(-1))
        yield SystemCommand("read: outline of sections", "Show it and go to it; again hides it (o)",
                            self.action_outline)
        yield SystemCommand("read: next link", "Citations, references, figures (tab; shift+tab back)",
                            lambda: self.query_one(DocView).action_link(1))
        yield SystemCommand("read: follow the link", "Citation: its entry; reference: go there (enter)",
                            self.query_one(DocView).action_follow)
        yield SystemCommand("read: go back", "To where the last jump started (b)", self.action_history_back)
        yield SystemCommand("read: math as TeX", "Or back to rendered math (t)", self.action_tex)
        yield SystemCommand("read: search the paper", "Matches by section in the outline (/)",
                            self.action_search)
        yield SystemCommand("read: next match", "(m; M for the previous one)", lambda: self.action_match(1))
        yield SystemCommand("read: open a figure's image", "In the system viewer (v)", self.action_view_image)
        if self.check_action("add_cited", ()):
            yield SystemCommand("paper: add the cited paper", "From arXiv (a)", self.action_add_cited)
        yield SystemCommand("paper: skim (first pass)", "Headings, first sentences, captions, "
                            "references, the five Cs (ctrl+f)", self.action_skim)
        yield SystemCommand("read: choose a sentence", "A cursor by sentence: left/right, shift "
                            "extends; then q quote, c cloze, h highlight (s)",
                            self.action_sentence_start)
        if self.sentence is not None:
            yield SystemCommand("notes: quote the chosen sentences", "Into what, how, why or "
                                "notes, with their place (q)", self.action_sentence_quote)
            yield SystemCommand("card: cloze from the chosen sentence", "The words asked for "
                                "hidden (c)", self.action_sentence_cloze)
            yield SystemCommand("read: highlight the chosen sentences", "Kept on the text (h)",
                                self.action_sentence_highlight)
        yield from self.notes_commands()


def reading_screen(paper_id: str) -> Screen:
    """The reading screen for a paper: from its HTML where the library keeps it, else from its
    PDF text, saying why (which, for a paper never asked for, fetches the HTML meanwhile)."""
    import textual.app

    from reader.library import papers as library
    from reader.tui import html_source
    from reader.tui.screens.reading import ReadingScreen

    app = textual.app.active_app.get()
    paper = library.get(app.conn, paper_id)
    if paper is None:
        return ReadingScreen(paper_id)   # says the paper is gone
    ok, why = html_source.readable(app.conn, paper)
    if ok:
        return HtmlReadingScreen(paper_id)
    return ReadingScreen(paper_id, note=f"PDF text: {why}")
