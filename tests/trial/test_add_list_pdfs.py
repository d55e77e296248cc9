"""Issue 19, item 10: `add --from` a 1 MB list fetched 1,099 PDFs by default (about a gigabyte
from arXiv) and nothing suggested `--no-pdf`. A list of more than a few papers (more than
reader.cli.add_list.PDF_LIST_LIMIT) imports the metadata first and says how to get the PDFs:
each is fetched when its paper is first opened (`text`, `refs`, `read`), or by `index`;
`--pdf` fetches them now. A short list still comes with its PDFs."""

from __future__ import annotations

import json

import pytest

from tests.selfmade import Entry, atom_feed, tiny_pdf


class AnyIds(dict):
    """The local arXiv's API knowing every id asked for (a feed entry titled after it)."""

    def get(self, key, default=None):
        entries = [Entry(f"{i.partition('v')[0]}v1", f"Paper {i.partition('v')[0]}", ["A. Author"])
                   for i in key.split(",")]
        return (200, atom_feed(entries))


class AnyPdfs(dict):
    """The local arXiv's PDFs: a small real PDF for every paper."""

    def get(self, key, default=None):
        return tiny_pdf([f"The text of {key}", "Page two"])


@pytest.fixture
def arxiv(arxiv_server):
    arxiv_server.id_lists = AnyIds()
    arxiv_server.pdfs = AnyPdfs()
    return arxiv_server


def _pdf_requests(server) -> list[str]:
    return [r for r in server.requests if r.startswith("/pdf/")]


def _list(tmp_path, n: int):
    f = tmp_path / "list.md"
    f.write_text("".join(f"- [Paper {i}](https://arxiv.org/abs/2101.{i:05d})\n" for i in range(n)))
    return f


def _statuses(cli) -> dict[str, str]:
    return {p["id"]: p["pdf_status"] for p in json.loads(cli("list", "--json")[1])}


def test_a_long_list_comes_without_its_pdfs_and_says_how_to_get_them(arxiv, cli, tmp_path):
    from reader.cli.add_list import PDF_LIST_LIMIT

    f = _list(tmp_path, PDF_LIST_LIMIT + 2)
    code, out, err = cli("add", "--from", str(f))
    assert code == 0, err
    assert len(out.split()) == PDF_LIST_LIMIT + 2
    assert _pdf_requests(arxiv) == []
    assert set(_statuses(cli).values()) == {"none"}
    assert f"{PDF_LIST_LIMIT + 2} added" in err
    assert "without their PDFs" in err
    assert "when you first open it" in err and "paperdeck index" in err and "--pdf" in err
    assert "Traceback" not in err

    # First opened: its PDF is fetched then, once.
    code, out, err = cli("text", "2101.00003", "--page", "1")
    assert code == 0, err
    assert out == "The text of 2101.00003v1\n"
    assert _pdf_requests(arxiv) == ["/pdf/2101.00003v1"]
    assert _statuses(cli)["2101.00003"] == "ok"
    assert cli("text", "2101.00003", "--page", "2")[0] == 0
    assert len(_pdf_requests(arxiv)) == 1

    # index fetches the PDFs of the papers it reads: those named, or with --pdf all of them.
    code, _, err = cli("index", "2101.00004")
    assert code == 0, err
    assert _statuses(cli)["2101.00004"] == "ok"
    code, _, err = cli("index")
    assert code == 0 and "paperdeck index --pdf" in err     # says how, fetches nothing
    assert len(_pdf_requests(arxiv)) == 2
    code, _, err = cli("index", "--pdf")
    assert code == 0, err
    assert set(_statuses(cli).values()) == {"ok"}
    assert len(_pdf_requests(arxiv)) == PDF_LIST_LIMIT + 2


def test_pdf_fetches_a_long_lists_pdfs_now(arxiv, cli, tmp_path):
    from reader.cli.add_list import PDF_LIST_LIMIT

    code, out, err = cli("add", "--from", str(_list(tmp_path, PDF_LIST_LIMIT + 1)), "--pdf")
    assert code == 0, err
    assert len(_pdf_requests(arxiv)) == PDF_LIST_LIMIT + 1
    assert set(_statuses(cli).values()) == {"ok"}
    assert "without their PDFs" not in err


def test_a_short_list_comes_with_its_pdfs(arxiv, cli, tmp_path):
    from reader.cli.add_list import PDF_LIST_LIMIT

    code, out, err = cli("add", "--from", str(_list(tmp_path, PDF_LIST_LIMIT)))
    assert code == 0, err
    assert len(_pdf_requests(arxiv)) == PDF_LIST_LIMIT
    assert set(_statuses(cli).values()) == {"ok"}


def test_pdf_and_no_pdf_together_is_one_clear_line(arxiv, cli, tmp_path):
    code, out, err = cli("add", "--from", str(_list(tmp_path, 3)), "--pdf", "--no-pdf")
    assert code == 2 and out == "" and "--pdf" in err and "--no-pdf" in err
    assert err.count("\n") == 1
    assert _statuses(cli) == {}
