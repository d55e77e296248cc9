"""Issue 19, item 2: `paperdeck add 2206.10883v3.pdf` (a real arXiv PDF whose first page carries
arXiv's stamp) got its title cut to its first line, "(no authors)", "(no abstract)" and a BibTeX
entry without an author. A PDF that names its arXiv id is matched to its arXiv record (the CLI
asks in a terminal; `--arxiv` says yes; a script's `add FILE.pdf` adds it as a local paper and
says how to import it as the arXiv paper); otherwise the whole title (every line of the largest
type on page 1) and the authors the first page gives.

2206.10883 is not among the shared fixtures: 1111.2011v2 (arXiv's stamp, a two-line title,
its API record recorded) and 2304.02623v1 (stamp, two-line title) stand in for it, with the
authors' PDFs of 2005.12359 and 2510.21958 (no stamp)."""

from __future__ import annotations

import io
import json
import sys

import pytest

from tests.conftest import SHARED, needs_shared

PDFS = SHARED / "arxiv-pdf"
GRAVES_LIKE = "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"


def _show(cli, key) -> dict:
    code, out, err = cli("show", key, "--json")
    assert code == 0, err
    return json.loads(out)


class _Terminal(io.StringIO):
    """What a person types at a terminal (stdin a tty)."""

    def isatty(self) -> bool:
        return True


def _at_a_terminal(monkeypatch, typed: str) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal(typed))
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)


@needs_shared
def test_arxiv_imports_the_pdf_as_its_arxiv_paper_keeping_the_file(recorded_arxiv, cli, home):
    pdf = PDFS / "1111.2011v2.pdf"
    code, out, err = cli("add", "--arxiv", str(pdf))
    assert code == 0, err
    assert out.split() == ["1111.2011"]
    paper = _show(cli, "1111.2011")
    assert paper["title"] == GRAVES_LIKE
    assert paper["authors"] and "Adrian Del Maestro" in paper["authors"]
    assert paper["abstract"].startswith("Theoretical description of anisotropic systems")
    assert paper["pdf_status"] == "ok" and paper["version"] == 2
    assert (home / "papers" / "1111.2011.pdf").read_bytes() == pdf.read_bytes()
    assert [r for r in recorded_arxiv.requests if r.startswith("/pdf/")] == []  # the file is kept
    code, bib, _ = cli("export", "bibtex")
    assert "author" in bib and "Del Maestro" in bib and "eprint" in bib and "1111.2011" in bib


@needs_shared
def test_a_script_adds_it_locally_with_the_whole_title_and_the_authors(recorded_arxiv, cli):
    code, out, err = cli("add", str(PDFS / "1111.2011v2.pdf"))
    assert code == 0, err
    key = out.strip()
    assert key.startswith("local:")
    assert recorded_arxiv.api_requests() == []       # nothing asked of arXiv unasked
    assert "names arXiv:1111.2011v2" in err and "paperdeck add --arxiv" in err
    paper = _show(cli, key)
    assert paper["title"] == GRAVES_LIKE
    assert paper["authors"] == ["James M. Murray", "Adrian Del Maestro", "Zlatko Tešanović"]
    # Then as the arXiv paper, as the line said: the local copy (nothing of yours on it) goes.
    code, out, err = cli("add", "--arxiv", str(PDFS / "1111.2011v2.pdf"))
    assert code == 0 and out.split() == ["1111.2011"], err
    assert [p["id"] for p in json.loads(cli("list", "--json")[1])] == ["1111.2011"]


@needs_shared
def test_at_a_terminal_it_asks(recorded_arxiv, cli, monkeypatch):
    _at_a_terminal(monkeypatch, "\n")                  # Enter: yes
    code, out, err = cli("add", str(PDFS / "1111.2011v2.pdf"))
    assert code == 0, err
    assert "names arXiv:1111.2011v2" in err and "[Y/n]" in err
    assert out.split() == ["1111.2011"]
    assert _show(cli, "1111.2011")["abstract"]


@needs_shared
def test_at_a_terminal_no_keeps_it_local(recorded_arxiv, cli, monkeypatch):
    _at_a_terminal(monkeypatch, "n\n")
    code, out, err = cli("add", str(PDFS / "2304.02623v1.pdf"))
    assert code == 0, err
    assert out.strip().startswith("local:") and recorded_arxiv.api_requests() == []


@needs_shared
def test_the_whole_title_of_largest_type_when_the_metadata_has_none(cli, tmp_path):
    """2304.02623v1's own metadata names its title; many arXiv PDFs carry none (Multi-LexSum's
    did not). The same pages without it: the title is both lines, not the first."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(PDFS / "2304.02623v1.pdf"))
    writer.add_metadata({"/Title": "", "/Author": ""})
    bare = tmp_path / "2304.02623v1.pdf"
    with open(bare, "wb") as f:
        writer.write(f)
    code, out, err = cli("add", str(bare))
    assert code == 0, err
    paper = _show(cli, out.strip())
    assert paper["title"] == ("Beyond Summarization: Designing AI Support for Real-World "
                              "Expository Writing Tasks")
    assert paper["authors"] == ["Zejiang Shen", "Tal August", "Pao Siangliulue", "Kyle Lo",
                                "Jonathan Bragg", "Jeff Hammerbacher", "Doug Downey",
                                "Joseph Chee Chang", "David Sontag"]


@needs_shared
@pytest.mark.parametrize("paper,title,authors", [
    ("2005.12359", "Path Imputation Strategies for Signature Models of Irregular Time Series",
     ["Michael Moor", "Max Horn", "Christian Bock", "Karsten Borgwardt", "Bastian Rieck"]),
    ("2510.21958", "A Stylometric Application of Large Language Models",
     ["Harrison F. Stropkay", "Jiayi Chen", "Mohammad J. Latifi", "Daniel N. Rockmore",
      "Jeremy R. Manning"]),
])
def test_authors_pdfs_without_a_stamp(cli, paper, title, authors):
    code, out, err = cli("add", str(SHARED / "arxiv-html" / paper / "paper.pdf"))
    assert code == 0, err
    assert "names arXiv" not in err
    shown = _show(cli, out.strip())
    assert (shown["title"], shown["authors"]) == (title, authors)


@needs_shared
def test_arxiv_for_a_pdf_that_names_no_id_is_one_line(cli):
    code, out, err = cli("add", "--arxiv", str(SHARED / "arxiv-html" / "2005.12359" / "paper.pdf"))
    assert code == 2 and out == "" and "names no arXiv id" in err and err.count("\n") == 1
    assert json.loads(cli("list", "--json")[1]) == []


@needs_shared
def test_arxiv_down_writes_nothing_and_says_so(recorded_arxiv, cli, home):
    recorded_arxiv.fail_next = [503] * 10
    code, out, err = cli("add", "--arxiv", str(PDFS / "1111.2011v2.pdf"))
    assert code == 1 and out == "" and "Traceback" not in err
    assert err.splitlines()[-1].startswith("paperdeck: ") and "1111.2011v2.pdf" in err
    assert json.loads(cli("list", "--json")[1]) == []
    assert not (home / "papers").exists() or list((home / "papers").iterdir()) == []
