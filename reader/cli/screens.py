"""CLI verbs that open a TUI screen directly: read."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("read", help="read a paper in the TUI: its text, with your notes beside it")
    p.add_argument("id", metavar="ID")
    p.set_defaults(func=cmd_read)


def cmd_read(args, ctx) -> int:
    from reader.library.papers import require
    from reader.cli import open_tui

    item = require(ctx.conn, args.id)
    if not item.is_paper:
        from reader.cli.items import refuse_text

        refuse_text(item)
    import sys

    if sys.stdin.isatty() and sys.stdout.isatty():  # else open_tui says it needs a terminal
        from reader.cli.add_list import fetch_when_opened

        fetch_when_opened(ctx, item)  # before the screen opens: its text is what it shows
    return open_tui(ctx, screen="read", paper_id=args.id)
