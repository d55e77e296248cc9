"""Fixtures for interop tests: a library on the temporary PAPERDECK_HOME and papers in it."""

from __future__ import annotations

import pytest

from reader.library import papers as library
from reader.store.db import open_library, transaction
from reader.models import Paper
from reader.store.paths import resolve


@pytest.fixture
def paths(home):
    return resolve(home)


@pytest.fixture
def conn(paths):
    c = open_library(paths)
    yield c
    c.close()


def make_paper(n: int = 1, **fields) -> Paper:
    base = dict(
        id=f"2101.{n:05d}", title=f"A Paper Number {n}", authors=("Ada Lovelace",),
        abstract="Abstract.", version=1, latest_version=1, categories=("cs.LG",),
        primary_category="cs.LG", published="2021-01-05T10:00:00Z",
        updated="2021-01-05T10:00:00Z", added=f"2026-01-01T00:00:{n % 60:02d}Z",
    )
    base.update(fields)
    return Paper(**base)


@pytest.fixture
def add(conn):
    def add_paper(paper: Paper) -> Paper:
        with transaction(conn):
            library.insert(conn, paper)
        return library.get(conn, paper.id)

    return add_paper


GRAVES = dict(
    id="1211.3711", title="Sequence Transduction with Recurrent Neural Networks",
    authors=("Alex Graves",), primary_category="cs.NE", categories=("cs.NE", "cs.LG", "stat.ML"),
    published="2012-11-14T21:52:28Z", added="2026-01-01T00:00:00Z",
)


T0 = __import__("datetime").datetime(2026, 2, 2, 9, 0, tzinfo=__import__("datetime").timezone.utc)


@pytest.fixture
def filled(conn, add):
    """A library with a bit of everything: papers with tags, passes, notes with clozes and Q/A,
    TODOs (one ticked), a hand-written card, reviews and fitted FSRS parameters."""
    from datetime import timedelta

    from decks.cards import add_card, get_card_by_source
    from decks.reviews import answer
    from decks.settings import save_parameters
    from fsrs.scheduler import DEFAULT_PARAMETERS
    from reader.reading import notes
    from reader.reading import passes

    add(make_paper(**GRAVES, tags=("rnn", "speech")))
    add(make_paper(2, title="Ünïcode: “quotes” & <html> *stars*", authors=("Zoë Ødegård",),
                   tags=("misc",), doi="10.1/x", journal_ref="J. Things 1 (2020)"))
    add(make_paper(3, id="hep-th/9901001", title="Old Style", authors=()))
    passes.start(conn, "1211.3711", 1, T0)
    passes.finish(conn, "1211.3711", 1, T0 + timedelta(hours=1))
    passes.start(conn, "1211.3711", 2, T0 + timedelta(days=1))
    notes.save(conn, "1211.3711", T0, what="Maps one sequence to another.\nWithout alignment.",
               how="The {{c1::transducer}} joins a {{c2::prediction network}}.",
               why="Speech recognition.", text="Q: Loss?\nA: sums over alignments\n\nfree text  ")
    notes.save(conn, "2101.00002", T0, what="Unicode: ü – “x”\ttab")
    t1 = notes.add_todo(conn, "1211.3711", "implement it", T0)
    notes.add_todo(conn, "1211.3711", "read CTC paper", T0 + timedelta(minutes=1))
    notes.tick(conn, t1.id, T0 + timedelta(days=2))
    add_card(conn, "Hand-written front", "back", "ctx", now=T0)
    what = get_card_by_source(conn, "1211.3711:what")
    answer(conn, what.id, 3, T0 + timedelta(days=1), duration_ms=4000)
    answer(conn, what.id, 1, T0 + timedelta(days=3), duration_ms=9000)
    cloze = get_card_by_source(conn, "1211.3711:cloze:how:1")
    answer(conn, cloze.id, 4, T0 + timedelta(days=2))
    # usable parameters (FSRS's bounds hold): a merge replays forked cards with them
    fitted = [round(p * 1.05, 4) for p in DEFAULT_PARAMETERS]
    save_parameters(conn, fitted, T0 + timedelta(days=4))
    return conn
