"""reader.text.pdf.pdfclean.reflow: PDF lines joined into paragraphs for the Reading screen."""

from __future__ import annotations

import shutil

import pytest

from reader.text.pdf import pdfclean, pdftext
from reader.library import papers as library
from reader.store import db
from reader.models import Paper
from tests.conftest import HAVE_SHARED, SHARED

SELF_MADE = """\
2 Method
We train a small recurrent network on pairs of sequences and measure how
often it emits the right output symbol. The network reads the input one
step at a time and keeps a state.
The loss is
L = − log p(y|x) (3)
which we minimise with Adam.
Our contributions:
• a transducer that needs no alignment
• a faster decoder
3 Results
The transducer beats the baseline on every data set we tried, often by a
wide margin, and it is simpler to train than the models it replaces."""


def test_reflow_self_made_example():
    out = pdfclean.reflow(SELF_MADE)
    assert len(out) == len(SELF_MADE)                  # offsets kept: only newlines change
    assert out.replace("\n", " ") == SELF_MADE.replace("\n", " ")
    assert out.split("\n") == [
        "2 Method",
        "We train a small recurrent network on pairs of sequences and measure how often it "
        "emits the right output symbol. The network reads the input one step at a time and "
        "keeps a state.",
        "The loss is",
        "L = − log p(y|x) (3)",
        "which we minimise with Adam.",
        "Our contributions:",
        "• a transducer that needs no alignment",
        "• a faster decoder",
        "3 Results",
        "The transducer beats the baseline on every data set we tried, often by a wide margin, "
        "and it is simpler to train than the models it replaces.",
    ]


def test_reflow_leaves_short_lines_and_tables_alone():
    table = "Model  BLEU\nRNN    24.1\nOurs   28.4"
    assert pdfclean.reflow(table) == table
    assert pdfclean.reflow("") == ""
    assert pdfclean.reflow("one line") == "one line"


@pytest.mark.skipif(not HAVE_SHARED, reason="../shared/fixtures is absent (a user's clone); CI has it")
def test_reflow_on_a_real_paper(tui_paths):
    conn = db.open_library(tui_paths)
    tui_paths.papers.mkdir(parents=True, exist_ok=True)
    shutil.copy(SHARED / "arxiv-pdf/1111.2011v2.pdf", tui_paths.papers / "1111.2011.pdf")
    with db.transaction(conn):
        library.insert(conn, Paper(id="1111.2011", version=2, title="Quantum Criticality", authors=("J. Murray",),
                                   pdf_path="papers/1111.2011.pdf", pdf_status="ok", added="2026-11-01T00:00:00Z"))
    pages = pdftext.extract_all(conn, tui_paths, "1111.2011")
    page3 = next(p.text for p in pages if p.page == 3)
    out = pdfclean.reflow(page3)
    assert len(out) == len(page3) and out.replace("\n", " ") == page3.replace("\n", " ")
    lines = out.split("\n")
    assert len(lines) < len(page3.split("\n")) * 0.75
    # The caption reads as one paragraph, not "… shown in red. (c)" / "The" / "integration …".
    assert any("shown in red. (c) The integration of the remaining nearest neighbors is performed"
               in line for line in lines)
    # An equation keeps its own line; the sentence that follows starts a new one.
    assert "φa i (x) = 0. (4)" in lines
    assert any(line.startswith("This condition is enforced by introducing the field") for line in lines)
    page1 = pdfclean.reflow(next(p.text for p in pages if p.page == 1)).split("\n")
    assert "I. INTRODUCTION" in page1
    intro = page1[page1.index("I. INTRODUCTION") + 1]
    assert intro.startswith("It is often the case that the relevent degrees of freedom in a condensed")
    assert "best understood via an anisotropic description" in intro
    conn.close()
