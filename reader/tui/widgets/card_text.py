"""A card's text as a rich Text: `*title*` drawn in italics (the asterisks dropped), a cloze's
revealed words highlighted, missed words of a typed recall marked. Spans come from
decks.text / decks.recall and are applied as styles: the text itself is never parsed as markup."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from decks.text import cloze_answer_span, emphasis_spans


def card_text(text: str, *, style: str | Style = "", italic: str | Style = "italic",
              marks: list[tuple[int, int]] = (), mark: str | Style = "bold underline") -> Text:
    """`text` with its emphasis spans in `italic` (without their asterisks) and the `marks`
    ranges (offsets into `text`) in `mark`."""
    spans = emphasis_spans(text)
    drop = {i for a, b in spans for i in (a, b - 1)}
    out = Text(style=style)
    keep = [i for i in range(len(text)) if i not in drop]
    # map each kept character's offset in `text` to its offset in the result
    new_at = {old: new for new, old in enumerate(keep)}
    out.append("".join(text[i] for i in keep))

    def stylize(a: int, b: int, s) -> None:
        inside = [new_at[i] for i in range(a, b) if i in new_at]
        if inside:
            out.stylize(s, inside[0], inside[-1] + 1)

    for a, b in spans:
        stylize(a, b, italic)
    for a, b in marks:
        stylize(a, b, mark)
    return out


def card_back(front: str, back: str, kind: str, *, style: str | Style = "",
              highlight: str | Style = "bold reverse") -> Text:
    """A card's back; for a cloze card, the words its front hid highlighted."""
    span = cloze_answer_span(front, back) if kind == "cloze" else None
    return card_text(back, style=style, marks=[span] if span else [], mark=highlight)
