"""Snapshots of each screen with seeded data and a pinned clock (review them before accepting:
`pytest tests/tui --snapshot-update`, then look at tests/tui/__snapshots__/ as pictures, e.g.
`rsvg-convert` to PNG). Every screen at 80x24 (issue 14), some at larger sizes too."""

from __future__ import annotations

from datetime import timedelta

from textual.command import CommandPalette

from decks.cards import add_card
from reader.text.pdf import pdftext
from reader.reading import notes
from reader.reading import passes
from reader.library import papers as library
from reader.store import db
from reader.store import paths as paths_mod
from reader.models import Paper
from tests.selfmade import Entry, atom_feed, tiny_pdf
from tests.waiting import settled, until

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
    await settled(pilot)


def test_library(snap_compare, make, seeded):
    seed_reading_state(seeded)
    assert snap_compare(make(), terminal_size=(120, 30), run_before=_settle)


def test_library_filtered_80x24(snap_compare, make, seeded):
    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("slash", *"adam kingma")
        await settled(pilot)

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
        await settled(pilot)

    assert snap_compare(make(screen="read", paper_id="1211.3711"), terminal_size=(120, 30),
                        run_before=run_before)


# -- every screen at 80x24 -------------------------------------------------------------------

LONG_TITLE = "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit"


def seed_long_paper(conn, home):
    """A paper with a title longer than 80 columns, notes in every field, a PDF of prose."""
    paper = Paper(id="1111.2011", version=2, latest_version=2, title=LONG_TITLE,
                  authors=("Adrian Del Maestro", "Bernd Rosenow", "Subir Sachdev", "Markus Müller"),
                  abstract="We study the quantum critical behaviour of an extended node on a Bethe "
                           "lattice, in the limit of large connectivity.",
                  published="2011-11-08T20:00:00Z", added="2026-11-05T10:00:00Z",
                  primary_category="cond-mat.str-el")
    with db.transaction(conn):
        library.insert(conn, paper)
    notes.save(conn, "1111.2011", NOW, what="Shows how an extended node on a Bethe lattice becomes critical.",
               how="A large-connectivity expansion; the effective action of one node.",
               why="A solvable model of local quantum criticality.",
               text="Q: What two properties define the lattice used here for the large "
                    "connectivity limit of writing?\nA: Tree-like, fixed coordination.\n")
    notes.add_todo(conn, "1111.2011", "Re-derive the effective action (eq. 4)", NOW)
    with_pdf(home, conn, "1111.2011", [
        "Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity\n"
        "Limit\nJames M. Murray, Adrian Del Maestro and Zlatko Tesanovic\n\n"
        "Theoretical description of anisotropic systems, such as layered superconductors and\n"
        "coupled spin chains, is often a challenge due to the different natures of interactions\n"
        "along different directions. As a model of such a system, we present an analytical\n"
        "study of d-dimensional nodes arranged as the vertices of a Bethe lattice, where each\n"
        "node has nonzero spatial dimension and is described by an O(N) quantum rotor model,\n"
        "and there is hopping between neighboring nodes. In the limit of large connectivity\n"
        "on the Bethe lattice, the hopping can be treated by constructing a self-consistent\n"
        "effective action for a single node. This procedure is akin to dynamical mean field\n"
        "theory, but generalized so that spatial as well as quantum fluctuations are taken\n"
        "into account on each node. The quantum phase transition is studied using this\n"
        "effective action for both infinite and finite N.\n"
        "I. INTRODUCTION\n"
        "It is often the case that the relevant degrees of freedom in a condensed matter\n"
        "system are best understood via an anisotropic description, where interactions may\n"
        "be strong in some subset of spatial dimensions, and weak or irrelevant in others.",
        "Page two."])
    # Read now: the background reader would otherwise say so in a toast over the screen.
    pdftext.extract_all(conn, paths_mod.resolve(home), "1111.2011")


def test_library_80x24(snap_compare, make, seeded, home):
    seed_reading_state(seeded)
    seed_long_paper(seeded, home)

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("escape")          # the table: its keys in the footer

    assert snap_compare(make(), terminal_size=(80, 24), run_before=run_before)


def test_add_results_and_imports_80x24(snap_compare, make, arxiv_server):
    entries = [Entry(f"2{i:03d}.0000{i}v1", f"Paper {i} on sequence transduction with a title long "
                     "enough to wrap at eighty columns", ["Alex Graves", "Another Author"],
                     summary="Many machine learning tasks can be expressed as the transformation of "
                             "input sequences into output sequences. " * 3) for i in range(1, 6)]
    arxiv_server.searches[("transduction", 0, 25)] = (200, atom_feed(entries))
    for e in entries[:2]:
        arxiv_server.id_lists[e.id[:-2]] = (200, atom_feed([e]))
        arxiv_server.pdfs[e.id] = tiny_pdf(["x"])

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press(*"transduction", "enter")
        await _settle(pilot)
        # Each import, then the reading of its text it starts (the log's last line). One at a
        # time: the second import landing while the first text is read would make it one line
        # ("2 papers") or two, as the machine's speed has it.
        for n, keys in enumerate((["enter"], ["down", "enter"]), start=1):
            await pilot.press(*keys)
            await until(pilot, lambda: sum("is read" in line.text for line in
                                           pilot.app.screen.query_one("#add-log").lines) == n,
                        what=f"the log saying the text of import {n} was read")
        await settled(pilot)

    assert snap_compare(make(screen="add"), terminal_size=(80, 24), run_before=run_before)


def test_paper_80x24(snap_compare, make, seeded, home):
    seed_long_paper(seeded, home)
    assert snap_compare(make(screen="paper", paper_id="1111.2011"), terminal_size=(80, 24),
                        run_before=_settle)


def test_paper_free_notes_after_resizing_120_to_80(snap_compare, make, seeded, home):
    seed_long_paper(seeded, home)

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("f2")
        await pilot.resize_terminal(80, 24)
        await pilot.press("escape")          # out of the note: the screen's keys
        await settled(pilot)

    assert snap_compare(make(screen="paper", paper_id="1111.2011"), terminal_size=(120, 40),
                        run_before=run_before)


def test_paper_todos_80x24(snap_compare, make, seeded, home):
    seed_long_paper(seeded, home)

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("f2", "f2")
        await settled(pilot)

    assert snap_compare(make(screen="paper", paper_id="1111.2011"), terminal_size=(80, 24),
                        run_before=run_before)


def test_reading_80x24(snap_compare, make, seeded, home):
    seed_long_paper(seeded, home)
    assert snap_compare(make(screen="read", paper_id="1111.2011"), terminal_size=(80, 24),
                        run_before=_settle)


def test_reading_notes_after_resizing_120_to_80(snap_compare, make, seeded, home):
    seed_long_paper(seeded, home)

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("f2")              # hidden at 120
        await pilot.resize_terminal(80, 24)
        await pilot.press("f2", "escape")    # shown again at 80; the focus back on the page
        await settled(pilot)

    assert snap_compare(make(screen="read", paper_id="1111.2011"), terminal_size=(120, 40),
                        run_before=run_before)


def test_remove_confirm_80x24(snap_compare, make, seeded, home):
    seed_long_paper(seeded, home)

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("escape", "d")
        await settled(pilot)

    assert snap_compare(make(), terminal_size=(80, 24), run_before=run_before)


def test_edit_tags_80x24(snap_compare, make, seeded, home):
    seed_long_paper(seeded, home)

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("ctrl+g")
        await settled(pilot)

    assert snap_compare(make(screen="paper", paper_id="1111.2011"), terminal_size=(80, 24),
                        run_before=run_before)


def test_palette_80x24(snap_compare, make, seeded, home):
    seed_long_paper(seeded, home)

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("ctrl+p")
        # The palette gathers its commands in a worker and is "-ready" once they are listed.
        await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette)
                    and pilot.app.screen.has_class("-ready"), what="the palette holding its commands")

    assert snap_compare(make(screen="paper", paper_id="1111.2011"), terminal_size=(80, 24),
                        run_before=run_before)


def test_journal_80x24(snap_compare, make, seeded):
    from .test_journal_tui import seed_day

    seed_day(seeded)

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press(*"Second pass through Graves '12 Transduction.")
        await settled(pilot)

    assert snap_compare(make(screen="journal"), terminal_size=(80, 24), run_before=run_before)


def test_queue_80x24(snap_compare, make, seeded, home):
    from reader.reading import queue as reading_queue

    seed_long_paper(seeded, home)
    passes.start(seeded, "1412.6980", 1, NOW - timedelta(days=1))
    reading_queue.set_priority(seeded, "2101.00001", "high", NOW - timedelta(days=9))

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("escape", "n")
        await _settle(pilot)

    assert snap_compare(make(), terminal_size=(80, 24), run_before=run_before)


def test_library_with_items_80x24(snap_compare, make, seeded):
    from .test_items_tui import seed_items

    seed_items(seeded)

    async def run_before(pilot):
        await _settle(pilot)
        await pilot.press("escape")

    assert snap_compare(make(), terminal_size=(80, 24), run_before=run_before)
