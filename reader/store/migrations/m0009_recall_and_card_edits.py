"""Recall typed from memory is kept with the answer; cards can be forgotten, given a due date and
deleted by hand with their answers kept (schema owned by `decks.schema`, where SCHEMA_3 says
why)."""

from decks.schema import SCHEMA_3 as SQL  # noqa: F401
