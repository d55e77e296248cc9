"""Sentences of a paragraph: abbreviations and initials do not end one, formulas are never cut,
and a sentence ending in a formula ends there."""

from __future__ import annotations

from reader.text.document import Cite, Emph, Math, Text
from reader.text.sentences import key, split, split_text


def texts(runs, tex=False):
    return [s.text(tex) for s in split(tuple(runs))]


def test_abbreviations_and_initials_do_not_end_a_sentence():
    text = ("As Moor et al. show in Fig. 2 and Eq. 3, the loss falls, i.e. it converges. "
            "R. P. Thompson wrote it (cf. Sec. 4). Does it? Yes! 3 seeds were used.")
    assert split_text(text) == [
        "As Moor et al. show in Fig. 2 and Eq. 3, the loss falls, i.e. it converges.",
        "R. P. Thompson wrote it (cf. Sec. 4).", "Does it?", "Yes!", "3 seeds were used."]


def test_math_is_never_cut_and_a_formula_can_end_or_start_a_sentence():
    runs = [Text("Let "), Math("f\\colon[a,b]\\to\\mathbb{R}^{d}", "f: [a,b] → ℝᵈ"),
            Text(" be a path. "), Math("N", "N"), Text(" is the depth, e.g. "),
            Math("N=3.5", "N = 3.5"), Text(". Then "), Emph("the signature"), Text(" is "),
            Cite(("bib.bib1",), "[1]"), Text(".")]
    assert texts(runs) == ["Let f: [a,b] → ℝᵈ be a path.", "N is the depth, e.g. N = 3.5.",
                           "Then the signature is [1]."]
    assert texts(runs, tex=True)[0] == "Let f\\colon[a,b]\\to\\mathbb{R}^{d} be a path."


def test_every_run_is_in_one_sentence():
    runs = (Text("One. Two. "), Math("x", "x"), Text(" three."))
    joined = "".join(r.plain() for s in split(runs) for r in s.runs)
    assert joined.replace(" ", "") == "".join(r.plain() for r in runs).replace(" ", "")


def test_key_ignores_case_spaces_and_composition():
    assert key("Café  is\nthe  PLACE") == key("cafe\u0301 is the place")
