"""Issue 20.6: a whole number too large for the library (`card show 99999999999999999999999`,
`todo --done ...`, a feed entry `2101.00001v9999...`) is one clear line, never an OverflowError
with a crash log. Every int argument of the CLI is bounded in one place (reader/cli/args.py)."""

from __future__ import annotations

import argparse

import pytest

from tests.selfmade import Entry, atom_feed

HUGE = "99999999999999999999999"
LARGEST = str(2**63 - 1)       # SQLite's largest INTEGER: taken, and each verb answers in words


def _int_arguments():
    from reader.cli import build_parser

    def walk(parser, path):
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from walk(sub, path + [name])
            elif action.type is int or getattr(action.type, "bounds_ints", False):
                yield path, parser, action

    return list(walk(build_parser(), []))


def _argv(path, parser, action, value):
    argv = list(path)
    if action.option_strings:
        return argv + [action.option_strings[0], value]
    for other in parser._actions:
        if other.option_strings or isinstance(other, argparse._SubParsersAction):
            continue
        if other is action:
            return argv + [value]
        if other.nargs not in ("?", "*"):
            argv.append("book")
    raise AssertionError("unreachable")


INT_ARGUMENTS = _int_arguments()
IDS = [" ".join(p) + " " + (a.option_strings[0] if a.option_strings else a.dest)
       for p, _, a in INT_ARGUMENTS]


def test_every_int_argument_is_found():
    names = set(IDS)
    assert {"card show card", "todo --done", "snooze days", "log --unit", "text --page"} <= names
    assert len(INT_ARGUMENTS) >= 20


@pytest.fixture
def library(cli, home):
    for argv in (("add", "--kind", "book", "--title", "A book"),
                 ("note", "book", "--what", "What it does", "--todo", "read it"),
                 ("card", "add", "book", "--front", "F", "--back", "B"),
                 ("unit", "new", "2026-11-01", "--days", "10"),
                 ("journal", "an entry")):
        code, _, err = cli(*argv)
        assert code == 0, (argv, err)
    return home


@pytest.mark.parametrize("where", range(len(INT_ARGUMENTS)), ids=IDS)
def test_a_huge_number_is_one_clear_line(cli, library, where, monkeypatch):
    monkeypatch.setenv("PAPERDECK_NOW", "2026-11-05T09:00:00+00:00")
    path, parser, action = INT_ARGUMENTS[where]
    code, out, err = cli(*_argv(path, parser, action, HUGE))
    assert code != 0
    assert len(err.strip().splitlines()) == 1, err
    assert "too large" in err and "unexpected" not in err, err
    assert not (library / "crash.log").exists()


@pytest.mark.parametrize("where", range(len(INT_ARGUMENTS)), ids=IDS)
def test_the_largest_number_taken_is_answered_in_words(cli, library, where, monkeypatch):
    monkeypatch.setenv("PAPERDECK_NOW", "2026-11-05T09:00:00+00:00")
    path, parser, action = INT_ARGUMENTS[where]
    code, out, err = cli(*_argv(path, parser, action, LARGEST))
    assert "unexpected" not in err and "Traceback" not in err, err
    assert not (library / "crash.log").exists(), (library / "crash.log").read_text()


@pytest.mark.parametrize("argv", [
    ("card", "due", "1", HUGE), ("card", "due", "1", "+" + HUGE), ("card", "due", "1", HUGE + "d"),
    ("unit", HUGE), ("unit", "goal", "1", f"paper={HUGE}"), ("priority", "book", "high", "--by", "+" + HUGE),
    ("log", "--since", HUGE + "d"), ("journal", "x", "--date", HUGE + "d"),
    ("snooze", "book", "-" + HUGE),
])
def test_numbers_inside_other_arguments(cli, library, argv):
    code, out, err = cli(*argv)
    assert code != 0 and len(err.strip().splitlines()) == 1, err
    assert "unexpected" not in err, err
    assert not (library / "crash.log").exists()


def test_a_feed_entry_with_a_huge_version_is_one_clear_line(arxiv_server, cli, home):
    entry = Entry("2101.00001v" + HUGE, "A title", ["A. Person"])
    arxiv_server.id_lists["2101.00001"] = (200, atom_feed([entry]))
    code, out, err = cli("add", "2101.00001")
    assert code != 0
    assert len(err.strip().splitlines()) == 1, err
    assert "unexpected" not in err and "OverflowError" not in err, err
    assert not (home / "crash.log").exists()
    code, out, err = cli("add", "2101.00001v" + HUGE)
    assert code != 0 and len(err.strip().splitlines()) == 1, err
    assert not (home / "crash.log").exists()
