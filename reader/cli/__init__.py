"""The `paperdeck` command. A bare `paperdeck` opens the TUI; each verb does one thing.

Verbs live in small modules (library, reading, review, interop), each with a `register(sub)`
that adds its subcommands. Nothing heavy is imported here, so `paperdeck --help` and
`paperdeck due` start fast: textual, arxiv and pypdf are imported by the verbs that need them.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from reader import __version__, clock
from reader.errors import PaperdeckError, UsageError
from reader.cli.context import Context
from reader.cli.output import err

COMMAND_MODULES = ("library", "refs", "queue", "reading", "screens", "review", "interop", "units",
                   "journal")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line with where to look, and every int argument is
    bounded (reader.cli.args)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from reader.cli.args import bound_ints

        bound_ints(self)

    def error(self, message: str) -> None:  # type: ignore[override]
        err(f"{self.prog}: {message}; see '{self.prog} --help'")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="paperdeck",
        description="Read research papers in passes, take what/how/why notes, and remember "
        "them with spaced-repetition review cards. Run without a command to open the TUI.",
    )
    parser.add_argument("--version", action="version", version=f"paperdeck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        # `paperdeck tag ID -old` : a removal looks like an option to argparse.
        if getattr(args, "accepts_extra", False) and all(x[:1] in "+-" for x in extra):
            args.changes = [*args.changes, *extra]
        else:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    ctx = Context()
    try:
        ctx.config  # noqa: B018 - a bad config.yaml stops every command, not only those using the key
        clock.now()  # so does a bad PAPERDECK_NOW, before anything is written
        if args.command is None:
            return open_tui(ctx)
        return args.func(args, ctx) or 0
    except PaperdeckError as e:
        err(f"paperdeck: {e}")
        return e.exit_code
    except KeyboardInterrupt:
        err("paperdeck: interrupted")
        return 130
    except BrokenPipeError:
        # `paperdeck list | head`: the reader went away; not an error worth a message.
        sys.stderr.close()
        return 0
    except Exception as e:  # noqa: BLE001 - the last guard: no traceback reaches a user
        known = _outside(e, ctx)
        if known is not None:  # a full disk, a read-only library: the world, not a bug
            err(f"paperdeck: {known}")
            return known.exit_code
        log = ctx.log_crash()
        err(f"paperdeck: unexpected error ({type(e).__name__}: {e}); details in {log}")
        return 1
    finally:
        ctx.close()


def _outside(e: Exception, ctx: Context) -> PaperdeckError | None:
    try:
        from reader.store.failures import explain

        return explain(e, ctx.paths.db)
    except Exception:  # noqa: BLE001 - diagnosing must not raise in the last guard
        return None


def open_tui(ctx: Context, screen: str | None = None, paper_id: str | None = None) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Without a terminal the TUI would wait for keys that never come, spinning.
        what = {"read": f"print the text with: paperdeck text {paper_id}",
                "review": "review in any terminal or pipe with: paperdeck review --plain"}.get(
            screen or "", "every verb works without one; see: paperdeck --help")
        raise UsageError(f"the TUI needs a terminal (standard input and output are not one); {what}")
    try:
        from reader.tui.app import run_app
    except ImportError:
        raise PaperdeckError("the TUI is not available in this build; see 'paperdeck --help'") from None
    return run_app(ctx, screen=screen, paper_id=paper_id) or 0
