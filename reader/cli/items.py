"""The CLI's part for items that are not papers: `add --kind ...`, `pass ITEM [--part N]`, and
their lines in `list` and `show`."""

from __future__ import annotations

from reader.cli.output import err, out

ITEM_OPTIONS = ("kind", "title", "url", "by", "parts", "part_of", "part", "id")


def add_item_options(p) -> None:
    g = p.add_argument_group("an item of another kind (a lecture, course, book section, code, post)")
    g.add_argument("--kind", metavar="KIND",
                   help="lecture, course, book (a book or a section of one), code or post")
    g.add_argument("--title", metavar="TEXT", help="its title, e.g. 'NYU DL 5L: Energy-based models'")
    g.add_argument("--url", metavar="URL", help="its link")
    g.add_argument("--by", metavar="NAMES", help="authors or speakers, separated by ';'")
    g.add_argument("--parts", type=int, metavar="N", help="a course's (or book's) number of parts")
    g.add_argument("--part-of", metavar="ID", help="the course (or book) it is a part of")
    g.add_argument("--part", type=int, metavar="N",
                   help="its part number there (default: the next one)")
    g.add_argument("--id", metavar="ID", help="choose its id (default: made from the title)")


def wants_item(args) -> bool:
    """Whether `add` adds an item by its title (--kind) or papers by id; one line if the two
    are mixed or nothing is named."""
    from reader.errors import UsageError

    given = [o for o in ITEM_OPTIONS if getattr(args, o, None) is not None]
    if args.kind is None:
        if given:
            flag = "--" + given[0].replace("_", "-")
            raise UsageError(f"{flag} goes with --kind: paperdeck add --kind lecture --title TEXT")
        if not args.items and getattr(args, "source", None) is None:
            raise UsageError("say what to add: an arXiv id, a URL or a PDF (paperdeck add "
                             "1211.3711), a reading list (--from FILE), or an item: "
                             "paperdeck add --kind lecture --title TEXT")
        return False
    if getattr(args, "source", None) is not None:
        raise UsageError("--from imports the arXiv papers a list names; an item is added by "
                         "--kind and --title, one at a time")
    if args.items:
        raise UsageError(f"an item is added by --title, not by {args.items[0]!r}; add papers "
                         "and items in separate commands")
    if args.no_pdf or getattr(args, "pdf", False):
        flag = "--no-pdf" if args.no_pdf else "--pdf"
        raise UsageError(f"{flag} goes with papers, not with --kind")
    return True


def cmd_add_item(args, ctx) -> int:
    from reader import clock
    from reader.library import items

    item = items.add_item(
        ctx.conn, args.kind, args.title or "", clock.now(), url=args.url,
        by=items.split_names(args.by), parts=args.parts, part_of=args.part_of, part=args.part,
        item_id=args.id, tags=args.tag)
    where = f" (part {item.part} of {item.part_of})" if item.part_of else ""
    err(f"added {item.kind} {item.id}{where}  {item.title}")
    out(item.id)
    return 0


def cmd_pass_item(args, ctx, item) -> int:
    """`pass ITEM [N]`: the next time through (or pass N); `pass COURSE --part K`: part K."""
    from reader import clock
    from reader.reading import passes
    from reader.library import items
    from reader.reading import times
    from reader.library import kinds
    from reader.errors import UsageError

    kind = kinds.get(item.kind)
    now = clock.now()
    if args.part is not None:
        if args.number is not None:
            raise UsageError(f"--part {args.part} takes no pass number: paperdeck pass "
                             f"{item.id} --part {args.part}")
        if args.undo:
            raise UsageError(f"to forget a part, use its own id: paperdeck pass "
                             f"{item.id}-{args.part} 1 --undo ('paperdeck show {item.id}' lists them)")
        part, finished = times.watch_part(ctx.conn, item.id, args.part, now, start_only=args.start)
        word = kinds.get(part.kind)
        err(f"{part.id}: {word.begun if args.start else word.done}  {part.title}")
        done = items.progress(ctx.conn, item.id)
        if done is not None:
            err(f"{item.id}: {done} parts done" + (f"; the {item.kind} is finished" if finished else ""))
        return 0
    if args.number is None:
        if args.undo:
            raise UsageError(f"say which time to forget: paperdeck pass {item.id} N --undo")
        number = times.next_time(ctx.conn, item.id)
    else:
        number = args.number
    if args.undo:
        if passes.undo(ctx.conn, item.id, number):
            status = kinds.status_label(item.kind, passes.status(ctx.conn, item.id))
            err(f"{item.id}: time {number} through forgotten (status: {status})")
        else:
            err(f"{item.id}: time {number} through was not recorded; nothing changed")
        return 0
    before = passes.get(ctx.conn, item.id, number)
    if args.start:
        if before:
            err(f"{item.id}: {kind.started(number)} on {_day(before.started)} already")
            return 0
        passes.start(ctx.conn, item.id, number, now)
        err(f"{item.id}: {kind.started(number)}  {item.title}")
        return 0
    if before and before.finished:
        err(f"{item.id}: {kind.finished(number)} on {_day(before.finished)} already")
        return 0
    passes.finish(ctx.conn, item.id, number, now)
    err(f"{item.id}: {kind.finished(number)}  {item.title}")
    return 0


def edit_part_of(args, ctx, item, fields: dict) -> int:
    """`edit ITEM --part-of BOOK [--part N]`: make it a part of a course or book ('' for none),
    e.g. a book's sections added before the book."""
    from reader.errors import UsageError
    from reader.library.items import set_part_of

    if args.part_of is None:
        raise UsageError("--part N goes with --part-of BOOK")
    if fields:
        raise UsageError("--part-of goes on its own: paperdeck edit ID --part-of BOOK")
    moved = set_part_of(ctx.conn, item, args.part_of.strip(), args.part)
    err(f"{moved.id}: part {moved.part} of {moved.part_of}" if moved.part_of
        else f"{moved.id}: a part of nothing now")
    return 0


def _day(iso: str) -> str:
    from reader.clock import parse_iso

    return parse_iso(iso).astimezone().strftime("%Y-%m-%d")


def show_item_lines(conn, item) -> list[str]:
    """What `show` says of an item in place of arXiv's metadata and the PDF."""
    from reader.library import items
    from reader.library import papers as library

    lines = [item.kind + (f", part {item.part} of {item.part_of}" if item.part_of else "")]
    if item.part_of:
        parent = library.get(conn, item.part_of)
        if parent is not None:
            lines[0] += f" ({parent.title})"
    if item.url:
        lines.append(f"URL: {item.url}")
    done = items.progress(conn, item.id)
    if done is not None:
        lines.append(f"Parts: {done} done")
        for part in items.parts_of(conn, item.id):
            lines.append(f"  {part.part:>3}. {part.id}  {part.title}")
    return lines


def refuse_text(item) -> None:
    """`text`/`read` of an item that is not a paper: it has no PDF; one line, exit 2."""
    from reader.errors import UsageError

    where = f"; it is at {item.url}" if item.url else ""
    raise UsageError(f"{item.id} is a {item.kind}, with no PDF text to read{where}; its notes: "
                     f"paperdeck show {item.id}")
