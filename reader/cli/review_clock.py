"""The clock, the timezone and local times for the review verbs (review, review_cards,
review_plain, review_stats share them)."""

from __future__ import annotations


def now():
    from reader import clock

    return clock.now()


def tz():
    from decks.clock import local_tz

    return local_tz()


def local(t) -> str:
    """'2026-11-21 09:00' in local time ('-' for None)."""
    return t.astimezone(tz()).strftime("%Y-%m-%d %H:%M") if t else "-"
