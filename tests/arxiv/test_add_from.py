"""`paperdeck add --from FILE`: every arXiv paper a reading list names, through the local arXiv."""

from __future__ import annotations

import io
import json
import re

import pytest

from tests.conftest import SHARED, needs_shared
from tests.selfmade import Entry, atom_feed

README = SHARED / "reading-lists" / "terryum-awesome-deep-learning-papers-README.md"
BIB = SHARED / "reading-lists" / "terryum-top100papers.bib"


class AnyIds(dict):
    """id_lists for the local arXiv that knows every paper asked for (but `unknown`): a feed
    with one entry per id, titled after it."""

    def __init__(self, unknown=()):
        super().__init__()
        self.unknown = set(unknown)

    def get(self, key, default=None):
        if key in self:
            return self[key]
        entries = []
        for given in key.split(","):
            plain, _, v = given.partition("v") if "/" not in given else (given, "", "")
            if plain in self.unknown:
                continue
            entries.append(Entry(f"{plain}v{v or 1}", f"Paper {plain}", ["A. Author"]))
        return (200, atom_feed(entries))


@pytest.fixture
def any_arxiv(arxiv_server):
    arxiv_server.id_lists = AnyIds()
    return arxiv_server


def listed(cli) -> list[str]:
    return [p["id"] for p in json.loads(cli("list", "--json")[1])]


LIST = """# My reading list
- **Sequence Transduction** (2012) [[pdf]](https://arxiv.org/pdf/1211.3711v1.pdf).
- **Attention** (2017), see arXiv:1706.03762; also (https://arxiv.org/abs/1706.03762v5)
- **ImageNet** (2012) [[pdf]](http://papers.nips.cc/paper/4824.pdf)
- Old one: hep-th/9711200.
"""


def test_add_from_a_markdown_list(any_arxiv, cli, tmp_path):
    f = tmp_path / "list.md"
    f.write_text(LIST)
    code, out, err = cli("add", "--from", str(f), "--no-pdf", "--tag", "course")
    assert code == 0, err
    assert out.split() == ["1211.3711", "1706.03762", "hep-th/9711200"]
    assert ("found 3 arXiv papers: 3 new, 0 already in the library; 1 entry has no arXiv id "
            "(skipped): “ImageNet”") in err
    assert "3 added, 0 already in the library, 0 failed; tagged course" in err
    assert listed(cli) == ["1211.3711", "1706.03762", "hep-th/9711200"]
    assert len(any_arxiv.api_requests()) == 1
    assert "id_list=1211.3711v1%2C1706.03762%2Chep-th%2F9711200" in any_arxiv.api_requests()[0]
    assert json.loads(cli("show", "1706.03762", "--json")[1])["tags"] == ["course"]
    # Again: nothing new to fetch; --tag still tags every paper the list names.
    code, out, err = cli("add", "--from", str(f), "--no-pdf", "--tag", "again")
    assert code == 0 and "0 new, 3 already in the library" in err
    assert len(any_arxiv.api_requests()) == 1
    assert all("again" in p["tags"] for p in json.loads(cli("list", "--json")[1]))


def test_add_from_stdin(any_arxiv, cli, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"1211.3711\n1706.03762\n")))
    code, out, err = cli("add", "--from", "-", "--no-pdf")
    assert code == 0, err
    assert out.split() == ["1211.3711", "1706.03762"]


def test_dry_run_lists_and_writes_nothing(any_arxiv, cli, tmp_path):
    f = tmp_path / "list.md"
    f.write_text(LIST)
    cli("add", "--no-pdf", "1706.03762")
    requests = len(any_arxiv.api_requests())
    code, out, err = cli("add", "--from", str(f), "--dry-run")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["1211.3711", "new", "Sequence", "Transduction"]
    assert lines[1].split()[:3] == ["1706.03762", "in", "library"]
    assert "2 new, 1 already in the library" in err and "no arXiv id (skipped): ImageNet" in err
    assert len(any_arxiv.api_requests()) == requests and listed(cli) == ["1706.03762"]


def test_one_request_per_hundred_ids(any_arxiv, cli, tmp_path):
    ids = [f"1301.{i:04d}" for i in range(1, 251)]
    f = tmp_path / "ids.txt"
    f.write_text("\n".join(f"- [{i}](https://arxiv.org/abs/{i})" for i in ids))
    code, out, err = cli("add", "--from", str(f), "--no-pdf")
    assert code == 0, err
    assert out.split() == ids
    assert len(any_arxiv.api_requests()) == 3


def test_unknown_ids_are_reported_the_others_imported(arxiv_server, cli, tmp_path):
    arxiv_server.id_lists = AnyIds(unknown={"1706.03762"})
    f = tmp_path / "list.md"
    f.write_text(LIST)
    code, out, err = cli("add", "--from", str(f), "--no-pdf")
    assert code == 1
    assert "1706.03762: arXiv has no such paper" in err
    assert out.split() == ["1211.3711", "hep-th/9711200"]


@pytest.mark.parametrize("content, message", [
    (b"no ids at all\n- [x](https://example.org)\n", "no arXiv id in"),
    (b"%PDF-1.4 ...", "is a PDF, not a list"),
    (b"\x00\x01\x02binary", "is not a text file"),
    (b"typo 1211.371 only", "not an arXiv id: '1211.371'"),
])
def test_bad_lists_are_one_line_exit_2_nothing_written(arxiv_server, cli, tmp_path, content, message):
    f = tmp_path / "list.md"
    f.write_bytes(content)
    code, out, err = cli("add", "--from", str(f))
    assert code == 2 and out == "" and message in err
    assert arxiv_server.requests == [] and listed(cli) == []


def test_missing_file_and_conflicting_arguments(arxiv_server, cli, tmp_path):
    code, _, err = cli("add", "--from", str(tmp_path / "nope.md"))
    assert code == 2 and "does not exist" in err and err.count("\n") == 1
    assert cli("add", "--from", str(tmp_path), "1211.3711")[0] == 2
    code, _, err = cli("add", "--dry-run", "1211.3711")
    assert code == 2 and "--dry-run goes with --from" in err
    code, _, err = cli("add")
    assert code == 2 and "say what to add" in err


def test_a_list_file_given_as_an_id_says_to_use_from(arxiv_server, cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reading-list.md").write_text(LIST)
    code, out, err = cli("add", "reading-list.md")
    assert code == 2 and "paperdeck add --from reading-list.md" in err and out == ""


def test_words_around_ids_on_the_command_line(any_arxiv, cli):
    """`paperdeck add $(cat list.md)`: the ids inside words are imported, and the words that
    hold none are counted in one line, not one each."""
    words = LIST.split()
    code, out, err = cli("add", "--no-pdf", *words)
    assert out.split() == ["1211.3711", "1706.03762", "hep-th/9711200"]
    assert code == 2  # some input was not ids
    assert err.count("not an arXiv id") == 5
    assert "more words that are not arXiv ids; to import the arXiv papers a text names, use: " \
           "paperdeck add --from FILE" in err


@needs_shared
@pytest.mark.parametrize("path, present", [(README, 114), (BIB, 35)])
def test_the_shared_reading_lists_import(any_arxiv, cli, path, present):
    code, out, err = cli("add", "--from", str(path), "--no-pdf")
    assert code == 0, err
    assert len(out.split()) == present and f"found {present} arXiv papers: {present} new" in err
    assert len(any_arxiv.api_requests()) == -(-present // 100)
    assert set(out.split()) == set(listed(cli))


@needs_shared
def test_readme_after_bibtex_adds_only_what_is_new(any_arxiv, cli):
    assert cli("add", "--from", str(BIB), "--no-pdf")[0] == 0
    code, out, err = cli("add", "--from", str(README), "--no-pdf")
    assert code == 0
    assert "found 114 arXiv papers: 79 new, 35 already in the library" in err
    assert re.search(r"121 entries have no arXiv id \(skipped\): “How transferable", err)


def test_text_from_a_list_reaches_the_terminal_clean(any_arxiv, cli, tmp_path):
    f = tmp_path / "list.md"
    f.write_text("- **Evil \x1b[31mred\x1b[0m \u202etitle** [pdf](https://example.org/x.pdf)\n"
                 "- [ok](https://arxiv.org/abs/1211.3711)\n")
    code, out, err = cli("add", "--from", str(f), "--dry-run")
    assert code == 0 and "\x1b" not in err + out and "\u202e" not in err + out
    assert "Evil [31mred[0m title" in err


def test_the_journal_names_the_list_a_bulk_import_came_from(any_arxiv, cli, home, tmp_path):
    """Issue 19: a whole reading list added is one journal line that names the list; what is
    added by hand meanwhile is counted apart."""
    from reader.reading import readlog
    from reader.store import db
    from reader.store.paths import resolve

    f = tmp_path / "ml-papers-of-the-week.md"
    f.write_text("\n".join(f"- https://arxiv.org/abs/2301.{n:05d}" for n in range(1, 8)))
    assert cli("add", "--from", str(f), "--no-pdf")[0] == 0
    conn = db.open_library(resolve(home))
    try:
        lines = [e.description for e in readlog.collapse_bulk_adds(readlog.events(conn))]
        assert lines == ["added 7 papers from ml-papers-of-the-week.md"]
        assert cli("add", "--no-pdf", "1211.3711")[0] == 0   # by hand, within the same minutes
        lines = [e.description for e in readlog.collapse_bulk_adds(readlog.events(conn))]
        assert lines == ["added 8 papers, 7 from ml-papers-of-the-week.md"]
    finally:
        conn.close()
