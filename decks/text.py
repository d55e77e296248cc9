"""The structure of a card's text, for drawing it: `*emphasis*` spans (a paper's title in a
generated question) and the words a cloze card's back reveals. Pure functions over plain text:
nothing here is markup, and a caller styles the spans itself (the TUI with a rich Text style,
the Anki export with <i>)."""

from __future__ import annotations

__all__ = ["emphasis_spans", "cloze_answer_span"]

_OPENS_AFTER = " \t([{\"'“‘"
_CLOSES_BEFORE = " \t)]}\"'”’.,;:!?"


def _opens(line: str, i: int) -> bool:
    return line[i] == "*" and (i == 0 or line[i - 1] in _OPENS_AFTER) and \
        i + 1 < len(line) and not line[i + 1].isspace() and line[i + 1] != "*"


def _closes(line: str, i: int) -> bool:
    return line[i] == "*" and i > 0 and not line[i - 1].isspace() and line[i - 1] != "*" and \
        (i + 1 == len(line) or line[i + 1] in _CLOSES_BEFORE)


def emphasis_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each `*...*` span in `text`, asterisks included, within one line.

    A span opens at a `*` that starts a word and closes at the last word-ending `*` before the
    next opening one, so a title with an asterisk of its own ("*A* search*") stays one span,
    and two spans on a line ("*a* and *b*") stay two."""
    spans = []
    offset = 0
    for line in text.split("\n"):
        opens = [i for i in range(len(line)) if _opens(line, i)]
        taken_to = -1
        for k, i in enumerate(opens):
            if i <= taken_to:
                continue
            limit = opens[k + 1] if k + 1 < len(opens) else len(line)
            closes = [j for j in range(i + 1, limit) if _closes(line, j)]
            if closes:
                spans.append((offset + i, offset + closes[-1] + 1))
                taken_to = closes[-1]
        offset += len(line) + 1
    return spans


def cloze_answer_span(front: str, back: str) -> tuple[int, int] | None:
    """Where in a cloze card's `back` the words hidden on its `front` (as `[...]` or
    `[hint]`) are, or None when the two do not line up that way."""
    start = front.find("[")
    while start != -1:
        end = front.find("]", start)
        if end == -1:
            break
        prefix, suffix = front[:start], front[end + 1:]
        if len(prefix) + len(suffix) < len(back) and back.startswith(prefix) and \
                back.endswith(suffix):
            return len(prefix), len(back) - len(suffix)
        start = front.find("[", start + 1)
    return None
