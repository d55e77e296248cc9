"""`paperdeck stats`: reviews per day, true retention, the forecast, the streak, and calibration
(the recall FSRS predicted before each review against what happened); `--workload`: a year
simulated at several desired retentions (decks.workload)."""

from __future__ import annotations

from reader.cli.output import add_json_flag, emit_json, out
from reader.cli.review_clock import now as _now, tz as _tz


def register(sub) -> None:
    p = sub.add_parser("stats", help="review statistics: reviews per day, retention, forecast, "
                                     "streak, calibration (--workload: cost of a retention)")
    p.add_argument("--days", type=int, default=30, metavar="N",
                   help="days of reviews per day to list (default 30; JSON holds 365)")
    p.add_argument("--workload", action="store_true",
                   help="simulate a year of reviews at your desired retention and at 0.80-0.95")
    p.add_argument("--cards", type=int, metavar="N",
                   help="with --workload: simulate a deck of N cards instead of yours")
    add_json_flag(p)
    p.set_defaults(func=cmd_stats)


def cmd_stats(args, ctx) -> int:
    from reader.errors import UsageError
    from reader.reading.reviewing import deck_settings

    if not 1 <= args.days <= 365:
        raise UsageError(f"--days {args.days}: give a number of days from 1 to 365")
    if args.cards is not None and not 1 <= args.cards <= 1_000_000:
        raise UsageError(f"--cards {args.cards}: give a deck size from 1 to 1000000")
    settings = deck_settings(ctx.conn, ctx.config)
    if args.workload:
        return _workload(args, ctx, settings)
    from decks.stats import review_stats

    s = review_stats(ctx.conn, _now(), settings, _tz())
    if args.json:
        emit_json(_stats_json(s, settings))
        return 0
    _print_stats(s, settings, args.days)
    return 0


def _stats_json(s, settings) -> dict:
    cal, ret, plan = s.calibration, s.retention, s.plan
    return {
        "today": s.today.isoformat(),
        "done_today": s.done_today,
        "due_today": {"new": plan.new, "learning": plan.learning, "review": plan.review,
                      "held_back": {"new_limit": plan.held.new_limit,
                                    "new_siblings": plan.held.new_siblings,
                                    "review_limit": plan.held.review_limit,
                                    "review_siblings": plan.held.review_siblings}},
        "reviews_per_day": {d.isoformat(): n for d, n in s.per_day.items()},
        "true_retention_30d": {"passed": ret.passed, "total": ret.total, "rate": ret.rate,
                               "desired": settings.desired_retention},
        "streak": s.streak,
        "forecast": {d.isoformat(): n for d, n in s.forecast.items()},
        "calibration": {
            "reviews": cal.reviews, "log_loss": cal.log_loss, "rmse_bins": cal.rmse_bins,
            "bins": [{"low": b.low, "high": b.high, "count": b.count,
                      "predicted": b.predicted, "actual": b.actual} for b in cal.bins],
        },
    }


def _print_stats(s, settings, days: int) -> None:
    from reader.reading.reviewing import counts_line, held_back_lines

    out(f"today ({s.today}): {s.done_today} answered; still to do: {counts_line(s.plan)}")
    for line in held_back_lines(s.plan, settings):
        out(f"  {line}")
    streak = f"{s.streak} day{'s' if s.streak != 1 else ''}"
    out(f"streak: {streak}" + (" (review today to keep it)" if s.streak and not s.done_today
                               else ""))
    ret = s.retention
    out("true retention, last 30 days: " + (
        f"{ret.rate:.1%} of {ret.total} reviews (desired {settings.desired_retention:.0%})"
        if ret.rate is not None else "no reviews yet"))
    out("")
    recent = list(s.per_day.items())[-days:]
    out(f"reviews per day, last {len(recent)} days: {sum(n for _, n in recent)} in all")
    for d, n in recent:
        if n:
            out(f"  {d:%a %d %b}  {n:>5}")
    idle = sum(1 for _, n in recent if not n)
    if idle:
        out(f"  (none on the other {idle} day{'s' if idle != 1 else ''})")
    out("")
    out("due, next days (today: today's queue, new cards included, as `due` counts it):")
    for d, n in list(s.forecast.items())[:14]:
        out(f"  {d:%a %d %b}  {n:>5}")
    out("")
    cal = s.calibration
    if not cal.reviews:
        out("calibration: no review a day or more after the previous one yet")
        return
    out(f"calibration: predicted recall before {cal.reviews} reviews (a day or more after the "
        "previous one) against what happened")
    out(f"  {'predicted':<11}{'reviews':>8}{'mean predicted':>16}{'recalled':>10}")
    for b in cal.bins:
        out(f"  {b.low:.2f}-{b.high:.2f}{b.count:>9}{b.predicted:>16.3f}{b.actual:>10.3f}")
    out(f"  log loss {cal.log_loss:.4f} · RMSE(bins) {cal.rmse_bins:.4f}")


def _workload(args, ctx, settings) -> int:
    from decks.workload import NoCards, simulate_workload

    from reader.errors import UsageError

    try:
        w = simulate_workload(ctx.conn, settings, cards=args.cards)
    except NoCards as e:
        raise UsageError(f"{e} (--cards N)") from None
    if args.json:
        emit_json({"cards": w.cards, "days": w.days, "ratings_from_your_log": w.ratings_from_log,
                   "seconds": round(w.seconds, 3),
                   "desired_retention_in_use": settings.desired_retention,
                   "rows": [{"desired_retention": r.desired_retention,
                             "reviews_per_day": r.reviews_per_day,
                             "new_per_day": r.learned_per_day,
                             "minutes_per_day": r.minutes_per_day,
                             "peak_reviews": r.peak_reviews, "retention": r.retention,
                             "memorized": r.memorized} for r in w.rows]})
        return 0
    out(f"a year of reviews simulated for {w.cards} cards (fsrs-rs-python; they start new, "
        f"up to {settings.new_per_day} a day; rating shares "
        f"{'from your answers' if w.ratings_from_log else 'the simulator defaults'})")
    out(f"{'desired':>8}{'reviews/day':>13}{'busiest':>9}{'min/day':>9}{'recalled':>10}"
        f"{'remembered':>12}")
    for r in w.rows:
        mark = " *" if abs(r.desired_retention - settings.desired_retention) < 1e-9 else ""
        recalled = f"{r.retention:.1%}" if r.retention is not None else "-"
        out(f"{r.desired_retention:>8.2f}{r.reviews_per_day:>13.1f}{r.peak_reviews:>9}"
            f"{r.minutes_per_day:>9.1f}{recalled:>10}{r.memorized:>12.0f}{mark}")
    out(f"* in use · remembered: cards expected to be recalled on day {w.days} · "
        f"{w.seconds:.2f} s to simulate")
    return 0
