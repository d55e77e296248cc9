"""The library verbs without the network: list, show, tag, rm, help, errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from reader.store import db
from reader.library.papers import insert
from reader.models import Paper
from reader.store.paths import resolve


@pytest.fixture
def library(home):
    conn = db.open_library(resolve(home))
    with db.transaction(conn):
        insert(conn, Paper(id="1211.3711", version=1, title="Sequence Transduction with RNNs",
                           authors=("Alex Graves",), published="2012-11-14T21:52:28Z",
                           added="2026-11-01T10:00:00Z", tags=("asr",)))
        insert(conn, Paper(id="hep-th/9711200", version=3, title="The Large N Limit",
                           authors=("Juan Maldacena",), published="1997-11-27T00:00:00Z",
                           added="2026-11-02T10:00:00Z"))
    conn.close()
    return home


def test_list_and_filter_by_tag(library, cli):
    code, out, _ = cli("list")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["1211.3711", "hep-th/9711200"]
    assert "Graves" in out and "2012" in out
    _, out, _ = cli("list", "--tag", "asr", "--json")
    assert [p["id"] for p in json.loads(out)] == ["1211.3711"]


def test_show_json_has_the_documented_keys(library, cli):
    code, out, _ = cli("show", "https://arxiv.org/abs/hep-th/9711200v3", "--json")
    paper = json.loads(out)
    for key in ("id", "version", "title", "authors", "abstract", "categories",
                "primary_category", "published", "doi", "tags", "pdf"):
        assert key in paper
    assert paper["id"] == "hep-th/9711200" and paper["version"] == 3 and paper["pdf"] is None


def test_show_unknown_paper(library, cli):
    code, out, err = cli("show", "1501.00001")
    assert code == 1 and out == ""
    assert err == "paperdeck: 1501.00001 is not in the library; add it with: paperdeck add 1501.00001\n"


def test_tag_add_and_remove(library, cli):
    assert cli("tag", "1211.3711", "+rnn", "-asr")[0] == 0
    assert json.loads(cli("show", "1211.3711", "--json")[1])["tags"] == ["rnn"]
    code, _, err = cli("tag", "1211.3711", "rnn")
    assert code == 2 and "+name or -name" in err


def test_rm_asks_and_refuses_without_a_terminal(library, cli, monkeypatch):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))
    code, _, err = cli("rm", "1211.3711")
    assert code == 2 and "--yes" in err
    assert cli("rm", "1211.3711", "--yes")[0] == 0
    assert [p["id"] for p in json.loads(cli("list", "--json")[1])] == ["hep-th/9711200"]


def test_usage_errors_are_one_line(cli):
    code, out, err = cli("show")
    assert code == 2 and err.count("\n") == 1 and "--help" in err


def test_every_verb_has_help_and_a_readme_mention():
    from reader.cli import build_parser

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    readme = (__import__("pathlib").Path(__file__).parents[2] / "README.md").read_text()
    for name, sp in sub.choices.items():
        assert sp.format_help()
        helps = {c.dest: c.help for c in sub._choices_actions}
        assert helps.get(name), f"{name} has no help text"
        assert f"paperdeck {name}" in readme, f"README does not mention 'paperdeck {name}'"


def test_console_script_runs_and_never_shows_a_traceback(library):
    exe = [sys.executable, "-m", "reader.cli"]
    r = subprocess.run(exe + ["show", "nonsense"], capture_output=True, text=True)
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stdout == ""
    r = subprocess.run(exe + ["--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "paperdeck" in r.stdout


def test_a_bad_config_value_stops_every_command(library, cli, home):
    (home / "config.yaml").write_text("review:\n  new_per_day: lots\n")
    code, out, err = cli("list")
    assert code == 2 and out == ""
    assert err == ("paperdeck: bad value for review.new_per_day in config.yaml: 'lots'; "
                   "expected a whole number 0-9999\n")


@pytest.mark.parametrize("typed", ["pass 1", "pass1", "p1", "1", "pass-1", "Pass 1", "P1"])
def test_list_status_accepts_the_short_forms(library, cli, typed):
    from reader.reading import passes

    conn = db.open_library(resolve(library))
    passes.finish(conn, "1211.3711", 1, __import__("datetime").datetime.now().astimezone())
    conn.close()
    code, out, err = cli("list", "--status", typed)
    assert code == 0, err
    assert [line.split()[0] for line in out.splitlines()] == ["1211.3711"]
    assert "pass 1" in out  # the canonical name in the output
    code, _, err = cli("list", "--status", "hep-th/9711200")
    assert code == 2 and "unknown status" in err


@pytest.mark.parametrize("query", [[""], ["   "], ["", " "]])
def test_empty_search_is_refused_without_a_request(arxiv_server, cli, query):
    code, out, err = cli("search", *query)
    assert code == 2 and out == ""
    assert err.startswith("paperdeck: ") and err.count("\n") == 1
    assert arxiv_server.requests == []


def test_show_says_what_to_do_when_there_is_no_pdf(library, cli, home):
    # Both papers were stored without a PDF (as after `add --no-pdf` or `import yaml`).
    out = cli("show", "1211.3711")[1]
    assert "PDF: missing (download it with: paperdeck add 1211.3711)" in out
    conn = db.open_library(resolve(home))
    from reader.library.papers import update_fields

    update_fields(conn, "1211.3711", pdf_status="ok", pdf_path="papers/1211.3711.pdf")  # file gone
    update_fields(conn, "hep-th/9711200", pdf_status="missing")
    conn.close()
    assert ("PDF: missing (the file is gone; download it again with: paperdeck add 1211.3711)"
            in cli("show", "1211.3711")[1])
    assert "PDF: missing (retry with: paperdeck add hep-th/9711200)" in cli("show", "hep-th/9711200")[1]
    (home / "papers").mkdir()
    (home / "papers" / "1211.3711.pdf").write_bytes(b"%PDF-1.4")
    assert f"PDF: {home / 'papers' / '1211.3711.pdf'}" in cli("show", "1211.3711")[1]


def test_rm_suspends_the_papers_cards_and_keeps_their_history(library, cli, monkeypatch):
    monkeypatch.setenv("PAPERDECK_NOW", "2026-11-21T09:00:00+00:00")
    assert cli("note", "1211.3711", "--what", "Maps sequences to sequences.")[0] == 0
    assert cli("card", "add", "1211.3711", "--front", "Blank?", "--back", "Emits nothing")[0] == 0
    code, _, err = cli("rm", "1211.3711", "--yes")
    assert code == 0 and "2 cards suspended" in err
    cards = json.loads(cli("cards", "--all", "--json")[1])
    assert [c["suspended"] for c in cards] == ["source", "source"]
    assert json.loads(cli("due", "--json")[1])["new"] == 0
