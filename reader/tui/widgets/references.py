"""A paper's References tab: the arXiv papers its text cites (✓ those in the library), and the
library's papers that cite it. Space marks, `a` adds the marked ones (or the highlighted one),
Enter opens one that is in the library.

Everything runs in workers: the references come from the stored text (read in the background
after an import; read now if it was not), titles not known are looked up on arXiv (one request
per 100, cached) the first time the tab is shown.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reader.text.refs import Ref


def ref_prompt(ref: Ref, marked: bool) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("● " if marked else "  ", style="bold")
    text.append("✓ " if ref.in_library else "  ", style="green")
    text.append(f"{ref.id:<17}", style="bold" if ref.in_library else "")
    author = ""
    if ref.authors and ref.authors[0].split():
        author = ref.authors[0].split()[-1] + (" et al." if len(ref.authors) > 1 else "")
    text.append(f" {ref.year or '    '}  ", style="dim")
    if author:
        text.append(author + " · ", style="italic")
    if ref.on_arxiv is False:
        text.append("(arXiv has no such paper)", style="dim")
    else:
        text.append(ref.title if ref.title is not None else "…", style="" if ref.title else "dim")
    return text


class RefOptions(OptionList):
    BINDINGS = [
        Binding("space", "mark", "Mark", id="refs.mark"),
        Binding("a", "add", "Add", id="refs.add"),
    ]

    def action_mark(self) -> None:
        self.parent.mark()  # type: ignore[union-attr]

    def action_add(self) -> None:
        self.parent.add_marked()  # type: ignore[union-attr]


class ReferencesPanel(Vertical):
    DEFAULT_CSS = """
    ReferencesPanel { height: 1fr; }
    ReferencesPanel > #refs-status { height: auto; color: $text-muted; }
    ReferencesPanel > RefOptions { height: 1fr; }
    ReferencesPanel > #refs-cited-by { height: auto; max-height: 8; margin: 1 0 0 0; }
    """

    class Loaded(Message):
        def __init__(self, refs: list[Ref], cited_by: list[tuple[str, str]], status: str,
                     looked_up: bool) -> None:
            super().__init__()
            self.refs, self.cited_by, self.status, self.looked_up = refs, cited_by, status, looked_up

    class Counted(Message):
        """How many references the paper has (for the tab's label)."""

        def __init__(self, count: int) -> None:
            super().__init__()
            self.count = count

    def __init__(self, paper_id: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paper_id = paper_id
        self.refs: list[Ref] = []
        self.marked: set[str] = set()
        self.looked_up = False
        self.shown = False

    def compose(self) -> ComposeResult:
        yield Static("", id="refs-status", markup=False)
        yield RefOptions(id="refs-options")
        yield Static("", id="refs-cited-by", markup=False)

    def on_mount(self) -> None:
        self.app.indexer.text_read.subscribe(self, self._text_read)
        self.app.library_changed.subscribe(self, self._library_changed)
        self._load(False)

    def _library_changed(self, _paper_id: str | None) -> None:
        if self.shown:
            self._load(False)  # which references are in the library now

    def _text_read(self, paper_id: str) -> None:
        if paper_id == self.paper_id:
            self._load(self.shown)
        elif self.shown:
            self._load(False)  # another paper's text: it may cite this one

    def show(self) -> None:
        """The tab is shown: look up the titles not known yet (once)."""
        self.shown = True
        if not self.looked_up:
            self._load(True)

    # -- loading -----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="refs", exit_on_error=False)
    def _load(self, look_up: bool) -> None:
        from reader.text.pdf import pdftext
        from reader.text import refs
        from reader.errors import PaperdeckError

        app = self.app
        status = ""
        looked_up = False
        conn = app.thread_connection()
        try:
            state = refs.text_state(conn, self.paper_id)
            found = refs.references(conn, self.paper_id)
            if state is None or state in ("pending", "partial"):
                if self.paper_id in pdftext.pending(conn):
                    status = "reading the text of this paper …"
                    app.call_from_thread(app.indexer.start)
                else:
                    status = "no PDF yet: ctrl+o fetches it, then its references show here"
            elif state == "failed":
                st = pdftext.state(conn, self.paper_id)
                status = f"its text could not be read: {st.reason if st else ''}"
            self.post_message(self.Counted(len(found)))
            missing = refs.missing_titles(found)
            if look_up and missing:
                try:
                    refs.lookup(conn, app.arxiv_client(), missing)
                    found = refs.references(conn, self.paper_id)
                    looked_up = True
                except PaperdeckError as e:
                    status = f"titles not looked up: {e}"
            elif look_up:
                looked_up = True
            citing = refs.cited_by(conn, self.paper_id)
        except Exception as e:  # noqa: BLE001 - one line, never a traceback
            self.post_message(self.Loaded(self.refs, [], f"cannot list the references: {e}", False))
            return
        finally:
            conn.close()
        self.post_message(self.Loaded(found, citing, status, looked_up))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        message.stop()
        self.looked_up = self.looked_up or message.looked_up
        self.refs = message.refs
        self.marked &= {r.id for r in self.refs if not r.in_library}
        options = self.query_one(RefOptions)
        keep = options.highlighted
        options.clear_options()
        options.add_options(Option(ref_prompt(r, r.id in self.marked), id=r.id) for r in self.refs)
        if self.refs:
            options.highlighted = min(keep or 0, len(self.refs) - 1)
        have = sum(r.in_library for r in self.refs)
        head = (f"{len(self.refs)} arXiv paper{'s' if len(self.refs) != 1 else ''} cited, "
                f"{have} in your library — space marks, a adds, Enter opens"
                if self.refs else "No arXiv paper is cited by its id in this paper's text.")
        self.query_one("#refs-status", Static).update(
            head + (f"\n{message.status}" if message.status else ""))
        cited = Text("Cited by, in your library: ", style="bold")
        if message.cited_by:
            for pid, title in message.cited_by:
                cited.append(f"\n  {pid}  ", style="bold")
                cited.append(title)
        else:
            cited.append("none", style="dim")
        self.query_one("#refs-cited-by", Static).update(cited)
        self.post_message(self.Counted(len(self.refs)))

    # -- marking and adding ------------------------------------------------------------------

    def _current(self) -> Ref | None:
        options = self.query_one(RefOptions)
        if options.highlighted is None or not self.refs:
            return None
        return self.refs[options.highlighted]

    def _redraw(self, ref_id: str) -> None:
        for i, r in enumerate(self.refs):
            if r.id == ref_id:
                self.query_one(RefOptions).replace_option_prompt_at_index(
                    i, ref_prompt(r, r.id in self.marked))

    def mark(self) -> None:
        ref = self._current()
        if ref is None:
            return
        if ref.in_library:
            self.app.notify(f"{ref.id} is in the library already.", timeout=3, markup=False)
        elif ref.id in self.marked:
            self.marked.discard(ref.id)
        else:
            self.marked.add(ref.id)
        self._redraw(ref.id)
        options = self.query_one(RefOptions)
        if options.highlighted is not None and options.highlighted < len(self.refs) - 1:
            options.highlighted += 1

    def add_marked(self) -> None:
        wanted = [r.id for r in self.refs if r.id in self.marked]
        if not wanted:
            ref = self._current()
            if ref is None or ref.in_library or ref.on_arxiv is False:
                return
            wanted = [ref.id]
        self.marked.clear()
        for rid in wanted:
            self._redraw(rid)
        self.app.notify(f"Adding {len(wanted)} paper{'s' if len(wanted) != 1 else ''} …",
                        timeout=3, markup=False)
        self.app.start_import(wanted)

    @on(OptionList.OptionSelected, "#refs-options")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        ref = next((r for r in self.refs if r.id == event.option.id), None)
        if ref is not None and ref.in_library:
            self.app.open_screen("paper", paper_id=ref.id)
        elif ref is not None:
            self.add_marked()

    def focus_list(self) -> None:
        self.screen.set_focus(self.query_one(RefOptions))
