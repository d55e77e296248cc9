"""arXiv's HTML fetched and kept: `add` keeps the page of the version it imports with its model;
no HTML (a 404, a page with no article, arXiv's placeholder), a cut-off or hanging page fall back
to the PDF text and say so, and never fail the import; a paper already in the library gets its
page on first open and from `index`; a newer parser re-reads the kept page. Through the local
arXiv and a real SQLite library."""

from __future__ import annotations

import json
import time

import pytest

from tests.selfmade import Entry, atom_feed, tiny_pdf
from tests.text_html.conftest import HTML, MOOR, STROPKAY


def state(conn, pid):
    from reader.text.html import html_store

    return html_store.state(conn, pid)


def test_add_keeps_the_html_of_the_version_it_imports(html_arxiv, cli, conn):
    code, _, err = cli("add", MOOR)
    assert code == 0, err
    assert html_arxiv.html_requests() == [f"/html/{MOOR}v1"]
    st = state(conn, MOOR)
    page = (HTML / MOOR / "index.html").read_bytes()
    assert (st.status, st.version, st.reason, st.html_size) == ("ok", 1, None, len(page))
    assert st.stored_bytes < len(page) / 3          # compressed: page and model together
    from reader.text.html import html_store

    assert html_store.page(conn, MOOR) == page
    doc = html_store.document(conn, MOOR)
    numbered = [s.number for s in doc.sections if s.number and s.kind == "section"]
    assert numbered == ["1", "2", "3", "4", "5", "6", "7", "8"]   # SOURCES.md: 8 numbered
    assert "HTML" not in err                         # nothing to say when it went well


def test_no_pdf_still_fetches_the_html(html_arxiv, cli, conn):
    """--no-pdf skips the large file; the small page is what the paper is read from."""
    code, _, err = cli("add", STROPKAY, "--no-pdf")
    assert code == 0, err
    assert not [r for r in html_arxiv.requests if r.startswith("/pdf/")]
    assert state(conn, STROPKAY).status == "ok"
    code, out, err = cli("text", STROPKAY)
    assert code == 0 and "from arXiv's HTML" in err
    assert "A Stylometric Application of Large Language Models" in out


@pytest.fixture
def plain_paper(html_arxiv):
    """2101.00001: a paper arXiv has a PDF of and no HTML for."""
    html_arxiv.id_lists["2101.00001"] = (200, atom_feed([Entry("2101.00001v1", "A survey",
                                                               ["A. Author"])]))
    html_arxiv.pdfs["2101.00001v1"] = tiny_pdf(["A survey of transducers", "page two"])
    return "2101.00001"


def test_a_404_reads_from_the_pdf_text_and_says_so(plain_paper, cli, conn):
    code, _, err = cli("add", plain_paper)
    assert code == 0 and "HTML" not in err           # no HTML is no failure
    st = state(conn, plain_paper)
    assert st.status == "none" and st.reason == "arXiv has no HTML for this paper (HTTP 404)"
    code, out, err = cli("text", plain_paper)
    assert code == 0
    assert "PDF text: arXiv has no HTML for this paper" in err
    assert "--- page 1 of 2 ---" in out and "A survey of transducers" in out
    code, _, err = cli("text", plain_paper, "--outline")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "has no structured text (arXiv has no HTML for this paper" in err


@pytest.mark.parametrize("fault", ["cut", "cut-no-length"])
def test_a_cut_off_page_falls_back_and_is_fetched_again_later(html_arxiv, cli, conn, fault):
    html_arxiv.html_faults[f"{MOOR}v1"] = fault
    code, _, err = cli("add", MOOR)
    assert code == 0, err                            # the import stands
    assert "HTML not fetched:" in err and "tried again when the paper opens" in err
    st = state(conn, MOOR)
    assert st.status == "failed" and ("cut off" in st.reason or "dropped" in st.reason
                                      or "ended after" in st.reason), st.reason
    code, out, err = cli("text", MOOR)
    assert code == 0 and "PDF text: arXiv's HTML could not be fetched" in err
    assert "--- page 1 of" in out
    del html_arxiv.html_faults[f"{MOOR}v1"]
    code, _, err = cli("index")
    assert code == 0, err
    assert state(conn, MOOR).status == "ok"
    assert "from arXiv's HTML" in cli("text", MOOR)[2]


@pytest.mark.parametrize("fault,reason", [
    ("no-article", "holds no article"),
    ("placeholder", "placeholder (\"No content available\")"),
])
def test_a_page_with_no_paper_in_it_is_no_html(html_arxiv, cli, conn, fault, reason):
    html_arxiv.html_faults[f"{STROPKAY}v1"] = fault
    assert cli("add", STROPKAY)[0] == 0
    st = state(conn, STROPKAY)
    assert st.status == "none" and reason in st.reason
    assert conn.execute("SELECT html FROM html_pages").fetchone()[0] is None  # nothing kept
    code, out, err = cli("text", STROPKAY)
    assert code == 0 and "PDF text: arXiv's" in err and reason in err
    assert "--- page 1 of" in out


def test_a_hanging_page_is_stopped_by_the_deadline_and_never_fails_the_import(html_arxiv, cli,
                                                                           conn, home):
    with open(home / "config.yaml", "a") as f:
        f.write("arxiv.pdf_deadline_seconds: 1\n")
    html_arxiv.html_faults[f"{MOOR}v1"] = "hang"
    html_arxiv.html_hang = 4
    start = time.monotonic()
    code, _, err = cli("add", MOOR)
    assert code == 0, err
    assert time.monotonic() - start < 3.5            # stopped at the deadline, not the server
    assert "arxiv.pdf_deadline_seconds: 1 s" in state(conn, MOOR).reason


def test_a_paper_in_the_library_gets_its_html_on_first_open(html_arxiv, cli, conn, home,
                                                           monkeypatch, settings):
    """Added while arXiv's HTML was out of reach: opening the paper (what the TUI calls in a
    worker) fetches it; a paper arXiv has none for is not asked again on every open."""
    from reader.library import paper_html
    from reader.library.papers import get

    monkeypatch.setenv("PAPERDECK_ARXIV_HTML_URL", "http://127.0.0.1:9/html/")
    assert cli("add", MOOR)[0] == 0
    assert state(conn, MOOR).status == "failed"
    st = paper_html.ensure(conn, settings, get(conn, MOOR))
    assert st.status == "ok" and html_arxiv.html_requests() == [f"/html/{MOOR}v1"]
    assert paper_html.ensure(conn, settings, get(conn, MOOR)).status == "ok"
    assert len(html_arxiv.html_requests()) == 1     # kept: not asked again

    html_arxiv.id_lists["2101.00001"] = (200, atom_feed([Entry("2101.00001v1", "A survey",
                                                               ["A. Author"])]))
    assert cli("add", "2101.00001", "--no-pdf")[0] == 0
    assert state(conn, "2101.00001").status == "failed"
    assert paper_html.ensure(conn, settings, get(conn, "2101.00001")).status == "none"
    asked = len(html_arxiv.html_requests())
    assert paper_html.ensure(conn, settings, get(conn, "2101.00001")).status == "none"
    assert len(html_arxiv.html_requests()) == asked  # a 404 stands until add asks again


def test_adding_again_asks_again_where_arxiv_had_none(html_arxiv, cli, conn):
    html_arxiv.html_faults[f"{STROPKAY}v1"] = "no-article"
    assert cli("add", STROPKAY)[0] == 0
    assert state(conn, STROPKAY).status == "none"
    del html_arxiv.html_faults[f"{STROPKAY}v1"]
    code, _, err = cli("add", STROPKAY)
    assert code == 0 and "HTML fetched" in err
    assert state(conn, STROPKAY).status == "ok"
    asked = len(html_arxiv.html_requests())
    assert cli("add", STROPKAY)[0] == 0              # kept: not asked a third time
    assert len(html_arxiv.html_requests()) == asked


def test_a_failure_never_replaces_a_kept_page(html_arxiv, cli, conn):
    from reader.text.html import html_store

    assert cli("add", MOOR)[0] == 0
    html_store.record_failure(conn, MOOR, 1, "failed", "the network was down")
    html_store.record_failure(conn, MOOR, 1, "none", "arXiv has no HTML for this paper")
    assert state(conn, MOOR).status == "ok" and html_store.document(conn, MOOR) is not None


def test_a_model_from_another_parser_version_is_made_again_from_the_kept_page(html_arxiv, cli,
                                                                            conn):
    from reader.text.html import html_store
    from reader.text.document import MODEL_VERSION

    assert cli("add", STROPKAY)[0] == 0
    before = html_store.document(conn, STROPKAY)
    conn.execute("UPDATE html_pages SET model = x'00', model_version = ?",
                 (MODEL_VERSION - 1,))
    conn.execute("DELETE FROM html_text")
    html_arxiv.stop()                                 # no network: the kept page is enough
    again = html_store.document(conn, STROPKAY)
    assert again == before
    assert state(conn, STROPKAY).model_version == MODEL_VERSION
    assert conn.execute("SELECT count(*) FROM html_text").fetchone()[0] > 10  # find's rows too


def test_removing_a_paper_removes_its_html(html_arxiv, cli, conn):
    assert cli("add", STROPKAY)[0] == 0
    assert cli("rm", STROPKAY, "--yes")[0] == 0
    assert conn.execute("SELECT count(*) FROM html_pages").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM html_text").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM html_fts WHERE html_fts MATCH 'stylometric'"
                        ).fetchone()[0] == 0


def test_a_local_pdf_asks_arxiv_nothing(html_arxiv, cli, tmp_path):
    pdf = tmp_path / "mine.pdf"
    pdf.write_bytes(tiny_pdf(["My own notes on transducers"]))
    code, _, err = cli("add", str(pdf))
    assert code == 0, err
    pid = json.loads(cli("list", "--json")[1])[0]["id"]
    code, out, err = cli("text", pid)
    assert code == 0 and "PDF text: a local PDF has no arXiv HTML" in err
    assert html_arxiv.html_requests() == []


def test_the_placeholder_without_an_article_is_no_html_too(html_arxiv, cli, conn):
    from reader.text.html import html_store

    assert cli("add", STROPKAY, "--no-pdf")[0] == 0
    conn.execute("DELETE FROM html_pages")
    bare = b"<!DOCTYPE html><html><body><main><p>No content available</p></main></body></html>"
    st = html_store.store_page(conn, STROPKAY, 1, bare)
    assert st.status == "none" and "placeholder" in st.reason
    half = (HTML / STROPKAY / "index.html").read_bytes()[:50_000]
    st = html_store.store_page(conn, STROPKAY, 1, half)        # cut off: worth another try
    assert st.status == "failed" and "cut off" in st.reason
