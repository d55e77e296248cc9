"""The journal (issue 10, part 3): free entries, `log` merging them with what the library
recorded (passes, notes, TODOs, reviews), and the post `log --unit N --markdown` writes. The
end-to-end test enters the log quoted in the issue as written, clock pinned, and reads the post."""

from __future__ import annotations

import io
import json
import sys
from datetime import datetime, timedelta, timezone

import pytest

from reader.errors import UsageError

from tests.selfmade import Entry, atom_feed

from .conftest import rows

GRAVES = "Sequence Transduction with Recurrent Neural Networks"


def ok(at, when: str, *args: str) -> str:
    code, out, err = at(when, *args)
    assert code == 0, err
    return out


@pytest.fixture
def graves(arxiv_server):
    arxiv_server.id_lists["1211.3711"] = (200, atom_feed([Entry("1211.3711v1", GRAVES,
                                                                ["Alex Graves"])]))
    return arxiv_server


# -- the log quoted in the issue, entered as written -----------------------------------------

POST = """\
---
title: 'Unit 1: 2022-02-01 to 2022-02-10'
date: 2022-02-10
---
Unit 1 runs 10 days, 2022-02-01 to 2022-02-10.

## Goals

- **Papers** 1/3: [Sequence Transduction with Recurrent Neural Networks](https://arxiv.org/abs/1211.3711) ✓
- **Lectures** 2/3: [NYU DL 5L: Energy-based models](https://atcold.github.io/NYU-DLSP21/en/week05/05-1/) ✓, [NYU DL 6L: Latent variable EBMs](https://atcold.github.io/NYU-DLSP21/en/week06/06-1/) ✓
- **Books** 0/1: [Math for ML — 2. Linear Algebra](https://mml-book.github.io/) (started)
- **Code** 0/1: [Canoodling with machine translation](https://colab.research.google.com/drive/1xMT) (started)

## 2022-02-01

- [NYU DL 5L: Energy-based models](https://atcold.github.io/NYU-DLSP21/en/week05/05-1/) (lecture, part 5 of [NYU Deep Learning (Spring 2021)](https://atcold.github.io/NYU-DLSP21/)) — watched

  watched NYU 5L on EBMs. The concept seems pretty cool but extremely confusing.

## 2022-02-02

- [Sequence Transduction with Recurrent Neural Networks](https://arxiv.org/abs/1211.3711) (Graves, 2012) — started pass 1

  Started first pass through Graves '12 Transduction.

## 2022-02-03

- [Sequence Transduction with Recurrent Neural Networks](https://arxiv.org/abs/1211.3711) (Graves, 2012) — finished passes 1 and 2, wrote notes

  Second pass through Graves '12 Transduction.

  **What:** Maps an input sequence to an output sequence of any length, no alignment given.

  **How:** A transcription RNN over the input and a prediction RNN over the output so far,
  joined into a distribution over the next label; forward-backward sums over alignments.

  **Why:** End-to-end speech recognition without a fixed alignment.

  **TODO:** implement tranducer models

## 2022-02-04

- [Math for ML — 2. Linear Algebra](https://mml-book.github.io/) (book) — started reading

- [Canoodling with machine translation](https://colab.research.google.com/drive/1xMT) (code) — started working on

  A seq2seq notebook in colab; the attention part next.

- Reviewed 3 cards, 3 answers, 3 new.

## 2022-02-05

- [NYU DL 6L: Latent variable EBMs](https://atcold.github.io/NYU-DLSP21/en/week06/06-1/) (lecture, part 6 of [NYU Deep Learning (Spring 2021)](https://atcold.github.io/NYU-DLSP21/)) — watched
"""


def test_the_issues_log_entered_as_written_reads_back_as_the_post(at, home, graves, monkeypatch,
                                                                tmp_path):
    # Unit 1: 2-01 to 2-10. Goals: lectures (weeks 5-6 of NYU), papers, the math, the coding.
    at0 = "2022-01-31T20:00"
    assert ok(at, at0, "unit", "new", "2022-02-01", "--days", "10", "--goal", "paper=3",
              "--goal", "lecture=3", "--goal", "book=1", "--goal", "code=1") == "1\n"
    nyu = ok(at, at0, "add", "--kind", "course", "--title", "NYU Deep Learning (Spring 2021)",
             "--by", "Yann LeCun; Alfredo Canziani", "--parts", "15",
             "--url", "https://atcold.github.io/NYU-DLSP21/").strip()
    l5 = ok(at, at0, "add", "--kind", "lecture", "--title", "NYU DL 5L: Energy-based models",
            "--part-of", nyu, "--part", "5",
            "--url", "https://atcold.github.io/NYU-DLSP21/en/week05/05-1/").strip()
    l6 = ok(at, at0, "add", "--kind", "lecture", "--title", "NYU DL 6L: Latent variable EBMs",
            "--part-of", nyu, "--part", "6",
            "--url", "https://atcold.github.io/NYU-DLSP21/en/week06/06-1/").strip()
    math = ok(at, at0, "add", "--kind", "book", "--title", "Math for ML — 2. Linear Algebra",
              "--by", "Marc Peter Deisenroth; A. Aldo Faisal; Cheng Soon Ong",
              "--url", "https://mml-book.github.io/").strip()
    code = ok(at, at0, "add", "--kind", "code", "--title", "Canoodling with machine translation",
              "--url", "https://colab.research.google.com/drive/1xMT").strip()
    assert ok(at, at0, "add", "1211.3711", "--no-pdf") == "1211.3711\n"
    ok(at, at0, "unit", "plan", "1", l5, l6, "1211.3711", math, code)

    # 2022-02-01 — watched NYU 5L on EBMs. The concept seems pretty cool but extremely confusing.
    ok(at, "2022-02-01T21:00", "pass", l5)
    ok(at, "2022-02-01T21:05", "journal", "--item", l5,
       "watched NYU 5L on EBMs. The concept seems pretty cool but extremely confusing.")
    # 2022-02-02 — Started first pass through Graves '12 Transduction.
    ok(at, "2022-02-02T20:00", "pass", "1211.3711", "1", "--start")
    ok(at, "2022-02-02T20:01", "journal", "--item", "1211.3711",
       "Started first pass through Graves '12 Transduction.")
    # 2022-02-03 — Second pass through Graves '12 Transduction. Notes: What … How … Why …
    # TODO: implement tranducer models.
    ok(at, "2022-02-03T19:00", "pass", "1211.3711", "1")
    ok(at, "2022-02-03T21:00", "pass", "1211.3711", "2")
    ok(at, "2022-02-03T21:10", "note", "1211.3711",
       "--what", "Maps an input sequence to an output sequence of any length, no alignment given.",
       "--how", "A transcription RNN over the input and a prediction RNN over the output so far,\n"
                "joined into a distribution over the next label; forward-backward sums over "
                "alignments.",
       "--why", "End-to-end speech recognition without a fixed alignment.",
       "--todo", "implement tranducer models")
    ok(at, "2022-02-03T21:15", "journal", "--item", "1211.3711",
       "Second pass through Graves '12 Transduction.")
    # The next days: the math and the notebook begun, the new cards reviewed, NYU 6L watched.
    ok(at, "2022-02-04T18:00", "pass", math, "--start")
    ok(at, "2022-02-04T20:00", "pass", code, "--start")
    ok(at, "2022-02-04T20:30", "journal", "--item", code,
       "A seq2seq notebook in colab; the attention part next.")
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n3\n" * 3 + "q\n"))
    assert "What does *Sequence Transduction" in ok(at, "2022-02-04T21:00", "review", "--plain")
    ok(at, "2022-02-05T21:00", "pass", nyu, "--part", "6")

    post = ok(at, "2022-02-12T09:00", "log", "--unit", "1", "--markdown")
    assert post == POST
    # Written to a file too, for a blog's _posts folder.
    target = tmp_path / "2022-02-10-unit-1.md"
    code, out, err = at("2022-02-12T09:00", "log", "--unit", "1", "--markdown", "-o", str(target))
    assert code == 0 and out == "" and target.read_text() == POST
    # The front matter is YAML a static site generator reads: a title and a date.
    import yaml

    meta = yaml.safe_load(POST.split("---\n")[1])
    assert meta == {"title": "Unit 1: 2022-02-01 to 2022-02-10",
                    "date": datetime(2022, 2, 10).date()}


# -- free entries and the merged log ---------------------------------------------------------

@pytest.fixture
def lecture(at):
    return ok(at, "2022-01-31T20:00", "add", "--kind", "lecture", "--title",
              "NYU DL 5L: Energy-based models").strip()


def test_an_entry_is_written_for_today_or_a_day_given(at, home, lecture):
    assert ok(at, "2022-02-01T21:05", "journal", "watched", "NYU", "5L;", "confusing") == "1\n"
    ok(at, "2022-02-03T08:00", "journal", "--date", "yesterday", "--item", lecture,
       "Rewatched the contrastive part")
    assert rows(home, "SELECT id, day, text, item_id, written FROM journal") == [
        (1, "2022-02-01", "watched NYU 5L; confusing", None, "2022-02-01T21:05:00Z"),
        (2, "2022-02-02", "Rewatched the contrastive part", lecture, "2022-02-03T08:00:00Z")]
    out = ok(at, "2022-02-03T08:00", "log", "--since", "2022-02-01")
    assert out.splitlines() == [
        "2022-02-01  journal: watched NYU 5L; confusing",
        "2022-02-02  journal: Rewatched the contrastive part  NYU DL 5L: Energy-based models"]
    entries = [e for e in json.loads(ok(at, "2022-02-03T08:00", "log", "--json"))
               if e["event"] == "entry"]
    # Written on another day than its own, an entry sits at that day's end.
    assert [(e["entry"], e["date"], e["at"], e["id"]) for e in entries] == [
        (1, "2022-02-01", "2022-02-01T21:05:00Z", None),
        (2, "2022-02-02", "2022-02-02T23:59:59Z", lecture)]
    code, _, err = at("2022-02-03T08:00", "journal", "--rm", "1")
    assert code == 0 and "removed entry 1 of 2022-02-01" in err
    assert [r[0] for r in rows(home, "SELECT id FROM journal")] == [2]


@pytest.mark.parametrize("args,says", [
    (["journal"], "an entry needs some text"),
    (["journal", " \n "], "an entry needs some text"),
    (["journal", "x", "--item", "nosuch"], "no item 'nosuch'"),
    (["journal", "x", "--date", "2022-02-30"], "not a date: '2022-02-30'"),
    (["journal", "x", "--date", "2022-02-04"], "2022-02-04 has not come yet"),
    (["journal", "--rm", "9"], "there is no journal entry 9"),
    (["journal", "x", "--rm", "1"], "--rm N takes nothing else"),
    (["log", "--unit", "1", "--week"], "say --unit N or --week, not both"),
    (["log", "--unit", "1", "--since", "7d"], "--since/--until do not go with --unit"),
    (["log", "--unit", "3", "--markdown"], "there is no unit 3"),
    (["log", "-o", "x.md"], "-o goes with --markdown"),
    (["log", "--markdown", "--json"], "say --markdown or --json"),
])
def test_bad_input_is_one_line_and_writes_nothing(at, home, lecture, args, says, tmp_path,
                                                 monkeypatch):
    monkeypatch.chdir(tmp_path)
    ok(at, "2022-01-31T20:00", "unit", "new", "2022-02-01", "--week")
    before = rows(home, "SELECT * FROM journal")
    code, out, err = at("2022-02-03T08:00", *args)
    assert code == 2 and out == "" and says in err, err
    assert len(err.strip().splitlines()) == 1
    assert rows(home, "SELECT * FROM journal") == before
    assert not (tmp_path / "x.md").exists()


def test_reviews_done_each_day_are_in_the_log(at, home):
    """'reviewed 34 cards, 52 answers, 91% remembered': cards and answers of the day, the share
    of cards in review not graded Again, and the new ones."""
    from decks.cards import add_card
    from decks.reviews import answer
    from reader.store.db import open_library
    from reader.store.paths import resolve

    conn = open_library(resolve(home))
    t0 = datetime(2022, 2, 1, 9, 0, tzinfo=timezone.utc)
    cards = [add_card(conn, f"Q{i}", "A", "ctx", None, now=t0).id for i in range(4)]
    for c in cards:                                   # learned on 02-01: new, then again later
        answer(conn, c, 3, t0)
        answer(conn, c, 3, t0 + timedelta(minutes=15))
    t1 = datetime(2022, 2, 20, 9, 0, tzinfo=timezone.utc)
    for c, rating in zip(cards, (1, 3, 3, 4)):      # 02-20: one forgotten of four
        answer(conn, c, rating, t1)
    conn.close()
    out = ok(at, "2022-02-21T08:00", "log")
    assert out.splitlines() == ["2022-02-01  reviewed 4 cards, 8 answers, 4 new",
                                "2022-02-20  reviewed 4 cards, 4 answers, 75% remembered"]


def test_a_week_and_a_post_of_a_span_without_a_unit(at, home, lecture):
    ok(at, "2022-02-08T21:00", "pass", lecture)                  # a Tuesday
    ok(at, "2022-02-08T21:05", "journal", "--item", lecture, "EBMs: confusing")
    ok(at, "2022-02-14T21:00", "journal", "Next week")           # the Monday after
    out = ok(at, "2022-02-15T08:00", "log", "--week", "2022-02-09")
    assert out.splitlines() == [
        "2022-02-08  watched  NYU DL 5L: Energy-based models",
        "2022-02-08  journal: EBMs: confusing  NYU DL 5L: Energy-based models"]
    post = ok(at, "2022-02-15T08:00", "log", "--week", "2022-02-09", "--markdown")
    assert post.startswith("---\ntitle: 'Week 6 of 2022: 2022-02-07 to 2022-02-13'\n"
                           "date: 2022-02-13\n---\n7 days, 2022-02-07 to 2022-02-13.\n\n"
                           "## 2022-02-08\n\n- NYU DL 5L: Energy-based models (lecture) — watched\n"
                           "\n  EBMs: confusing\n")
    assert "## Goals" not in post and "Next week" not in post
    # This week, still running: dated today.
    post = ok(at, "2022-02-15T08:00", "log", "--week", "--markdown")
    assert "title: 'Week 7 of 2022: 2022-02-14 to 2022-02-20'\ndate: 2022-02-15\n" in post
    assert "- Next week" in post and "EBMs" not in post
    post = ok(at, "2022-02-15T08:00", "log", "--markdown", "--since", "2022-02-14")
    assert "## 2022-02-14\n\n- Next week\n" in post


def test_titles_are_escaped_and_links_kept_whole(at, home):
    key = ok(at, "2022-01-31T20:00", "add", "--kind", "post", "--title",
             "[b]Attention[/b] *is* <all> you need", "--url",
             "https://en.wikipedia.org/wiki/Attention_(machine_learning)").strip()
    ok(at, "2022-02-01T20:00", "pass", key)
    post = ok(at, "2022-02-02T08:00", "log", "--markdown", "--since", "2022-02-01")
    assert ("- [\\[b\\]Attention\\[/b\\] \\*is\\* \\<all\\> you need]"
            "(https://en.wikipedia.org/wiki/Attention_%28machine_learning%29) (post) — read") in post


def test_the_journal_goes_through_the_yaml_export(at, home, lecture, tmp_path):
    from reader.store.db import open_library
    from reader.exports import restore, safeyaml, snapshot
    from reader.store.paths import resolve

    ok(at, "2022-02-01T21:05", "journal", "--item", lecture, "EBMs:\n  confusing")
    ok(at, "2022-02-01T21:06", "journal", "no item")
    data = safeyaml.load(ok(at, "2022-02-02T08:00", "export", "yaml"))
    assert data["journal"] == [
        {"day": "2022-02-01", "text": "EBMs:\n  confusing", "item": lecture,
         "written": "2022-02-01T21:05:00Z"},
        {"day": "2022-02-01", "text": "no item", "item": None, "written": "2022-02-01T21:06:00Z"}]
    other = open_library(resolve(tmp_path / "other"))
    assert restore.restore(other, data).changed
    assert snapshot.export(other)["journal"] == data["journal"]
    assert not restore.restore(other, data).changed                 # merged: nothing twice
    bad = dict(data, papers=[], journal=[dict(data["journal"][0], written="2022-02-01T21:07:00Z",
                                               item="nosuch")])
    with pytest.raises(UsageError, match=r"journal\[0\].item: 'nosuch' is neither"):
        restore.restore(other, bad)
    bad["journal"][0].update(item=None, day="2022-02-31")
    with pytest.raises(UsageError, match=r"journal\[0\].day: not a day"):
        restore.restore(other, bad)
    assert len(snapshot.export(other)["journal"]) == 2
    other.close()
