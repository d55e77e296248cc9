from datetime import date, datetime, timedelta, timezone

from decks.cards import add_card
from decks.models import Rating
from decks.queue import plan_today
from decks.reviews import answer
from decks.settings import DeckSettings
from decks.stats import due_forecast, review_heatmap, streak, true_retention

from .conftest import BERLIN, NOW, set_state

UTC = timezone.utc


def at(local: str) -> datetime:
    return datetime.fromisoformat(local).replace(tzinfo=BERLIN).astimezone(UTC)


def test_heatmap_counts_per_study_day(conn):
    c = add_card(conn, "a", "b", now=NOW)
    for t in ["2026-03-08T21:00", "2026-03-09T03:59", "2026-03-09T04:00", "2026-03-09T04:10",
              "2026-03-10T11:00", "2025-03-10T12:00"]:
        answer(conn, c.id, Rating.Good, at(t))
    hm = review_heatmap(conn, NOW, BERLIN)
    assert len(hm) == 365 and list(hm)[-1] == date(2026, 3, 10) and list(hm)[0] == date(2025, 3, 11)
    assert hm[date(2026, 3, 8)] == 2 and hm[date(2026, 3, 9)] == 2 and hm[date(2026, 3, 10)] == 1
    assert sum(hm.values()) == 5  # the one a year ago is outside the window


def test_heatmap_half_hour_zone(conn):
    from zoneinfo import ZoneInfo

    kolkata = ZoneInfo("Asia/Kolkata")  # UTC+05:30: the day starts at 22:30 UTC
    c = add_card(conn, "a", "b", now=NOW)
    answer(conn, c.id, 3, datetime(2026, 3, 9, 22, 29, tzinfo=UTC))
    answer(conn, c.id, 3, datetime(2026, 3, 9, 22, 30, tzinfo=UTC))
    hm = review_heatmap(conn, NOW, kolkata, days=3)
    assert hm == {date(2026, 3, 8): 0, date(2026, 3, 9): 1, date(2026, 3, 10): 1}


def test_due_forecast(conn):
    s = DeckSettings()
    specs = [NOW - timedelta(days=5), NOW + timedelta(hours=1), at("2026-03-11T03:00"),
             at("2026-03-11T05:00"), NOW + timedelta(days=29), NOW + timedelta(days=31)]
    for i, due in enumerate(specs):
        c = add_card(conn, str(i), "b", now=NOW)
        set_state(conn, c.id, state="review", due=due, last_review=NOW - timedelta(days=9))
    add_card(conn, "new", "b", now=NOW)
    fc = due_forecast(conn, NOW, s, BERLIN)
    assert len(fc) == 30 and list(fc)[0] == date(2026, 3, 10)
    # Today is today's queue: overdue + later today + before 04:00 tomorrow, and the new card
    assert fc[date(2026, 3, 10)] == 4 == plan_today(conn, NOW, s, BERLIN).total
    assert fc[date(2026, 3, 11)] == 1
    assert fc[date(2026, 4, 8)] == 1
    assert sum(fc.values()) == 6


def test_true_retention(conn):
    s = DeckSettings(fuzz=False)
    cards = [add_card(conn, str(i), "b", now=NOW - timedelta(days=40)) for i in range(4)]
    for c in cards:
        answer(conn, c.id, Rating.Easy, NOW - timedelta(days=40), settings=s)  # new → not counted
    for c, r in zip(cards, [1, 2, 3, 4]):
        answer(conn, c.id, r, NOW - timedelta(days=20), settings=s)
    answer(conn, cards[0].id, Rating.Good, NOW - timedelta(days=20, minutes=-15), settings=s)  # relearning
    ret = true_retention(conn, NOW)
    assert (ret.passed, ret.total, ret.rate) == (3, 4, 0.75)
    assert true_retention(conn, NOW - timedelta(days=60)).rate is None


def test_streak(conn):
    c = add_card(conn, "a", "b", now=NOW)
    assert streak(conn, NOW, BERLIN) == 0
    for t in ["2026-03-06T20:00", "2026-03-08T23:00", "2026-03-09T02:00", "2026-03-09T21:00"]:
        answer(conn, c.id, 3, at(t))
    # study days 8 (23:00) and 8 (02:00 on the 9th) and 9: streak 2 ending yesterday (today none yet)
    assert streak(conn, NOW, BERLIN) == 2
    answer(conn, c.id, 3, NOW)
    assert streak(conn, NOW, BERLIN) == 3
    assert streak(conn, NOW + timedelta(days=2), BERLIN) == 0
