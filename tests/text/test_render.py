"""The document laid out as lines: within the width, headings numbered, equations numbered at the
right, floats framed with their captions, and spans that point at what they show."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text import document as d
from reader.text.html import latexml
from reader.text import render
from reader.text.render import cell_len
from tests.conftest import SHARED, needs_shared

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def load(name: str) -> d.Document:
    return latexml.parse((SHARED / "arxiv-html" / name / "index.html").read_bytes())


def check_lines(doc: d.Document, lines: list[render.Line], width: int) -> None:
    for line in lines:
        assert cell_len(line.text) <= width, line.text
        assert not UNSAFE.search(line.text)
        for span in line.spans:
            assert 0 <= span.start < span.end <= len(line.text), (line, span)
            if span.style == "cite":
                assert all(doc.bib(t) is not None for t in span.targets)
            if span.style == "ref":
                assert doc.find(span.target) is not None, span
        if line.text:
            assert line.anchor is not None or line.spans[0].style in ("title", "authors"), line
            if line.anchor not in (None, "abstract"):
                assert doc.find(line.anchor) is not None, line


@needs_shared
@pytest.mark.parametrize("width", [80, 120])
def test_signature_paper_lays_out_at_the_width(width):
    doc = load("2005.12359")
    lines = render.render(doc, width)
    check_lines(doc, lines, width)
    texts = [line.text for line in lines]
    headings = [line.text for line in lines if line.spans and line.spans[0].style == "heading"]
    for h in ("1 Introduction", "3 Background: Signature transform and Gaussian process adapters",
              "8 Acknowledgements", "Broader Impact", "References", "A Appendix",
              "A.4.1 Hyperparameters"):
        assert h in headings
    assert headings.index("1 Introduction") < headings.index("A Appendix")
    # equation (1): its number at the right edge, on the last line of the equation
    eq1 = [line for line in lines if line.anchor == "S3.E1"]
    assert eq1[0].text.startswith("    Sigᴺ(f) = ")
    assert eq1[-1].text.endswith("(1)") and cell_len(eq1[-1].text) == width
    assert [s.style for s in eq1[-1].spans][-1] == "equation-number"
    assert ["(1)" in line.text for line in eq1] == [False] * (len(eq1) - 1) + [True]
    # a figure as a framed block with its label and caption; its missing image named
    fig = [line for line in lines if line.anchor == "S3.F1"]
    assert fig[0].text.startswith("┌─ Figure 1 ") and fig[-1].text.startswith("└")
    assert any("▣ x1.png" in line.text for line in fig)
    assert any("Figure 1: Given a path (bold)" in line.text for line in fig)
    assert all(cell_len(line.text) == width for line in fig)
    # citations as in the paper, and their targets
    cite = next(s for line in lines for s in line.spans if s.style == "cite")
    line = next(line for line in lines if cite in line.spans)
    assert line.text[cite.start:cite.end] == "Chen, [5, 6, 7]" and cite.targets == ("bib.bib5", "bib.bib6", "bib.bib7")
    # a footnote mark where it is called, the note after its paragraph
    mark = next((line, s) for line in lines for s in line.spans if s.style == "footnote-mark")
    assert mark[0].text[mark[1].start:mark[1].end] == "¹" and mark[1].target == "footnote1"
    assert any(line.anchor == "footnote1" and line.text.lstrip().startswith("1 This strategy") for line in lines)
    # the bibliography, each entry under its tag
    bib = [line for line in lines if line.anchor == "bib.bib1"]
    assert bib[0].text.startswith("Allam Jr et al., [2018] Allam Jr, T.")
    assert "setkomafont" not in "\n".join(texts)


@needs_shared
@pytest.mark.parametrize("width", [80, 120])
def test_stylometry_paper_lays_out_at_the_width(width):
    doc = load("2510.21958")
    lines = render.render(doc, width)
    check_lines(doc, lines, width)
    images = [s for line in lines for s in line.spans if s.style == "image"]
    assert [s.target for s in images] == [f"x{n}.png" for n in range(1, 6)]
    table = [line.text for line in lines if line.anchor == "S3.T1"]
    assert table[0].startswith("┌─ Table 1 ")
    assert re.search(r"│ Baum +48\.39 +31\.53 +3\.69 × 10⁻³¹ +│", "\n".join(table))


@needs_shared
@pytest.mark.parametrize("width", [16, 24, 41])
def test_narrow_widths_keep_every_line_inside(width):
    for name in ("2005.12359", "2510.21958"):
        doc = load(name)
        check_lines(doc, render.render(doc, width), width)


@needs_shared
def test_lines_map_to_blocks_and_back():
    doc = load("2005.12359")
    lines = render.render(doc, 100)
    index = render.anchor_index(lines)
    for _, block in doc.blocks():
        assert block.anchor in index, block.anchor
        assert lines[index[block.anchor]].anchor == block.anchor
    for _, section in doc.walk_sections():
        assert section.id in index
    assert lines[index["S3"]].text.startswith("3 Background")
    assert lines[index["S3.SS0.SSS0.Px1.p2"]].section == "S3.SS0.SSS0.Px1"


@needs_shared
def test_tex_option_shows_formulas_as_tex():
    doc = load("2005.12359")
    lines = render.render(doc, 80, tex=True, section="S3")
    text = render.plain(lines)
    assert lines[0].text == "3 Background: Signature transform and Gaussian process adapters"
    assert r"$f=(f_{1},\dots,f_{d})\colon[a,b]\to\mathbb{R}^{d}$" in text.replace("\n", " ")
    assert r"\mathrm{Sig}^{N}(f)" in text and "ℝᵈ" not in text
    assert "4 Path imputations" not in text  # one section with its subsections only
    math = [s for line in lines for s in line.spans if s.style == "math"]
    assert math[0].target == r"f=(f_{1},\dots,f_{d})\colon[a,b]\to\mathbb{R}^{d}"  # what a copy takes


def test_a_small_document_renders_with_every_block_kind():
    doc = d.Document(
        title="T", authors=("A",),
        sections=(d.Section("S1", "1", "One", "section", (
            d.Paragraph("S1.p1", (d.Text("Text with "), d.Math("x^2", "x²"), d.Text(" and "),
                                  d.Cite(("bib.bib1",), "[1]"), d.FootnoteMark("fn1", "*"), d.Text("."))),
            d.Footnote("fn1", "*", (d.Text("A note."),)),
            d.ListBlock("S1.I1", False, (d.ListItem("S1.I1.i1", "•", (d.Paragraph("S1.I1.i1.p1", (d.Text("item"),)),)),)),
            d.Algorithm("alg1", "Algorithm 1", (d.Text("Train"),), ((d.Text("step one"),),)),
            d.Equation("S1.E1", None, "a", "a", (d.EquationRow("S1.E1", None, "a", "a"),)),
        )),),
        bibliography=(d.BibEntry("bib.bib1", "[1]", "Someone, 2020."),),
    )
    lines = render.render(doc, 40)
    text = render.plain(lines)
    assert "Text with x² and [1][*]." in text  # a mark with no superscript form is bracketed
    assert "  * A note." in text and "• item" in text and "┌─ Algorithm 1 " in text
    assert "│ Algorithm 1: Train" in text and "│ step one" in text
    check_lines(doc, lines, 40)


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé漢𝐱", min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(words, st.sampled_from([None, "emph", "math", "cite"])), min_size=1, max_size=40),
       st.integers(min_value=16, max_value=130))
def test_wrapping_keeps_every_word_and_the_width(parts, width):
    runs = []
    for text, style in parts:
        run = {None: d.Text, "emph": d.Emph}.get(style)
        runs.append(run(text + " ") if run else (d.Math(text, text) if style == "math" else d.Cite(("b",), text)))
        runs.append(d.Text(" "))
    doc = d.Document(title="", sections=(d.Section("S1", None, "s", "section", (d.Paragraph("p", tuple(runs)),)),))
    lines = [line for line in render.render(doc, width) if line.anchor == "p"]
    assert all(cell_len(line.text) <= width for line in lines)
    assert "".join("".join(line.text.split()) for line in lines) == "".join(t for t, _ in parts)
