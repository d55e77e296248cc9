"""The document model: its stored form reads back equal, an old version is refused, and the
helpers find sections and blocks by anchor."""

import json

import pytest

from reader.text import document as d


def small_document() -> d.Document:
    eq = d.Equation(
        "S1.EGx1", "1", "a=b\nc=d", "a=b\nc=d",
        (d.EquationRow("S1.E1", "1", "a=b", "a=b"), d.EquationRow("S1.E2", "2", "c=d", "c=d")),
    )
    para = d.Paragraph("S1.p1", (
        d.Text("See "), d.Ref("S1.E1", "Eq. (1)"), d.Text(" and "),
        d.Cite(("bib.bib1",), "[1]"), d.Math(r"\mathbb{R}^{d}", "ℝᵈ"), d.Emph("here"),
        d.FootnoteMark("footnote1", "1"), d.Link("https://example.org", "a site"),
    ))
    fig = d.Float("S1.F1", "figure", "Figure 1", (d.Text("A caption"),), ("x1.png",),
                  parts=(d.Float("S1.F1.sf1", "figure", "(a)", (d.Text("left"),), ("x2.png",)),))
    table = d.Float("S1.T1", "table", "Table 1", (d.Text("Numbers"),),
                    rows=(((d.Text("a"),), (d.Math("x", "x"),)),))
    items = d.ListBlock("S1.I1", True, (d.ListItem("S1.I1.i1", "1.", (d.Paragraph("S1.I1.i1.p1", (d.Text("one"),)),)),))
    sub = d.Section("S1.SS1", "1.1", "Sub", "subsection", (d.Paragraph("S1.SS1.p1", (d.Text("deep"),)),))
    return d.Document(
        title="T", authors=("A One", "B Two"),
        abstract=(d.Paragraph("abs.p1", (d.Text("Abstract text"),)),),
        sections=(
            d.Section("S1", "1", "Intro", "section",
                      (para, eq, fig, table, items, d.Footnote("footnote1", "1", (d.Text("note"),)),
                       d.Algorithm("alg1", "Algorithm 1", (d.Text("Train"),), ((d.Text("step"),),))),
                      (sub,)),
            d.Section("bib", None, "References", "bibliography"),
        ),
        bibliography=(d.BibEntry("bib.bib1", "[1]", "Someone. A paper. arXiv:1412.6980", "1412.6980"),),
        errors_skipped=2,
    )


def test_stored_form_reads_back_equal_through_json_text():
    doc = small_document()
    stored = json.dumps(doc.to_json())
    again = d.Document.from_json(json.loads(stored))
    assert again == doc
    assert again.to_json() == doc.to_json()
    assert json.loads(stored)["version"] == d.MODEL_VERSION


def test_an_older_model_version_is_refused_so_the_caller_re_parses():
    data = small_document().to_json()
    data["version"] = d.MODEL_VERSION - 1
    with pytest.raises(d.StaleModel):
        d.Document.from_json(data)
    for garbage in (None, [], {"t": "Document"}, {"t": "Nope", "version": d.MODEL_VERSION}):
        with pytest.raises(d.StaleModel):
            d.Document.from_json(garbage)


def test_find_outline_and_plain_text():
    doc = small_document()
    assert [(e.number, e.title, e.depth) for e in doc.outline()] == [
        ("1", "Intro", 0), ("1.1", "Sub", 1), (None, "References", 0)]
    assert doc.find("S1.SS1").title == "Sub"
    assert isinstance(doc.find("S1.E2"), d.Equation)  # a row finds its group
    assert doc.find("S1.F1.sf1").anchor == "S1.F1"  # a sub-figure finds its figure
    assert doc.find("S1.I1.i1.p1").anchor == "S1.I1"  # a paragraph in a list finds the list
    assert doc.section_of("S1.SS1.p1").id == "S1.SS1"
    assert doc.bib("bib.bib1").arxiv == "1412.6980"
    assert doc.find("nowhere") is None
    assert doc.section("1.1").id == "S1.SS1" and doc.section("S1").number == "1"
    assert doc.section("9") is None
    para = doc.find("S1.p1")
    assert para.plain_text() == "See Eq. (1) and [1]ℝᵈhere1a site"
    assert r"\mathbb{R}^{d}" in para.plain_text(tex=True)
    assert "deep" in doc.find("S1").plain_text()
    assert "Table 1 Numbers\na | x" in doc.find("S1.T1").plain_text()
