"""The real Anki review history in ../shared/fixtures/review-logs, answered into a paperdeck
library through `decks.reviews.answer` (the scheduler paperdeck runs), for tests that need a
real log in a real database."""

from __future__ import annotations

from datetime import timedelta

from decks.cards import add_card
from decks.db import transaction
from decks.optimize import LoggedReview, load_anki_revlog_csv
from decks.reviews import answer
from decks.settings import DeckSettings

from .conftest import SHARED

REVLOG = SHARED / "fixtures" / "review-logs" / "anki-revlog-josh-2024.csv"
MISSING = "../shared/fixtures/review-logs is absent (a user's clone); CI has it"


def reviews() -> list[LoggedReview]:
    return load_anki_revlog_csv(REVLOG)


def fill(conn, revs: list[LoggedReview], settings: DeckSettings | None = None) -> dict[int, int]:
    """One card per Anki card, each answered at its logged times with its logged ratings.
    Returns {Anki card id: paperdeck card id}."""
    settings = settings or DeckSettings()
    ids: dict[int, int] = {}
    with transaction(conn):
        for r in sorted(revs, key=lambda r: r.reviewed_at):
            if r.card_id not in ids:
                ids[r.card_id] = add_card(conn, f"card {r.card_id}", "back",
                                          now=r.reviewed_at - timedelta(seconds=1)).id
            answer(conn, ids[r.card_id], r.rating, r.reviewed_at, r.duration_ms, settings)
    return ids
