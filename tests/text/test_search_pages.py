"""`paperdeck search` says how many results arXiv has and pages through them (recorded feeds)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SHARED, needs_shared
from tests.selfmade import Entry, atom_feed

pytestmark = needs_shared


def feed_ids(name: str) -> list[str]:
    from reader.arxiv import atom

    return [p.id for p in atom.parse((SHARED / "arxiv-atom" / name).read_bytes()).papers]


def test_first_page_says_the_total_and_how_to_see_more(recorded_arxiv, cli):
    code, out, err = cli("search", "testing", "--max", "10")
    assert code == 0, err
    assert [line.split()[0] for line in out.splitlines()] == feed_ids("search_testing_start0_max10.xml")
    assert err == "10 of 214,881 results; more with --max N or --page 2\n"


def test_second_page_is_the_next_results(recorded_arxiv, cli):
    code, out, err = cli("search", "testing", "--max", "10", "--page", "2")
    assert code == 0, err
    assert [line.split()[0] for line in out.splitlines()] == feed_ids("search_testing_start10_max10.xml")
    assert err == "results 11-20 of 214,881; more with --page 3\n"
    assert [r for r in recorded_arxiv.api_requests() if "start=10" in r]


def test_json_pages_too(recorded_arxiv, cli):
    code, out, err = cli("search", "testing", "--max", "10", "--page", "2", "--json")
    assert code == 0
    assert [p["id"] for p in json.loads(out)] == feed_ids("search_testing_start10_max10.xml")
    assert "of 214,881" in err


def test_hundred_results_in_one_request(recorded_arxiv, cli):
    code, out, err = cli("search", "testing", "--max", "100")
    assert code == 0 and len(out.splitlines()) == 100
    assert len(recorded_arxiv.api_requests()) == 1 and err.startswith("100 of 214,881 results")


def test_a_short_result_list_needs_no_paging_words(arxiv_server, cli):
    arxiv_server.searches[("ti:rare", 0, 20)] = (
        200, atom_feed([Entry("1211.3711v1", "Rare", ["A. B"])], total=1))
    code, out, err = cli("search", "ti:rare")
    assert code == 0 and err == "" and out.startswith("1211.3711")


def test_the_last_page_says_so_and_past_it_is_one_line(arxiv_server, cli):
    entries = [Entry(f"1211.{3700 + i}v1", f"Paper {i}", ["A. B"]) for i in range(25)]
    arxiv_server.searches[("ti:some", 20, 20)] = (200, atom_feed(entries[20:], total=25))
    code, _, err = cli("search", "ti:some", "--page", "2")
    assert code == 0 and err == "results 21-25 of 25 (the last page)\n"
    arxiv_server.searches[("ti:some", 40, 20)] = (200, atom_feed([], total=25))
    code, out, err = cli("search", "ti:some", "--page", "3")
    assert code == 2 and out == ""
    assert err == "paperdeck: page 3 is past the end: arXiv has 25 results for 'ti:some', 2 pages of 20\n"


@pytest.mark.parametrize("args, message", [
    (["--page", "0"], "pages are numbered from 1"),
    (["--max", "2000", "--page", "16"], "arXiv serves the first 30,000 results"),
])
def test_bad_pages_are_refused_before_asking(arxiv_server, cli, args, message):
    code, _, err = cli("search", "testing", *args)
    assert code == 2 and message in err and arxiv_server.requests == []


def test_a_page_cut_short_keeps_the_total(arxiv_server, cli):
    """arXiv sometimes ends a page early; the empty answer to the next request says 0 results,
    which is not the total."""
    entries = [Entry(f"1211.{3700 + i}v1", f"Paper {i}", ["A. B"]) for i in range(5)]
    arxiv_server.searches[("ti:some", 0, 20)] = (200, atom_feed(entries, total=25))
    code, out, err = cli("search", "ti:some")
    assert code == 0 and len(out.splitlines()) == 5
    assert err == "5 of 25 results; more with --max N or --page 2\n"
