"""CLI verbs for the review side: due, review, cards, card add, optimize."""

from __future__ import annotations

import sys

from .output import add_json_flag, emit_json, err, out

RATINGS = {"1": 1, "again": 1, "2": 2, "hard": 2, "3": 3, "good": 3, "4": 4, "easy": 4}


def register(sub) -> None:
    p = sub.add_parser("due", help="how many cards are due today (and tomorrow)")
    add_json_flag(p)
    p.set_defaults(func=cmd_due)

    p = sub.add_parser("review", help="review today's cards (the TUI; --plain for any terminal)")
    p.add_argument("--plain", action="store_true",
                   help="a line-based session that works in any terminal or pipe")
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("cards", help="list cards with their state, due date and source")
    p.add_argument("id", nargs="?", metavar="ID", help="only this paper's cards")
    p.add_argument("--all", action="store_true", help="include suspended cards")
    add_json_flag(p)
    p.set_defaults(func=cmd_cards)

    p = sub.add_parser("card", help="hand-written cards: paperdeck card add [ID] --front T --back T")
    csub = p.add_subparsers(dest="card_command", metavar="ACTION", required=True,
                            parser_class=type(p))
    a = csub.add_parser("add", help="add a card by hand")
    a.add_argument("id", nargs="?", metavar="ID", help="the paper it belongs to (optional)")
    a.add_argument("--front", required=True, metavar="T")
    a.add_argument("--back", required=True, metavar="T")
    a.set_defaults(func=cmd_card_add)

    p = sub.add_parser("optimize", help="fit the scheduler to your own review history")
    p.set_defaults(func=cmd_optimize)


def _now():
    from .. import clock

    return clock.now()


def _local(t) -> str:
    return t.astimezone(_tz()).strftime("%Y-%m-%d %H:%M") if t else "-"


def _tz():
    from decks.clock import local_tz

    return local_tz()


def cmd_due(args, ctx) -> int:
    from decks.queue import due_counts

    from ..reviewing import deck_settings

    counts = due_counts(ctx.conn, _now(), deck_settings(ctx.conn, ctx.config), _tz())
    if args.json:
        emit_json({"new": counts.new, "learning": counts.learning, "review": counts.review,
                   "tomorrow": counts.tomorrow})
    else:
        out(f"today: {counts.new} new, {counts.learning} learning, {counts.review} review"
            f"  ·  due by tomorrow: {counts.tomorrow}")
    return 0


def cmd_cards(args, ctx) -> int:
    from decks.cards import list_cards

    group = None
    if args.id:
        from ..library import require

        group = require(ctx.conn, args.id).id
    cards = list_cards(ctx.conn, group_key=group, include_suspended=args.all)
    if args.json:
        emit_json([{
            "id": c.id, "source_key": c.source_key, "paper": c.group_key, "kind": c.kind,
            "front": c.front, "back": c.back, "context": c.context, "state": c.state,
            "due": c.due.isoformat() if c.due else None, "reps": c.reps, "lapses": c.lapses,
            "suspended": c.suspended,
        } for c in cards])
        return 0
    if not cards:
        err("no cards yet: write what/how/why notes with 'paperdeck note ID' or add one with "
            "'paperdeck card add'")
        return 0
    out(f"{'ID':>6}  {'STATE':<12} {'DUE':<10}  {'SOURCE':<28}  FRONT")
    for c in cards:
        state = c.state + (" (suspended)" if c.suspended else "")
        due = _local(c.due)[:10] if c.due else "-"
        front = " ".join(c.front.split())
        out(f"{c.id:>6}  {state:<12} {due:<10}  {c.source_key or '(by hand)':<28}  {front[:70]}")
    return 0


def cmd_card_add(args, ctx) -> int:
    from decks.cards import add_card

    from ..errors import UsageError
    from ..textsafe import clean

    front, back = clean(args.front), clean(args.back)  # typed text: no escapes stored
    if not front.strip():
        raise UsageError("a card needs a front: --front 'the question'")
    paper = None
    if args.id:
        from ..library import require

        paper = require(ctx.conn, args.id)
    context = ""
    if paper is not None:
        from ..cardgen import byline, short_title

        context = f"{byline(paper)} · {short_title(paper.title, 60)}".strip(" ·")
    card = add_card(ctx.conn, front, back, context, paper.id if paper else None,
                    now=_now())
    out(str(card.id))
    err(f"added card {card.id}" + (f" to {paper.id}" if paper else ""))
    return 0


def cmd_optimize(args, ctx) -> int:
    from decks.optimize import NotEnoughReviews, optimize_log
    from decks.settings import load_parameters, save_parameters

    from ..errors import PaperdeckError

    settings_tz = _tz()
    try:
        result = optimize_log(ctx.conn, current=load_parameters(ctx.conn), tz=settings_tz,
                              rollover_hour=ctx.config["review.day_starts_at_hour"])
    except NotEnoughReviews as e:
        raise PaperdeckError(str(e)) from None
    out(f"held-out reviews: {result.test_items} (fitted on {result.train_items})")
    out(f"{'':<12}{'log loss':>10}{'RMSE(bins)':>12}")
    out(f"{'current':<12}{result.baseline.log_loss:>10.4f}{result.baseline.rmse_bins:>12.4f}")
    out(f"{'fitted':<12}{result.fitted_eval.log_loss:>10.4f}{result.fitted_eval.rmse_bins:>12.4f}")
    if result.accepted:
        save_parameters(ctx.conn, result.fitted, _now())
        err("saved the fitted parameters: they predict your held-out reviews better")
    else:
        err("kept the current parameters: the fitted ones were not better on held-out reviews")
    return 0


def cmd_review(args, ctx) -> int:
    if not args.plain and sys.stdin.isatty() and sys.stdout.isatty():
        from . import open_tui

        return open_tui(ctx, screen="review")
    return PlainSession(ctx).run()


class PlainSession:
    """`paperdeck review --plain`: front, Enter, back with the next interval per rating, 1-4."""

    def __init__(self, ctx, stdin=None):
        from ..reviewing import deck_settings

        self.ctx = ctx
        self.conn = ctx.conn
        self.settings = deck_settings(ctx.conn, ctx.config)
        self.tz = _tz()
        self.stdin = stdin or sys.stdin
        self.counts = {1: 0, 2: 0, 3: 0, 4: 0}
        self.last_review_id: int | None = None

    def ask(self, prompt: str) -> str | None:
        sys.stdout.write(prompt)
        sys.stdout.flush()
        line = self.stdin.readline()
        return None if line == "" else line.strip().lower()

    def run(self) -> int:
        import time

        from decks.queue import due_counts, next_card
        from decks.reviews import AlreadyAnswered, answer
        from decks.scheduler import preview

        counts = due_counts(self.conn, _now(), self.settings, self.tz)
        if counts.total == 0:
            return self.nothing_due()
        out(f"{counts.new} new, {counts.learning} learning, {counts.review} to review. "
            "Enter shows the answer; 1-4 grade; u undoes; q quits.")
        while True:
            card = next_card(self.conn, _now(), self.settings, self.tz)
            if card is None:
                if self.last_review_id is None:
                    break
                # The queue is empty, but the last answer may have been a slip.
                if self.ask("all done (u undoes the last answer, Enter ends) ") == "u":
                    self.undo()
                    continue
                break
            out("")
            if card.context:
                out(f"[{card.context}]")
            out(card.front)
            shown = time.monotonic()
            reply = self.ask("(Enter to show the answer) ")
            if reply is None or reply == "q":
                break
            if reply == "u":
                self.undo()
                continue
            out("-" * 40)
            out(card.back)
            options = preview(card, _now(), self.settings)
            out("  ".join(f"{int(r)} {r.name.lower()} {options[r]}" for r in options))
            while True:
                reply = self.ask("grade 1-4 (u undo, q quit): ")
                if reply is None or reply == "q":
                    return self.summary()
                if reply == "u" or reply in RATINGS:
                    break
                err(f"'{reply}' is not a grade: type 1 again, 2 hard, 3 good, 4 easy, u or q")
            if reply == "u":
                self.undo()
                continue
            rating = RATINGS[reply]
            duration = int((time.monotonic() - shown) * 1000)
            try:
                answer(self.conn, card.id, rating, _now(), duration, self.settings,
                       expected_reps=card.reps)
            except AlreadyAnswered:
                err("that card was just answered in another session; moving on")
                continue
            from decks.reviews import last_review

            self.last_review_id = last_review(self.conn).id
            self.counts[rating] += 1
        return self.summary()

    def undo(self) -> None:
        from decks.reviews import NothingToUndo, undo_last

        if self.last_review_id is None:
            err("nothing to undo in this session")
            return
        try:
            review, card = undo_last(self.conn, _now(), expected_review_id=self.last_review_id)
        except NothingToUndo as e:
            err(f"cannot undo: {e}")
            return
        self.counts[review.rating] -= 1
        self.last_review_id = None
        err("undone: that card comes back now")

    def summary(self) -> int:
        done = sum(self.counts.values())
        out("")
        out(f"reviewed {done} card{'s' if done != 1 else ''}: {self.counts[1]} again, "
            f"{self.counts[2]} hard, {self.counts[3]} good, {self.counts[4]} easy")
        self._next()
        return 0

    def nothing_due(self) -> int:
        out("nothing is due today.")
        self._next()
        return 0

    def _next(self) -> None:
        from decks.queue import new_waiting

        from ..reviewing import next_due

        t = next_due(self.conn)
        if t is not None and t > _now():
            out(f"next card due {_local(t)}")
        waiting = new_waiting(self.conn)
        if waiting:
            out(f"{waiting} new card{'s wait' if waiting != 1 else ' waits'} for tomorrow "
                f"(daily limit {self.settings.new_per_day}, and one card of a note a day)")
