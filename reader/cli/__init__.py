"""The `paperdeck` command. A bare `paperdeck` opens the TUI; each verb does one thing.

Verbs live in small modules (library, reading, review, interop, ...), each with a `register(sub)`
that adds its subcommands. `paperdeck VERB` builds the parser of VERB alone: every register()
runs, but `sub.add_parser` makes a parser only for the verb asked for and records the others by
name and help line, which is all `paperdeck --help` and a mistyped verb's error need. Nothing
heavy is imported on the way, so `--help` and `due` start fast (tests/cli/test_startup.py counts
the modules; bench/bench_cli.py times them).

To add a verb:
1. In the module of reader/cli/ whose concern it is (or a new one, named in COMMAND_MODULES: its
   place there is its place in `paperdeck --help`), add to `register(sub)`:
       p = sub.add_parser("skim", help="one line for the listing", description="...")
       p.add_argument(...)
       p.set_defaults(func=cmd_skim)
   and write `cmd_skim(args, ctx) -> int` (ctx: reader.cli.context.Context).
2. Import what the verb needs inside cmd_skim, not at the top of the module: every module in
   COMMAND_MODULES is imported by every command. Keep register() to declaring arguments (no
   I/O, no lookups): for a verb not asked for, `sub.add_parser` returns a stand-in that ignores
   every call made on it.
3. Mention `paperdeck skim` in README.md (tests/test_library_cli.py checks every verb has help
   text and a README line).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from reader import __version__
from reader.errors import PaperdeckError, UsageError
from reader.cli.output import err

COMMAND_MODULES = ("library", "refs", "queue", "reading", "screens", "review", "interop", "units",
                   "journal")

EVERY = "*"   # build_parser(only=EVERY): every verb's parser (tests walk them)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line with where to look."""

    def error(self, message: str) -> None:  # type: ignore[override]
        err(f"{self.prog}: {message}; see '{self.prog} --help'")
        raise SystemExit(2)


class _Unbuilt:
    """The parser of a verb not asked for: register() may call add_argument, set_defaults,
    add_mutually_exclusive_group ... on it; each call is ignored and returns the stand-in."""

    def __getattr__(self, name: str):
        return self._ignore

    def _ignore(self, *args, **kwargs) -> _Unbuilt:
        return self


class _Verbs(argparse._SubParsersAction):
    """The verbs, of which only `only` gets a parser (all of them with only=EVERY). The others
    are in the listing and among the choices, so `paperdeck --help` and an unknown verb's error
    read the same as with every parser built."""

    def __init__(self, *args, only: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self._only = only

    def add_parser(self, name: str, **kwargs):
        aliases = kwargs.get("aliases", ())
        if self._only == EVERY or self._only in (name, *aliases):
            return super().add_parser(name, **kwargs)
        if "help" in kwargs:
            self._choices_actions.append(self._ChoicesPseudoAction(name, aliases, kwargs["help"]))
        for n in (name, *aliases):
            self._name_parser_map[n] = None
        return _Unbuilt()


def build_parser(only: str | None = EVERY) -> argparse.ArgumentParser:
    """The `paperdeck` parser with the parser of verb `only` (None: no verb's; EVERY: all)."""
    parser = _Parser(
        prog="paperdeck",
        description="Read research papers in passes, take what/how/why notes, and remember "
        "them with spaced-repetition review cards. Run without a command to open the TUI.",
    )
    parser.add_argument("--version", action="version", version=f"paperdeck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser,
                                action=_Verbs, only=only)
    for name in COMMAND_MODULES:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def verb_in(argv: list[str]) -> str | None:
    """The verb argv asks for: its first word that is not an option (`paperdeck` itself takes
    no option with a value), or None (`paperdeck`, `--help`, `--version`)."""
    return next((a for a in argv if not a.startswith("-")), None)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(only=verb_in(argv))
    args, extra = parser.parse_known_args(argv)
    if extra:
        # `paperdeck tag ID -old` : a removal looks like an option to argparse.
        if getattr(args, "accepts_extra", False) and all(x[:1] in "+-" for x in extra):
            args.changes = [*args.changes, *extra]
        else:
            parser.error(f"unrecognized arguments: {' '.join(extra)}")
    from reader import clock
    from reader.cli.context import Context

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


def _outside(e: Exception, ctx) -> PaperdeckError | None:
    try:
        from reader.store.failures import explain

        return explain(e, ctx.paths.db)
    except Exception:  # noqa: BLE001 - diagnosing must not raise in the last guard
        return None


def open_tui(ctx, screen: str | None = None, paper_id: str | None = None) -> int:
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
