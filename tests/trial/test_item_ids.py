"""Issue 19, item 13: the book sections "Mathematics for Machine Learning — 2. Linear Algebra"
and "— 3. Analytic Geometry", then the whole book, got `mathematics-machine`,
`mathematics-machine-2` (the section 3!) and `mathematics-machine-3` (the book). Ids a person
can read back: a book section's id ends in its section number; a clash never looks like one;
the book is the sections' parent (`--part-of BOOK`, as a course has parts)."""

from __future__ import annotations

import json

import pytest

from reader import item_ids

BOOK = "Mathematics for Machine Learning"


def _add(cli, *args: str) -> str:
    code, out, err = cli("add", "--kind", "book", *args)
    assert code == 0, err
    return out.strip()


def test_sections_then_the_book_read_back(cli):
    two = _add(cli, "--title", f"{BOOK} — 2. Linear Algebra")
    three = _add(cli, "--title", f"{BOOK} — 3. Analytic Geometry")
    book = _add(cli, "--title", BOOK)
    assert (two, three, book) == ("mathematics-machine-2", "mathematics-machine-3",
                                  "mathematics-machine")
    # The same section again: a clash that does not read as section 2's number.
    again = _add(cli, "--title", f"{BOOK} — 2. Linear Algebra")
    assert again == "mathematics-machine-2b"
    # The book becomes the sections' parent afterwards; their numbers are their parts.
    for section in (two, three):
        code, _, err = cli("edit", section, "--part-of", book)
        assert code == 0, err
    shown = json.loads(cli("show", two, "--json")[1])
    assert (shown["part_of"], shown["part"]) == (book, 2)
    code, out, _ = cli("show", book)
    assert "Parts: 0/2 done" in out
    assert f"    2. {two}" in out and f"    3. {three}" in out


def test_the_book_first_then_its_sections_as_its_parts(cli):
    book = _add(cli, "--title", BOOK, "--parts", "11")
    two = _add(cli, "--title", f"{BOOK} — 2. Linear Algebra", "--part-of", book)
    five = _add(cli, "--title", "Vector Calculus", "--part-of", book, "--part", "5")
    assert (book, two, five) == ("mathematics-machine", "mathematics-machine-2",
                                 "mathematics-machine-5")
    shown = json.loads(cli("show", two, "--json")[1])
    assert (shown["part_of"], shown["part"]) == (book, 2)   # the number is the title's
    code, _, err = cli("pass", book, "--part", "3")          # a part marked read is made
    assert code == 0 and "mathematics-machine-3" in err


def test_a_section_number_in_the_title_is_not_taken_from_other_numbers(cli):
    assert _add(cli, "--title", "Attention: 10 years later") == "attention-10-years"
    assert _add(cli, "--title", "Pattern Recognition, Chapter 4: Linear Models") == \
        "pattern-recognition-4"
    assert _add(cli, "--title", "Bishop PRML — 4.1 Discriminant Functions") == "bishop-prml-4-1"
    code, out, err = cli("add", "--kind", "lecture", "--title", "NYU DL 5L: Energy-based models")
    assert out.strip() == "nyu-dl-5l"


@pytest.mark.parametrize("title,kind,want", [
    (f"{BOOK} — 2. Linear Algebra", "book", "mathematics-machine-2"),
    ("Math for ML — 2. Linear Algebra", "book", "math-ml-2"),
    ("Deep Learning – 10 Sequence Modeling", "book", "deep-learning-10"),
    ("Deep Learning - Section 10.2: Recurrent Networks", "book", "deep-learning-10-2"),
])
def test_the_rule(title, kind, want):
    got = item_ids.new_id(title, kind, lambda key: False)
    assert got == want and item_ids.is_item_id(got)
