"""CLI verbs for what to read next: next, priority, snooze."""

from __future__ import annotations

from reader.cli.output import add_json_flag, emit_json, err, out


def register(sub) -> None:
    p = sub.add_parser("next", help="what to read next: the unfinished papers and items in order",
                       description="The reading queue: papers not yet read with care (pass 2), "
                       "items not yet through once (a lecture watched, a section read leaves), "
                       "and anything with a pass in progress. In progress first, then papers "
                       "with pass 1 done, then those planned (for the current unit, or with a "
                       "read-by day within a week), then by priority; within each, the one left "
                       "alone longest first. Snoozed ones wait until their snooze ends.")
    p.add_argument("--limit", type=int, default=10, metavar="N",
                   help="papers to show (default 10)")
    p.add_argument("--snoozed", action="store_true", help="list the snoozed papers too, last")
    add_json_flag(p)
    p.set_defaults(func=cmd_next)

    p = sub.add_parser("priority", help="set papers' priority (high, normal, low) or read-by day",
                       description="paperdeck priority ID [ID ...] high|normal|low [--by DAY]; "
                       "without a level or --by, shows the paper's plan.")
    p.add_argument("args", nargs="+", metavar="ID|LEVEL")
    p.add_argument("--by", metavar="DAY",
                   help="read it by this day: YYYY-MM-DD, today, tomorrow, +N (days on), or none")
    p.set_defaults(func=cmd_priority)

    p = sub.add_parser("snooze", help="take a paper out of the queue for a few days",
                       description="Hide a paper from 'next' and the Reading queue for DAYS "
                       "days; it comes back at the end of its group. 0 brings it back now.")
    p.add_argument("id", metavar="ID")
    p.add_argument("days", type=int, metavar="DAYS")
    p.set_defaults(func=cmd_snooze)


def cmd_next(args, ctx) -> int:
    from reader import clock
    from reader.reading import queue as reading_queue
    from reader.errors import UsageError
    from reader.cli.library import _clip

    if not 1 <= args.limit <= 100_000:
        raise UsageError(f"--limit must be between 1 and 100000, not {args.limit}")
    now = clock.now()
    today = now.astimezone().date()
    items = reading_queue.queue(ctx.conn, now, snoozed=args.snoozed)
    shown = items[:args.limit]
    if args.json:
        emit_json([reading_queue.to_json(i, now, today) for i in shown])
        return 0
    if not items:
        err("nothing to read next: every paper is read (pass 2 or 3), or snoozed; add one "
            "with: paperdeck add ID")
        return 0
    width = len(str(len(shown)))
    for n, item in enumerate(shown, 1):
        why = (f"snoozed until {item.snoozed_until[:10]}" if item.snoozed_until
               and item.snoozed_until > clock.iso(now) else item.why(now, today))
        out(f"{n:>{width}}  {item.paper_id:<18} {_clip(why, 44):<44}  {item.title}")
    more = len(items) - len(shown)
    if more:
        err(f"{more} more; see them with: paperdeck next --limit {len(items)}")
    return 0


def cmd_priority(args, ctx) -> int:
    from reader import clock
    from reader.reading import queue as reading_queue
    from reader.errors import UsageError
    from reader.library.papers import require

    words = list(args.args)
    level = None
    if len(words) > 1 and words[-1].lower() in (*reading_queue.PRIORITIES, "h", "n", "l"):
        level = reading_queue.parse_priority(words.pop())
    elif len(words) == 1 and words[0].lower() in reading_queue.PRIORITIES:
        raise UsageError(f"say which paper: paperdeck priority ID {words[0].lower()}")
    elif len(words) > 1 and not _names_a_paper(ctx.conn, words[-1]):
        reading_queue.parse_priority(words[-1])  # says: unknown priority, use high, normal, low
    papers = [require(ctx.conn, w) for w in words]   # all checked before anything is written
    now = clock.now()
    today = now.astimezone().date()
    read_by = reading_queue.parse_read_by(args.by, today) if args.by is not None else None
    for paper in papers:
        if level is not None:
            reading_queue.set_priority(ctx.conn, paper.id, level, now)
        if args.by is not None:
            reading_queue.set_read_by(ctx.conn, paper.id, read_by, now)
        plan = reading_queue.get(ctx.conn, paper.id)
        by = f", read by {plan.read_by}" if plan.read_by else ""
        snoozed = (f", snoozed until {plan.snoozed_until[:10]}"
                   if plan.snoozed_until and plan.snoozed_until > clock.iso(now) else "")
        err(f"{paper.id}: {plan.priority} priority{by}{snoozed}")
    return 0


def cmd_snooze(args, ctx) -> int:
    from reader import clock
    from reader.reading import queue as reading_queue
    from reader.library.papers import require

    paper = require(ctx.conn, args.id)
    plan = reading_queue.snooze(ctx.conn, paper.id, args.days, clock.now())
    if plan.snoozed_until:
        local = clock.parse_iso(plan.snoozed_until).astimezone()
        err(f"{paper.id}: snoozed until {local:%Y-%m-%d %H:%M}; it leaves the queue till then")
    else:
        err(f"{paper.id}: not snoozed; it is back in the queue")
    return 0


def _names_a_paper(conn, word: str) -> bool:
    """An arXiv id or local: key, or the id of an item in the library (item ids are plain
    words, so a word that names nothing is taken for a mistyped priority)."""
    from reader.library import papers as library
    from reader.errors import UsageError
    from reader.ids import library_key

    try:
        key = library_key(word)
    except UsageError:
        return False
    if key.startswith("local:") or any(c.isdigit() for c in key):
        return True
    return library.get(conn, key) is not None
