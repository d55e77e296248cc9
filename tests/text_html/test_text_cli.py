"""`paperdeck text` from the kept HTML: numbered headings, math rendered (or TeX with --tex),
equations numbered, captions, citations as in the paper; --outline, --section, --json; --page
still the PDF's page. And reading needs no network once a paper is added: the server stopped,
every reading verb answers as before."""

from __future__ import annotations

import json
import re

import pytest

from tests.text_html.conftest import HTML, MOOR, STROPKAY


@pytest.fixture
def added(html_arxiv, cli):
    code, _, err = cli("add", MOOR, STROPKAY)
    assert code == 0, err
    return html_arxiv


def text(cli, *args) -> tuple[str, str]:
    code, out, err = cli("text", *args)
    assert code == 0, err
    return out, err


def test_text_prints_the_structured_paper(added, cli):
    out, err = text(cli, MOOR)
    assert err == f"paperdeck: {MOOR}: text from arXiv's HTML (v1)\n" \
                  f"paperdeck: {MOOR}: 2 pieces LaTeXML could not convert left out\n"
    lines = out.splitlines()
    assert lines[0] == "Path Imputation Strategies for Signature Models of Irregular Time Series"
    for heading in ("1 Introduction", "3 Background: Signature transform and Gaussian process "
                    "adapters", "A.6.1 Comparison to the Fourier and wavelet transforms",
                    "Broader Impact", "References"):
        assert heading in lines
    numbered = [int(m[1]) for m in re.finditer(r"\((\d+)\)$", out, re.M)]
    assert numbered[:2] == [1, 2] and max(numbered) >= 16     # SOURCES.md: 16 numbered
    assert "ℝᵈ" in out and "\\mathbb" not in out                # math rendered, no TeX
    assert re.search(r"^│ Figure 1: Given a path \(bold\)", out, re.M)
    assert "Table 1:" in out and "Chevyrev and Kormilitzin, [8]" in out
    assert "setkomafont" not in out                             # LaTeXML's errors left out


def test_text_tex_shows_math_as_tex(added, cli):
    out, _ = text(cli, MOOR, "--tex", "--section", "3")
    assert r"$f=(f_{1},\dots,f_{d})\colon[a,b]\to\mathbb{R}^{d}$" in out
    assert "ℝᵈ" not in out


def test_outline_is_the_section_tree(added, cli):
    out, err = text(cli, STROPKAY, "--outline")
    assert out.splitlines()[:5] == ["1 Introduction", "2 Methods", "  2.1 Data and preprocessing",
                                    "  2.2 Model architecture, training, and evaluation",
                                    "  2.3 Investigating the contributions of function words, "
                                    "content words, and parts of speech"]
    assert "Acknowledgments" in out.splitlines() and err == ""


def test_one_section(added, cli):
    out, _ = text(cli, STROPKAY, "--section", "3.2")
    assert out.splitlines()[0] == "3.2 Stylometric distance"
    assert "Figure 4: Multidimensional scaling plot." in out
    assert "3.3 " not in out and "Introduction" not in out
    by_id, _ = text(cli, STROPKAY, "--section", "S3.SS2")
    assert by_id == out
    whole, _ = text(cli, MOOR, "--section", "A")                 # with its subsections
    assert "A.6.1 Comparison to the Fourier and wavelet transforms" in whole


def test_an_unknown_section_names_the_sections_there_are(added, cli):
    code, out, err = cli("text", MOOR, "--section", "9.9")
    assert code == 2 and out == "" and len(err.splitlines()) == 1
    assert err.startswith(f"paperdeck: {MOOR} has no section '9.9'; its sections: 1, 2, 3, 4,")
    assert "A.6.1" in err


def test_json_is_the_model(added, cli):
    from reader.text.document import MODEL_VERSION, Document

    out, _ = text(cli, MOOR, "--json")
    data = json.loads(out)
    assert data["t"] == "Document" and data["version"] == MODEL_VERSION
    doc = Document.from_json(data)
    assert len(doc.bibliography) == 46                           # SOURCES.md
    assert sum(e.arxiv is not None for e in doc.bibliography) == 16


def test_page_is_still_the_pdfs_page(added, cli):
    out, err = text(cli, STROPKAY, "--page", "1")
    assert "A Stylometric Application of Large" in out and "from arXiv's HTML" not in err
    code, _, err = cli("text", STROPKAY, "--page", "1", "--outline")
    assert code == 2 and "--page" in err


def test_reading_needs_no_network_once_added(added, cli, conn, settings):
    from reader.library import paper_html
    from reader.library.papers import get
    from reader.store.paths import resolve

    assert cli("index", "--figures")[0] == 0                     # figures, and the PDF text
    assert cli("refs", MOOR)[0] == 0                             # titles looked up once
    runs = [("text", MOOR), ("text", STROPKAY, "--outline"), ("text", STROPKAY, "--section", "3.1"),
            ("text", MOOR, "--json"), ("find", "stylometric", "distance"), ("refs", MOOR),
            ("refs", STROPKAY, "--json"), ("text", MOOR, "--page", "2")]
    before = [cli(*r) for r in runs]
    added.stop()
    after = [cli(*r) for r in runs]
    assert after == before and all(code == 0 for code, _, _ in after)
    paper = get(conn, STROPKAY)
    kept = paper_html.figure(conn, resolve(None), settings, paper, "x5.png")
    assert kept.read_bytes() == (HTML / STROPKAY / "x5.png").read_bytes()


def test_an_unnumbered_section_by_its_title(added, cli):
    out, _ = text(cli, MOOR, "--section", "broader impact")
    assert out.splitlines()[0] == "Broader Impact" and "8 Acknowledgements" not in out
