"""The review side's tables: cards and the review log (schema owned by `decks.schema`)."""

from decks.schema import SCHEMA_1 as SQL  # noqa: F401
