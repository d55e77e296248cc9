"""The Paper screen's References tab, and the text read in the background after an import."""

from __future__ import annotations

from reader.text.pdf import pdftext
from reader.library import papers as library
from reader.store import db
from tests.selfmade import Entry, atom_feed, tiny_pdf
from tests.arxiv.test_add_from import AnyIds

from .conftest import SAMPLE, seed_papers
from .test_library_add import settle

CITING = ["A survey\nReferences\n[1] A. Graves. arXiv preprint arXiv:1211.3711 (2012).\n"
          "[2] Kojima et al. Zero-shot reasoners. arXiv:2205.11916 (2022).\n"
          "[3] Wei et al. Chain of thought. https://arxiv.org/abs/2201.11903v6."]


def with_text(home, conn, paper_id: str, pages: list[str]) -> None:
    """A PDF for the paper, its text read as `paperdeck index` reads it."""
    from reader.store import paths as paths_mod

    (home / "papers").mkdir(exist_ok=True)
    name = f"papers/{paper_id.replace('/', '_')}.pdf"
    (home / name).write_bytes(tiny_pdf(pages))
    library.update_fields(conn, paper_id, pdf_status="ok", pdf_path=name)
    pdftext.index(conn, paths_mod.resolve(home), [paper_id])


async def test_references_tab_lists_marks_and_adds(make, home, arxiv_server, tui_paths):
    arxiv_server.id_lists = AnyIds()
    conn = db.open_library(tui_paths)
    seed_papers(conn, SAMPLE)
    with_text(home, conn, "2101.00001", CITING)
    app = make(screen="paper", paper_id="2101.00001")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        tabs = app.screen.query_one("TabbedContent")
        assert str(tabs.get_tab("refs").label) == "References (3)"
        app.screen.action_tab("refs")
        await settle(app, pilot)
        panel = app.screen.query_one("ReferencesPanel")
        assert [(r.id, r.in_library) for r in panel.refs] == [
            ("1211.3711", True), ("2205.11916", False), ("2201.11903", False)]
        assert panel.refs[1].title == "Paper 2205.11916"  # looked up: one request for both
        lookups = [r for r in arxiv_server.api_requests() if "2205.11916" in r]
        assert len(lookups) == 1 and "2201.11903" in lookups[0]
        options = app.screen.query_one("RefOptions")
        assert "✓" in str(options.get_option_at_index(0).prompt)
        await pilot.press("down", "space", "space")  # mark both papers not in the library
        assert panel.marked == {"2205.11916", "2201.11903"}
        await pilot.press("a")
        await settle(app, pilot)
        assert library.exists(conn, "2205.11916") and library.exists(conn, "2201.11903")
        await settle(app, pilot)
        assert all(r.in_library for r in panel.refs)


async def test_cited_by_and_enter_opens_a_reference_in_the_library(make, home, arxiv_server,
                                                                    tui_paths):
    arxiv_server.id_lists = AnyIds()
    conn = db.open_library(tui_paths)
    seed_papers(conn, SAMPLE)
    with_text(home, conn, "2101.00001", CITING)
    app = make(screen="paper", paper_id="1211.3711")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.screen.action_tab("refs")
        await settle(app, pilot)
        cited = str(app.screen.query_one("#refs-cited-by").render())
        assert "2101.00001" in cited and "Markup is shown as typed" in cited
        status = str(app.screen.query_one("#refs-status").render())
        assert "no PDF yet" in status
    app = make(screen="paper", paper_id="2101.00001")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.screen.action_tab("refs")
        await settle(app, pilot)
        await pilot.press("enter")  # on 1211.3711, in the library: its Paper screen
        await settle(app, pilot)
        assert app.screen.paper_id == "1211.3711"


async def test_text_is_read_in_the_background_after_an_import(make, arxiv_server):
    arxiv_server.id_lists["1211.3711"] = (200, atom_feed([
        Entry("1211.3711v1", "Sequence Transduction", ["Alex Graves"])]))
    arxiv_server.pdfs["1211.3711v1"] = tiny_pdf(["transducers everywhere", "page two"])
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", *"1211.3711", "enter")
        await settle(app, pilot)
        await settle(app, pilot)  # the import's end starts the reader of text
        conn = db.connect(app.paths.db)
        st = pdftext.state(conn, "1211.3711")
        assert st is not None and st.status == "done" and st.page_count == 2
        # Said in the Add screen's log, not in a toast over its results.
        log = "\n".join(line.text for line in app.screen.query_one("#add-log").lines)
        assert "text of 1 paper is read" in log
        assert not any("text of 1 paper is read" in n.message for n in app._notifications)
    from reader.text import find

    assert [h.paper_id for h in find.search(conn, "transducers")] == ["1211.3711"]
    assert pdftext.pending(conn) == []


async def test_the_palette_reads_every_papers_text(make, home, tui_paths):
    from tests.selfmade import tiny_pdf as pdf

    conn = db.open_library(tui_paths)
    seed_papers(conn, SAMPLE)
    (home / "papers").mkdir(exist_ok=True)
    (home / "papers" / "1412.6980.pdf").write_bytes(pdf(["adaptive moments"]))
    library.update_fields(conn, "1412.6980", pdf_status="ok", pdf_path="papers/1412.6980.pdf")
    assert pdftext.pending(conn) == ["1412.6980"]
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert pdftext.pending(conn) == ["1412.6980"]  # nothing is read before it is asked for
        (command,) = [c for c in app.get_system_commands(app.screen)
                      if c.title == "library: read every paper's text"]
        command.callback()
        await settle(app, pilot)
        assert pdftext.pending(conn) == []
        assert pdftext.state(conn, "1412.6980").status == "done"
