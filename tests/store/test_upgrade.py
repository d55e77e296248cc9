"""Upgrades keep everything (issue 15, part 5): the library release 0.1.0 made (schema 3, see
tests/fixtures/release-0.1.0/make.py) opens in this build, which backs it up, migrates it to the
newest schema and keeps every row; a library whose tables do not match its schema number is
refused with one line, untouched."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from reader.store import db

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "release-0.1.0"
LOCAL_ID = "local:5f73d696b101"

# FTS5 keeps its index in shadow tables (<name>_data, _idx, ...): their bytes are the index's
# business and may be rebuilt; the virtual tables' rows are compared instead.
_SHADOW = ("_data", "_idx", "_docsize", "_config", "_content")


@pytest.fixture
def old_home(home, monkeypatch):
    """PAPERDECK_HOME holding a copy of the 0.1.0 library and its PDFs."""
    (home / "paperdeck.db").write_bytes(gzip.decompress((FIXTURE / "paperdeck.db.gz").read_bytes()))
    shutil.copytree(FIXTURE / "papers", home / "papers")
    monkeypatch.setenv("PAPERDECK_NOW", "2026-11-12T09:00:00+00:00")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield home
    monkeypatch.delenv("TZ")
    time.tzset()


def tables(conn: sqlite3.Connection) -> list[str]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    virtual = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'")}
    return sorted(n for n in names if not any(n == v + s for v in virtual for s in _SHADOW))


def contents(path: Path, like: dict | None = None) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table's columns and rows, sorted; with `like`, only its tables and their columns
    (a later schema may add columns and tables, never lose them)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        found = {}
        for name in (like or tables(conn)):
            cols = (like[name][0] if like else
                    [r[1] for r in conn.execute(f'SELECT * FROM pragma_table_info("{name}")')]
                    or [d[0] for d in conn.execute(f'SELECT * FROM "{name}" LIMIT 0').description])
            quoted = ", ".join('"' + c + '"' for c in cols)
            rows = conn.execute(f'SELECT {quoted} FROM "{name}"').fetchall()
            found[name] = (cols, sorted(rows, key=repr))
        return found
    finally:
        conn.close()


def test_the_0_1_0_fixture_is_what_it_says(tmp_path):
    assert len((FIXTURE / "paperdeck.db.gz").read_bytes()) < 50_000
    (tmp_path / "v3.db").write_bytes(gzip.decompress((FIXTURE / "paperdeck.db.gz").read_bytes()))
    conn = sqlite3.connect(tmp_path / "v3.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
              for t in ("papers", "notes", "todos", "passes", "cards", "review_log", "deck_settings",
                        "tags", "pages")}
    assert all(counts.values()), counts  # every kind of thing 0.1.0 stores is in it
    conn.close()


def test_a_0_1_0_library_is_backed_up_migrated_and_keeps_every_row(old_home, cli, tmp_path):
    original = tmp_path / "original.db"
    shutil.copyfile(old_home / "paperdeck.db", original)
    before = contents(original)
    assert "notes_log" not in before  # schema 3 indeed

    code, out, err = cli("list")                       # the first command of a later build
    assert code == 0, err

    conn = sqlite3.connect(old_home / "paperdeck.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.latest_version()
    conn.close()
    assert contents(old_home / "paperdeck.db", like=before) == before
    backups = list((old_home / "backups").iterdir())
    assert len(backups) == 1, backups                  # taken before the upgrade ...
    assert contents(backups[0]) == before              # ... of the library as 0.1.0 left it
    with sqlite3.connect(backups[0]) as b:
        assert b.execute("PRAGMA user_version").fetchone()[0] == 3


def test_the_cli_reads_a_0_1_0_library(old_home, cli):
    code, out, err = cli("list", "--json")
    assert code == 0, err
    assert sorted(p["id"] for p in json.loads(out)) == ["1211.3711", "1706.03762", LOCAL_ID]
    code, out, err = cli("show", "1211.3711")
    assert code == 0, err
    assert "Maps one sequence to another without a given alignment." in out
    assert "implement RNN-T" in out and "read the CTC paper" in out
    cards = json.loads(cli("cards", "--json")[1])
    assert len(cards) == 8
    assert {c["source_key"] for c in cards} >= {"1211.3711:what", "1211.3711:cloze:how:2", None}
    code, out, err = cli("due", "--json")
    assert code == 0, err
    due = json.loads(out)
    # 4 reviews due: 3 today, one held back with its sibling (one card of a note a day)
    assert (due["review"], due["held_back"]["review_siblings"], due["new"]) == (3, 1, 1)
    code, out, err = cli("text", LOCAL_ID)             # the local PDF is found where 0.1.0 put it
    assert code == 0 and "CTC sums over alignments." in out, err
    code, out, _ = cli("find", "transducer")
    assert "1211.3711" in out
    code, out, _ = cli("log", "--since", "2026-11-02", "--until", "2026-11-03")
    assert [line.split("  ")[1] for line in out.splitlines() if "wrote notes" in line] == [
        "wrote notes", "wrote notes"]


def damaged(home: Path, *statements: str) -> str:
    """Apply `statements` to the 0.1.0 library by hand; returns the file's hash."""
    conn = sqlite3.connect(home / "paperdeck.db")
    for s in statements:
        conn.execute(s)
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return hashlib.sha256((home / "paperdeck.db").read_bytes()).hexdigest()


@pytest.mark.parametrize("statements,named", [
    (["DROP TABLE todos"], "todos"),                            # a table missing
    (["PRAGMA user_version = 4"], "notes_log"),                 # set by hand, later
    (["PRAGMA user_version = 2"], "cards"),                     # set by hand, earlier
    (["PRAGMA user_version = 0"], "and 10 more"),
])
def test_tables_that_do_not_match_the_schema_number_get_one_line(old_home, cli, statements, named):
    digest = damaged(old_home, *statements)
    code, out, err = cli("list")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert named in err and "paperdeck export yaml" in err and "unexpected" not in err
    assert hashlib.sha256((old_home / "paperdeck.db").read_bytes()).hexdigest() == digest
    assert not (old_home / "backups").exists()                 # nothing written


def test_the_check_is_cheap(old_home, cli):
    """Every command checks the schema as it opens the library: one query of the schema table,
    whatever the number of migrations (counted, not timed: a busy machine makes times lie)."""
    assert cli("list")[0] == 0
    conn = db.connect(old_home / "paperdeck.db")
    ran: list[str] = []
    conn.set_trace_callback(ran.append)
    db.check_schema(conn)
    conn.set_trace_callback(None)
    conn.close()
    ran = [r for r in ran if not r.startswith("--")]   # the pragma table inside it, not another query
    assert len(ran) == 1 and "sqlite_master" in ran[0], ran


def test_the_tables_of_each_schema_follow_creates_drops_and_renames(tmp_path):
    steps = [(1, "one", "CREATE TABLE a (x);\ncreate table if not exists \"b\" (y);"),
             (2, "two", "CREATE VIRTUAL TABLE f USING fts5(z);\n-- CREATE TABLE not_this (x);\n"
                        "DROP TABLE a;"),
             (3, "three", "ALTER TABLE b ADD COLUMN w;\nALTER TABLE b RENAME TO c;")]
    conn = sqlite3.connect(tmp_path / "t.db")
    for number, _, sql in steps:
        conn.executescript(sql)
        conn.execute(f"PRAGMA user_version = {number}")
        assert db.check_schema(conn, steps) == number
    conn.execute("PRAGMA user_version = 2")
    with pytest.raises(db.PaperdeckError, match="lacks the table b and has the table c"):
        db.check_schema(conn, steps)
