"""What a desired retention costs: a year of reviews simulated with fsrs-rs-python's simulator
(`fsrs_rs_python.simulate`) for the user's parameters, deck size and daily limits, at the
desired retention in use and at 0.80-0.95.

fsrs-rs-python 0.9.3's `simulate` starts from a deck of new cards (it takes no existing memory
states; only `optimal_retention` takes cards), so the simulation is of learning the deck from
the start: every active card, new ones introduced up to the daily limit. Rating shares come
from the user's own log when it holds enough answers (first answers to new cards, and the
Hard/Good/Easy split of passed reviews), else the simulator's defaults; the seconds each answer
takes are the simulator's. A fixed seed makes a run repeatable.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass

from .settings import DeckSettings

__all__ = ["WorkloadRow", "Workload", "simulate_workload", "NoCards", "RETENTIONS", "MIN_ANSWERS"]

RETENTIONS = (0.80, 0.85, 0.90, 0.95)
MIN_ANSWERS = 100  # answers of a kind before the user's own rating shares are used
SEED = 42


class NoCards(ValueError):
    """Nothing to simulate: the deck (or the size asked for) has no cards."""


@dataclass(frozen=True)
class WorkloadRow:
    """One simulated year at one desired retention."""

    desired_retention: float
    reviews_per_day: float    # mean reviews (of cards already learned) per day
    learned_per_day: float    # mean new cards introduced per day
    minutes_per_day: float    # mean time per day, reviews and new cards
    peak_reviews: int         # the busiest day's reviews
    retention: float | None   # share of reviews recalled (not Again), as simulated
    memorized: float          # cards expected to be remembered on the last day


@dataclass(frozen=True)
class Workload:
    cards: int
    days: int
    rows: tuple[WorkloadRow, ...]
    ratings_from_log: bool    # rating shares estimated from the user's answers
    seconds: float            # how long the simulations took


def _rating_shares(conn: sqlite3.Connection) -> tuple[list[float] | None, list[float] | None]:
    """(first-answer shares Again/Hard/Good/Easy, passed-review shares Hard/Good/Easy) from
    the log, each None when it has fewer than MIN_ANSWERS such answers."""
    def shares(where: str, ratings: Sequence[int]) -> list[float] | None:
        counts = dict(conn.execute(
            f"SELECT rating, count(*) FROM review_log WHERE {where} GROUP BY rating").fetchall())
        total = sum(counts.get(r, 0) for r in ratings)
        if total < MIN_ANSWERS:
            return None
        return [counts.get(r, 0) / total for r in ratings]

    return (shares("state_before = 'new'", (1, 2, 3, 4)),
            shares("state_before = 'review' AND rating > 1", (2, 3, 4)))


def simulate_workload(
    conn: sqlite3.Connection,
    settings: DeckSettings,
    *,
    cards: int | None = None,
    days: int = 365,
    retentions: Sequence[float] = RETENTIONS,
) -> Workload:
    """Simulate `days` days at each retention in `retentions` and the one in use, for `cards`
    cards (default: the active cards of the deck). Raises NoCards when there are none."""
    import fsrs_rs_python as rs
    from fsrs.scheduler import DEFAULT_PARAMETERS

    if cards is None:
        cards = conn.execute("SELECT count(*) FROM cards WHERE suspended IS NULL").fetchone()[0]
    if cards < 1 or days < 1:
        # the simulator panics on an empty deck: say so here instead
        raise NoCards("there are no cards to simulate: add some, or give a deck size")
    first, review = _rating_shares(conn)
    config = rs.default_simulator_config()
    config.deck_size = cards
    config.learn_span = days
    config.learn_limit = settings.new_per_day
    config.review_limit = settings.reviews_per_day
    config.new_cards_ignore_review_limit = True  # paperdeck's two limits are separate
    config.max_cost_perday = 1e9                 # no time cap: paperdeck has none
    config.max_ivl = float(settings.maximum_interval)
    config.learning_step_count = len(settings.learning_steps)
    config.relearning_step_count = len(settings.relearning_steps)
    if first is not None:
        config.first_rating_prob = first
    if review is not None:
        config.review_rating_prob = review
    params = list(settings.parameters or DEFAULT_PARAMETERS)
    rows = []
    started = time.perf_counter()
    for r in sorted({round(float(x), 2) for x in (*retentions, settings.desired_retention)}):
        result = rs.simulate(params, r, config, SEED)
        reviewed = sum(result.review_cnt_per_day)
        rows.append(WorkloadRow(
            desired_retention=r,
            reviews_per_day=reviewed / days,
            learned_per_day=sum(result.learn_cnt_per_day) / days,
            minutes_per_day=sum(result.cost_per_day) / days / 60,
            peak_reviews=max(result.review_cnt_per_day, default=0),
            retention=sum(result.correct_cnt_per_day) / reviewed if reviewed else None,
            memorized=float(result.memorized_cnt_per_day[-1]) if result.memorized_cnt_per_day
            else 0.0,
        ))
    return Workload(cards=cards, days=days, rows=tuple(rows),
                    ratings_from_log=first is not None or review is not None,
                    seconds=time.perf_counter() - started)
