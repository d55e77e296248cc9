"""The `paperdeck` command. A bare `paperdeck` opens the TUI; each verb does one thing.

Verbs live in small modules (library, reading, review, interop, ...), each with a `register(sub)`
that adds its subcommands; VERBS says which module declares which verb. `paperdeck VERB` imports
that module alone and builds the parser of VERB alone: the module's register() runs, but
`sub.add_parser` makes a parser only for the verb asked for. `paperdeck --help` runs every
register() and builds no verb's parser: the listing needs their names and help lines only.
So `--help` and `due` start fast (tests/cli/test_startup.py counts the modules they import;
bench/bench_cli.py times them), and read exactly as with every parser built (the tests compare).

To add a verb:
1. In the module of reader/cli/ whose concern it is, add to `register(sub)`:
       p = sub.add_parser("skim", help="one line for the listing", description="...")
       p.add_argument(...)
       p.set_defaults(func=cmd_skim)
   and write `cmd_skim(args, ctx) -> int` (ctx: reader.cli.context.Context). A new module gets a
   `register(sub)` of its own.
2. Name the verb in VERBS with its module, where it goes in the `paperdeck --help` listing.
   (tests/cli/test_startup.py fails until VERBS and the register() functions agree.)
3. Import what the verb needs inside cmd_skim, not at the top of the module (`paperdeck
   --help` imports every verb module). Keep register() to declaring arguments: no I/O, no
   lookups. For a verb not asked for, `sub.add_parser` returns a stand-in that ignores every
   call made on it.
4. Mention `paperdeck skim` in README.md (tests/test_library_cli.py checks every verb has help
   text and a README line).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Iterable

from reader import __version__
from reader.errors import PaperdeckError, UsageError
from reader.cli.output import err

# Every verb, in the order `paperdeck --help` lists them, and the module of reader/cli/ whose
# register() declares it (review's also registers review_cards' and review_stats').
VERBS = {
    "add": "library", "search": "library", "list": "library", "show": "library",
    "tag": "library", "rm": "library",
    "refs": "refs", "index": "refs",
    "next": "queue", "priority": "queue", "snooze": "queue",
    "pass": "reading", "log": "reading", "note": "reading", "todo": "reading",
    "find": "reading", "edit": "reading", "text": "text",
    "skim": "quotes", "quote": "quotes", "highlights": "quotes", "fivecs": "quotes",
    "read": "screens",
    "due": "review", "review": "review", "cards": "review", "card": "review", "stats": "review",
    "optimize": "review",
    "export": "interop", "import": "interop", "backup": "interop", "config": "interop",
    "unit": "units",
    "journal": "journal",
    "sync": "sync",
}
COMMAND_MODULES = tuple(dict.fromkeys(VERBS.values()))

EVERY = "*"   # build_parser(only=EVERY): every verb's parser (tests walk them)


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


class _Unbuilt:
    """The parser of a verb not asked for: register() may call add_argument, set_defaults,
    add_mutually_exclusive_group ... on it; each call is ignored and returns the stand-in."""

    def __getattr__(self, name: str):
        return self._ignore

    def _ignore(self, *args, **kwargs) -> _Unbuilt:
        return self


class _Verbs(argparse._SubParsersAction):
    """The verbs, of which only `only` gets a parser (all of them with only=EVERY); the others
    are recorded by name (None for a parser) and help line."""

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

    def built(self, name: str | None) -> bool:
        return self._name_parser_map.get(name) is not None

    def name_every_verb(self) -> None:
        """Every verb among the choices, in VERBS' order (as with every module registered), so
        a mistyped verb's error names them all whatever modules were imported."""
        known = dict(self._name_parser_map)
        self._name_parser_map.clear()   # the same dict: it is the action's `choices`
        self._name_parser_map.update({name: known.pop(name, None) for name in VERBS} | known)


def build_parser(only: str | None = EVERY,
                 modules: Iterable[str] = COMMAND_MODULES) -> argparse.ArgumentParser:
    """The `paperdeck` parser with the parser of verb `only` (None: no verb's; EVERY: all),
    from the verbs of `modules` (every verb module by default). A verb that `modules` do not
    declare is looked for in all of them."""
    parser = _Parser(
        prog="paperdeck",
        description="Read research papers in passes, take what/how/why notes, and remember "
        "them with spaced-repetition review cards. Run without a command to open the TUI.",
    )
    parser.add_argument("--version", action="version", version=f"paperdeck {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser,
                                action=_Verbs, only=only)
    modules = tuple(modules)
    for name in modules:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    if only not in (None, EVERY) and not sub.built(only) and modules != COMMAND_MODULES:
        return build_parser(only)   # VERBS does not know it: every module is asked
    sub.name_every_verb()
    return parser


def verb_in(argv: list[str]) -> str | None:
    """The verb argv asks for: its first word that is not an option (`paperdeck` itself takes
    no option with a value), or None (`paperdeck`, `--help`, `--version`)."""
    return next((a for a in argv if not a.startswith("-")), None)


def _modules_for(argv: list[str], verb: str | None) -> tuple[str, ...]:
    """The verb modules argv needs: the verb's own when argv starts with the verb; none for
    `paperdeck` and `paperdeck --version`; else all, since an option before the verb
    (`paperdeck -h due`) may print the listing, which names them all."""
    if verb in VERBS and argv[0] == verb:
        return (VERBS[verb],)
    if verb is None and all(a == "--version" for a in argv):
        return ()
    return COMMAND_MODULES


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    verb = verb_in(argv)
    parser = build_parser(only=verb, modules=_modules_for(argv, verb))
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
