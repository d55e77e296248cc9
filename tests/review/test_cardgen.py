"""Card generation is a pure function of a paper and its notes."""

from __future__ import annotations

from types import SimpleNamespace

from reader.reading.cardgen import cloze_front, specs_for
from reader.models import Paper

GRAVES = Paper(id="1211.3711", title="Sequence Transduction with Recurrent Neural Networks",
               authors=("Alex Graves",), published="2012-11-14T21:52:28Z")


def notes(what="", how="", why="", text=""):
    return SimpleNamespace(what=what, how=how, why=why, text=text)


def test_what_how_why_make_one_card_each_naming_the_paper():
    specs = specs_for(GRAVES, notes(what="Maps sequences to sequences.", how="An RNN transducer.",
                                    why="No alignment needed."))
    assert [s.source_key for s in specs] == ["1211.3711:what", "1211.3711:how", "1211.3711:why"]
    assert specs[0].front == ("What does *Sequence Transduction with Recurrent Neural Networks* "
                              "(Graves, 2012) do?")
    assert specs[0].back == "Maps sequences to sequences."
    assert specs[1].front.startswith("How does *Sequence") and specs[2].front.startswith("Why does")
    assert all(s.group_key == "1211.3711" and s.kind == "basic" for s in specs)
    assert specs[0].context == "Graves, 2012 · Sequence Transduction with Recurrent Neural Networks"


def test_empty_fields_make_no_card():
    assert specs_for(GRAVES, notes(what="  \n ", how="")) == []


def test_each_cloze_number_is_one_card_with_only_that_deletion_hidden():
    body = "The {{c1::transducer}} joins a {{c2::prediction network::network}} and a {{c1::CTC}} net."
    specs = [s for s in specs_for(GRAVES, notes(text=body)) if s.kind == "cloze"]
    assert [s.source_key for s in specs] == ["1211.3711:cloze:text:1", "1211.3711:cloze:text:2"]
    assert specs[0].front == "The [...] joins a prediction network and a [...] net."
    assert specs[1].front == "The transducer joins a [network] and a CTC net."
    assert specs[0].back == "The transducer joins a prediction network and a CTC net."


def test_cloze_in_what_also_keeps_the_what_card_plain():
    specs = specs_for(GRAVES, notes(what="It uses {{c1::RNN-T}}."))
    assert [s.source_key for s in specs] == ["1211.3711:what", "1211.3711:cloze:what:1"]
    assert specs[0].back == "It uses RNN-T."


def test_question_answer_pairs():
    body = "Q: What is the blank symbol for?\nA: Emitting nothing\nat a step.\n\nQ: Loss?\nA: -log p(y|x)"
    specs = specs_for(GRAVES, notes(text=body))
    assert [(s.source_key, s.front, s.back) for s in specs] == [
        ("1211.3711:qa:text:1", "What is the blank symbol for?", "Emitting nothing\nat a step."),
        ("1211.3711:qa:text:2", "Loss?", "-log p(y|x)"),
    ]


def test_byline_for_several_authors_and_long_titles():
    paper = Paper(id="1706.03762", title="Attention Is All You Need: A very long subtitle that goes on and on",
                  authors=("Ashish Vaswani", "Noam Shazeer", "Niki Parmar"), published="2017-06-12T00:00:00Z")
    front = specs_for(paper, notes(what="Transformers."))[0].front
    assert front == "What does *Attention Is All You Need* (Vaswani et al., 2017) do?"


def test_cloze_front_leaves_unrelated_braces_alone():
    assert cloze_front("{{c1::a}} {x} {{c3::b::hint}}", 3) == "a {x} [hint]"


def test_a_fields_card_and_its_clozes_are_siblings_qa_pairs_are_not():
    specs = specs_for(GRAVES, notes(what="Uses {{c1::RNN-T}} and {{c2::CTC}}.",
                                    text="Q: Loss?\nA: NLL"))
    assert [(s.source_key, s.sibling_key) for s in specs] == [
        ("1211.3711:what", "1211.3711:what"),
        ("1211.3711:cloze:what:1", "1211.3711:what"),
        ("1211.3711:cloze:what:2", "1211.3711:what"),
        ("1211.3711:qa:text:1", None),
    ]


def test_a_long_title_is_clipped_on_a_whole_word():
    paper = Paper(id="1111.2011", title="Quantum Criticality for Extended Nodes on a Bethe Lattice "
                  "in the Large Connectivity Limit", authors=("James M. Murray",),
                  published="2011-11-08T00:00:00Z")
    front = specs_for(paper, notes(what="x"))[0].front
    assert front == ("What does *Quantum Criticality for Extended Nodes on a Bethe Lattice in the "
                     "Large…* (Murray, 2011) do?")


def test_new_cards_come_in_the_order_their_papers_were_read(tmp_path):
    from datetime import datetime, timedelta, timezone

    from decks.queue import today_queue
    from reader.reading import notes
    from reader.reading import passes
    from reader.library import papers as library
    from reader.store import db
    from reader.store.paths import resolve

    t = datetime(2026, 11, 21, 9, tzinfo=timezone.utc)
    conn = db.open_library(resolve(tmp_path))
    with db.transaction(conn):
        library.insert(conn, Paper(id="2001.00001", title="Read second", added="2026-01-01T00:00:00Z"))
        library.insert(conn, Paper(id="2001.00002", title="Read first", added="2026-01-02T00:00:00Z"))
    passes.start(conn, "2001.00002", 1, t - timedelta(days=3))
    passes.start(conn, "2001.00001", 1, t - timedelta(days=1))
    notes.save(conn, "2001.00001", t, what="second")   # notes written in the other order
    notes.save(conn, "2001.00002", t, what="first")
    queue = today_queue(conn, t, tz=timezone.utc)
    assert [c.group_key for c in queue] == ["2001.00002", "2001.00001"]
