"""Benchmark the review engine on a large synthetic deck. Prints figures, asserts nothing.

    .venv/bin/python bench/bench_decks.py [--path DB] [--cards 100000] [--reviews 1000000]

Builds (bulk inserts) a database with the given number of cards — mostly in review, some new,
some learning — and a review log of the given size, then measures:
- grading a card (answer: read, reschedule with FSRS, write card + log row, commit): p50/p99 ms
  over --answers answers (target p99 <= 10 ms);
- building today's queue (target <= 50 ms), today's plan (the one count every surface shows),
  and the stats queries, calibration included;
- the workload simulation (fsrs-rs-python, a year at five desired retentions) for the deck's
  active cards and for --workload-cards.

    .venv/bin/python bench/bench_decks.py --real-log [CSV]

instead answers the real Anki log (../shared/fixtures/review-logs) into a library through the
scheduler and prints the review-honesty figures on it: how far the optimiser's memory states
are from the scheduler's when elapsed time is counted as study days (the old way) and as
24-hour periods (now), `optimize`'s three held-out evaluations, calibration, and the workload
simulation with its time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from decks.clock import iso  # noqa: E402
from decks.db import transaction  # noqa: E402
from decks.queue import due_counts, plan_today, today_queue  # noqa: E402
from decks.reviews import answer  # noqa: E402
from decks.settings import DeckSettings  # noqa: E402
from decks.stats import (calibration, due_forecast, review_heatmap, streak,  # noqa: E402
                         true_retention)
from decks.workload import simulate_workload  # noqa: E402
from reader.store.db import connect, migrate  # noqa: E402

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)
TZ = ZoneInfo("Europe/Berlin")


def build(conn, n_cards: int, n_reviews: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    per_card = max(1, n_reviews // n_cards)
    created = iso(NOW - timedelta(days=800))

    def cards():
        for i in range(1, n_cards + 1):
            group = f"{2000 + i // 20:04d}.{i % 100000:05d}"
            kind = rng.random()
            if kind < 0.10:
                state, due, last, stab, step, reps = "new", None, None, None, None, 0
            elif kind < 0.105:
                state = rng.choice(["learning", "relearning"])
                last_t = NOW - timedelta(minutes=rng.randint(1, 600))
                due = iso(last_t + timedelta(minutes=10))
                last, stab, step, reps = iso(last_t), rng.uniform(0.5, 5), 0, per_card
            else:
                state = "review"
                stab = rng.lognormvariate(3, 1.2)
                ivl = max(1.0, stab * rng.uniform(0.9, 1.1))
                # reviewed when due, give or take: about 5% overdue, the rest spread ahead
                last_t = NOW - timedelta(days=ivl * rng.uniform(0, 1.05))
                due = iso(last_t + timedelta(days=ivl))
                last, step, reps = iso(last_t), None, per_card
            sibling = f"note{i // 7}" if i % 7 < 3 else None  # three cards of a note: siblings
            yield (i, f"{group}:qa:{i % 7}", "basic", f"Front {i}", f"Back {i}", "Some paper",
                   group, sibling, f"{i:08d}", state, step, stab,
                   rng.uniform(1, 10) if stab else None, due, last, reps, 0, created, created)

    def log():
        start = NOW - timedelta(days=730)
        span = 729 * 86400
        n = 0
        for card in range(1, n_cards + 1):
            times = sorted(rng.randrange(span) for _ in range(per_card))
            prev = None
            for k, s in enumerate(times):
                if n >= n_reviews:
                    return
                n += 1
                t = iso(start + timedelta(seconds=s))
                yield (card, rng.choice((1, 3, 3, 3, 2, 4)), t, rng.randint(800, 20000),
                       "new" if k == 0 else "review", None, None if k == 0 else 5.0,
                       None if k == 0 else 5.0, None if k == 0 else t, prev, "review", t)
                prev = t

    with transaction(conn):
        conn.executemany(
            "INSERT INTO cards(id, source_key, kind, front, back, context, group_key, sibling_key,"
            " new_order, state, step, stability, difficulty, due, last_review, reps, lapses,"
            " created, modified) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cards())
        conn.executemany(
            "INSERT INTO review_log(card_id, rating, reviewed_at, duration_ms, state_before,"
            " step_before, stability_before, difficulty_before, due_before, last_review_before,"
            " state_after, due_after) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", log())
    conn.execute("ANALYZE")


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


REVLOG = Path(__file__).resolve().parents[2] / "shared/fixtures/review-logs/anki-revlog-josh-2024.csv"


def real_log_figures(csv: Path) -> None:
    import statistics as st
    from collections import defaultdict

    import fsrs_rs_python as rs
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from decks.cards import add_card
    from decks.clock import study_day
    from decks.optimize import load_anki_revlog_csv, load_review_log, optimize_log
    from decks.workload import simulate_workload

    reviews = load_anki_revlog_csv(csv)
    with tempfile.TemporaryDirectory(prefix="bench-real-") as d:
        conn = connect(Path(d) / "paperdeck.db")
        migrate(conn)
        t = time.perf_counter()
        ids: dict[int, int] = {}
        with transaction(conn):
            for r in sorted(reviews, key=lambda r: r.reviewed_at):
                if r.card_id not in ids:
                    ids[r.card_id] = add_card(conn, "q", "a",
                                              now=r.reviewed_at - timedelta(seconds=1)).id
                answer(conn, ids[r.card_id], r.rating, r.reviewed_at, r.duration_ms)
        print(f"{len(reviews):,} reviews of {len(ids):,} cards answered through the scheduler"
              f" in {time.perf_counter() - t:.1f} s")

        # The optimiser's view of each long-term review against the scheduler's state before it.
        before = {(r[0], r[1]): r[2] for r in conn.execute(
            "SELECT card_id, reviewed_at, stability_before FROM review_log")}
        model = rs.FSRS(list(DEFAULT_PARAMETERS))
        by_card = defaultdict(list)
        for r in load_review_log(conn):
            by_card[r.card_id].append(r)
        utc = timezone.utc
        for name, days_between in (
                ("study days, 04:00 rollover (before)",
                 lambda a, b: (study_day(b, utc) - study_day(a, utc)).days),
                ("24-hour periods (now)", lambda a, b: (b - a).days)):
            diffs, mismatched, items = [], 0, 0
            for card_id, revs in by_card.items():
                seq, prev = [], None
                for r in revs:
                    days = 0 if prev is None else days_between(prev, r.reviewed_at)
                    if seq and days > 0:
                        items += 1
                        mem = model.memory_state(rs.FSRSItem(list(seq)))
                        s = before[(card_id, iso(r.reviewed_at))]
                        diffs.append(abs(mem.stability / s - 1))
                        mismatched += (r.reviewed_at - prev).days == 0
                    seq.append(rs.FSRSReview(r.rating, days))
                    prev = r.reviewed_at
            diffs.sort()
            print(f"  optimiser counting {name}: {items:,} targets, {mismatched:,} of them under"
                  f" 24 h after the previous answer; stability vs the scheduler's: median"
                  f" {st.median(diffs):.2%}, p90 {diffs[int(0.9 * len(diffs))]:.2%},"
                  f" max {diffs[-1]:.2%}")
        t = time.perf_counter()
        result = optimize_log(conn)
        print(f"optimize ({time.perf_counter() - t:.2f} s): {result.summary()}")
        t = time.perf_counter()
        cal = calibration(conn)
        print(f"calibration ({(time.perf_counter() - t) * 1000:.0f} ms): {cal.reviews:,}"
              f" predictions, log loss {cal.log_loss:.4f}, RMSE(bins) {cal.rmse_bins:.4f}")
        for b in cal.bins:
            print(f"    {b.low:.2f}-{b.high:.2f} {b.count:>6,}  predicted {b.predicted:.3f}"
                  f"  recalled {b.actual:.3f}")
        w = simulate_workload(conn, DeckSettings())
        xs = timed(lambda: simulate_workload(conn, DeckSettings()), 5)
        print(f"workload: {w.cards:,} cards, {len(w.rows)} retentions x {w.days} days:"
              f" median {statistics.median(xs):.0f} ms")
        for r in w.rows:
            print(f"    {r.desired_retention:.2f}: {r.reviews_per_day:5.1f} reviews/day,"
                  f" {r.minutes_per_day:4.1f} min/day, recalled {r.retention:.1%},"
                  f" remembered {r.memorized:,.0f}")
        conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--path", type=Path, help="database file (default: a temporary folder)")
    ap.add_argument("--cards", type=int, default=100_000)
    ap.add_argument("--reviews", type=int, default=1_000_000)
    ap.add_argument("--answers", type=int, default=500)
    ap.add_argument("--workload-cards", type=int, default=10_000,
                    help="deck size of the second workload simulation")
    ap.add_argument("--real-log", nargs="?", type=Path, const=REVLOG, metavar="CSV",
                    help="the review-honesty figures on a real Anki log instead")
    args = ap.parse_args()
    if args.real_log is not None:
        real_log_figures(args.real_log)
        return

    tmp = None
    if args.path is None:
        tmp = tempfile.TemporaryDirectory(prefix="bench-decks-")
        args.path = Path(tmp.name) / "paperdeck.db"
    if args.path.exists():
        sys.exit(f"{args.path} exists; give a new path")
    conn = connect(args.path)
    migrate(conn)
    t = time.perf_counter()
    build(conn, args.cards, args.reviews)
    print(f"built {args.cards:,} cards and {args.reviews:,} reviews in {time.perf_counter() - t:.1f} s"
          f" ({args.path.stat().st_size / 1e6:.0f} MB)")

    settings = DeckSettings()
    q = today_queue(conn, NOW, settings, TZ)
    dc = due_counts(conn, NOW, settings, TZ)
    print(f"today: queue of {len(q)} cards; due counts new={dc.new} learning={dc.learning}"
          f" review={dc.review} tomorrow={dc.tomorrow}")

    def report(name, xs, target=None):
        extra = f"   (target {target})" if target else ""
        print(f"{name:<34} p50 {statistics.median(xs):7.2f} ms   p99 {pct(xs, 99):7.2f} ms{extra}")

    report("today_queue", timed(lambda: today_queue(conn, NOW, settings, TZ), 50), "<= 50 ms")
    report("plan_today (due_counts)", timed(lambda: plan_today(conn, NOW, settings, TZ), 50))
    plan = plan_today(conn, NOW, settings, TZ)
    print(f"plan: new={plan.new} learning={plan.learning} review={plan.review}; held back:"
          f" {plan.held.review_siblings} review siblings, {plan.held.review_limit} past the"
          f" review limit, {plan.held.new_siblings} new siblings, {plan.held.new_limit} new past"
          " the limit")

    rng = random.Random(7)
    ids = [r[0] for r in conn.execute("SELECT id FROM cards ORDER BY random() LIMIT ?", (args.answers,))]
    grading = []
    for i, card_id in enumerate(ids):
        now = NOW + timedelta(seconds=i)
        t = time.perf_counter()
        answer(conn, card_id, rng.choice((1, 2, 3, 3, 3, 4)), now, 4000, settings)
        grading.append((time.perf_counter() - t) * 1000)
    report(f"answer ({len(ids)} answers, committed)", grading, "p99 <= 10 ms")
    report("today_queue after answers", timed(lambda: today_queue(conn, NOW + timedelta(minutes=10), settings, TZ), 20))

    report("stats: review_heatmap (365 d)", timed(lambda: review_heatmap(conn, NOW, TZ), 3))
    report("stats: due_forecast (30 d)", timed(lambda: due_forecast(conn, NOW, settings, TZ), 3))
    report("stats: true_retention (30 d)", timed(lambda: true_retention(conn, NOW), 3))
    report("stats: streak", timed(lambda: streak(conn, NOW, TZ), 3))
    cal = calibration(conn, settings)
    report(f"stats: calibration ({cal.reviews:,} predictions)",
           timed(lambda: calibration(conn, settings), 3))
    for cards in (None, args.workload_cards):
        w = simulate_workload(conn, settings, cards=cards)
        rows = ", ".join(f"{r.desired_retention:.2f}: {r.reviews_per_day:.0f}/day"
                         for r in w.rows)
        xs = timed(lambda: simulate_workload(conn, settings, cards=cards), 3)
        report(f"workload: {w.cards:,} cards, {len(w.rows)} x {w.days} days", xs)
        print(f"    {rows}")
    conn.close()
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
