"""The one limit on text paperdeck stores: at most MAX_TEXT characters in any one value (a note
field, a TODO, a title, an abstract, an author's name, a card's side).

It is enforced where text comes in (a note saved from the CLI, $EDITOR or the TUI; an arXiv
feed; a card written by hand), each with one clear line there. The YAML import takes values of
up to the same size (reader.exports.restore_check and reader.exports.plans use this constant),
so whatever paperdeck stores, its own import restores. Lower limits of their own (a journal
entry, an item's title) stay below it.
"""

from __future__ import annotations

from reader.errors import UsageError

MAX_TEXT = 1_000_000


def over(text: str | None) -> bool:
    return text is not None and len(text) > MAX_TEXT


def check_text(text: str, what: str, fix: str = "shorten it") -> str:
    """`text`, or a UsageError naming `what` ("the What note of 1211.3711") and its length."""
    if len(text) > MAX_TEXT:
        raise UsageError(f"{what} is {len(text):,} characters, over the {MAX_TEXT:,} a text may "
                         f"have in paperdeck; {fix}")
    return text
