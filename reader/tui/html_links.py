"""The HTML reading screen's links out of the text: citations (their bibliography entry, and
the cited papers added to the library), references followed, and figures (drawn from the
images kept beside the paper, fetched from arXiv when missing, opened in the system viewer).

A mixin for reader.tui.screens.reading_html.HtmlReadingScreen, which has `doc`, `paper`,
`_figures` (the folder the figures are kept in), `_images` and `jump()`.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.message import Message

from reader.tui.widgets import figure_image
from reader.tui.widgets.citation_panel import CitationPanel
from reader.tui.widgets.doc_view import DocView


class PaperLinks:
    class FiguresFetched(Message):
        pass

    @work(thread=True, exclusive=True, group="html-figures", exit_on_error=False)
    def _fetch_figures(self) -> None:
        """The figures not kept yet, from arXiv (each under its deadline); then drawn."""
        from reader.library import paper_html

        conn = self.app.thread_connection()
        try:
            done = paper_html.fetch_figures(conn, self.app.paths, self.app.arxiv_settings, self.paper)
        except Exception:  # noqa: BLE001 - figures are a bonus: their captions stay
            return
        finally:
            conn.close()
        if done.fetched:
            self.post_message(self.FiguresFetched())

    def on_paper_links_figures_fetched(self) -> None:
        self._images = {k: v for k, v in self._images.items() if v is not None}
        self.query_one(DocView).relayout()

    def _image_rows(self, anchor: str, name: str, width: int):
        """A figure drawn for `width` (called from the layout worker), once per width."""
        key = (name, width)
        if key not in self._images:
            path = self.image_path(name)
            draw = self.app.figure_mode
            self._images[key] = figure_image.rows(path, width, draw) if path else None
        return self._images[key]

    def image_path(self, name: str) -> Path | None:
        """The kept file of a figure's image (any thread: no database)."""
        if self._figures is None or "/" in name or name.startswith("."):
            return None
        path = self._figures / name
        return path if path.is_file() else None

    # -- following links -----------------------------------------------------------------------

    def on_doc_view_follow(self, message: DocView.Follow) -> None:
        kind, _, rest = message.target.partition(":")
        if kind == "cite":
            self.show_citation(rest.split())
        elif kind == "ref":
            if not self.jump(rest):
                self.notify("That reference points at nothing in this paper.", timeout=3)
        elif kind == "img":
            self.open_image(*rest.split(" ", 1))
        elif kind == "url":
            self.notify(rest, title="Link (not opened: copy it)", timeout=10, markup=False)

    def show_citation(self, bib_ids: list[str]) -> None:
        entries = [e for e in (self.doc.bib(b) for b in bib_ids) if e is not None] if self.doc else []
        if not entries:
            self.notify("This citation has no entry in the paper's bibliography.", timeout=3)
            return
        self.query_one(CitationPanel).show(entries, self._in_library, self._importing)

    def _in_library(self, arxiv_id: str) -> bool:
        from reader.library import papers as library

        return library.get(self.app.conn, arxiv_id) is not None

    def _importing(self, arxiv_id: str) -> bool:
        return arxiv_id in self.app.importing

    def _library_changed(self, paper_id: str | None) -> None:
        panel = self.query_one(CitationPanel)
        if panel.display and panel.entries:
            panel.show(panel.entries, self._in_library, self._importing)

    def action_add_cited(self) -> None:
        panel = self.query_one(CitationPanel)
        ids = panel.addable(self._in_library) if panel.display else []
        ids = [i for i in ids if not self._importing(i)]
        if not ids:
            self.notify("Nothing to add: the papers cited are in your library or have no arXiv id.",
                        timeout=3)
            return
        self.app.start_import(ids)
        panel.show(panel.entries, self._in_library, self._importing)

    def action_view_image(self) -> None:
        """The image of the figure at the cursor, else of the first figure on screen."""
        view = self.query_one(DocView)
        target = view.link_target()
        if target is None or not target.startswith("img:"):
            lay = view.doc_layout
            height = view.scrollable_content_region.height
            target = next((ln.target for ln in (lay.links if lay else [])
                           if ln.kind == "img" and view.top <= ln.line < view.top + height), None)
        if target is None:
            self.notify("No figure on screen.", timeout=3)
            return
        self.open_image(*target[4:].split(" ", 1))

    def open_image(self, anchor: str, name: str) -> None:
        from reader.tui.pdf_open import open_file

        path = self.image_path(name)
        if path is None:
            self.notify(f"The image {name} of this figure is not stored (arXiv's HTML had none, "
                        "or it was not fetched yet).", severity="warning", markup=False)
            return
        open_file(self.app, path, what="image")
