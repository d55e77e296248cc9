"""The bridge from paperdeck's configuration to the review engine (`decks`): settings, the
card context for hand-written cards, and when the next card is due."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from decks.settings import DeckSettings, load_parameters

from .config import Config


def deck_settings(conn: sqlite3.Connection, config: Config) -> DeckSettings:
    """The `review.*` keys of config.yaml plus the parameters `paperdeck optimize` saved."""
    return DeckSettings(
        desired_retention=config["review.desired_retention"],
        new_per_day=config["review.new_per_day"],
        reviews_per_day=config["review.reviews_per_day"],
        maximum_interval=config["review.maximum_interval_days"],
        fuzz=config["review.fuzz"],
        rollover_hour=config["review.day_starts_at_hour"],
        parameters=load_parameters(conn),
    )


def next_due(conn: sqlite3.Connection) -> datetime | None:
    """When the next card that has been studied comes due (None if there is none)."""
    from decks.clock import parse_iso

    # One indexed lookup per state (cards_active_due is on state, due); a single min() over
    # `state != 'new'` would scan.
    dues = [conn.execute(
        "SELECT min(due) FROM cards WHERE suspended IS NULL AND due IS NOT NULL AND state = ?",
        (state,)).fetchone()[0] for state in ("learning", "relearning", "review")]
    dues = [d for d in dues if d]
    return parse_iso(min(dues)) if dues else None
