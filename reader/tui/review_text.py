"""What the Review screen writes: the progress line and the end of a session, as Rich text;
and the Session, what one visit to the screen has done."""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text

from reader.reading.reviewing import session_phrase
from reader.tui import deck_data as dd


@dataclass
class Session:
    """What this visit to the screen has done: answers (for undo), counts per rating, time."""

    review_ids: list[tuple[int, int, int]] = field(default_factory=list)  # (review id, rating, ms)
    counts: dict[int, int] = field(default_factory=lambda: {1: 0, 2: 0, 3: 0, 4: 0})
    spent_ms: int = 0

    @property
    def done(self) -> int:
        return sum(self.counts.values())


def progress_text(done: int, rem) -> Text:
    """'done 3 · left: 2 new · 1 learning · 4 review · 2 wait' (rem: deck_data.remaining)."""
    text = Text()
    text.append(f"done {done}", style="bold")
    text.append("  ·  left: ", style="dim")
    text.append(f"{rem.new} new")
    text.append(" · ", style="dim")
    text.append(f"{rem.learning} learning")
    text.append(" · ", style="dim")
    text.append(f"{rem.review} review")
    if rem.held.total:
        text.append(" · ", style="dim")
        text.append(f"{rem.held.total} wait", style="dim")
    return text


def end_text(conn, now, settings, tz, s: Session) -> Text:
    """The end of a session: what was answered, in how long, and what comes next."""
    text = Text()
    if s.done:
        text.append("Done for now.\n\n", style="bold")
        text.append(f"{session_phrase(conn, [r for r, _, _ in s.review_ids], s.done)}"
                    f" in {dd.duration_phrase(s.spent_ms)}\n")
        for rating, name in dd.RATING_NAMES.items():
            text.append(f"  {name:<6} {s.counts[rating]:>4}\n")
    else:
        text.append("Nothing is due now.\n", style="bold")
    lines = dd.session_end_lines(conn, now, settings, tz)
    if lines:
        text.append("\n" + "\n".join(line[:1].upper() + line[1:] + "." for line in lines))
    elif not dd.card_count(conn):
        text.append("\nNo cards yet: write what/how/why notes on a paper, "
                    "or add a card with 'paperdeck card add'.")
    if s.review_ids:
        text.append("\n\n")
        text.append("u", style="bold")
        text.append(" undoes the last answer · ")
        text.append("q", style="bold")
        text.append(" goes back")
    return text
