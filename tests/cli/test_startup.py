"""`paperdeck VERB` answers at once (issue 19): it builds the parser of VERB alone and imports
what VERB needs. Each command runs in a fresh interpreter, as tests/test_architecture.py does,
and the modules it leaves in sys.modules are counted against `python -c "import sqlite3"`.
The time itself is measured by bench/bench_cli.py."""

from __future__ import annotations

import argparse
import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import COMMAND_MODULES, EVERY, VERBS, build_parser, main

ROOT = Path(__file__).resolve().parents[2]
OWN = ("reader", "decks")
# What `--help` and `--version` may load of ours: the verb modules (they only declare
# arguments) and what their printing needs.
HELP_MODULES = {"reader", "reader.errors", "reader.text", "reader.text.textsafe"}
# One module per schema version is read at every open (reader/store/db.py); they are counted
# apart so that a new migration does not move the budgets below.
MIGRATIONS = "reader.store.migrations."
PROBE = """
import sys
from reader.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as e:
    code = e.code
print("\\0" + " ".join(sorted(sys.modules)) + "\\0" + str(code))
"""


def _run(argv: list[str], home: Path) -> tuple[set[str], str]:
    """(modules imported, stdout) of `paperdeck ARGV` in a fresh interpreter."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERDECK_")}
    r = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=ROOT, capture_output=True,
                       text=True, timeout=120, env={**env, "PAPERDECK_HOME": str(home)})
    out, modules, code = r.stdout.rsplit("\0", 2)
    assert code.strip() == "0", r.stderr
    return set(modules.split()), out


@functools.cache
def _floor() -> set[str]:
    r = subprocess.run([sys.executable, "-c", "import sqlite3, sys; print(' '.join(sys.modules))"],
                       cwd=ROOT, capture_output=True, text=True, timeout=120, check=True)
    return set(r.stdout.split())


def _outside(modules: set[str]) -> list[str]:
    """The modules, of those a bare interpreter does not load, that are neither ours nor the
    standard library's."""
    std = sys.stdlib_module_names
    return sorted(m for m in modules - _floor() if m.split(".")[0] not in (*OWN, *std)
                  and not m.startswith("_sysconfigdata"))


def _ours(modules: set[str]) -> list[str]:
    """Our modules but the verb modules and the migrations."""
    return sorted(m for m in modules if m.split(".")[0] in OWN
                  and not m.startswith(("reader.cli", MIGRATIONS)))


@pytest.fixture(scope="module")
def one_card(tmp_path_factory) -> tuple[Path, str]:
    """A library with one paper and one card (its What note); no config.yaml."""
    from reader.library.papers import insert
    from reader.models import Paper
    from reader.store import db
    from reader.store.paths import resolve

    home = tmp_path_factory.mktemp("one-card")
    conn = db.open_library(resolve(home))
    with db.transaction(conn):
        insert(conn, Paper(id="1211.3711", version=1, title="Sequence Transduction with RNNs",
                           authors=("Alex Graves",), published="2012-11-14T21:52:28Z",
                           added="2026-11-01T10:00:00Z"))
    conn.close()
    r = subprocess.run([sys.executable, "-m", "reader.cli", "note", "1211.3711", "--what",
                        "transduces sequences"], cwd=ROOT, capture_output=True, text=True,
                       timeout=120, env={**os.environ, "PAPERDECK_HOME": str(home)})
    assert r.returncode == 0, r.stderr
    return home, "1211.3711"


# What a verb that only reads must not load: `show` prints notes, it does not make cards.
NOT_FOR = {
    "due": set(),
    "show": {"reader.reading.cardgen", "decks.models", "decks.cards", "reader.library.kinds"},
}


@pytest.mark.parametrize("verb, verb_modules, budget_ours, budget_std", [
    ("due", {"review"}, 26, 50),
    ("show", {"library", "reading"}, 28, 55),   # show prints the status and notes as reading's
])
def test_due_and_show_import_only_what_they_need(one_card, verb, verb_modules, budget_ours,
                                                 budget_std):
    home, paper = one_card
    argv = ["due"] if verb == "due" else ["show", paper]
    modules, out = _run(argv, home)
    assert ("1 new" if verb == "due" else "Sequence Transduction") in out
    assert {m for m in COMMAND_MODULES if f"reader.cli.{m}" in modules} == verb_modules
    assert _outside(modules) == []   # no textual, requests, pypdf, yaml, fsrs ... for these
    ours = _ours(modules)
    assert NOT_FOR[verb] & set(ours) == set()
    assert len(ours) <= budget_ours, f"{verb} imports {len(ours)} of our modules: {ours}"
    std = sorted(m for m in modules - _floor() if m.split(".")[0] not in OWN)
    assert len(std) <= budget_std, f"{verb} imports {len(std)} more standard modules: {std}"


@pytest.mark.parametrize("argv", [["--help"], ["--version"]], ids=" ".join)
def test_help_and_version_import_the_verb_modules_alone(tmp_path, argv):
    modules, out = _run(argv, tmp_path)
    assert out.startswith(("usage: paperdeck", "paperdeck "))
    assert _outside(modules) == []
    ours = {m for m in modules if m.split(".")[0] in OWN and not m.startswith("reader.cli")}
    assert ours <= HELP_MODULES, sorted(ours - HELP_MODULES)
    std = sorted(m for m in modules - _floor() if m.split(".")[0] not in OWN)
    assert len(std) <= 15, std   # argparse and what it formats with


def test_verbs_names_each_verb_with_the_module_that_declares_it():
    """VERBS is what `paperdeck VERB` imports: it must agree with the register() functions,
    in the order of the listing; a module with a register() of its own is in it or registered
    by one that is (review registers review_cards and review_stats)."""
    import importlib
    import pkgutil

    import reader.cli

    def declared(module: str) -> list[str]:
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"reader.cli.{module}").register(sub)
        return list(sub.choices)

    by_module = [(verb, module) for module in COMMAND_MODULES for verb in declared(module)]
    assert by_module == list(VERBS.items())
    for info in pkgutil.iter_modules(reader.cli.__path__):
        if info.name == "__main__":   # importing it runs paperdeck
            continue
        if hasattr(importlib.import_module(f"reader.cli.{info.name}"), "register"):
            assert set(declared(info.name)) <= set(VERBS), f"{info.name}'s verbs are not in VERBS"


def test_a_verb_builds_its_own_parser_alone():
    sub = next(a for a in build_parser(only="due")._actions if a.dest == "command")
    assert [name for name, parser in sub.choices.items() if parser is not None] == ["due"]
    everything = next(a for a in build_parser()._actions if a.dest == "command")
    assert list(sub.choices) == list(everything.choices)   # every verb is still a choice


def _verbs() -> list[list[str]]:
    """Every verb and sub-verb, as the words that ask for its help."""
    sub = next(a for a in build_parser(only=EVERY)._actions if a.dest == "command")
    found = []
    for name, parser in sub.choices.items():
        found.append([name])
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                found += [[name, inner] for inner in action.choices]
    return found


def _printed(capsys, argv: list[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(argv)
    except SystemExit as e:
        code = e.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _built(capsys, argv: list[str]) -> tuple[int, str, str]:
    """What the parser with every verb built prints for argv (as paperdeck did before)."""
    capsys.readouterr()
    try:
        build_parser(only=EVERY).parse_args(argv)
        code = 0
    except SystemExit as e:
        code = e.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("words", _verbs(), ids=" ".join)
def test_each_verbs_help_reads_as_with_every_parser_built(capsys, monkeypatch, words):
    monkeypatch.setenv("COLUMNS", "100")
    lazy = _printed(capsys, [*words, "--help"])
    assert lazy[0] == 0 and lazy[1].startswith(f"usage: paperdeck {' '.join(words)}")
    assert lazy == _built(capsys, [*words, "--help"])


@pytest.mark.parametrize("argv", [
    ["--help"], ["-h", "due"], ["nonsense"], ["show"], ["due", "--bogus"], ["--json", "due"],
    ["pass", "1211.3711", "7"], ["export"], ["card", "show", "one"],
], ids=" ".join)
def test_listing_and_errors_read_as_with_every_parser_built(capsys, monkeypatch, home, argv):
    monkeypatch.setenv("COLUMNS", "100")
    lazy = _printed(capsys, argv)
    assert lazy[0] in (0, 2) and (lazy[1] or lazy[2])
    assert lazy == _built(capsys, argv)


@pytest.mark.parametrize("stale", ["missing", "elsewhere"])
def test_a_verb_that_verbs_names_wrongly_still_runs(cli, monkeypatch, stale):
    """A verb added to a module but not (or wrongly) to VERBS is found in all of them: slower,
    never broken (the test above is what tells its author)."""
    import reader.cli

    if stale == "missing":
        monkeypatch.delitem(reader.cli.VERBS, "due")
    else:
        monkeypatch.setitem(reader.cli.VERBS, "due", "library")
    code, out, err = cli("due")
    assert (code, err) == (0, "") and out.startswith("today: 0 new")
