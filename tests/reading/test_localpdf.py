"""`paperdeck add ./file.pdf`: local papers, duplicates, refusal of broken PDFs, `edit`."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SHARED, needs_shared
from tests.selfmade import tiny_pdf


def _rows(home):
    """Papers in the library (0 when bad input was refused before the library was opened)."""
    import sqlite3

    if not (home / "paperdeck.db").exists():
        return 0
    c = sqlite3.connect(home / "paperdeck.db")
    try:
        if not c.execute("SELECT 1 FROM sqlite_master WHERE name = 'papers'").fetchone():
            return 0
        return c.execute("SELECT count(*) FROM papers").fetchone()[0]
    finally:
        c.close()


def test_add_local_pdf_title_from_metadata(cli, home, tmp_path):
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(tiny_pdf(["Some Heading Here", "body"], title="A Local Paper About Things"))
    code, out, err = cli("add", str(pdf))
    assert code == 0, err
    key = out.strip()
    assert key.startswith("local:") and len(key) == len("local:") + 12
    shown = json.loads(cli("show", key, "--json")[1])
    assert shown["title"] == "A Local Paper About Things" and shown["pdf_status"] == "ok"
    assert (home / "papers" / (key.replace(":", "_") + ".pdf")).read_bytes() == pdf.read_bytes()
    assert not list((home / "papers").glob("*.part"))
    # The same content again (another name) is noticed, not added twice.
    again = tmp_path / "copy.pdf"
    again.write_bytes(pdf.read_bytes())
    code, out, err = cli("add", str(again))
    assert code == 0 and "already in the library" in err and out.strip() == key
    assert _rows(home) == 1
    code, _, err = cli("edit", key, "--title", "Better Title", "--authors", "Ada Lovelace; Charles Babbage")
    assert code == 0, err
    shown = json.loads(cli("show", key, "--json")[1])
    assert shown["title"] == "Better Title" and shown["authors"] == ["Ada Lovelace", "Charles Babbage"]
    assert cli("find", "lovelace")[1].startswith(key)
    assert cli("text", key, "--page", "1")[1] == "Some Heading Here\n"


def test_title_from_first_page_without_metadata(cli, tmp_path):
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(tiny_pdf(["arXiv:2101.00001v1 [cs.LG] 1 Jan 2021\nDeep Learning of Small Things\n"
                              "A. Person, B. Person\nAbstract text"]))
    code, out, _ = cli("add", str(pdf))
    assert code == 0
    assert json.loads(cli("show", out.strip(), "--json")[1])["title"] == "Deep Learning of Small Things"


def test_not_a_pdf_is_refused_and_nothing_written(cli, home, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"this is not a pdf at all")
    code, out, err = cli("add", str(bad))
    assert code == 2 and "cannot be opened as a PDF" in err and "nothing was added" in err
    assert len(err.strip().splitlines()) == 1 and out == "" and err.startswith("paperdeck: ")
    assert not (home / "papers").exists() or not list((home / "papers").iterdir())
    code, _, err = cli("add", str(tmp_path / "missing.pdf"))
    assert code == 2 and err.startswith("paperdeck: cannot read")


@needs_shared
@pytest.mark.parametrize("name", sorted(p.name for p in (SHARED / "broken-pdf").glob("*.pdf"))
                         if (SHARED / "broken-pdf").is_dir() else [])
def test_broken_pdfs_are_refused_or_added_never_crash(cli, home, name):
    code, out, err = cli("add", str(SHARED / "broken-pdf" / name))
    assert "Traceback" not in err and "unexpected error" not in err
    if code == 0:
        key = out.strip()
        assert cli("text", key)[0] in (0, 1)
        assert cli("show", key)[0] == 0
    else:
        assert "nothing was added" in err and _rows(home) == 0


@needs_shared
def test_real_pdf_title_from_first_page(cli):
    code, out, _ = cli("add", str(SHARED / "arxiv-pdf" / "1111.2011v2.pdf"))
    shown = json.loads(cli("show", out.strip(), "--json")[1])
    assert shown["title"] == ("Quantum Criticality for Extended Nodes on a Bethe Lattice in the "
                              "Large Connectivity Limit")
    assert shown["published"].startswith("2012-04-03")


def test_title_from_a_page_drops_the_running_header_page_number(cli, tmp_path):
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(tiny_pdf(["Optimized Table Tokenization for Table Structure Recognition 9\n"
                              "order to compute the TED score. Inference timing results"]))
    code, out, err = cli("add", str(pdf))
    assert code == 0, err
    title = json.loads(cli("show", out.strip(), "--json")[1])["title"]
    assert title == "Optimized Table Tokenization for Table Structure Recognition"


@pytest.mark.parametrize("line,title", [
    ("100 Years of Things in Detail 4", "100 Years of Things in Detail"),
    ("Lecture Notes on Things, Part 2", "Lecture Notes on Things, Part 2"),
    ("Sparks of Intelligence: Early Experiments with GPT 4", "Sparks of Intelligence: Early Experiments with GPT 4"),
    ("The State of Machine Learning in 2023", "The State of Machine Learning in 2023"),
])
def test_page_number_heuristic_keeps_numbers_that_belong(line, title):
    from reader.library.localpdf import _title_from_page

    assert _title_from_page(line + "\nbody text") == title


def test_metadata_title_is_used_only_when_it_looks_like_one(cli, tmp_path):
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(tiny_pdf(["A Real Title From The Page\nbody"], title="paper_final_v3"))
    code, out, _ = cli("add", str(pdf))
    assert json.loads(cli("show", out.strip(), "--json")[1])["title"] == "A Real Title From The Page"


@needs_shared
def test_recorded_page_nine_title_has_no_page_number(cli):
    code, out, err = cli("add", str(SHARED / "arxiv-pdf" / "2305.03393v1-pg9.pdf"))
    assert code == 0, err
    title = json.loads(cli("show", out.strip(), "--json")[1])["title"]
    assert title == "Optimized Table Tokenization for Table Structure Recognition"


def test_local_paper_whose_file_is_gone_says_so_and_add_restores_it(cli, home, tmp_path):
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(tiny_pdf(["Some Heading Here", "body"], title="A Local Paper About Things"))
    key = cli("add", str(pdf))[1].strip()
    stored = home / "papers" / (key.replace(":", "_") + ".pdf")
    stored.unlink()
    out = cli("show", key)[1]
    assert "PDF: missing (add the file again with: paperdeck add FILE.pdf" in out
    code, out, err = cli("add", str(pdf))
    assert code == 0, err
    assert out.strip() == key and "its missing PDF is back" in err
    assert stored.read_bytes() == pdf.read_bytes()
    assert f"PDF: {stored}" in cli("show", key)[1]
    assert cli("text", key, "--page", "1")[1] == "Some Heading Here\n"


def _add_in_a_process(home, path):
    # The bug was a hang (a FIFO) or an endless read (/dev/zero): a deadline and a ceiling.
    from tests.processes import run_cli

    return run_cli(home, "add", str(path))


@pytest.mark.parametrize("kind,words", [
    ("fifo", "is a named pipe (FIFO), not a PDF file"),
    ("zero", "is a character device, not a PDF file"),
    ("urandom", "is a character device, not a PDF file"),
    ("folder", "is a folder, not a PDF file"),
])
def test_only_regular_files_are_read(home, tmp_path, kind, words):
    import os

    x = tmp_path / "x.pdf"
    if kind == "fifo":
        os.mkfifo(x)
    elif kind == "folder":
        x.mkdir()
    else:
        x.symlink_to(f"/dev/{kind}")
    code, out, err = _add_in_a_process(home, x)
    assert code == 2 and out == "", err
    assert err == f"paperdeck: {x} {words}; nothing was added\n"
    assert _rows(home) == 0


def test_a_pdf_over_the_size_cap_is_refused_before_reading(cli, home, tmp_path):
    from reader.library import localpdf

    big = tmp_path / "big.pdf"
    with open(big, "wb") as f:            # sparse: nothing is written or read
        f.truncate(localpdf.MAX_BYTES + 1)
    code, out, err = cli("add", str(big))
    assert code == 2 and out == ""
    assert err == (f"paperdeck: {big} is 100.0 MB, over the 100 MB limit for a PDF; "
                   "nothing was added\n")
    assert _rows(home) == 0


@pytest.mark.parametrize("raw, published", [
    ("D:20120403101500+01'00'", "2012-04-03T00:00:00Z"),
    ("D:2012", "2012-01-01T00:00:00Z"),
    ("D:0000", None), ("D:0001", None), ("D:9999", None), ("D:20121301", None),
    ("D:20120230", None), ("garbage", None), ("", None),
])
def test_creation_dates_outside_what_paperdeck_stores_are_dropped(raw, published):
    # A year-1 or year-9999 date stored from a PDF made the library's own export unimportable.
    from reader.library.localpdf import _creation_date

    assert _creation_date(raw) == published
