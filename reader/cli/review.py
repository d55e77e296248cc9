"""CLI verbs for the review side: due, review, optimize (cards and card: review_cards.py;
stats: review_stats.py)."""

from __future__ import annotations

import sys

from reader.cli.output import add_json_flag, emit_json, err, out
from reader.cli.review_clock import now as _now, tz as _tz

def register(sub) -> None:
    from reader.cli import review_cards, review_stats

    p = sub.add_parser("due", help="how many cards today's review will show (and tomorrow's)")
    add_json_flag(p)
    p.set_defaults(func=cmd_due)

    p = sub.add_parser("review", help="review today's cards (the TUI; --plain for any terminal)")
    p.add_argument("--plain", action="store_true",
                   help="a line-based session that works in any terminal or pipe")
    p.add_argument("--type", action="store_true",
                   help="the line-based session, answering what/how/why cards by typing what "
                        "you remember first (in the TUI: t on such a card)")
    p.set_defaults(func=cmd_review)

    review_cards.register(sub)
    review_stats.register(sub)

    p = sub.add_parser("optimize", help="fit the scheduler to your own review history")
    p.set_defaults(func=cmd_optimize)


def cmd_due(args, ctx) -> int:
    from decks.queue import plan_today

    from reader.reading.reviewing import deck_settings, held_back_lines

    settings = deck_settings(ctx.conn, ctx.config)
    counts = plan_today(ctx.conn, _now(), settings, _tz())
    if args.json:
        h = counts.held
        emit_json({"new": counts.new, "learning": counts.learning, "review": counts.review,
                   "tomorrow": counts.tomorrow,
                   "held_back": {"new_limit": h.new_limit, "new_siblings": h.new_siblings,
                                 "review_limit": h.review_limit,
                                 "review_siblings": h.review_siblings}})
    else:
        out(f"today: {counts.new} new, {counts.learning} learning, {counts.review} review"
            f"  ·  due by tomorrow: {counts.tomorrow}")
        for line in held_back_lines(counts, settings):
            out(line)
    return 0


def cmd_optimize(args, ctx) -> int:
    from decks.optimize import NotEnoughReviews, optimize_log
    from decks.settings import load_parameters, save_parameters

    from reader.errors import PaperdeckError

    try:
        result = optimize_log(ctx.conn, current=load_parameters(ctx.conn))
    except NotEnoughReviews as e:
        raise PaperdeckError(str(e)) from None
    in_use = "in use" + (" (the defaults)" if result.baseline_parameters is None else "")
    out(f"held-out reviews: {result.test_items} (fitted on {result.train_items})")
    out(f"{'':<24}{'log loss':>10}{'RMSE(bins)':>12}")
    for name, e in ((in_use, result.baseline), ("defaults", result.defaults),
                    ("fitted", result.fitted_eval)):
        out(f"{name:<24}{e.log_loss:>10.4f}{e.rmse_bins:>12.4f}")
    for name, e, better in (("in use", result.baseline, result.beats_in_use),
                            ("defaults", result.defaults, result.beats_defaults)):
        out(f"fitted vs {name}: log loss {e.log_loss:.4f} -> {result.fitted_eval.log_loss:.4f}"
            f" ({'better' if better else 'not better'})")
    if result.accepted:
        save_parameters(ctx.conn, result.fitted, _now())
        err("saved the fitted parameters: they predict your held-out reviews better than the "
            "ones in use and the defaults")
    else:
        which = " and ".join(n for n, b in (("the ones in use", result.beats_in_use),
                                            ("the defaults", result.beats_defaults)) if not b)
        err(f"kept the parameters in use: the fitted ones were not better than {which} on "
            "held-out reviews")
    return 0


def cmd_review(args, ctx) -> int:
    if not (args.plain or args.type) and sys.stdin.isatty() and sys.stdout.isatty():
        from reader.cli import open_tui

        return open_tui(ctx, screen="review")
    from reader.cli.review_plain import PlainSession

    return PlainSession(ctx, typing=args.type).run()
