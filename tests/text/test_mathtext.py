"""Formulas rendered for a terminal from Presentation MathML as LaTeXML writes it, and the TeX kept."""

from __future__ import annotations

import re

import pytest
from selectolax.lexbor import LexborHTMLParser

from reader.text.html import latexml, mathtext
from tests.conftest import SHARED, needs_shared


def m(body: str) -> str:
    return mathtext.from_mathml(f'<math display="inline"><semantics>{body}'
                                '<annotation encoding="application/x-tex">x</annotation></semantics></math>')


@pytest.mark.parametrize("mathml, shown", [
    # \mathbb{R}^{d}: LaTeXML has already made the letter ℝ; d has a superscript form
    ("<msup><mi>ℝ</mi><mi>d</mi></msup>", "ℝᵈ"),
    # \sum_{s=1}^{S}: limits as scripts; capital S has no superscript character, so ^S
    ("<munderover><mo movablelimits='false'>∑</mo><mrow><mi>s</mi><mo>=</mo><mn>1</mn></mrow>"
     "<mi>S</mi></munderover>", "∑ₛ₌₁^S"),
    ("<munderover><mo>∑</mo><mrow><mi>k</mi><mo>=</mo><mn>1</mn></mrow><mi>n</mi></munderover>"
     "<msub><mi>x</mi><mi>k</mi></msub>", "∑ₖ₌₁ⁿ xₖ"),
    # scripts with a character that has no script form: _x for one, _(…) for more
    ("<msub><mi>f</mi><mi>d</mi></msub>", "f_d"),
    ("<msub><mi>𝐳</mi><mrow><mi>s</mi><mo>,</mo><mi>k</mi></mrow></msub>", "𝐳_(s,k)"),
    ("<msub><mi>f</mi><msub><mi>i</mi><mi>j</mi></msub></msub>", "f_(iⱼ)"),
    ("<msup><mn>10</mn><mrow><mo>−</mo><mn>4</mn></mrow></msup>", "10⁻⁴"),
    ("<msubsup><mi>s</mi><mi>i</mi><mrow><mo>(</mo><mi>n</mi><mo>)</mo></mrow></msubsup>", "sᵢ⁽ⁿ⁾"),
    ("<msup><mi>𝒳</mi><mo>∗</mo></msup>", "𝒳∗"),
    ("<msup><mi>f</mi><mo>′</mo></msup>", "f′"),
    ("<msup><mi>A</mi><mo>⊤</mo></msup>", "Aᵀ"),
    # accents
    ("<mover accent='true'><mi>x</mi><mo>^</mo></mover>", "x̂"),
    ("<mover accent='true'><mi>x</mi><mo>~</mo></mover>", "x̃"),
    ("<mover accent='true'><mi>x</mi><mo>¯</mo></mover>", "x̄"),
    ("<mover accent='true'><mrow><mi>x</mi><mi>y</mi></mrow><mo>^</mo></mover>", "hat(xy)"),
    ("<munder accentunder='true'><mn>99</mn><mo>¯</mo></munder>", "9̲9̲"),
    # fractions: a side in brackets only when it is more than one term
    ("<mfrac><mn>1</mn><mn>2</mn></mfrac>", "1/2"),
    ("<mfrac><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><mn>2</mn></mfrac>", "(a + b)/2"),
    ("<mfrac><mrow><mi mathvariant='normal'>d</mi><mo>⁢</mo><mi>f</mi></mrow>"
     "<mrow><mi mathvariant='normal'>d</mi><mo>⁢</mo><mi>t</mi></mrow></mfrac>", "df/dt"),
    ("<mrow><mfrac><mn>1</mn><mi>S</mi></mfrac><mo>⁢</mo><mi>x</mi></mrow>", "(1/S)x"),
    ("<msub><mi>t</mi><mrow><mn>3</mn><mo>/</mo><mn>2</mn></mrow></msub>", "t_(3/2)"),
    # Greek, operators, relations spaced outside scripts, invisible operators dropped
    ("<mrow><mi>α</mi><mo>≤</mo><mi>β</mi><mo>⁢</mo><mi>γ</mi></mrow>", "α ≤ βγ"),
    ("<mrow><mi>f</mi><mo lspace='0.278em' rspace='0.278em'>:</mo><mi>A</mi><mo>→</mo><mi>B</mi></mrow>",
     "f: A → B"),
    ("<mrow><mi>log</mi><mo>⁡</mo><mi>x</mi></mrow>", "log x"),
    ("<mrow><mi>log</mi><mo>⁡</mo><mrow><mo>(</mo><mi>x</mi><mo>)</mo></mrow></mrow>", "log(x)"),
    ("<mrow><mi>arg</mi><mo lspace='0.170em'>⁢</mo><mi>min</mi></mrow>", "arg min"),
    ("<mrow><mo>−</mo><mn>1</mn></mrow>", "−1"),
    ("<mrow><mn>643</mn><mo>,</mo><mn>041</mn></mrow>", "643,041"),
    ("<mrow><mi>t</mi><mo>,</mo><mi>x</mi></mrow>", "t, x"),
    ("<mrow><mo>(</mo><mi>t</mi><mo>,</mo><mi>x</mi><mo>)</mo></mrow>", "(t,x)"),
    # \left( … \right) and \left. … \right|: the fences LaTeXML writes, an empty one is nothing
    ("<mrow><mo>(</mo><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><mo>)</mo></mrow>", "(a + b)"),
    ("<mrow><mo></mo><mi>x</mi><mo>|</mo></mrow>", "x|"),
    # roots, tables, text, spaces
    ("<msqrt><mi>x</mi></msqrt>", "√x"),
    ("<msqrt><mrow><mi>x</mi><mo>+</mo><mn>1</mn></mrow></msqrt>", "√(x + 1)"),
    ("<mroot><mi>x</mi><mn>3</mn></mroot>", "³√x"),
    ("<mrow><mo>[</mo><mtable><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr>"
     "<mtr><mtd><mi>c</mi></mtd><mtd><mi>d</mi></mtd></mtr></mtable><mo>]</mo></mrow>", "[a, b; c, d]"),
    ("<mtable><mtr><mtd><mi>a</mi></mtd></mtr><mtr><mtd><mi>b</mi></mtd></mtr></mtable>", "[a; b]"),
    ("<mrow><mi>x</mi><mtext> such that </mtext><mi>y</mi></mrow>", "x such that y"),
    ("<mrow><mi>a</mi><mspace width='1em'></mspace><mi>b</mi></mrow>", "a b"),
    ("<mrow><mi mathvariant='double-struck'>R</mi></mrow>", "ℝ"),
    # \mathbf{98.161\pm 0.664}: LaTeXML leaves the digits plain with mathvariant=bold
    ("<mrow><mn mathvariant='bold'>98.161</mn><mo>±</mo><mn mathvariant='bold'>0.664</mn></mrow>",
     "𝟗𝟖.𝟏𝟔𝟏 ± 𝟎.𝟔𝟔𝟒"),
    ("<mrow><munder><mo>lim</mo><mrow><mi>n</mi><mo>→</mo><mi mathvariant='normal'>∞</mi></mrow></munder>"
     "<msub><mi>a</mi><mi>n</mi></msub></mrow>", "lim_(n→∞) aₙ"),
])
def test_mathml_renders_readably(mathml, shown):
    assert m(mathml) == shown


def test_tex_is_kept_with_latexml_line_continuations_removed():
    tree = LexborHTMLParser('<math alttext="\\mathrm{Sig}^{N}(f)=\\left(\\int\\cdots%\n\\int\\right)%\n  _{1}">'
                            "<mi>x</mi></math>")
    assert mathtext.tex_of(tree.css_first("math")) == r"\mathrm{Sig}^{N}(f)=\left(\int\cdots\int\right)_{1}"
    only_annotation = LexborHTMLParser('<math><semantics><mi>x</mi><annotation encoding="application/x-tex">'
                                       "x^{2}%\n+1</annotation></semantics></math>")
    assert mathtext.tex_of(only_annotation.css_first("math")) == "x^{2}+1"


RAW_MACRO = re.compile(r"\\[A-Za-z]+")
INVISIBLE = re.compile("[\u2061-\u2064]")


@needs_shared
@pytest.mark.parametrize("name", ["2005.12359", "2510.21958"])
def test_no_formula_of_the_fixtures_shows_a_raw_macro(name):
    raw = (SHARED / "arxiv-html" / name / "index.html").read_bytes()
    tree = LexborHTMLParser(raw)
    maths = tree.css("article math")
    assert len(maths) == {"2005.12359": 752, "2510.21958": 46}[name]
    shown = [mathtext.render(math) for math in maths]
    assert [s for s in shown if RAW_MACRO.search(s)] == []
    assert [s for s in shown if INVISIBLE.search(s)] == []
    assert sum(1 for s in shown if not s) <= 2  # only the empty {}^{1,2} placeholders' bases
    doc = latexml.parse(raw)
    first = doc.find("S3.E1") if name == "2005.12359" else None
    if first is not None:
        assert first.number == "1"
        assert first.text.startswith("Sigᴺ(f) = ((∫⋯∫_(a<t₁<⋯<tₖ<b) ∏ⱼ₌₁ᵏ (df_(iⱼ)/dt)(tⱼ)dt₁⋯dtₖ)")
        assert first.tex.startswith(r"\mathrm{Sig}^{N}(f)=\left(\left(\underset{\,a<t_{1}<\cdots")


@needs_shared
def test_the_issue_s_formula_reads_as_measured():
    raw = (SHARED / "arxiv-html" / "2005.12359" / "index.html").read_bytes()
    doc = latexml.parse(raw)
    texts = [r.text for _, b in doc.blocks() for r in getattr(b, "rows", ()) if hasattr(r, "tex")]
    assert "Eₖ ≈ (1/S) ∑ₛ₌₁^S ℓ(F(𝐳_(s,k),𝐰),yₖ)," in texts
