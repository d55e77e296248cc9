"""The review side's models: frozen dataclasses returned by the repositories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

__all__ = ["Rating", "CardState", "CardSpec", "Card", "Review", "SyncResult", "Kind"]

Kind = Literal["basic", "cloze"]
CardState = Literal["new", "learning", "review", "relearning"]


def __getattr__(name: str):
    """`Rating` (Again=1, Hard=2, Good=3, Easy=4) is fsrs's, re-exported on first use: a
    command that only reads cards (`show`, `due`) does not pay for importing fsrs."""
    if name == "Rating":
        from enum import IntEnum

        from fsrs import Rating

        assert issubclass(Rating, IntEnum)
        globals()["Rating"] = Rating
        return Rating
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class CardSpec:
    """What a card should say, as generated from a source (e.g. a paper's notes).

    `source_key` is stable across edits (e.g. '1211.3711:cloze:2'); `context` is a line shown
    with the card (e.g. the paper's short title); `group_key` groups cards (e.g. the paper id)."""

    source_key: str
    kind: Kind
    front: str
    back: str
    context: str = ""
    group_key: str | None = None
    sibling_key: str | None = None  # cards of one note: answering one buries the rest for the day


@dataclass(frozen=True)
class Card:
    """A card with its text and its scheduling state. `due` is None while the card is new;
    `suspended` is None (active), 'user' (suspended by hand) or 'source' (its source is gone)."""

    id: int
    source_key: str | None
    kind: Kind
    front: str
    back: str
    context: str
    group_key: str | None
    new_order: str
    state: CardState
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime | None
    last_review: datetime | None
    reps: int
    lapses: int
    suspended: str | None
    created: datetime
    modified: datetime
    sibling_key: str | None = None
    forgotten_at: datetime | None = None  # last sent back to new by hand
    due_set_at: datetime | None = None    # last given a due date by hand
    deleted_at: datetime | None = None    # deleted by hand (hand-written cards; answers kept)

    @property
    def is_new(self) -> bool:
        return self.state == "new"

    @property
    def is_suspended(self) -> bool:
        return self.suspended is not None

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def hand_written(self) -> bool:
        return self.source_key is None

    def scheduling(self) -> tuple:
        """The scheduling state alone (for comparing a card with its rebuild from the log)."""
        return (self.state, self.step, self.stability, self.difficulty, self.due,
                self.last_review, self.reps, self.lapses)


@dataclass(frozen=True)
class Review:
    """One answer in the append-only review log, with the card's state just before it."""

    id: int
    card_id: int
    rating: Rating
    reviewed_at: datetime
    duration_ms: int | None
    state_before: CardState
    step_before: int | None
    stability_before: float | None
    difficulty_before: float | None
    due_before: datetime | None
    last_review_before: datetime | None
    state_after: CardState
    due_after: datetime
    typed: str | None = None  # what was typed from memory before the answer was shown


@dataclass(frozen=True)
class SyncResult:
    """Card ids touched by `sync_specs`, by what happened to them."""

    added: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()
    suspended: tuple[int, ...] = ()
    resumed: tuple[int, ...] = ()
