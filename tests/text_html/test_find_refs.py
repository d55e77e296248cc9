"""`find` searches the HTML's text by section (paragraphs, captions, footnotes, the
bibliography) and labels a match by its section; `refs` reads the bibliography where the HTML
is kept: 2005.12359's 16 arXiv ids, all and nothing else; 2510.21958's 3."""

from __future__ import annotations

import json

import pytest

from tests.text_html.conftest import MOOR, STROPKAY

# SOURCES.md: the bibitems with arXiv ids.
MOOR_ARXIV = {"1309.0260", "1405.4537", "1406.1078", "1412.6980", "1603.03788", "1606.02074",
              "1707.03993", "1802.08252", "1810.00001", "1810.10971", "1906.08215", "1908.08286",
              "1909.12064", "1911.13211", "2001.00706", "2005.08926"}
STROPKAY_ARXIV = {"1711.05101", "2209.06869", "2408.05192"}


@pytest.fixture
def both(html_arxiv, cli):
    """Both papers with their HTML and no PDF: whatever find and refs say comes from the HTML."""
    code, _, err = cli("add", MOOR, STROPKAY, "--no-pdf")
    assert code == 0, err
    return html_arxiv


def find(cli, *words) -> list[dict]:
    code, out, err = cli("find", *words, "--json")
    assert code == 0, err
    return json.loads(out) if out.strip() else []


def test_find_labels_a_match_by_its_section(both, cli):
    # words of its sections (its abstract here is the feed's one line, "An abstract.")
    hits = find(cli, "Gaussian", "process", "adapter")
    assert hits and hits[0]["id"] == MOOR and hits[0]["where"] == "section"
    assert hits[0]["section_number"] is not None and hits[0]["section"].startswith(
        hits[0]["section_number"] + " ")
    code, out, _ = cli("find", "Gaussian", "process", "adapter")
    assert f"§{hits[0]['section_number']}" in out.splitlines()[0]


def test_find_searches_captions_and_footnotes(both, cli, conn):
    from reader.text.html import html_store

    doc = html_store.document(conn, STROPKAY)
    fig = next(b for _s, b in doc.blocks() if getattr(b, "kind", None) == "figure")
    words = [w for w in fig.plain_text().split() if w.isalpha() and len(w) > 6][:3]
    hits = find(cli, *words)
    section = doc.section_of(fig.anchor)
    assert hits[0]["id"] == STROPKAY and hits[0]["section"] == section.heading

    moor = html_store.document(conn, MOOR)
    note = next(b for _s, b in moor.blocks() if type(b).__name__ == "Footnote")
    words = [w for w in note.plain_text().split() if w.isalpha() and len(w) > 5][:3]
    hits = find(cli, *words)
    assert hits and hits[0]["id"] == MOOR and hits[0]["where"] == "section"


def test_find_a_bibliography_entry(both, cli):
    hits = find(cli, "Kingma", "Adam")
    assert [h["id"] for h in hits] == [MOOR]
    assert hits[0]["section"] == "References" and hits[0]["section_number"] is None


def test_a_section_match_stands_for_the_same_words_on_a_pdf_page(html_arxiv, cli):
    """With both the PDF text and the HTML read, one hit per paper, placed by its section."""
    assert cli("add", STROPKAY)[0] == 0
    assert cli("index")[0] == 0                      # the PDF text too
    hits = find(cli, "stylometric", "distance")
    assert [h["id"] for h in hits] == [STROPKAY] and hits[0]["where"] in ("section", "title")


def test_refs_reads_the_bibliography(both, cli):
    for pid, expected in ((MOOR, MOOR_ARXIV), (STROPKAY, STROPKAY_ARXIV)):
        code, out, err = cli("refs", pid, "--json")
        assert code == 0, err
        got = [r["id"] for r in json.loads(out)["references"]]
        assert len(got) == len(expected) and set(got) == expected


def test_cited_by_finds_the_paper_citing_it_in_its_bibliography(both, cli, conn):
    from reader.text import refs

    assert cli("add", "1412.6980", "--no-pdf")[0] == 0      # Adam, cited by 2005.12359
    assert refs.cited_by(conn, "1412.6980") == [(MOOR, "Path Imputation Strategies for "
                                                 "Signature Models of Irregular Time Series")]
    assert refs.cited_by(conn, "2209.06869") == [(STROPKAY, "A Stylometric Application of "
                                                  "Large Language Models")]
    assert refs.cited_by(conn, "1412.698") == []


def test_refs_and_find_with_the_pdf_text_unchanged_where_there_is_no_html(html_arxiv, cli):
    from tests.selfmade import Entry, atom_feed, tiny_pdf

    html_arxiv.id_lists["2101.00001"] = (200, atom_feed([Entry("2101.00001v1", "A survey",
                                                               ["A. Author"])]))
    html_arxiv.pdfs["2101.00001v1"] = tiny_pdf(["References: arXiv:1211.3711 transducers"])
    assert cli("add", "2101.00001")[0] == 0
    code, out, err = cli("refs", "2101.00001", "--json")
    assert code == 0, err
    assert [r["id"] for r in json.loads(out)["references"]] == ["1211.3711"]
    assert find(cli, "transducers")[0]["where"] == "page"
