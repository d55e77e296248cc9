"""Issue 20.5: every day a user types lies in the years paperdeck stores (1900-2299, as the YAML
import); a library that took `journal --date 0001-01-01` or `unit new 9999-12-31` before is
repaired on upgrade (migration 10) and opens, lists and exports again."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timezone

import pytest

from reader.errors import UsageError

NOW = "2026-11-05T09:00:00+00:00"


@pytest.fixture
def pinned(monkeypatch):
    monkeypatch.setenv("PAPERDECK_NOW", NOW)


def _one_line_refusal(code, err):
    assert code != 0, err
    assert len(err.strip().splitlines()) == 1, err
    assert "unexpected" not in err, err


@pytest.mark.parametrize("argv", [
    ("journal", "x", "--date", "0001-01-01"),
    ("journal", "x", "--date", "1899-12-31"),
    ("unit", "new", "0001-01-01", "--days", "5"),
    ("unit", "new", "9999-12-31", "--days", "1"),
    ("unit", "new", "2299-12-30", "--days", "5"),        # runs past 2299
    ("unit", "new", "1899-12-31", "--days", "5"),
    ("log", "--week", "0001-01-01"),
    ("log", "--week", "9999-12-31"),
])
def test_a_day_outside_the_years_stored_is_refused(cli, home, pinned, argv):
    code, _, err = cli(*argv)
    _one_line_refusal(code, err)
    for after in (("log",), ("unit",), ("unit", "list"), ("export", "yaml")):
        code, _, err = cli(*after)
        assert code == 0, (after, err)
    assert not (home / "crash.log").exists()


def test_since_and_until_outside_the_years_are_bounds(cli, home, pinned):
    """A filter stores nothing: beyond the years it means from the beginning, to the end (as
    tests/reading/test_journal.py has it)."""
    assert cli("journal", "an entry")[0] == 0
    for argv in (("log", "--since", "0001-01-01"), ("log", "--until", "9999-12-31")):
        code, out, err = cli(*argv)
        assert code == 0 and "an entry" in out, (argv, err)


def test_days_at_the_edges_are_taken(cli, home, pinned):
    assert cli("journal", "the first day", "--date", "1900-01-01")[0] == 0
    assert cli("unit", "new", "2299-12-25", "--days", "7")[0] == 0
    code, _, err = cli("unit", "new", "--days", "1")       # after the last unit: 2300-01-01
    _one_line_refusal(code, err)
    for after in (("log",), ("unit", "list"), ("unit", "1"), ("log", "--unit", "1")):
        code, _, err = cli(*after)
        assert code == 0, (after, err)


def test_the_core_refuses_too(home):
    from reader.reading import journal, units
    from reader.store import db, paths

    conn = db.open_library(paths.resolve(home))
    now = datetime(2026, 11, 5, tzinfo=timezone.utc)
    with pytest.raises(UsageError):
        journal.add(conn, "x", date(1, 1, 1), now)
    with pytest.raises(UsageError):
        units.create(conn, date(9999, 12, 31), 1, {}, now)
    with pytest.raises(UsageError):
        units.create(conn, date(1, 1, 1), 5, {}, now)
    assert conn.execute("SELECT count(*) FROM journal").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM units").fetchone()[0] == 0


def _library_with_bad_dates(home):
    """A library of the schema before the repair that took the days before they were checked."""
    from reader.store import db, paths

    repair = next(n for n, name, _ in db.migrations() if name == "repair_dates")
    conn = db.connect(paths.resolve(home).db)
    db.migrate(conn, None, target=repair - 1)
    with db.transaction(conn):
        conn.executemany("INSERT INTO journal (day, text, item_id, written) VALUES (?, ?, NULL, ?)",
                         [("0001-01-01", "typed year one", "2026-11-03T10:00:00Z"),
                          ("9999-12-31", "typed the end of time", "2026-11-04T10:00:00Z"),
                          ("2026-11-02", "a good one", "2026-11-02T10:00:00Z")])
        conn.executemany("INSERT INTO units (number, first, last, created) VALUES (?, ?, ?, ?)",
                         [(1, "2026-11-01", "2026-11-10", "2026-10-31T10:00:00Z"),
                          (2, "0001-01-01", "0001-01-05", "2026-11-01T10:00:00Z"),
                          (3, "9999-12-31", "9999-12-31", "2026-11-02T10:00:00Z")])
        conn.execute("INSERT INTO unit_goals (unit, kind, count) VALUES (3, 'paper', 2)")
    conn.close()


def test_a_library_holding_bad_days_opens_lists_and_exports(cli, home, tmp_path, pinned, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    import time

    time.tzset()
    _library_with_bad_dates(home)
    for argv in (("log",), ("unit",), ("unit", "list"), ("unit", "2"), ("unit", "3"),
                 ("log", "--unit", "2"), ("log", "--unit", "3"), ("log", "--markdown"),
                 ("log", "--unit", "3", "--markdown")):
        code, out, err = cli(*argv)
        assert code == 0, (argv, err)
        assert "unexpected" not in err
    conn = sqlite3.connect(home / "paperdeck.db")
    # Entries keep their text and move to the day they were written; units keep their length
    # and goals, brought to the nearest edge of the years stored.
    assert sorted(conn.execute("SELECT day, text FROM journal")) == [
        ("2026-11-02", "a good one"), ("2026-11-03", "typed year one"),
        ("2026-11-04", "typed the end of time")]
    assert sorted(conn.execute("SELECT number, first, last FROM units")) == [
        (1, "2026-11-01", "2026-11-10"), (2, "1900-01-01", "1900-01-05"),
        (3, "2299-12-31", "2299-12-31")]
    assert conn.execute("SELECT count FROM unit_goals WHERE unit = 3").fetchone() == (2,)
    conn.close()
    code, _, err = cli("unit", "new", "--days", "1")       # after unit 3: past 2299
    _one_line_refusal(code, err)
    code, _, err = cli("unit", "new", "2026-12-01", "--days", "1")
    assert code == 0, err
    dump = tmp_path / "all.yaml"
    code, _, err = cli("export", "yaml", "-o", str(dump))
    assert code == 0, err
    monkeypatch.setenv("PAPERDECK_HOME", str(tmp_path / "other"))
    code, _, err = cli("import", "yaml", str(dump))
    assert code == 0, err
    code, out, err = cli("unit", "list")
    assert code == 0 and "Unit 3" in out, err
    monkeypatch.delenv("TZ")
    time.tzset()


@pytest.mark.parametrize("field,value", [("day", "0001-01-01"), ("day", "9999-12-31")])
def test_the_import_refuses_a_journal_day_outside_the_years(cli, home, tmp_path, field, value):
    doc = tmp_path / "in.yaml"
    doc.write_text("format: paperdeck\nversion: 1\njournal:\n"
                   f"- {{day: '{value}', text: x, item: null, written: '2026-11-02T10:00:00Z'}}\n")
    code, _, err = cli("import", "yaml", str(doc))
    _one_line_refusal(code, err)
    assert "journal[0].day" in err


def test_the_import_refuses_a_unit_outside_the_years(cli, home, tmp_path):
    doc = tmp_path / "in.yaml"
    doc.write_text("format: paperdeck\nversion: 1\nunits:\n"
                   "- {number: 1, first: '9999-12-31', last: '9999-12-31', created: "
                   "'2026-11-02T10:00:00Z'}\n")
    code, _, err = cli("import", "yaml", str(doc))
    _one_line_refusal(code, err)
    assert "units[0].first" in err
