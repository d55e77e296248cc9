"""The `journal` verb (free entries) and the spans of `log`: --unit N, --week, --markdown."""

from __future__ import annotations

import sys

from reader.cli.output import emit_json, err, out


def register(sub) -> None:
    p = sub.add_parser("journal", help="write in the journal: paperdeck journal \"watched NYU 5L\"",
                       description="Write a free entry for today (or --date D), about an item "
                       "if --item names one. 'paperdeck log' lists entries with what the library "
                       "recorded; 'paperdeck log --unit N --markdown' writes them into the post.")
    p.add_argument("text", nargs="*", metavar="TEXT")
    p.add_argument("--item", metavar="ID", help="the paper or item the entry is about")
    p.add_argument("--date", metavar="DAY", help="the day it is about: YYYY-MM-DD, yesterday, 3d "
                   "(default today)")
    p.add_argument("--rm", type=int, metavar="N", help="remove entry N ('log --json' numbers them)")
    p.set_defaults(func=cmd_journal)


def cmd_journal(args, ctx) -> int:
    from reader import clock
    from reader.reading import journal
    from reader.errors import UsageError
    from reader.cli.args import day as parse_day

    if args.rm is not None:
        if args.text or args.item or args.date:
            raise UsageError("--rm N takes nothing else: paperdeck journal --rm 3")
        entry = journal.remove(ctx.conn, args.rm)
        err(f"removed entry {entry.id} of {entry.day}: {_said(entry.text)}")
        return 0
    now = clock.now()
    today = now.astimezone().date()
    day = parse_day(args.date, today) if args.date else today
    if day > today:
        raise UsageError(f"{day} has not come yet; the journal tells what happened (default today)")
    entry = journal.add(ctx.conn, " ".join(args.text), day, now, item=args.item)
    out(str(entry.id))
    err(f"journal {entry.day}" + (f" ({entry.item_id})" if entry.item_id else "") +
        f": {_said(entry.text)}")
    return 0


# -- log: a unit, a week, the post ----------------------------------------------------------

def add_log_options(p) -> None:
    p.add_argument("--unit", type=int, metavar="N", help="the days of unit N")
    p.add_argument("--week", nargs="?", const="today", metavar="DAY",
                   help="the week (Monday to Sunday) holding DAY (default today)")
    p.add_argument("--markdown", action="store_true",
                   help="write the post: front matter, the unit's goals, each day's entries "
                   "with links and notes (e.g. -o _posts/2022-02-10-unit-1.md)")
    p.add_argument("-o", "--output", metavar="FILE", help="--markdown: write to FILE")
    p.add_argument("--title", metavar="TEXT", help="--markdown: the post's title (default: the "
                   "unit's or the week's name and dates)")
    p.add_argument("--intro", metavar="TEXT|FILE", help="--markdown: an introduction after the "
                   "front matter: the text, or a file holding it (Markdown)")


def cmd_log_span(args, ctx, today) -> int:
    from datetime import timedelta

    from reader.reading import readlog
    from reader.reading import units
    from reader.errors import UsageError

    if args.unit is not None and args.week is not None:
        raise UsageError("say --unit N or --week, not both")
    if (args.unit is not None or args.week is not None) and (args.since or args.until):
        raise UsageError("--since/--until do not go with --unit or --week (those set the days)")
    if args.markdown and args.json:
        raise UsageError("say --markdown or --json, not both")
    for flag, value in (("--title", args.title), ("--intro", args.intro)):
        if value is not None and not args.markdown:
            raise UsageError(f"{flag} goes with --markdown (it is part of the post)")
    intro = _intro(args.intro) if args.intro is not None else None
    if args.title is not None:
        from reader.text.textsafe import one_line

        if not one_line(args.title):
            raise UsageError("--title is empty; give the post's title, or leave it out")
    if args.output is not None:
        if not args.markdown:
            raise UsageError("-o goes with --markdown")
        from reader.store.outfile import file_target

        file_target(args.output, "the post", library=ctx.paths)  # refused before any work
    report = None
    if args.unit is not None:
        unit = units.require(ctx.conn, args.unit)
        report = units.report(ctx.conn, unit, today)
        first, last, title = unit.first, unit.last, f"{unit.name}: {unit.dates}"
    elif args.week is not None:
        from reader.cli.args import day as parse_day

        day = parse_day(args.week, today)
        first = day - timedelta(days=day.weekday())
        last = first + timedelta(days=6)
        iso = first.isocalendar()
        title = f"Week {iso.week} of {iso.year}: {first.isoformat()} to {last.isoformat()}"
    else:
        since, until = readlog.days_between(args.since, args.until, today)
        first = since.astimezone().date() if since else _first_day(ctx.conn, today)
        last = (until - timedelta(seconds=1)).astimezone().date() if until else today
        title = f"Reading log: {first.isoformat()} to {last.isoformat()}"
    if last < first:
        raise UsageError(f"--since {first} is after --until {last}")
    if args.markdown:
        from reader.exports import post

        text = post.render(ctx.conn, first, last, args.title or title, today, report, intro)
        if args.output is not None:
            from reader.store.outfile import write_file

            path = write_file(args.output, text)
            err(f"wrote the post for {title} to {path}")
        else:
            sys.stdout.write(text)
        return 0
    events = readlog.events(ctx.conn, readlog.local_day_start(first),
                            readlog.local_day_start(last + timedelta(days=1)))
    if args.json:
        emit_json([{"date": e.local_time().strftime("%Y-%m-%d"), "at": e.at,
                    "id": e.paper_id or None, "title": e.title, "event": e.kind,
                    "detail": e.detail, "description": e.description}
                   | ({"entry": e.seq} if e.kind == "entry" else {}) for e in events])
        return 0
    if not events:
        err(f"nothing in the reading log for {title}")
    for e in events:
        out(f"{e.local_time():%Y-%m-%d}  {e.description}  {e.title}".rstrip())
    return 0


MAX_INTRO_BYTES = 1 << 20


def _intro(value: str) -> str:
    """`--intro`: the text itself, or the contents of the file it names (UTF-8, at most 1 MB;
    only a regular file is read)."""
    import os
    import stat

    from reader.errors import UsageError

    try:
        st = os.stat(value)
    except (OSError, ValueError):
        return value                       # not a file's name: the text itself
    if not stat.S_ISREG(st.st_mode):
        raise UsageError(f"--intro {value}: not a regular file; give the text or a file")
    if st.st_size > MAX_INTRO_BYTES:
        raise UsageError(f"--intro {value}: {st.st_size / 2**20:.1f} MB is too long for an "
                         "introduction (at most 1 MB)")
    try:
        with open(value, "rb") as f:
            return f.read(MAX_INTRO_BYTES + 1).decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise UsageError(f"--intro {value}: not UTF-8 text; save it as UTF-8") from None
    except OSError as e:
        raise UsageError(f"--intro {value}: cannot read it: {e.strerror or e}") from None


def _first_day(conn, today):
    """The first day the log knows of (for a post of everything)."""
    from datetime import date

    from reader.clock import parse_iso

    row = conn.execute("SELECT min(added) FROM papers").fetchone()[0]
    day = conn.execute("SELECT min(day) FROM journal").fetchone()[0]
    found = [parse_iso(row).astimezone().date()] if row else []
    if day:
        found.append(date.fromisoformat(day))
    return min(found, default=today)


def _said(text: str) -> str:
    """The entry as the confirmation repeats it: its first line whole (cut mid-word, it read as
    a lost end), and how many lines follow."""
    lines = text.splitlines() or [""]
    more = len(lines) - 1
    return lines[0] + (f" (+{more} line{'s' if more != 1 else ''})" if more else "")
