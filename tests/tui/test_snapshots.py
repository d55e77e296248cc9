"""Snapshots of each screen with seeded data and a pinned clock (review them before accepting:
`pytest tests/tui --snapshot-update`, then look at tests/tui/__snapshots__/)."""

from __future__ import annotations

from datetime import timedelta

from decks.cards import add_card
from reader import db, notes, passes
from tests.selfmade import Entry, atom_feed

from .conftest import NOW
from .test_paper_reading import with_pdf


def seed_reading_state(conn):
    passes.finish(conn, "1412.6980", 1, NOW - timedelta(days=3))
    passes.start(conn, "1211.3711", 2, NOW - timedelta(days=1))
    passes.finish(conn, "1211.3711", 1, NOW - timedelta(days=2))
    notes.save(conn, "1211.3711", NOW - timedelta(days=1), what="Maps an input sequence to an output "
               "sequence of any length with an RNN transducer.", how="Two RNNs: a transcription network "
               "and a prediction network, joined by an output network.\n{{c1::Forward-backward}} sums alignments.",
               why="End-to-end speech recognition without a fixed alignment [b]sic[/b].")
    notes.add_todo(conn, "1211.3711", "Implement the forward-backward pass", NOW)
    card = add_card(conn, "Q [i]?", "A", "ctx", "1706.03762", now=NOW - timedelta(days=5))
    with db.transaction(conn):
        conn.execute("UPDATE cards SET state = 'review', due = ?, stability = 3, difficulty = 5 WHERE id = ?",
                     ("2026-11-21T08:00:00Z", card.id))


async def _settle(pilot):
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_library(snap_compare, make, seeded):
    seed_reading_state(seeded)
    assert snap_compare(make(), terminal_size=(120, 30), run_before=_settle)


def test_library_filtered_80x24(snap_compare, make, seeded):
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press(*"adam kingma")
        await pilot.pause()

    assert snap_compare(make(), terminal_size=(80, 24), run_before=run_before)


def test_library_empty_greets_80x24(snap_compare, make):
    assert snap_compare(make(), terminal_size=(80, 24), run_before=_settle)


def test_add_search_results(snap_compare, make, arxiv_server):
    feed = atom_feed([
        Entry("1211.3711v1", "Sequence Transduction with Recurrent Neural Networks", ["Alex Graves"],
              summary="Many machine learning tasks can be expressed as the transformation---or "
                      "transduction---of input sequences into output sequences."),
        Entry("1706.03762v7", "Attention Is All You Need [b]", ["Ashish Vaswani", "Noam Shazeer", "Niki Parmar",
              "Jakob Uszkoreit"], summary="The dominant sequence transduction models are based on complex "
              "recurrent or convolutional neural networks.", published="2017-06-12T17:57:34Z"),
    ])
    arxiv_server.searches[("transduction", 0, 25)] = (200, feed)

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("a", *"transduction", "enter")
        await _settle(pilot)

    assert snap_compare(make(), terminal_size=(100, 30), run_before=run_before)


def test_paper(snap_compare, make, seeded):
    seed_reading_state(seeded)
    assert snap_compare(make(screen="paper", paper_id="1211.3711"), terminal_size=(120, 34),
                        run_before=_settle)


def test_paper_cards_80x24(snap_compare, make, seeded):
    seed_reading_state(seeded)

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("f2", "f2", "f2")

    assert snap_compare(make(screen="paper", paper_id="1211.3711"), terminal_size=(80, 24),
                        run_before=run_before)


def test_reading_with_search(snap_compare, make, seeded, home):
    seed_reading_state(seeded)
    with_pdf(home, seeded, "1211.3711", [
        "Sequence Transduction with Recurrent Neural Networks\nAlex Graves\n\nAbstract\n"
        "Many machine learning tasks can be expressed as the transformation of input sequences",
        "1 Introduction\nThe ability to transform and manipulate sequences is a crucial part of human\n"
        "intelligence: [b]everything[/b] we know about the world reaches us as sequences.\n"
        "A recurrent neural network transducer can map any input sequence to any output sequence.",
        "2 Recurrent Neural Network Transducer",
    ])

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("n", "slash", *"sequence", "enter")
        await pilot.pause()

    assert snap_compare(make(screen="read", paper_id="1211.3711"), terminal_size=(120, 30),
                        run_before=run_before)
