"""The bridge from paperdeck's configuration to the review engine (`decks`): settings, and the
sentences every review surface says about today's queue (the TUI and `review --plain` print the
same ones, from the same count, `decks.queue.plan_today`)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from decks.queue import DueCounts
from decks.settings import DeckSettings, load_parameters


# The what/how/why cards: their answer is a summary one can write from memory first.
TYPED_FIELDS = ("what", "how", "why")


def deck_settings(conn: sqlite3.Connection, config: Mapping[str, Any]) -> DeckSettings:
    """The `review.*` values the caller read from config.yaml (a reader.config.Config or any
    mapping of those dotted keys) plus the parameters `paperdeck optimize` saved."""
    return DeckSettings(
        desired_retention=config["review.desired_retention"],
        new_per_day=config["review.new_per_day"],
        reviews_per_day=config["review.reviews_per_day"],
        maximum_interval=config["review.maximum_interval_days"],
        fuzz=config["review.fuzz"],
        rollover_hour=config["review.day_starts_at_hour"],
        parameters=load_parameters(conn),
    )


def can_type(card) -> bool:
    """Whether the card is a what/how/why card (answered by typing from memory first)."""
    key = card.source_key or ""
    return card.kind == "basic" and key.rsplit(":", 1)[-1] in TYPED_FIELDS and \
        (card.group_key is None or key == f"{card.group_key}:{key.rsplit(':', 1)[-1]}")


FIELD_NAMES = {"what": "What note", "how": "How note", "why": "Why note", "text": "free notes"}


def source_label(card) -> str:
    """Where the card came from, in words: 'What note', 'cloze 2 · How note', 'Q/A 1 · free
    notes', 'written by hand'."""
    if not card.source_key:
        return "written by hand"
    # The key is ITEM:field or ITEM:cloze|qa:field:n, and an item's id may hold ':' itself
    # (local:3f2a9c): read it from the end.
    parts = card.source_key.split(":")
    if len(parts) >= 4 and parts[-3] in ("cloze", "qa"):
        rest = parts[-3:]
    elif card.group_key and card.source_key.startswith(card.group_key + ":"):
        rest = card.source_key[len(card.group_key) + 1:].split(":")
    else:
        rest = parts[-1:] if len(parts) >= 2 and parts[-1] in FIELD_NAMES else parts
    if len(rest) == 1:
        return FIELD_NAMES.get(rest[0], rest[0])
    if len(rest) == 3 and rest[0] in ("cloze", "qa"):
        kind = "cloze" if rest[0] == "cloze" else "Q/A"
        return f"{kind} {rest[2]} · {FIELD_NAMES.get(rest[1], rest[1])}"
    return card.source_key


def check_sides(front: str | None, back: str | None) -> None:
    """A hand-written card's front and back (either None: unchanged) within the one text limit
    (reader.limits), checked before anything is written, the CLI's and the TUI's alike;
    UsageError naming the side."""
    from reader.limits import check_text

    for side, text in (("front", front), ("back", back)):
        if text is not None:
            check_text(text, f"the card's {side}", "shorten it (a card is a question and its "
                       "answer; keep the rest in the paper's notes)")


def made_from_note(card) -> str:
    """Why a generated card cannot be edited or deleted here, and what to do instead."""
    where = source_label(card).split(" · ")[-1]
    paper = f" of {card.group_key}" if card.group_key else ""
    how = f"paperdeck note {card.group_key}" if card.group_key else "the note"
    return (f"card {card.id} is made from the {where}{paper}: it changes with the note "
            f"(edit it with: {how}) and goes when the note's text does")


def _n(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def session_phrase(conn: sqlite3.Connection, review_ids: list[int], answers: int) -> str:
    """'3 cards, 6 answers': what a session did, from the review log ids of its answers that
    stand (undone ones taken out). When the session no longer knows every id (`answers` is
    more), only the answers are counted, rather than a wrong number of cards."""
    from decks.reviews import cards_answered

    from reader.reading.readlog import cards_and_answers

    if len(review_ids) < answers:
        return _n(answers, "answer", "answers")
    return cards_and_answers(cards_answered(conn, review_ids), answers)


def counts_line(counts: DueCounts) -> str:
    """'3 new, 0 learning, 12 to review'."""
    return f"{counts.new} new, {counts.learning} learning, {counts.review} to review"


def held_back_lines(counts: DueCounts, settings: DeckSettings) -> list[str]:
    """Why cards due today are not in today's queue, one sentence per reason."""
    h = counts.held
    lines = []
    if h.review_siblings:
        lines.append(f"{_n(h.review_siblings, 'review waits', 'reviews wait')} for tomorrow: "
                     "one card of a note a day")
    if h.review_limit:
        lines.append(f"{_n(h.review_limit, 'review waits', 'reviews wait')} for tomorrow: "
                     f"daily limit {settings.reviews_per_day} reviews")
    if h.new_siblings:
        lines.append(f"{_n(h.new_siblings, 'new card waits', 'new cards wait')} for tomorrow: "
                     "one card of a note a day")
    if h.new_limit:
        lines.append(f"{_n(h.new_limit, 'new card waits', 'new cards wait')} for later days: "
                     f"daily limit {settings.new_per_day} new cards")
    return lines


def when_phrase(when: datetime, now: datetime, tz: tzinfo) -> str:
    """'15:00', 'tomorrow (from 04:00)', 'Thu 27 Nov (from 04:00)'."""
    local, today = when.astimezone(tz), now.astimezone(tz).date()
    if local.date() == today:
        return local.strftime("%H:%M")
    day = "tomorrow" if (local.date() - today).days == 1 else local.strftime("%a %d %b")
    return f"{day} (from {local:%H:%M})"


def after_session_lines(conn: sqlite3.Connection, now: datetime, settings: DeckSettings,
                        tz: tzinfo, counts: DueCounts | None = None) -> list[str]:
    """What a review session says when it ends: the cards held back and why, and when the
    queue next has a card (never a card it holds back)."""
    from decks.queue import next_session, plan_today

    counts = counts or plan_today(conn, now, settings, tz)
    lines = held_back_lines(counts, settings)
    if counts.total:
        return lines
    when = next_session(conn, now, settings, tz, counts)
    if when is not None and when > now:
        what = "next card due" if when == counts.later_today else "next review"
        lines.append(f"{what} {when_phrase(when, now, tz)}")
    return lines


_DAYS = re.compile(r"\+?(\d{1,5})d?")


def due_from(text: str, now: datetime, tz, rollover_hour: int) -> datetime:
    """When a card set due on `text` comes due: the start of that study day (so it is in that
    day's queue from the rollover on). `text`: today, tomorrow, a number of days (3, +3, 3d)
    or a date (2026-12-01). Raises UsageError."""
    from decks.clock import day_start, study_day

    from reader.errors import UsageError

    word = text.strip().lower()
    today = study_day(now, tz, rollover_hour)
    if word in ("today", "now"):
        day = today
    elif word == "tomorrow":
        day = today + timedelta(days=1)
    elif m := _DAYS.fullmatch(word):
        day = today + timedelta(days=int(m.group(1)))
    else:
        try:
            day = date.fromisoformat(word)
        except ValueError:
            raise UsageError(f"'{text.strip()[:30]}' is not a due date; give a date like "
                             "2026-12-01, a number of days like 3, or today/tomorrow") from None
        if day < today:
            raise UsageError(f"{day} is in the past; give today or a later day")
    if (day - today).days > 36500:
        raise UsageError("that is more than 100 years away; give a nearer day")
    return max(day_start(day, tz, rollover_hour), now) if day == today else \
        day_start(day, tz, rollover_hour)
