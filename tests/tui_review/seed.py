"""Seeding for the Review/Stats TUI tests: papers, cards from notes, a simulated review history,
finished reading passes. Deterministic (seeded random, explicit times)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from decks.cards import add_card, sync_specs
from decks.queue import next_card
from decks.reviews import answer
from decks.settings import DeckSettings
from reader.reading import cardgen
from reader.reading import passes
from reader.library import papers as library
from reader.store import db
from reader.models import Paper

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)
UTC = timezone.utc

PAPERS = [
    Paper(id="1211.3711", version=1, latest_version=1,
          title="Sequence Transduction with Recurrent Neural Networks", authors=("Alex Graves",),
          abstract="Transduction.", published="2012-11-14T21:52:28Z", added="2026-01-01T10:00:00Z"),
    Paper(id="1706.03762", version=7, latest_version=7, title="Attention Is All You Need",
          authors=("Ashish Vaswani", "Noam Shazeer", "Niki Parmar"), abstract="Attention.",
          published="2017-06-12T17:57:34Z", added="2026-01-02T10:00:00Z"),
    Paper(id="1412.6980", version=9, latest_version=9, title="Adam: A Method for Stochastic Optimization",
          authors=("Diederik P. Kingma", "Jimmy Ba"), abstract="Adam.",
          published="2014-12-22T13:54:29Z", added="2026-01-03T10:00:00Z"),
]

NOTES = {
    "1211.3711": SimpleNamespace(
        what="An RNN transducer that maps input sequences to output sequences of any length.",
        how="A {{c1::transcription network}} and a {{c2::prediction network}} joined by a "
            "joint network; a forward-backward pass sums over alignments.",
        why="It removes the need for pre-segmented training data in speech recognition.",
        text="Q: What does the null output mean?\nA: Move on to the next input step.\n"),
    "1706.03762": SimpleNamespace(
        what="The Transformer: sequence transduction with attention only, no recurrence.",
        how="Stacked {{c1::multi-head self-attention}} and feed-forward layers, with "
            "{{c2::positional encodings}}.",
        why="Parallel training and state-of-the-art translation at a fraction of the cost.",
        text="Q: Why scale the dot products by 1/sqrt(d_k)?\nA: To keep the softmax out of "
             "regions with tiny gradients.\n\nQ: How many heads in the base model?\nA: 8\n"),
    "1412.6980": SimpleNamespace(
        what="Adam: a first-order optimiser with adaptive moment estimates.",
        how="Running averages of the gradient and its square, {{c1::bias-corrected}}.",
        why="Works well out of the box on large, noisy problems.",
        text=""),
}


def open_conn(paths):
    return db.open_library(paths)


def seed_papers(conn) -> None:
    with db.transaction(conn):
        for p in PAPERS:
            library.insert(conn, p)


def seed_cards(conn, now: datetime = NOW) -> list[int]:
    """Cards generated from the notes of PAPERS (through reader.reading.cardgen), in paper order."""
    ids: list[int] = []
    for i, p in enumerate(PAPERS):
        res = sync_specs(conn, p.id, cardgen.specs_for(p, NOTES[p.id]), now,
                         order_key=f"{i:04d}")
        ids.extend(res.added)
    return ids


def seed_hand_card(conn, front: str, back: str, now: datetime = NOW) -> int:
    return add_card(conn, front, back, "", None, now=now, order_key="9999").id


def simulate(conn, days: int, now: datetime = NOW, seed: int = 3, skip: float = 0.15) -> int:
    """Review the deck every day (some days skipped) for `days` days before `now`; returns the
    number of answers given."""
    rng = random.Random(seed)
    settings = DeckSettings(new_per_day=4)
    n = 0
    for d in range(days, 0, -1):
        if rng.random() < skip:
            continue
        t = now - timedelta(days=d) + timedelta(minutes=rng.randint(0, 600))
        for _ in range(60):
            card = next_card(conn, t, settings, UTC)
            if card is None:
                break
            rating = rng.choices((1, 2, 3, 4), weights=(12, 10, 65, 13))[0]
            answer(conn, card.id, rating, t, rng.randint(2000, 15000), settings)
            n += 1
            t += timedelta(seconds=rng.randint(5, 40))
    return n


def seed_passes(conn, now: datetime = NOW) -> None:
    """Passes finished over the last two months (for papers finished per 10 days)."""
    plan = [("1211.3711", 1, 55), ("1211.3711", 2, 41), ("1706.03762", 1, 38),
            ("1412.6980", 1, 33), ("1706.03762", 2, 22), ("1211.3711", 3, 12),
            ("1412.6980", 2, 4), ("1706.03762", 3, 2)]
    for pid, number, days_ago in plan:
        passes.finish(conn, pid, number, now - timedelta(days=days_ago, hours=3))
