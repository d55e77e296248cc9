"""Items of every kind (issue 10, part 1): added by title with a short id, and the same life as a
paper: times through, notes, TODOs, cards, tags, list/show/find, the exports."""

from __future__ import annotations

import io
import json
import re
import sys

import pytest

from reader.errors import UsageError
from reader import item_ids
from reader.exports import restore, snapshot

from .conftest import rows

T = "2022-01-31T20:00"


def add(at, *args: str, when: str = T) -> str:
    code, out, err = at(when, "add", *args)
    assert code == 0, err
    return out.strip()


@pytest.fixture
def nyu(at):
    """A course of 15 parts with its fifth lecture."""
    course = add(at, "--kind", "course", "--title", "NYU Deep Learning (Spring 2021)",
                 "--by", "Yann LeCun; Alfredo Canziani", "--parts", "15",
                 "--url", "https://atcold.github.io/NYU-DLSP21/")
    lecture = add(at, "--kind", "lecture", "--title", "NYU DL 5L: Energy-based models",
                  "--part-of", course, "--part", "5",
                  "--url", "https://atcold.github.io/NYU-DLSP21/en/week05/05-1/")
    return course, lecture


def test_every_kind_is_added_by_title_and_printed_as_a_short_typeable_id(at, home):
    titles = {"lecture": "NYU DL 5L: Energy-based models",
              "course": "Deep Unsupervised Learning 2020, UC Berkeley",
              "book": "Math for ML — 2. Linear Algebra",
              "code": "Canoodling with machine translation",
              "post": "The Illustrated Transformer"}
    got = {kind: add(at, "--kind", kind, "--title", title) for kind, title in titles.items()}
    assert got == {"lecture": "nyu-dl-5l", "course": "deep-unsupervised", "book": "math-ml-2",
                   "code": "canoodling-machine", "post": "illustrated"}
    for key in got.values():
        assert item_ids.is_item_id(key) and len(key) <= item_ids.SLUG_LEN
    assert sorted(rows(home, "SELECT id, kind FROM papers")) == sorted(
        (v, k) for k, v in got.items())
    # The same title again gets an id of its own.
    assert add(at, "--kind", "lecture", "--title", titles["lecture"]) == "nyu-dl-5l-2"
    code, out, _ = at(T, "list")
    line = next(x for x in out.splitlines() if x.startswith("math-ml-2 "))
    assert line.endswith("book · Math for ML — 2. Linear Algebra") and " new " in line
    code, out, _ = at(T, "list", "--kind", "lectures")
    assert [x.split()[0] for x in out.splitlines()] == ["nyu-dl-5l", "nyu-dl-5l-2"]


def test_a_course_counts_its_parts_and_a_part_is_made_when_marked(at, home, nyu):
    course, lecture = nyu
    assert lecture == "nyu-dl-5l"
    code, _, err = at("2022-02-01T21:00", "pass", lecture)
    assert code == 0 and "nyu-dl-5l: watched" in err
    code, _, err = at("2022-02-02T21:00", "pass", course, "--part", "6")
    assert code == 0 and "nyu-deep-learning-6: watched" in err and "2/15 parts done" in err
    code, out, _ = at(T, "show", course)
    assert "Parts: 2/15 done" in out
    assert "    5. nyu-dl-5l  NYU DL 5L: Energy-based models" in out
    assert "    6. nyu-deep-learning-6  NYU Deep Learning (Spring 2021) — part 6" in out
    # The part made by `pass --part` is a lecture of the course, its speakers the course's.
    item = json.loads(at(T, "show", "nyu-deep-learning-6", "--json")[1])
    assert (item["kind"], item["part_of"], item["part"], item["authors"]) == (
        "lecture", course, 6, ["Yann LeCun", "Alfredo Canziani"])
    assert item["passes"][0]["finished"] == "2022-02-02T21:00:00Z"
    code, out, _ = at(T, "list", "--kind", "course")
    assert re.search(r"nyu-deep-learning\s+2/15\s", out)


def test_the_last_part_watched_finishes_the_course(at, home):
    course = add(at, "--kind", "course", "--title", "Deepbayes 2019", "--parts", "2")
    at("2022-02-07T10:00", "pass", course, "--part", "1")
    code, _, err = at("2022-02-08T10:00", "pass", course, "--part", "2")
    assert code == 0 and "the course is finished" in err
    assert rows(home, "SELECT pass, finished FROM passes WHERE paper_id = ?", course) == [
        (1, "2022-02-08T10:00:00Z")]
    # Marking a part again changes nothing.
    assert at("2022-02-09T10:00", "pass", course, "--part", "2")[0] == 0
    assert len(rows(home, "SELECT * FROM passes")) == 3


def test_times_through_in_place_of_passes(at, home, nyu):
    _, lecture = nyu
    at("2022-02-01T21:00", "pass", lecture)
    code, _, err = at("2022-02-05T21:00", "pass", lecture)
    assert code == 0 and "nyu-dl-5l: watched again" in err
    at("2022-02-06T21:00", "pass", lecture)
    code, _, err = at("2022-02-07T21:00", "pass", lecture)
    assert code == 2 and "three times already" in err
    code, out, _ = at(T, "show", lecture)
    assert "Status: thrice" in out and "  time 2: started 2022-02-05, finished 2022-02-05" in out
    code, out, _ = at("2022-02-07T21:00", "log")
    assert [line.split("  ")[1] for line in out.splitlines()] == [
        "added", "added", "watched", "watched again", "watched again"]
    code, out, _ = at(T, "list", "--status", "done")
    assert out == ""                        # thrice is not done (once)
    code, out, _ = at(T, "list", "--status", "thrice")
    assert out.split()[0] == lecture


def test_a_paper_still_needs_its_pass_number(at, home):
    from tests.reading.helpers import add_paper, open_home

    conn, _ = open_home(home)
    add_paper(conn, "1211.3711", "Sequence Transduction with Recurrent Neural Networks",
              ("Alex Graves",))
    conn.close()
    code, out, err = at(T, "pass", "1211.3711")
    assert code == 2 and "paperdeck pass 1211.3711 1|2|3" in err
    code, out, err = at(T, "pass", "1211.3711", "--part", "2")
    assert code == 2 and "1211.3711 is a paper; --part goes with a course or a book" in err
    assert rows(home, "SELECT * FROM passes") == []


@pytest.mark.parametrize("args,says", [
    (["--kind", "podcast", "--title", "x"], "unknown kind 'podcast'; the kinds are: paper, lecture"),
    (["--kind", "paper", "--title", "x"], "a paper is added by its arXiv id"),
    (["--kind", "lecture"], "an item needs a title"),
    (["--kind", "lecture", "--title", " \t"], "an item needs a title"),
    (["--kind", "lecture", "--title", "x", "--parts", "3"], "only a course or a book has parts"),
    (["--kind", "course", "--title", "x", "--parts", "0"], "--parts must be between 1 and 1000"),
    (["--kind", "lecture", "--title", "x", "--url", "atcold.github.io"], "not a URL"),
    (["--kind", "lecture", "--title", "x", "--part", "2"], "--part N goes with --part-of"),
    (["--kind", "lecture", "--title", "x", "--part-of", "nosuch"], "no item 'nosuch'"),
    (["--kind", "lecture", "--title", "x", "--part-of", "nyu-dl-5l"], "nyu-dl-5l is a lecture"),
    (["--kind", "lecture", "--title", "x", "--part-of", "nyu-deep-learning", "--part", "16"],
     "has 15 parts; part 16"),
    (["--kind", "lecture", "--title", "x", "--part-of", "nyu-deep-learning", "--part", "5"],
     "already has part 5: nyu-dl-5l"),
    (["--kind", "lecture", "--title", "x", "--id", "nyu-dl-5l"], "the id nyu-dl-5l is taken"),
    (["--kind", "lecture", "--title", "x", "--id", "1211.3711"], "not a usable id"),
    (["--kind", "lecture", "--title", "x", "1211.3711"], "add papers and items in separate"),
    (["--url", "https://x.org", "1211.3711"], "--url goes with --kind"),
    (["--kind", "lecture", "--title", "x", "--tag", "two words"], "not a usable tag"),
    ([], "say what to add"),
])
def test_bad_input_is_one_line_and_writes_nothing(at, home, nyu, args, says):
    before = rows(home, "SELECT * FROM papers")
    code, out, err = at(T, "add", *args)
    assert code == 2 and out == "" and says in err, err
    assert len(err.strip().splitlines()) == 1
    assert rows(home, "SELECT * FROM papers") == before


def test_notes_todos_tags_and_cards_that_name_the_kind(at, home, nyu, monkeypatch, cli):
    _, lecture = nyu
    code, _, err = at(T, "note", lecture, "--what", "Energy-based models: a scalar energy per "
                      "pair; {{c1::low}} energy for compatible pairs", "--todo", "read the EBM tutorial")
    assert code == 0, err
    assert at(T, "tag", lecture, "+ebm")[0] == 0
    cards = json.loads(at(T, "cards", "--json")[1])
    fronts = {c["source_key"]: c["front"] for c in cards}
    assert fronts["nyu-dl-5l:what"] == (
        "What does the lecture *NYU DL 5L: Energy-based models* (LeCun and Canziani) cover?")
    assert "nyu-dl-5l:cloze:what:1" in fronts
    code, out, _ = at(T, "todo")
    assert "nyu-dl-5l" in out and "read the EBM tutorial" in out
    # The cards come up in review like a paper's.
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n3\n\n3\nq\n"))
    code, out, err = at("2022-02-01T09:00", "review", "--plain")
    assert code == 0, err
    assert "What does the lecture *NYU DL 5L: Energy-based models*" in out
    assert "lecture · LeCun and Canziani · NYU DL 5L" in out
    code, out, _ = at(T, "list", "--tag", "ebm")
    assert out.split()[0] == lecture


def test_find_and_the_fuzzy_match_reach_items(at, home, nyu):
    _, lecture = nyu
    at(T, "note", lecture, "--how", "contrastive methods push up the energy of bad pairs")
    code, out, _ = at(T, "find", "contrastive")
    assert out.split()[0] == lecture
    code, out, _ = at(T, "list", "--match", "enrgy basd")
    assert out.split()[0] == lecture


def test_markdown_and_yaml_exports_carry_the_kind_bibtex_only_papers_and_books(at, home, nyu,
                                                                              tmp_path):
    course, lecture = nyu
    add(at, "--kind", "book", "--title", "Mathematics for Machine Learning",
        "--by", "Marc Peter Deisenroth; A. Aldo Faisal; Cheng Soon Ong",
        "--url", "https://mml-book.github.io/")
    at(T, "note", lecture, "--what", "EBMs")
    code, _, err = at(T, "export", "markdown", "-o", str(tmp_path / "md"))
    assert code == 0, err
    text = (tmp_path / "md" / "nyu-dl-5l-NYU_DL_5L_Energy-based_models.md").read_text()
    assert "\nkind: lecture\npart_of: nyu-deep-learning\npart: 5\n" in text
    assert "url: https://atcold.github.io/NYU-DLSP21/en/week05/05-1/" in text
    assert "status: new" in text and "arxiv" not in text
    assert "· lecture · <https://atcold.github.io/NYU-DLSP21/en/week05/05-1/>" in text
    code, out, _ = at(T, "export", "bibtex")
    assert out.count("@") == 1 and out.startswith("@book{deisenroth") and \
        "url = {https://mml-book.github.io/}" in out
    # YAML: exported and restored into an empty library, part before course or not.
    code, out, _ = at(T, "export", "yaml")
    from reader.exports import safeyaml

    data = safeyaml.load(out)
    part = next(p for p in data["papers"] if p["id"] == lecture)
    assert (part["kind"], part["part_of"], part["part"], part["url"]) == (
        "lecture", course, 5, "https://atcold.github.io/NYU-DLSP21/en/week05/05-1/")
    data["papers"].reverse()    # the part now comes first
    from reader.store.db import open_library
    from reader.store.paths import resolve

    other = open_library(resolve(tmp_path / "other"))
    result = restore.restore(other, data)
    assert result.count("papers").new == 3
    assert snapshot.export(other)["papers"] == snapshot.export(
        open_library(resolve(home)))["papers"]
    other.close()


def test_an_upgraded_library_holds_papers_only(home, cli):
    """Migration 7 on a library of the last release: every row is a paper, nothing else."""
    import sqlite3

    from reader.store import db
    from reader.store.paths import resolve

    conn = db.connect(resolve(home).db)
    db.migrate(conn, None, target=4)
    conn.execute("INSERT INTO papers (id, title, added) VALUES ('1211.3711', 'Graves', "
                 "'2026-01-01T00:00:00Z')")
    conn.close()
    assert cli("list")[0] == 0
    c = sqlite3.connect(home / "paperdeck.db")
    assert c.execute("SELECT kind, url, parts, part_of, part FROM papers").fetchall() == [
        ("paper", None, None, None, None)]
    assert c.execute("PRAGMA user_version").fetchone()[0] == db.latest_version() >= 7


def test_bibtex_says_which_named_items_it_leaves_out(at, home, nyu):
    code, out, err = at(T, "export", "bibtex", "nyu-dl-5l")
    assert code == 0 and out == ""
    assert "left out nyu-dl-5l (lecture): BibTeX holds papers and books" in err


def test_edit_changes_an_items_link_and_parts(at, home, nyu):
    course, lecture = nyu
    assert at(T, "edit", course, "--parts", "16")[0] == 0
    code, _, err = at(T, "edit", course, "--parts", "4")
    assert code == 2 and "has a part 5; it cannot have only 4 parts" in err
    assert at(T, "edit", lecture, "--url", "https://youtu.be/xIn-Czj1g2Q")[0] == 0
    assert rows(home, "SELECT id, parts, url FROM papers ORDER BY id") == [
        (course, 16, "https://atcold.github.io/NYU-DLSP21/"), (lecture, None, "https://youtu.be/xIn-Czj1g2Q")]
    code, _, err = at(T, "edit", lecture, "--parts", "3")
    assert code == 2 and "only a course or a book has parts" in err


def test_an_item_has_no_pdf_text_and_outlives_its_course(at, home, nyu):
    course, lecture = nyu
    for verb in ("text", "read"):
        code, out, err = at(T, verb, lecture)
        assert code == 2 and out == "" and (
            "nyu-dl-5l is a lecture, with no PDF text to read; it is at https://atcold" in err)
    assert at(T, "rm", course, "--yes")[0] == 0
    item = json.loads(at(T, "show", lecture, "--json")[1])
    assert item["part_of"] is None                       # kept, no longer a part of anything
    code, out, _ = at(T, "show", lecture)
    assert out.splitlines()[2] == "lecture"


def test_the_fuzzy_match_knows_an_items_kind(at, home, nyu):
    add(at, "--kind", "post", "--title", "The Illustrated Transformer")
    code, out, _ = at(T, "list", "--match", "lectur")
    assert out.split()[0] == "nyu-dl-5l"


@pytest.mark.parametrize("args,says", [
    (["pass", "nyu-deep-learning", "2", "--part", "5"], "--part 5 takes no pass number"),
    (["pass", "nyu-dl-5l", "--part", "1"], "nyu-dl-5l is a lecture; --part goes with a course"),
    (["pass", "nyu-deep-learning", "--part", "16"], "has 15 parts; there is no part 16"),
    (["pass", "nyu-deep-learning", "--part", "5", "--undo"], "to forget a part, use its own id"),
])
def test_bad_pass_of_an_item_writes_nothing(at, home, nyu, args, says):
    code, out, err = at(T, *args)
    assert code == 2 and says in err, err
    assert rows(home, "SELECT * FROM passes") == []
    assert len(rows(home, "SELECT * FROM papers")) == 2


def test_an_import_holds_a_papers_id_and_an_items_apart(at, home, nyu, tmp_path):
    from reader.store.db import open_library
    from reader.exports import safeyaml
    from reader.store.paths import resolve

    data = safeyaml.load(at(T, "export", "yaml")[1])
    other = open_library(resolve(tmp_path / "other"))
    for pid, kind in (("nyu-dl-5l", "paper"), ("1211.3711", "lecture")):
        bad = dict(data, papers=[dict(data["papers"][1], id=pid, kind=kind, part_of=None)])
        with pytest.raises(UsageError, match=f"is not the id of a {kind}"):
            restore.restore(other, bad)
    assert other.execute("SELECT count(*) FROM papers").fetchone()[0] == 0
    other.close()
