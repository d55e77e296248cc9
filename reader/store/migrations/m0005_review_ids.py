"""Review identities: each answer in the review log gets a `uid` that survives a YAML export and
a merge, and a merge may rewrite one card's log in time order (schema owned by `decks.schema`,
where SCHEMA_2 says why)."""

from decks.schema import SCHEMA_2 as SQL  # noqa: F401
