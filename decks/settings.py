"""Deck settings: scheduling options and limits, with Anki/FSRS defaults.

The options come from the user's config (reader's `review.*` keys map one to one); the fitted
FSRS parameters live in the database (`save_parameters` / `load_parameters`)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime

from .clock import iso
from .db import transaction

__all__ = ["DeckSettings", "load_parameters", "save_parameters"]


@dataclass(frozen=True)
class DeckSettings:
    """How cards are scheduled and how many come each day.

    - desired_retention: probability of recall FSRS aims for when a review is due (0.70–0.99).
    - new_per_day / reviews_per_day: daily limits; answers given earlier in the day count.
    - maximum_interval: longest interval in days.
    - fuzz: spread review intervals a little (deterministically per card and review).
    - parameters: fitted FSRS-6 parameters (21 floats) or None for FSRS's defaults.
    - learning_steps / relearning_steps: in seconds.
    - learn_ahead_s: when nothing else is left, offer a learning card due within this many seconds.
    - rollover_hour: local hour at which the study day starts.
    """

    desired_retention: float = 0.90
    new_per_day: int = 20
    reviews_per_day: int = 200
    maximum_interval: int = 36500
    fuzz: bool = True
    parameters: tuple[float, ...] | None = None
    learning_steps: tuple[int, ...] = (60, 600)
    relearning_steps: tuple[int, ...] = (600,)
    learn_ahead_s: int = 1200
    rollover_hour: int = 4

    def __post_init__(self) -> None:
        if not 0.5 < self.desired_retention < 1.0:
            raise ValueError(f"desired_retention must be between 0.5 and 1, got {self.desired_retention}")
        if self.new_per_day < 0 or self.reviews_per_day < 0:
            raise ValueError("daily limits cannot be negative")
        if self.maximum_interval < 1:
            raise ValueError("maximum_interval must be at least 1 day")
        if self.parameters is not None:
            object.__setattr__(self, "parameters", tuple(float(p) for p in self.parameters))
            if len(self.parameters) != 21:
                raise ValueError(f"FSRS-6 takes 21 parameters, got {len(self.parameters)}")
        object.__setattr__(self, "learning_steps", tuple(int(s) for s in self.learning_steps))
        object.__setattr__(self, "relearning_steps", tuple(int(s) for s in self.relearning_steps))

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "DeckSettings":
        """Unknown keys are ignored, missing ones take their defaults."""
        data = json.loads(text)
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def with_(self, **changes) -> "DeckSettings":
        return replace(self, **changes)


def load_parameters(conn: sqlite3.Connection) -> tuple[float, ...] | None:
    """The fitted FSRS parameters saved by `save_parameters` (None: use FSRS's defaults)."""
    row = conn.execute("SELECT value FROM deck_settings WHERE name = 'parameters'").fetchone()
    if row is None:
        return None
    value = json.loads(row[0])["parameters"]
    return None if value is None else tuple(float(p) for p in value)


def save_parameters(
    conn: sqlite3.Connection, parameters: Sequence[float] | None, now: datetime
) -> None:
    """Store fitted FSRS parameters (None resets to the defaults), with the time of fitting."""
    if parameters is not None:
        parameters = DeckSettings(parameters=tuple(parameters)).parameters
    value = json.dumps({"parameters": list(parameters) if parameters is not None else None,
                        "saved": iso(now)})
    with transaction(conn):
        conn.execute(
            "INSERT INTO deck_settings(name, value) VALUES ('parameters', ?) "
            "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            (value,),
        )
