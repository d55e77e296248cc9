"""`paperdeck add` against a real local HTTP server serving recorded arXiv responses."""

from __future__ import annotations

import json

import pytest

from tests.conftest import needs_shared
from tests.selfmade import Entry, atom_feed, tiny_pdf

GRAVES = Entry("1211.3711v1", "Sequence Transduction with\n  Recurrent Neural Networks", ["Alex Graves"],
               summary="Many machine learning tasks can be expressed as the transformation\nof input"
               " sequences into output sequences.")


@pytest.fixture
def graves(arxiv_server):
    arxiv_server.id_lists["1211.3711"] = (200, atom_feed([GRAVES]))
    arxiv_server.id_lists["1211.3711v1"] = (200, atom_feed([GRAVES]))
    arxiv_server.pdfs["1211.3711v1"] = tiny_pdf(["Sequence transduction page one"])
    return arxiv_server


@pytest.mark.parametrize("form", [
    "1211.3711", "  1211.3711\n", "arXiv:1211.3711", "https://arxiv.org/abs/1211.3711",
    "https://arxiv.org/pdf/1211.3711", "https://arxiv.org/pdf/1211.3711.pdf",
    "http://export.arxiv.org/abs/1211.3711", "10.48550/arXiv.1211.3711",
])
def test_add_accepts_every_form(graves, cli, home, form):
    code, out, err = cli("add", form)
    assert code == 0, err
    assert out.strip() == "1211.3711"
    code, out, _ = cli("show", "1211.3711", "--json")
    paper = json.loads(out)
    assert paper["id"] == "1211.3711" and paper["version"] == 1
    assert paper["title"] == "Sequence Transduction with Recurrent Neural Networks"
    assert paper["authors"] == ["Alex Graves"]
    assert paper["abstract"].startswith("Many machine learning tasks can be expressed as the transformation of")
    assert paper["pdf"] == str(home / "papers" / "1211.3711.pdf")
    assert (home / "papers" / "1211.3711.pdf").read_bytes().startswith(b"%PDF-")
    assert graves.api_requests() == [graves.api_requests()[0]] and "id_list=1211.3711" in graves.api_requests()[0]


def test_versioned_url_fetches_that_version_and_its_pdf(graves, cli, home):
    code, _, err = cli("add", "https://arxiv.org/abs/1211.3711v1")
    assert code == 0, err
    assert any(r == "/pdf/1211.3711v1" for r in graves.requests)


def test_add_twice_reports_and_does_not_duplicate(graves, cli):
    assert cli("add", "1211.3711")[0] == 0
    code, out, err = cli("add", "arXiv:1211.3711")
    assert code == 0
    assert "already in the library" in err
    _, out, _ = cli("list", "--json")
    assert [p["id"] for p in json.loads(out)] == ["1211.3711"]


def test_newer_version_on_arxiv_is_reported(graves, cli):
    assert cli("add", "1211.3711")[0] == 0
    v2 = Entry("1211.3711v2", GRAVES.title, GRAVES.authors)
    graves.id_lists["1211.3711"] = (200, atom_feed([v2]))
    code, _, err = cli("add", "1211.3711")
    assert code == 0 and "arXiv has v2, the library has v1" in err
    _, out, _ = cli("show", "1211.3711", "--json")
    assert json.loads(out)["version"] == 1 and json.loads(out)["latest_version"] == 2


def test_bad_id_is_refused_with_one_line_and_nothing_written(arxiv_server, cli, home):
    code, out, err = cli("add", "not-an-id")
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and "'not-an-id'" in err and "1211.3711" in err
    assert arxiv_server.requests == []
    _, out, _ = cli("list", "--json")
    assert json.loads(out) == []


def test_many_ids_make_one_request(arxiv_server, cli):
    entries = [Entry(f"1301.{i:04d}v1", f"Paper {i}", [f"Author {i}"]) for i in range(1, 101)]
    arxiv_server.id_lists[",".join(f"1301.{i:04d}" for i in range(1, 101))] = (200, atom_feed(entries))
    code, out, err = cli("add", "--no-pdf", *[f"1301.{i:04d}" for i in range(1, 101)])
    assert code == 0, err
    assert len(arxiv_server.api_requests()) == 1
    assert len(out.split()) == 100 and "100 ok, 0 failed" in err
    assert err.count("added 1301.") == 100  # a progress line per paper


def test_server_error_then_success_is_retried(graves, cli):
    graves.fail_next = [503]
    code, _, err = cli("add", "--no-pdf", "1211.3711")
    assert code == 0, err
    assert len(graves.api_requests()) == 2


def test_rate_limited_until_the_last_retry_says_so(graves, cli):
    graves.fail_next = [429, 429, 429]
    code, out, err = cli("add", "1211.3711")
    assert code == 1 and out == ""
    assert "HTTP 429 after 3 tries" in err
    assert len(graves.api_requests()) == 3
    assert json.loads(cli("list", "--json")[1]) == []


def test_server_down_is_one_clear_line(home, cli, monkeypatch):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    monkeypatch.setenv("PAPERDECK_ARXIV_API_URL", f"http://127.0.0.1:{port}/api/query")
    code, out, err = cli("add", "1211.3711")
    assert code == 1 and out == ""
    assert f"cannot connect to http://127.0.0.1:{port}/api/query after 2 tries" in err
    assert "Traceback" not in err


def test_time_out_is_retried_then_reported(graves, cli, home):
    (home / "config.yaml").write_text(
        "arxiv:\n  delay_seconds: 0\n  backoff_seconds: 0\n  retries: 1\n  timeout_seconds: 1\n")
    graves.hang = 1.5
    code, _, err = cli("add", "1211.3711")
    assert code == 1 and "no answer within 1 s after 2 tries" in err


def test_pdf_404_leaves_metadata_marked_missing_and_add_retries(graves, cli, home):
    del graves.pdfs["1211.3711v1"]
    code, out, err = cli("add", "1211.3711")
    assert code == 1 and "PDF missing: HTTP 404" in err  # the outside world failed
    assert out.split() == ["1211.3711"]  # but the paper is in the library
    paper = json.loads(cli("show", "1211.3711", "--json")[1])
    assert paper["pdf_status"] == "missing" and paper["pdf"] is None
    assert "PDF: missing" in cli("show", "1211.3711")[1]
    assert list((home / "papers").iterdir()) == []
    graves.pdfs["1211.3711v1"] = tiny_pdf(["now it exists"])
    code, _, err = cli("add", "1211.3711")
    assert code == 0 and "PDF downloaded" in err
    assert json.loads(cli("show", "1211.3711", "--json")[1])["pdf_status"] == "ok"


def test_pdf_cut_off_midway_leaves_no_partial_file(graves, cli, home):
    graves.cut_pdfs = True
    code, _, err = cli("add", "1211.3711")
    assert "PDF missing" in err
    assert list((home / "papers").iterdir()) == []
    assert json.loads(cli("show", "1211.3711", "--json")[1])["pdf_status"] == "missing"


def test_search_prints_id_title_author_year(arxiv_server, cli):
    arxiv_server.searches[("au:graves ti:transduction", 0, 5)] = (200, atom_feed([GRAVES], total=1))
    code, out, _ = cli("search", "au:graves", "ti:transduction", "--max", "5")
    assert code == 0
    assert out.split() [:3] == ["1211.3711", "2012", "Alex"]
    assert "Sequence Transduction with Recurrent Neural Networks" in out


def test_markup_and_control_characters_in_titles_are_harmless(arxiv_server, cli):
    nasty = Entry("1211.3712v1", "A [bold]title[/] with \x1b[31mred\x1b[0m and \x07bell", ["Eve [i]"])
    arxiv_server.id_lists["1211.3712"] = (200, atom_feed([nasty]))
    assert cli("add", "--no-pdf", "1211.3712")[0] == 0
    _, out, _ = cli("list")
    assert "A [bold]title[/] with [31mred[0m and bell" in out
    assert "\x1b" not in out and "\x07" not in out
    _, out, _ = cli("show", "1211.3712")
    assert "[bold]title[/]" in out and "\x1b" not in out


# -- recorded responses from the real arXiv API ---------------------------------------------

@needs_shared
@pytest.mark.parametrize("given, key, version, title_start", [
    ("1605.08386", "1605.08386", 1, "Heat-bath random walks with Markov bases"),
    ("2104.12255v1", "2104.12255", 1, None),
    ("astro-ph/0601001", "astro-ph/0601001", 1, None),
    ("quant-ph/0201082v1", "quant-ph/0201082", 1, None),
    ("math/0211159", "math/0211159", 1, "The entropy formula for the Ricci flow"),
    ("https://arxiv.org/abs/1111.2011v2", "1111.2011", 2, None),
    ("1312.2021", "1312.2021", 1, None),
])
def test_recorded_responses_import(recorded_arxiv, cli, given, key, version, title_start):
    code, out, err = cli("add", "--no-pdf", given)
    assert code == 0, err
    paper = json.loads(cli("show", key, "--json")[1])
    assert paper["id"] == key and paper["version"] == version
    assert paper["title"] and "\n" not in paper["title"] and paper["authors"]
    assert paper["primary_category"] and paper["published"]
    if title_start:
        assert paper["title"].startswith(title_start)


@needs_shared
def test_two_ids_one_missing(recorded_arxiv, cli):
    code, out, err = cli("add", "--no-pdf", "0808.05394", "1707.08567")
    assert code == 1
    assert out.split() == ["1707.08567"]
    assert "0808.05394: arXiv has no such paper" in err
    assert [p["id"] for p in json.loads(cli("list", "--json")[1])] == ["1707.08567"]
    assert len(recorded_arxiv.api_requests()) == 1


@needs_shared
def test_well_formed_id_that_does_not_exist(recorded_arxiv, cli):
    code, out, err = cli("add", "0808.05394")
    assert code == 1 and out == "" and "arXiv has no such paper" in err


@needs_shared
def test_http_400_error_entry_is_one_line(recorded_arxiv, home):
    from reader.arxiv.api import ArxivClient, ArxivUnavailable, Settings
    from reader.ids import ArxivId

    client = ArxivClient(Settings(recorded_arxiv.api_url, recorded_arxiv.pdf_url, delay_seconds=0))
    with pytest.raises(ArxivUnavailable, match="HTTP 400"):
        client.fetch([ArxivId("abc")])
    assert len(recorded_arxiv.api_requests()) == 1  # a 400 is not retried


@needs_shared
def test_recorded_search_and_real_pdf(recorded_arxiv, cli, home):
    code, out, _ = cli("search", "testing", "--max", "10")
    assert code == 0 and len(out.strip().splitlines()) == 10
    code, _, err = cli("add", "1111.2011v2")
    assert code == 0, err
    pdf = home / "papers" / "1111.2011.pdf"
    assert pdf.read_bytes() == (recorded_arxiv.pdfs["1111.2011v2"])


def test_cancel_stops_retries_and_downloads_at_once(graves, home):
    """What the TUI does when it quits during an import: no more waiting on backoff."""
    import time

    from tests.waiting import When

    from reader.arxiv.api import ArxivClient, ArxivUnavailable, Settings
    from reader.ids import ArxivId

    client = ArxivClient(Settings(graves.api_url, graves.pdf_url, delay_seconds=0,
                                  retries=5, backoff_seconds=30))
    graves.fail_next = [503] * 6
    cancelled = When(graves.api_requests, client.cancel)   # during the 30 s backoff after a 503
    with pytest.raises(ArxivUnavailable, match="cancelled"):
        client.fetch([ArxivId("1211.3711")])
    assert cancelled.held and time.monotonic() - cancelled.at < 5
    assert len(graves.api_requests()) == 1

    from reader.arxiv.pdfs import DownloadFailed, download

    graves.fail_next = []
    with pytest.raises(DownloadFailed, match="cancelled"):
        download(graves.pdf_url + "1211.3711v1", home / "x.pdf", cancel=client.cancelled)
    assert list(home.glob("x.pdf*")) == []


@needs_shared
def test_search_keeps_the_results_it_got_when_a_later_page_comes_back_empty(recorded_arxiv, cli):
    code, out, err = cli("search", "testing", "--max", "150")
    assert code == 0, err
    assert len(out.strip().splitlines()) == 100
    assert [r for r in recorded_arxiv.api_requests() if "start=100" in r]  # the empty page was asked


def test_add_failures_are_paperdeck_lines_and_bad_input_exits_2(graves, cli):
    code, out, err = cli("add", "not-an-id")
    assert code == 2 and out == "" and err.startswith("paperdeck: ") and err.count("\n") == 1
    assert cli("show", "not-an-id")[0] == 2  # the same input, the same exit code
    code, out, err = cli("add", "--no-pdf", "1211.3711", "not-an-id")
    assert code == 2 and out.split() == ["1211.3711"]
    lines = err.splitlines()
    assert any(line.startswith("  added 1211.3711") for line in lines)  # progress for successes
    assert any(line.startswith("paperdeck: ") and "'not-an-id'" in line for line in lines)
    assert not any("error:" in line for line in lines)
    assert lines[-1] == "1 ok, 1 failed"


def test_add_with_a_network_failure_exits_1_even_with_bad_input(graves, cli):
    graves.fail_next = [503, 503, 503]
    code, out, err = cli("add", "--no-pdf", "1211.3711", "not-an-id")
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[1:3] == ["  arXiv busy (503); retry 1 of 2 in 0.01 s",
                          "  arXiv busy (503); retry 2 of 2 in 0.02 s"]
    assert [line.startswith("paperdeck: ") for line in lines[:1] + lines[3:-1]] == [True, True]


def test_add_downloads_again_a_pdf_whose_file_is_gone(graves, cli, home):
    assert cli("add", "1211.3711")[0] == 0
    pdf = home / "papers" / "1211.3711.pdf"
    pdf.unlink()  # deleted by hand, or a library restored from a YAML export elsewhere
    assert "PDF: missing (the file is gone" in cli("show", "1211.3711")[1]
    code, _, err = cli("add", "1211.3711")
    assert code == 0 and "PDF downloaded" in err
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert f"PDF: {pdf}" in cli("show", "1211.3711")[1]


def test_show_after_importing_a_yaml_export_into_a_fresh_home(graves, cli, home, tmp_path,
                                                             monkeypatch):
    assert cli("add", "1211.3711")[0] == 0
    export = tmp_path / "all.yaml"
    assert cli("export", "yaml", "-o", str(export))[0] == 0
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "config.yaml").write_text((home / "config.yaml").read_text())
    monkeypatch.setenv("PAPERDECK_HOME", str(fresh))
    assert cli("import", "yaml", str(export))[0] == 0
    assert "PDF: missing (download it with: paperdeck add 1211.3711)" in cli("show", "1211.3711")[1]
    code, _, err = cli("add", "1211.3711")
    assert code == 0 and "PDF downloaded" in err
    assert (fresh / "papers" / "1211.3711.pdf").exists()
