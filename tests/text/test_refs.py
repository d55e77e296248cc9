"""`paperdeck refs` and `paperdeck index`: the arXiv papers a paper's text cites, cited-by in the
library, and the text read ahead of need; through the local arXiv and real PDFs."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import SHARED, needs_shared
from tests.selfmade import tiny_pdf
from tests.arxiv.test_add_from import AnyIds

REAL = SHARED / "arxiv-pdf" / "2304.02623v1.pdf"

CITING = ["A survey of transducers\narXiv:2101.00001v1 [cs.CL] 5 Jan 2021",   # its own stamp
          "References\n"
          "[1] A. Graves. Sequence transduction. arXiv preprint arXiv:1211.3711 (2012).\n"
          "[2] A. Vaswani et al. Attention. CoRR abs/1706.03762. [3] Graves again, 1211.3711v1.\n"
          "[4] Old: hep-th/9711200v2. [5] Not an id: 1211.371. [6] Split: arXiv:2205.\n"
          "11916 (2022)."]


@pytest.fixture
def lib(arxiv_server, cli):
    """The local arXiv knowing every id; paper 2101.00001 whose PDF cites five papers."""
    arxiv_server.id_lists = AnyIds()
    arxiv_server.pdfs["2101.00001v1"] = tiny_pdf(CITING)
    return arxiv_server


def ids_listed(out: str) -> list[str]:
    return [m[1] for m in re.finditer(r"^[✓ ] (\S+)", out, re.M)]


def test_refs_reads_the_text_lists_titles_and_caches_them(lib, cli):
    assert cli("add", "2101.00001")[0] == 0
    code, out, err = cli("refs", "2101.00001")
    assert code == 0, err
    assert ids_listed(out) == ["1211.3711", "1706.03762", "hep-th/9711200", "2205.11916"]
    assert "Paper 1211.3711" in out and "reading the text of 2101.00001" in err
    lookups = [r for r in lib.api_requests() if "1211.3711" in r]
    assert len(lookups) == 1  # four titles, one request
    code, out2, _ = cli("refs", "2101.00001")
    assert out2 == out and [r for r in lib.api_requests() if "1211.3711" in r] == lookups


def test_refs_json_and_add(lib, cli):
    assert cli("add", "2101.00001", "1706.03762", "--no-pdf")[0] == 0
    assert cli("add", "2101.00001")[0] == 0  # its PDF now
    code, out, _ = cli("refs", "2101.00001", "--json")
    data = json.loads(out)
    assert [(r["id"], r["in_library"]) for r in data["references"]] == [
        ("1211.3711", False), ("1706.03762", True), ("hep-th/9711200", False), ("2205.11916", False)]
    code, out, err = cli("refs", "2101.00001", "--add", "--no-pdf")
    assert code == 0, err
    assert "3 added, 0 failed" in err
    ids = [p["id"] for p in json.loads(cli("list", "--json")[1])]
    assert set(ids) == {"2101.00001", "1211.3711", "1706.03762", "hep-th/9711200", "2205.11916"}


def test_cited_by_in_the_library(lib, cli):
    assert cli("add", "2101.00001")[0] == 0
    assert cli("add", "1211.3711", "--no-pdf")[0] == 0
    code, out, _ = cli("refs", "1211.3711")
    # 1211.3711 has no PDF: opening it fetches it (issue 19); when that fails, one line
    assert code == 1 and "1211.3711: PDF missing: HTTP 404" in _ and _.count("paperdeck:") == 1
    assert cli("index")[0] == 0
    from reader.text import refs
    from reader.store import db
    from reader.store import paths as paths_mod

    conn = db.connect(paths_mod.resolve(None).db)
    assert refs.cited_by(conn, "1211.3711") == [("2101.00001", "Paper 2101.00001")]
    assert refs.cited_by(conn, "1211.371") == []     # a broken id in the text cites nothing
    assert refs.cited_by(conn, "hep-th/9711200") == [("2101.00001", "Paper 2101.00001")]


def test_titles_not_looked_up_when_arxiv_is_down_are_said(lib, cli):
    assert cli("add", "2101.00001")[0] == 0
    lib.fail_next = [503] * 10
    code, out, err = cli("refs", "2101.00001")
    assert code == 1 and "titles not looked up" in err and err.count("Traceback") == 0
    assert ids_listed(out)[:2] == ["1211.3711", "1706.03762"] and "(title not looked up)" in out


def test_index_reads_every_paper_not_read_and_says_so(lib, cli):
    lib.pdfs["1211.3711v1"] = tiny_pdf(["one", "two", "three"])
    assert cli("add", "2101.00001", "1211.3711")[0] == 0
    code, _, err = cli("index")
    assert code == 0
    assert "/2 2101.00001: 2 pages" in err and "/2 1211.3711: 3 pages" in err
    assert "indexed 2 papers (5 pages)" in err
    code, _, err = cli("index")
    assert code == 0 and err == "every paper's text is read already\n"
    # find needs no opening: the text was read by index
    code, out, _ = cli("find", "transducers")
    assert out.split()[0] == "2101.00001"


def test_index_of_a_broken_pdf_reports_it_and_goes_on(lib, cli, home):
    lib.pdfs["1211.3711v1"] = tiny_pdf(["one"])
    assert cli("add", "1211.3711", "2101.00001", "--no-pdf")[0] == 0
    (home / "papers").mkdir(exist_ok=True)
    (home / "papers" / "1211.3711.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf")
    (home / "papers" / "2101.00001.pdf").write_bytes(tiny_pdf(CITING))
    from reader.library import papers as library
    from reader.store import db
    from reader.store import paths as paths_mod

    conn = db.connect(paths_mod.resolve(None).db)
    for pid in ("1211.3711", "2101.00001"):
        library.update_fields(conn, pid, pdf_status="ok", pdf_path=f"papers/{pid}.pdf")
    code, _, err = cli("index")
    assert code == 1 and "paperdeck: 1211.3711: cannot read the PDF" in err
    assert "/2 2101.00001: 2 pages" in err


@needs_shared
def test_a_real_papers_references(arxiv_server, cli):
    """arXiv 2304.02623v1 cites papers as `arXiv preprint arXiv:ID`, `ArXiv abs/ID`,
    `arXiv:ID [cs.CL] http://arxiv.org/abs/IDv1`; its own id is in its margin."""
    arxiv_server.id_lists = AnyIds()
    arxiv_server.pdfs["2304.02623v1"] = REAL.read_bytes()
    assert cli("add", "2304.02623")[0] == 0
    assert cli("index")[0] == 0
    code, out, err = cli("refs", "2304.02623", "--json")
    assert code == 0, err
    from reader.store import db
    from reader.store import paths as paths_mod

    conn = db.connect(paths_mod.resolve(None).db)
    text = "\n".join(r[0] for r in conn.execute("SELECT text FROM pages ORDER BY page"))
    present = list(dict.fromkeys(
        m for m in re.findall(r"(?:arXiv:|ArXiv\s+abs/)(\d{4}\.\d{5})", text)
        if 1 <= int(m[2:4]) <= 12 and m != "2304.02623"))
    assert len(present) == 15
    assert [r["id"] for r in json.loads(out)["references"]] == present
