"""`paperdeck skim`: Keshav's first pass from the document model of 2510.21958 (the issue's
counts: 4 numbered and 2 unnumbered sections, 5 figure captions and 1 table caption, 28
references, ✓ for those in the library), and from a paper with only PDF text, said partial."""

from __future__ import annotations

import json

from tests.quotes.conftest import MOOR, STROPKAY

TOP = ["1 Introduction", "2 Methods", "3 Results", "4 Discussion", "Acknowledgments",
       "Data and code availability"]


def skim_json(cli, pid):
    code, out, err = cli("skim", pid, "--json")
    assert code == 0, err
    return json.loads(out)


def test_skim_shows_the_structure_of_2510_21958(added, cli):
    s = skim_json(cli, STROPKAY)
    assert s["title"] == "A Stylometric Application of Large Language Models"
    assert len(s["authors"]) == 5 and s["abstract"][0].startswith("We show that large language")
    top = [h for h in s["headings"] if h["depth"] == 0]
    shown = [f"{h['number']} {h['title']}" if h["number"] else h["title"] for h in top]
    assert shown[:6] == TOP
    assert sum(1 for h in top[:6] if h["number"]) == 4
    assert len([h for h in s["headings"] if h["depth"] == 1]) == 11       # SOURCES.md
    by_id = {h["id"]: h for h in s["headings"]}
    assert by_id["S2.SS1"]["first"].startswith("We consider a dataset comprising books by eight "
                                               "authors: Jane Austen,")
    assert by_id["S2.SS1"]["first"].endswith("and H. G. Wells.")          # initials kept
    assert by_id["Sx1"]["first"].startswith("We acknowledge helpful discussions")
    kinds = [c["kind"] for c in s["captions"]]
    assert kinds.count("figure") == 5 and kinds.count("table") == 1
    assert [c["label"] for c in s["captions"]][:2] == ["Figure 1", "Figure 2"]
    assert s["introduction"]["heading"] == "1 Introduction" and \
        len(s["introduction"]["paragraphs"]) == 3
    assert s["conclusion"]["heading"] == "4.4 Concluding remarks"
    assert len(s["references"]) == 28 and not any(r["in_library"] for r in s["references"])
    assert s["partial"] is None


def test_references_in_the_library_are_ticked(added, cli):
    assert cli("add", "--no-pdf", "1711.05101")[0] == 0
    s = skim_json(cli, STROPKAY)
    held = [r for r in s["references"] if r["in_library"]]
    assert [r["arxiv"] for r in held] == ["1711.05101"]
    code, out, _ = cli("skim", STROPKAY)
    assert "## References (28, 1 in the library)" in out
    assert "✓ Loshchilov, I. and Hutter, F. (2017). Decoupled weight decay" in out
    assert "\n  Barlas, G. and Stamatatos" in out     # unticked, aligned with the ticked


def test_skim_text_is_wrapped_and_in_keshavs_order(added, cli):
    code, out, err = cli("skim", MOOR)
    assert code == 0 and err == ""
    assert max(len(line) for line in out.splitlines()) <= 80
    order = ["## Abstract", "## 1 Introduction", "## Sections", "## Figures and tables",
             "## 7 Conclusion", "## References (46, 0 in the library)", "## Five Cs"]
    assert [out.index(h) for h in order] == sorted(out.index(h) for h in order)
    # §3 holds only run-in paragraphs: its first sentence is theirs
    assert "3 Background: Signature transform and Gaussian process adapters\nLet f = (f₁" in out


def test_a_pdf_only_paper_skims_partially(recorded_arxiv, cli):
    assert cli("add", "1111.2011")[0] == 0
    assert cli("index", "1111.2011")[0] == 0
    code, out, err = cli("skim", "1111.2011")
    assert code == 0
    assert "partial, from the PDF's text" in err and "partial, from the PDF's text" in out
    assert "Page 1" in out and "Page 8" in out
    s = skim_json(cli, "1111.2011")
    assert s["headings"] == [] and len(s["pages"]) == 8 and s["abstract"]
