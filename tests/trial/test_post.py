"""Issue 19, item 4: `paperdeck log --unit 1 --markdown` wrote "a {{c1::forward-backward}}
pass": cloze markup in the post. The post shows the text as a reader reads it (the cloze's
words, its hint dropped); it takes a title and an introduction (`--title`, `--intro TEXT|FILE`);
lectures, books and other items are linked by their URLs (a part made by `pass COURSE --part N`
by its course's, and the course beside it)."""

from __future__ import annotations

import time

import pytest

import yaml


@pytest.fixture
def at(cli, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()

    def run(when: str, *args: str) -> str:
        monkeypatch.setenv("PAPERDECK_NOW", when + ":00+00:00")
        code, out, err = cli(*args)
        assert code == 0, (args, err)
        return out

    yield run
    monkeypatch.delenv("TZ")
    time.tzset()


T0 = "2022-01-31T20:00"
NYU = "https://atcold.github.io/NYU-DLSP21/"


@pytest.fixture
def unit(at):
    at(T0, "unit", "new", "2022-02-01", "--days", "10", "--goal", "lecture=2", "--goal", "book=1")
    course = at(T0, "add", "--kind", "course", "--title", "NYU Deep Learning (Spring 2021)",
                "--parts", "15", "--url", NYU).strip()
    book = at(T0, "add", "--kind", "book", "--title", "Mathematics for Machine Learning",
              "--url", "https://mml-book.github.io/").strip()
    section = at(T0, "add", "--kind", "book", "--title",
                 "Mathematics for Machine Learning — 2. Linear Algebra", "--part-of", book).strip()
    at("2022-02-01T21:00", "pass", course, "--part", "5")
    at("2022-02-01T21:10", "note", f"{course}-5",
       "--what", "Energy-based models score {{c1::compatibility}} of x and y",
       "--how", "A {{c1::forward-backward::algorithm}} pass; {{c2::contrastive}} terms",
       "--todo", "derive the {{c1::free energy}}")
    six = at(T0, "add", "--kind", "lecture", "--title", "NYU DL 6L: Latent variable EBMs",
             "--part-of", course, "--part", "6").strip()
    at("2022-02-01T22:00", "pass", six)
    at("2022-02-02T21:00", "pass", section)
    at("2022-02-02T21:05", "journal", "--item", section, "the {{c1::span}} of a set of vectors")
    return course, book, section


def test_the_post_shows_cloze_text_as_a_reader_reads_it(at, unit):
    post = at("2022-02-12T09:00", "log", "--unit", "1", "--markdown")
    assert "{{" not in post and "::" not in post
    assert "**What:** Energy-based models score compatibility of x and y" in post
    assert "**How:** A forward-backward pass; contrastive terms" in post  # the hint is gone
    assert "**TODO:** derive the free energy" in post
    assert "the span of a set of vectors" in post


def test_items_are_linked_by_their_urls(at, unit):
    course, book, section = unit
    post = at("2022-02-12T09:00", "log", "--unit", "1", "--markdown")
    # Parts without a link of their own are linked by their course's or book's; the course a
    # part's title does not name is linked beside it.
    assert f"- [NYU Deep Learning (Spring 2021) — part 5]({NYU}) (lecture) — watched" in post
    assert (f"- [NYU DL 6L: Latent variable EBMs]({NYU}) (lecture, part 6 of "
            f"[NYU Deep Learning (Spring 2021)]({NYU})) — watched") in post
    assert ("- [Mathematics for Machine Learning — 2. Linear Algebra](https://mml-book.github.io/)"
            " (book) — read") in post


def test_a_title_and_an_introduction_from_text_or_a_file(at, unit, tmp_path):
    post = at("2022-02-12T09:00", "log", "--unit", "1", "--markdown", "--title",
              "Ten days of energy", "--intro", "What I studied, and what stuck.")
    head = post.split("---\n")
    assert yaml.safe_load(head[1])["title"] == "Ten days of energy"
    body = head[2]
    assert body.startswith("What I studied, and what stuck.\n\nUnit 1 runs 10 days")
    intro = tmp_path / "intro.md"
    intro.write_text("First *unit*.\n\n{{c1::Nothing}} hidden here.\n")
    post = at("2022-02-12T09:00", "log", "--unit", "1", "--markdown", "--intro", str(intro))
    body = post.split("---\n")[2]
    assert body.startswith("First *unit*.\n\nNothing hidden here.\n\nUnit 1 runs 10 days")
    assert yaml.safe_load(post.split("---\n")[1])["title"] == "Unit 1: 2022-02-01 to 2022-02-10"


def test_title_and_intro_without_markdown_are_one_clear_line(cli, unit):
    code, out, err = cli("log", "--unit", "1", "--title", "x")
    assert code == 2 and out == "" and "--markdown" in err and err.count("\n") == 1
    code, out, err = cli("log", "--unit", "1", "--markdown", "--title", "  ")
    assert code == 2 and out == "" and "title" in err
