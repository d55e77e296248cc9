"""Reading LaTeXML pages into the document model: the two recorded papers give the counts their
SOURCES.md states; pages that are not a paper raise NoArticle with a message in words."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from reader.errors import PaperdeckError
from reader.text import document as d
from reader.text.html import latexml
from reader.text import render
from tests.conftest import SHARED, needs_shared
from tests.hostile import EVIL, unsafe

HTML = SHARED / "arxiv-html"
SIG_ARXIV = {"1309.0260", "1405.4537", "1406.1078", "1412.6980", "1603.03788", "1606.02074",
             "1707.03993", "1802.08252", "1810.00001", "1810.10971", "1906.08215", "1908.08286",
             "1909.12064", "1911.13211", "2001.00706", "2005.08926"}


def load(name: str) -> tuple[bytes, d.Document]:
    raw = (HTML / name / "index.html").read_bytes()
    return raw, latexml.parse(raw)


def all_runs(doc: d.Document):
    """Every inline run in the document, in captions, cells, footnotes and lists too."""
    def of(block):
        for name in ("runs", "caption"):
            yield from getattr(block, name, ())
        if isinstance(block, d.Float):
            for row in block.rows:
                for cell in row:
                    yield from cell
            for part in block.parts:
                yield from of(part)
        if isinstance(block, d.ListBlock):
            for item in block.items:
                for inner in item.blocks:
                    yield from of(inner)
        if isinstance(block, d.Algorithm):
            for line in block.lines:
                yield from line
    for _, block in doc.blocks():
        yield from of(block)


def floats(doc: d.Document, kind: str) -> list[d.Float]:
    return [b for _, b in doc.blocks() if isinstance(b, d.Float) and b.kind == kind and b.label]


@needs_shared
def test_signature_paper_has_the_structure_sources_md_counts():
    _, doc = load("2005.12359")
    assert doc.title == "Path Imputation Strategies for Signature Models of Irregular Time Series"
    assert doc.authors == ("Michael Moor", "Max Horn", "Christian Bock", "Karsten Borgwardt",
                           "Bastian Rieck")
    top = [s for s in doc.sections if s.kind == "section"]
    assert [s.number for s in top if s.number] == [str(n) for n in range(1, 9)]
    assert [s.title for s in top if s.number is None] == ["Broader Impact"]
    assert [(s.number, s.title) for s in doc.sections if s.kind == "appendix"] == [("A", "Appendix")]
    assert sum(1 for _, s in doc.walk_sections() if s.kind == "subsection") == 6
    assert doc.find("A1.SS4.SSS1").number == "A.4.1"
    assert doc.find("S3").title == "Background: Signature transform and Gaussian process adapters"

    equations = [b for _, b in doc.blocks() if isinstance(b, d.Equation)]
    assert len(equations) == 22
    assert sum(1 for e in equations if len(e.rows) > 1 or "EGx" in e.anchor) == 7
    numbers = [r.number for e in equations for r in e.rows if r.number]
    assert sorted(numbers, key=int) == [str(n) for n in range(1, 17)]
    assert doc.find("S3.E1").number == "1"
    assert isinstance(doc.find("S4.E8"), d.Equation)  # a row of a group finds its group

    figures = floats(doc, "figure")
    assert [f.label for f in figures] == [f"Figure {n}" for n in range(1, 8)]
    assert sum(len(f.parts) for f in figures) == 9
    assert [p.label for p in doc.find("S5.F3").parts] == ["(a)", "(b)"]
    assert doc.find("S3.F1").images == ("x1.png",)
    tables = floats(doc, "table")
    assert [t.label for t in tables] == [f"Table {n}" for n in range(1, 8)]
    t1 = doc.find("S5.T1")
    assert [d.runs_text(c) for c in t1.rows[0]] == ["Imputation", "Model", "w-AUROC", "BAC", "Accuracy"]
    assert d.runs_text(t1.rows[1][2]) == "99.582 ± 0.671"

    notes = [b for _, b in doc.blocks() if isinstance(b, d.Footnote)]
    assert len(notes) == 9 and [n.mark for n in notes] == [str(n) for n in range(1, 10)]
    marks = [r for r in all_runs(doc) if isinstance(r, d.FootnoteMark)]
    assert [m.id for m in marks] == [n.anchor for n in notes]
    assert "jittering the diagonal in the Cholesky decomposition" in doc.find("footnote6").plain_text()

    assert len(doc.bibliography) == 46
    assert {b.arxiv for b in doc.bibliography if b.arxiv} == SIG_ARXIV
    assert sum(1 for b in doc.bibliography if b.arxiv) == 16
    assert doc.bib("bib.bib1").tag == "Allam Jr et al., [2018]"
    runs = list(all_runs(doc))
    cites = [r for r in runs if isinstance(r, d.Cite)]
    assert sum(len(c.targets) for c in cites) == 85
    assert all(doc.bib(t) is not None for c in cites for t in c.targets)
    assert "Chen, [5, 6, 7]" in [c.label for c in cites]
    refs = [r for r in runs if isinstance(r, d.Ref)]
    assert len(refs) == 35
    assert all(doc.find(r.target) is not None for r in refs)


@needs_shared
def test_every_formula_of_the_body_is_in_the_model_with_its_tex():
    raw, doc = load("2005.12359")
    tree = LexborHTMLParser(raw)
    body = [m for m in tree.css("article math")
            if m.css_first("annotation") is not None and not _in_authors(m)]
    inline_tex = [r.tex for r in all_runs(doc) if isinstance(r, d.Math)]
    rows = " ".join(r.tex for _, b in doc.blocks() if isinstance(b, d.Equation) for r in b.rows)
    missing = []
    for math in body:
        tex = re.sub(r"%\n\s*", "", math.attributes["alttext"])
        tex = re.sub(r"\s+", " ", re.sub(r"^\\displaystyle\s*", "", tex)).strip()
        if tex not in inline_tex and tex not in rows:
            missing.append(tex)
    assert len(body) == 740 and missing == []
    assert not any("%\n" in t or "\n" in t for t in inline_tex)


def _in_authors(node) -> bool:
    parent = node.parent
    while parent is not None:
        if "ltx_authors" in (parent.attributes.get("class") or "").split():
            return True
        parent = parent.parent
    return False


@needs_shared
def test_latexml_errors_are_counted_and_left_out():
    _, doc = load("2005.12359")
    assert doc.errors_skipped == 2
    stored = json.dumps(doc.to_json())
    assert "setkomafont" not in stored and "sectioning" not in stored


@needs_shared
def test_stylometry_paper_has_the_structure_sources_md_counts():
    _, doc = load("2510.21958")
    assert doc.authors == ("Harrison F. Stropkay", "Jiayi Chen", "Mohammad J. Latifi",
                           "Daniel N. Rockmore", "Jeremy R. Manning")
    latexml_sections = [s for s in doc.sections if s.kind == "section" and s.id.startswith("S")]
    assert [s.number for s in latexml_sections if s.number] == ["1", "2", "3", "4"]
    assert [s.title for s in latexml_sections if not s.number] == [
        "Acknowledgments", "Data and code availability"]
    assert sum(1 for _, s in doc.walk_sections() if s.kind == "subsection") == 11
    assert doc.find("S3.SS3").title == "Predictive attribution of the 15ᵗʰ Oz book"
    # The authors' appendix is bold text and tables after the references, in no section.
    assert doc.sections[-1].title == "Appendix: Authors, books, and tokens"
    assert len(doc.sections[-1].blocks) == 4

    maths = [r for r in all_runs(doc) if isinstance(r, d.Math)]
    equations = [b for _, b in doc.blocks() if isinstance(b, d.Equation)]
    assert len(maths) == 45 and len(equations) == 1
    figures = floats(doc, "figure")
    assert [(f.label, f.images) for f in figures] == [
        (f"Figure {n}", (f"x{n}.png",)) for n in range(1, 6)]
    assert [t.label for t in floats(doc, "table")] == ["Table 1"]
    assert len(doc.bibliography) == 28
    assert {b.arxiv for b in doc.bibliography if b.arxiv} == {"1711.05101", "2209.06869", "2408.05192"}
    cites = [r for r in all_runs(doc) if isinstance(r, d.Cite)]
    assert "(Huang et al.,, 2025; Uchendu et al.,, 2020)" in [c.label for c in cites]
    assert ("bib.bib8", "bib.bib25") in [c.targets for c in cites]


@needs_shared
def test_model_survives_its_stored_form():
    for name in ("2005.12359", "2510.21958"):
        _, doc = load(name)
        again = d.Document.from_json(json.loads(json.dumps(doc.to_json())))
        assert again == doc


def test_anchors_are_latexml_ids_or_section_ordinals_and_unique():
    page = _page("""
      <section id="S1" class="ltx_section"><h2 class="ltx_title ltx_title_section">
        <span class="ltx_tag ltx_tag_section">1 </span>One</h2>
        <div id="S1.p1" class="ltx_para"><p id="S1.p1.1" class="ltx_p">First
          <span class="ltx_text"><span class="ltx_text ltx_font_italic">wrapped</span></span>.</p>
          <table id="S1.E1" class="ltx_equation ltx_eqn_table"><tbody><tr class="ltx_equation ltx_eqn_row">
            <td class="ltx_eqn_cell"><math alttext="x^{2}" display="block"><msup><mi>x</mi><mn>2</mn></msup></math></td>
            <td class="ltx_eqn_cell ltx_eqn_eqno"><span class="ltx_tag ltx_tag_equation">(1)</span></td></tr></tbody></table>
          <p id="S1.p1.2" class="ltx_p">After the equation.</p></div>
        <p class="ltx_p">No id here.</p>
        <p class="ltx_p">Nor here.</p>
      </section>""")
    doc = latexml.parse(page)
    anchors = [b.anchor for _, b in doc.blocks()]
    assert anchors == ["S1.p1", "S1.E1", "S1.p1.2", "S1.xp1", "S1.xp2"]
    first = doc.find("S1.p1")
    assert first.runs == (d.Text("First "), d.Emph("wrapped"), d.Text("."))
    assert doc.find("S1.E1").rows[0].tex == "x^{2}"


def test_attribute_order_does_not_matter():
    a = _page('<section id="S1" class="ltx_section"><div id="S1.p1" class="ltx_para">'
              '<p class="ltx_p" id="S1.p1.1">See <a href="#S1" class="ltx_ref" title="">1</a> and '
              '<cite class="ltx_cite"><a title="" class="ltx_ref" href="#bib.bib2">[2]</a></cite>.</p></div></section>')
    b = _page('<section class="ltx_section" id="S1"><div class="ltx_para" id="S1.p1">'
              '<p id="S1.p1.1" class="ltx_p">See <a class="ltx_ref" title="" href="#S1">1</a> and '
              '<cite class="ltx_cite"><a href="#bib.bib2" class="ltx_ref" title="">[2]</a></cite>.</p></div></section>')
    assert latexml.parse(a) == latexml.parse(b)
    runs = latexml.parse(a).find("S1.p1").runs
    assert runs == (d.Text("See "), d.Ref("S1", "1"), d.Text(" and "), d.Cite(("bib.bib2",), "[2]"),
                    d.Text("."))


def test_text_from_the_page_is_made_safe_for_a_terminal():
    e = EVIL
    page = f"""<!DOCTYPE html><html><body><article class="ltx_document">
      <h1 class="ltx_title ltx_title_document">Title {e}</h1>
      <div class="ltx_authors"><span class="ltx_creator ltx_role_author"><span class="ltx_personname">Ann {e}</span></span></div>
      <div class="ltx_abstract"><p class="ltx_p">Abstract {e}</p></div>
      <section id="S1{e}" class="ltx_section"><h2 class="ltx_title"><span class="ltx_tag">1{e} </span>Head {e}</h2>
        <div id="S1.p1" class="ltx_para"><p class="ltx_p">Para {e}
          <math alttext="x{e}" display="inline"><semantics><mi>x{e}</mi><mtext>{e}</mtext>
            <annotation encoding="application/x-tex">x{e}</annotation></semantics></math>
          <a href="https://x.org/{e}">link {e}</a> <a href="#S1{e}" class="ltx_ref">ref {e}</a>
          <cite class="ltx_cite">[<a href="#bib.bib1{e}" class="ltx_ref">1{e}</a>]</cite>
          <span id="fn{e}" class="ltx_note ltx_role_footnote"><sup class="ltx_note_mark">1{e}</sup>
            <span class="ltx_note_outer"><span class="ltx_note_content">note {e}</span></span></span></p>
          <table id="S1.E1" class="ltx_equation"><tbody><tr class="ltx_eqn_row"><td><math alttext="y{e}"><mi>y{e}</mi></math></td>
            <td class="ltx_eqn_eqno"><span class="ltx_tag ltx_tag_equation">(1{e})</span></td></tr></tbody></table></div>
        <figure id="S1.F1" class="ltx_figure"><img src="x1{e}.png" class="ltx_graphics">
          <figcaption><span class="ltx_tag ltx_tag_figure">Figure 1{e}: </span>cap {e}</figcaption></figure>
        <ul id="S1.I1" class="ltx_itemize"><li class="ltx_item"><span class="ltx_tag">•{e}</span><p class="ltx_p">item {e}</p></li></ul>
      </section>
      <section id="bib" class="ltx_bibliography"><h2 class="ltx_title">Refs {e}</h2><ul class="ltx_biblist">
        <li id="bib.bib1{e}" class="ltx_bibitem"><span class="ltx_tag ltx_tag_bibitem">[1{e}]</span>
          <span class="ltx_bibblock">Someone {e}. <a href="https://doi.org/10.1/x{e}">doi</a></span></li></ul></section>
    </article></body></html>"""
    doc = latexml.parse(page)
    strings = list(_strings(doc.to_json()))
    # Equation.tex/.text join an equation group's rows with a newline; nothing else may hold one.
    assert [s for s in strings if unsafe(s, keep="\n")] == []
    assert sum("PWNED" in s for s in strings) >= 20  # the printable rest is kept
    for width in (40, 80):
        for line in render.render(doc, width):
            assert unsafe(line.text) == [], line


@pytest.mark.parametrize("page, words", [
    ("<html><body><h1>Not found</h1><p>Sorry.</p></body></html>", "no LaTeXML article"),
    ("", "no LaTeXML article"),
    ("\x00\xff garbage \x89PNG", "no LaTeXML article"),
    ('<html><body><div class="ltx_page_main"><p>No content available</p></div></body></html>',
     "No content available"),
    ('<html><body><article class="ltx_document"></article></body></html>', "no content"),
])
def test_a_page_with_no_paper_raises_no_article_in_words(page, words):
    with pytest.raises(latexml.NoArticle) as err:
        latexml.parse(page)
    assert isinstance(err.value, PaperdeckError)
    assert words in str(err.value) and "\n" not in str(err.value)


@needs_shared
def test_a_page_cut_off_raises_no_article():
    raw = (HTML / "2005.12359" / "index.html").read_bytes()
    for cut in (len(raw) // 2, len(raw) - 40):
        with pytest.raises(latexml.NoArticle, match="cut off"):
            latexml.parse(raw[:cut])


def _page(body: str) -> str:
    return ('<!DOCTYPE html><html><head><title>t</title></head><body><article class="ltx_document">'
            '<h1 class="ltx_title ltx_title_document">A title</h1>' + body + "</article></body></html>")


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def test_a_page_nested_too_deeply_raises_no_article_not_a_traceback():
    deep = "<span>" * 6000 + "x" + "</span>" * 6000
    with pytest.raises(latexml.NoArticle, match="too deeply"):
        latexml.parse(_page(f'<section id="S1" class="ltx_section"><div class="ltx_para"><p>{deep}</p></div></section>'))
    math = "<mrow>" * 3000 + "<mi>x</mi>" + "</mrow>" * 3000
    doc = latexml.parse(_page(f'<section id="S1" class="ltx_section"><div id="S1.p1" class="ltx_para"><p>'
                              f'<math alttext="x">{math}</math></p></div></section>'))
    assert doc.find("S1.p1").runs == (d.Math("x", "x"),)


_TAGS = ["section", "div", "p", "span", "a", "cite", "math", "mi", "msub", "mfrac", "table", "tr",
         "td", "figure", "figcaption", "img", "ul", "li", "h2", "sup", "em", "br"]
_CLASSES = ["ltx_section", "ltx_para", "ltx_p", "ltx_text", "ltx_ref", "ltx_cite", "ltx_equation",
            "ltx_eqn_row", "ltx_tabular", "ltx_figure", "ltx_table", "ltx_note", "ltx_tag", "ltx_title",
            "ltx_bibliography", "ltx_bibitem", "ltx_ERROR", "ltx_theorem", "ltx_item", ""]


@st.composite
def _fragment(draw, depth=0):
    if depth > 4 or draw(st.booleans()):
        return draw(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12))
    tag = draw(st.sampled_from(_TAGS))
    attrs = f' class="{draw(st.sampled_from(_CLASSES))}"'
    if draw(st.booleans()):
        attrs += f' id="{draw(st.sampled_from(["S1", "S1.p1", "bib.bib1", "S1.E1", "x"]))}"'
    if tag == "a":
        attrs += f' href="{draw(st.sampled_from(["#S1", "#bib.bib1", "https://x.org", "#", ""]))}"'
    if tag == "td":
        attrs += f' rowspan="{draw(st.sampled_from(["1", "3", "0", "x", "99999"]))}"'
    inner = "".join(draw(st.lists(_fragment(depth + 1), max_size=4)))
    return f"<{tag}{attrs}>{inner}</{tag}>"


@settings(max_examples=150, deadline=None)
@given(st.lists(_fragment(), max_size=6))
def test_any_page_gives_a_document_or_no_article(parts):
    try:
        doc = latexml.parse(_page("".join(parts)))
    except latexml.NoArticle:
        return
    d.Document.from_json(json.loads(json.dumps(doc.to_json())))
    render.render(doc, 30)


def test_text_outside_sections_is_kept_and_a_nested_title_hides_nothing():
    page = ('<!DOCTYPE html><html><body><article class="ltx_document"><div class="ltx_titlepage">'
            '<h1 class="ltx_title ltx_title_document">Nested title</h1></div>'
            '<div id="p1" class="ltx_para"><p class="ltx_p">Keywords: things.</p></div>'
            '<section id="S1" class="ltx_section"><h2 class="ltx_title">One</h2>'
            '<div id="S1.p1" class="ltx_para"><p class="ltx_p">Body.</p></div></section>'
            '<div id="p2" class="ltx_para"><p class="ltx_p"><span class="ltx_text ltx_font_bold">Late appendix</span></p>'
            '<p class="ltx_p">Its text.</p></div></article></body></html>')
    doc = latexml.parse(page)
    assert doc.title == "Nested title"
    assert [(s.id, s.title) for s in doc.sections] == [
        ("nosection1", "Front matter"), ("S1", "One"), ("nosection3", "Late appendix")]
    assert [b.plain_text() for b in doc.sections[0].blocks] == ["Keywords: things."]
    assert [b.plain_text() for b in doc.sections[2].blocks] == ["Its text."]


def test_footnotes_on_the_title_and_headings_leave_no_mark_in_them():
    note = ('<span id="{0}" class="ltx_note ltx_role_footnote"><sup class="ltx_note_mark">{1}</sup>'
            '<span class="ltx_note_outer"><span class="ltx_note_content">{2}</span></span></span>')
    page = ('<!DOCTYPE html><html><body><article class="ltx_document">'
            f'<h1 class="ltx_title ltx_title_document">A title{note.format("t1", "*", "Funded.")}</h1>'
            '<section id="S1" class="ltx_section"><h2 class="ltx_title"><span class="ltx_tag">1 </span>'
            f'Intro{note.format("footnote1", "1", "On the heading.")}</h2>'
            '<div id="S1.p1" class="ltx_para"><p class="ltx_p">Body.</p></div></section></article></body></html>')
    doc = latexml.parse(page)
    assert doc.title == "A title" and doc.find("S1").heading == "1 Intro"
    assert [type(b).__name__ for _, b in doc.blocks()] == ["Paragraph"]
