from datetime import datetime, timedelta, timezone

import pytest

from decks.cards import add_card, suspend_card
from decks.clock import day_bounds, study_day
from decks.models import Rating
from decks.queue import due_counts, next_card, today_queue
from decks.reviews import answer
from decks.settings import DeckSettings

from .conftest import BERLIN, NOW, set_state

UTC = timezone.utc


def ids(cards):
    return [c.id for c in cards]


def test_order_learning_then_reviews_by_retrievability_then_new(conn):
    s = DeckSettings()
    new_late = add_card(conn, "n2", "b", now=NOW, order_key="2026-02-02")
    new_early = add_card(conn, "n1", "b", now=NOW, order_key="2026-01-01")
    learn = add_card(conn, "l", "b", now=NOW)
    set_state(conn, learn.id, state="learning", step=1, due=NOW - timedelta(minutes=1),
              last_review=NOW - timedelta(minutes=11), stability=2.3)
    relearn = add_card(conn, "rl", "b", now=NOW)
    set_state(conn, relearn.id, state="relearning", step=0, due=NOW - timedelta(minutes=5),
              last_review=NOW - timedelta(minutes=15), stability=1.0)
    # R falls with days-since-review / stability: r_low is the most forgotten
    r_high = add_card(conn, "rh", "b", now=NOW)
    set_state(conn, r_high.id, state="review", due=NOW - timedelta(days=1),
              last_review=NOW - timedelta(days=10), stability=50)
    r_low = add_card(conn, "rlow", "b", now=NOW)
    set_state(conn, r_low.id, state="review", due=NOW + timedelta(hours=5),
              last_review=NOW - timedelta(days=10), stability=5)
    later_today = add_card(conn, "later", "b", now=NOW)  # due 03:00 Berlin tomorrow: still today
    set_state(conn, later_today.id, state="review", due=datetime(2026, 3, 11, 2, 0, tzinfo=UTC),
              last_review=NOW - timedelta(days=3), stability=3)
    tomorrow = add_card(conn, "tomorrow", "b", now=NOW)  # due 05:00 Berlin tomorrow
    set_state(conn, tomorrow.id, state="review", due=datetime(2026, 3, 11, 4, 0, tzinfo=UTC),
              last_review=NOW - timedelta(days=3), stability=3)
    susp = add_card(conn, "s", "b", now=NOW, order_key="2000")
    suspend_card(conn, susp.id, NOW)

    q = today_queue(conn, NOW, s, BERLIN)
    assert ids(q) == [relearn.id, learn.id, r_low.id, later_today.id, r_high.id,
                      new_early.id, new_late.id]
    assert next_card(conn, NOW, s, BERLIN).id == relearn.id
    dc = due_counts(conn, NOW, s, BERLIN)
    assert (dc.new, dc.learning, dc.review, dc.tomorrow) == (2, 2, 3, 6)  # tomorrow: 2 learning + 3 reviews + 1 due tomorrow


def test_review_backlog_keeps_lowest_retrievability(conn):
    s = DeckSettings(reviews_per_day=3)
    cards = []
    for i, stab in enumerate([40, 2, 30, 1, 10]):
        c = add_card(conn, str(i), "b", now=NOW)
        set_state(conn, c.id, state="review", due=NOW - timedelta(days=1),
                  last_review=NOW - timedelta(days=8), stability=stab)
        cards.append(c)
    q = today_queue(conn, NOW, s, BERLIN)
    assert ids(q) == [cards[3].id, cards[1].id, cards[4].id]
    answer(conn, cards[3].id, Rating.Good, NOW, settings=s)
    q = today_queue(conn, NOW, s, BERLIN)
    assert ids(q) == [cards[1].id, cards[4].id]  # one review done counts against the limit
    assert due_counts(conn, NOW, s, BERLIN).review == 2


def test_new_limit_counts_cards_introduced_today(conn):
    s = DeckSettings(new_per_day=3, learning_steps=(), fuzz=False)
    cards = [add_card(conn, str(i), "b", now=NOW, order_key=f"{i:03d}") for i in range(6)]
    assert ids(today_queue(conn, NOW, s, BERLIN)) == ids(cards[:3])
    answer(conn, cards[0].id, Rating.Good, NOW, settings=s)  # graduates at once (no steps)
    assert ids(today_queue(conn, NOW, s, BERLIN)) == ids(cards[1:3])
    assert due_counts(conn, NOW, s, BERLIN).new == 2
    # the next study day (after 04:00 Berlin) the limit is fresh
    tomorrow = datetime(2026, 3, 11, 3, 0, tzinfo=UTC)
    assert ids(today_queue(conn, tomorrow, s, BERLIN)) == ids(cards[1:4])
    # but at 02:59 UTC = 03:59 Berlin it is still today
    assert ids(today_queue(conn, tomorrow - timedelta(minutes=1), s, BERLIN)) == ids(cards[1:3])


def test_learning_card_comes_back_in_session_with_learn_ahead(conn):
    s = DeckSettings()
    a = add_card(conn, "a", "b", now=NOW, order_key="1")
    b = add_card(conn, "b", "b", now=NOW, order_key="2")
    answer(conn, a.id, Rating.Good, NOW, settings=s)  # due in 10 min
    assert ids(today_queue(conn, NOW, s, BERLIN)) == [b.id, a.id]  # a is "learn ahead", last
    answer(conn, b.id, Rating.Again, NOW + timedelta(seconds=20), settings=s)  # due in 1 min
    t = NOW + timedelta(seconds=30)
    assert next_card(conn, t, s, BERLIN).id == b.id  # nothing else left: the earliest comes
    t2 = NOW + timedelta(minutes=2)
    assert ids(today_queue(conn, t2, s, BERLIN)) == [b.id, a.id]  # b due now; a ahead
    answer(conn, b.id, Rating.Good, t2, settings=s)  # b due in 10 min (at t2 + 10m)
    t3 = NOW + timedelta(minutes=11)
    assert ids(today_queue(conn, t3, s, BERLIN)) == [a.id, b.id]
    # a learning card due beyond the learn-ahead window does not show
    assert today_queue(conn, NOW + timedelta(minutes=10), DeckSettings(learn_ahead_s=0), BERLIN)[0].id == a.id
    assert ids(today_queue(conn, NOW + timedelta(minutes=5), DeckSettings(learn_ahead_s=60), BERLIN)) == []


def test_group_filter(conn):
    a = add_card(conn, "a", "b", "ctx", "p1", now=NOW)
    add_card(conn, "b", "b", "ctx", "p2", now=NOW)
    assert ids(today_queue(conn, NOW, DeckSettings(), BERLIN, group_key="p1")) == [a.id]
    assert due_counts(conn, NOW, DeckSettings(), BERLIN, group_key="p1").new == 1


@pytest.mark.parametrize("local,expected_day", [
    ("2026-03-28T03:59:00", "2026-03-27"), ("2026-03-28T04:00:00", "2026-03-28"),
    # DST starts 2026-03-29 02:00 → 03:00 in Berlin
    ("2026-03-29T03:59:00", "2026-03-28"), ("2026-03-29T04:00:00", "2026-03-29"),
    ("2026-03-30T00:30:00", "2026-03-29"),
    # DST ends 2026-10-25 03:00 → 02:00
    ("2026-10-25T03:59:00", "2026-10-24"), ("2026-10-25T04:00:00", "2026-10-25"),
])
def test_study_day_rolls_over_at_4_local(local, expected_day):
    t = datetime.fromisoformat(local).replace(tzinfo=BERLIN).astimezone(UTC)
    assert study_day(t, BERLIN).isoformat() == expected_day


def test_day_bounds_across_dst():
    # the study day of 2026-03-28 04:00 CET → 2026-03-29 04:00 CEST is 23 hours long
    t = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    day, start, end = day_bounds(t, BERLIN)
    assert start == datetime(2026, 3, 28, 3, 0, tzinfo=UTC)
    assert end == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)
    assert end - start == timedelta(hours=23)
    day, start, end = day_bounds(datetime(2026, 10, 24, 12, 0, tzinfo=UTC), BERLIN)
    assert end - start == timedelta(hours=25)


def test_queue_across_dst_boundary(conn):
    s = DeckSettings()
    # a review due 04:30 CEST on 2026-03-29 (02:30 UTC): not in the queue of the evening before,
    # (whose day ends at 04:00 CEST = 02:00 UTC), in the queue right after 04:00 CEST.
    c = add_card(conn, "a", "b", now=NOW)
    set_state(conn, c.id, state="review", due=datetime(2026, 3, 29, 2, 30, tzinfo=UTC),
              last_review=datetime(2026, 3, 20, tzinfo=UTC), stability=9)
    evening = datetime(2026, 3, 28, 22, 0, tzinfo=UTC)  # 23:00 CET
    assert today_queue(conn, evening, s, BERLIN) == []
    assert due_counts(conn, evening, s, BERLIN).tomorrow == 1
    before_4 = datetime(2026, 3, 29, 1, 59, tzinfo=UTC)  # 03:59 CEST
    assert today_queue(conn, before_4, s, BERLIN) == []
    after_4 = datetime(2026, 3, 29, 2, 0, tzinfo=UTC)  # 04:00 CEST
    assert ids(today_queue(conn, after_4, s, BERLIN)) == [c.id]
    # with a fixed UTC+1 offset (no DST) that day would end at 03:00 UTC, so the card would
    # already be in the evening's queue: the DST-aware zone matters
    assert ids(today_queue(conn, before_4, s, timezone(timedelta(hours=1)))) == [c.id]


def test_queue_queries_use_indexes_without_analyze(conn):
    """The queue's queries must not scan the cards table (bench: 100k cards, <= 50 ms)."""
    end, now = "2026-03-11T03:00:00Z", "2026-03-10T10:00:00Z"
    queries = [
        ("SELECT id FROM cards WHERE suspended IS NULL AND state IN ('learning', 'relearning')"
         " AND due <= ? ORDER BY due, id", (now,)),
        ("SELECT id FROM cards WHERE suspended IS NULL AND state = 'review' AND due < ?"
         " ORDER BY CAST(julianday(?) - julianday(last_review) AS INTEGER) / stability DESC,"
         " due, id LIMIT 200", (end, now)),
        ("SELECT count(*) FROM cards WHERE suspended IS NULL AND state = 'review' AND due < ?",
         (end,)),
        ("SELECT id FROM cards WHERE suspended IS NULL AND state = 'new' ORDER BY new_order, id"
         " LIMIT 20", ()),
        ("SELECT state_before, count(*) FROM review_log WHERE reviewed_at >= ? AND reviewed_at < ?"
         " GROUP BY state_before", (now, end)),
        # waiting siblings: one indexed probe per new card with siblings
        ("SELECT id, sibling_key FROM cards AS n WHERE suspended IS NULL AND state = 'new'"
         " AND sibling_key IS NOT NULL AND EXISTS (SELECT 1 FROM cards AS s"
         " WHERE s.sibling_key = n.sibling_key AND s.state != 'new') ORDER BY new_order, id", ()),
        ("SELECT DISTINCT c.sibling_key FROM review_log AS r JOIN cards AS c ON c.id = r.card_id"
         " WHERE r.reviewed_at >= ? AND r.reviewed_at < ? AND c.sibling_key IS NOT NULL",
         (now, end)),
    ]
    expected = ["cards_active_due (state=? AND due<?)", "COVERING INDEX cards_active_due",
                "COVERING INDEX cards_active_due", "SCAN cards USING INDEX cards_new_order",
                "COVERING INDEX review_log_time",
                "COVERING INDEX cards_sibling (sibling_key=?)", "INDEX review_log_time"]
    for (sql, args), want in zip(queries, expected):
        plan = " | ".join(r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, args))
        assert want in plan, plan


def test_siblings_are_buried_for_the_day_once_one_is_answered(conn):
    from decks.cards import sync_specs
    from decks.models import CardSpec

    UTC = timezone.utc

    specs = [CardSpec("p:what", "basic", "What?", "It maps.", "", "p", "p:what"),
             CardSpec("p:cloze:what:1", "cloze", "It [...]", "It maps.", "", "p", "p:what"),
             CardSpec("p:qa:text:1", "basic", "Q", "A", "", "p", None)]
    sync_specs(conn, "p", specs, NOW)
    queue = today_queue(conn, NOW, tz=UTC)
    # the session shows one card of the note today: the cloze is held back from the start
    assert [c.source_key for c in queue] == ["p:what", "p:qa:text:1"]
    plan = due_counts(conn, NOW, tz=UTC)
    assert (plan.new, plan.held.new_siblings) == (2, 1)
    answer(conn, queue[0].id, Rating.Easy, NOW)          # straight to review, due days later
    after = [c.source_key for c in today_queue(conn, NOW, tz=UTC)]
    assert after == ["p:qa:text:1"]                       # the cloze sibling waits
    assert due_counts(conn, NOW, tz=UTC).new == 1
    tomorrow = NOW + timedelta(days=1)
    assert today_queue(conn, tomorrow, tz=UTC)[0].source_key == "p:cloze:what:1"
