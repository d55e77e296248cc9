"""Text from outside is cleaned where it enters (YAML import, local PDF metadata, typed notes and
cards), and every message that echoes it is cleaned and one line long."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import datetime, timezone

import pytest

from tests.hostile import EVIL, EVIL_CLEAN, LEGACY_ID, evil_yaml, seed_legacy, unsafe
from tests.selfmade import tiny_pdf

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)


def _stored_text(home) -> dict[str, str]:
    """Every text value in the library, by table.column[rowid]."""
    conn = sqlite3.connect(home / "paperdeck.db")
    try:
        found = {}
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                             " AND name NOT LIKE 'sqlite_%'")]
        for table in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            for i, row in enumerate(conn.execute(f"SELECT {', '.join(cols)} FROM {table}")):
                for col, value in zip(cols, row):
                    if isinstance(value, str):
                        found[f"{table}.{col}[{i}]"] = value
        return found
    finally:
        conn.close()


def _dirty(home) -> dict[str, list[str]]:
    # JSON columns hold \u001b as an escape: decode them before looking.
    out = {}
    for place, value in _stored_text(home).items():
        if value[:1] in "[{":
            try:
                value = json.dumps(json.loads(value), ensure_ascii=False)
            except ValueError:
                pass
        if bad := unsafe(value, keep="\n\t"):
            out[place] = bad
    return out


def test_yaml_import_stores_no_control_characters(cli, home, tmp_path):
    f = tmp_path / "evil.yaml"
    f.write_text(evil_yaml(), encoding="utf-8")
    code, out, err = cli("import", "yaml", str(f))
    assert code == 0, err
    assert _dirty(home) == {}
    shown = json.loads(cli("show", "1211.3711", "--json")[1])
    assert shown["title"] == EVIL_CLEAN
    assert shown["authors"] == [f"Ann {EVIL_CLEAN}", "Bob"]
    assert shown["abstract"] == f"Abstract {EVIL_CLEAN}\nsecond line"  # newlines are kept
    assert shown["categories"] == ["cs.[31mLG"] and shown["primary_category"] == "cs.[31mLG"
    assert unsafe(err, keep="\n") == []


def test_local_pdf_metadata_is_cleaned(cli, tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(tiny_pdf(["Some Heading Here", "body"]))))
    writer.add_metadata({"/Title": f"A Title {EVIL}", "/Author": "Ada \x1b[31mLovelace\u202e\x07 and Bob\x9b"})
    pdf = tmp_path / "evil.pdf"
    with open(pdf, "wb") as f:
        writer.write(f)
    code, out, err = cli("add", str(pdf))
    assert code == 0, err
    assert unsafe(err, keep="\n") == [] and err.count("\n") == 1
    shown = json.loads(cli("show", out.strip(), "--json")[1])
    assert shown["title"] == f"A Title {EVIL_CLEAN}"
    assert shown["authors"] == ["Ada [31mLovelace", "Bob"]


def test_typed_notes_and_todos_are_cleaned(home):
    from reader.reading import notes
    from reader.library import papers as library
    from reader.store import db
    from reader.store import paths
    from reader.models import Paper

    conn = db.open_library(paths.resolve(str(home)))
    try:
        with db.transaction(conn):
            library.insert(conn, Paper(id="1211.3711", title="T", added="2026-11-01T10:00:00Z"))
        notes.save(conn, "1211.3711", NOW, what=f"what {EVIL}\nline 2", how=EVIL, why=EVIL, text=EVIL)
        todo = notes.add_todo(conn, "1211.3711", f"todo {EVIL}", NOW)
        saved = notes.get(conn, "1211.3711")
        assert saved.what == f"what {EVIL_CLEAN}\nline 2"
        assert saved.how == saved.why == saved.text == EVIL_CLEAN
        assert todo.text == f"todo {EVIL_CLEAN}"
    finally:
        conn.close()
    assert _dirty(home) == {}


def test_typed_card_is_cleaned(cli, home):
    code, out, err = cli("card", "add", "--front", f"Q {EVIL}", "--back", f"A {EVIL}\nmore")
    assert code == 0, err
    card = json.loads(cli("cards", "--json")[1])[0]
    assert card["front"] == f"Q {EVIL_CLEAN}" and card["back"] == f"A {EVIL_CLEAN}\nmore"
    assert _dirty(home) == {}


@pytest.mark.parametrize("args", [
    ("show", "local:\x1b[31mX"),
    ("show", f"local:{EVIL}"),
    ("show", "1211.3711\x1b]0;PWNED\x07\nsecond line"),
    ("pass", "local:\x1b[31mX\nY", "1"),
    ("tag", "local:X", "+\x1b[31m"),
    ("list", "--tag", f"a{EVIL}"),
    ("show", "1211.3711", f"--x{EVIL}\nmore"),       # argparse's own error line
    ("\u202eshow",),
])
def test_messages_echoing_bad_input_are_clean_and_one_line(cli, args):
    code, out, err = cli(*args)
    assert code != 0 or args[0] == "list"
    assert unsafe(err, keep="\n") == [] and unsafe(out, keep="\n") == []
    assert err.count("\n") == 1 and err.endswith("\n"), err


def test_config_warnings_are_clean(cli, home):
    (home / "config.yaml").write_text(f'"k{EVIL}\\nline": 1\n'.replace("\x1b", "\\e")
                                      .replace("\x07", "\\a").replace("\x9b", "\\x9b")
                                      .replace("\x7f", "\\x7f").replace("\u202e", "\\u202e")
                                      .replace("\u202c", "\\u202c").replace("\u2067", "\\u2067")
                                      .replace("\u2069", "\\u2069"), encoding="utf-8")
    code, out, err = cli("due")
    assert "PWNED" in err  # the warning names the key it did not know
    assert unsafe(err, keep="\n") == []
    warning = [line for line in err.splitlines() if "warning" in line]
    assert len(warning) == 1 and "line" in warning[0]


@pytest.mark.parametrize("args", [
    ("list",), ("list", "--json"), ("show", LEGACY_ID), ("show", LEGACY_ID, "--json"),
    ("log",), ("log", "--json"), ("todo",), ("todo", "--json"), ("text", LEGACY_ID),
    ("find", "EVIL"), ("find", "EVIL", "--json"), ("cards",), ("cards", "--json"),
    ("export", "bibtex"),
])
def test_cli_output_of_a_dirty_library_is_clean(cli, home, args):
    """Rows stored before text was cleaned on the way in: data to stdout is cleaned (JSON
    escapes what it would otherwise leave raw), and reads back as stored."""
    from reader.store import db
    from reader.store import paths

    conn = db.open_library(paths.resolve(str(home)))
    seed_legacy(conn)
    conn.close()
    code, out, err = cli(*args)
    assert code == 0, err
    assert "PWNED" in out
    assert unsafe(out, keep="\n") == [] and unsafe(err, keep="\n") == []
    if "--json" in args:  # the data as stored, for scripts
        assert any(EVIL in text for text in _strings(json.loads(out)))


def _strings(data):
    if isinstance(data, dict):
        for v in data.values():
            yield from _strings(v)
    elif isinstance(data, list):
        for v in data:
            yield from _strings(v)
    elif isinstance(data, str):
        yield data


def test_the_remove_question_is_clean(cli, home, monkeypatch):
    from reader.store import db
    from reader.store import paths

    conn = db.open_library(paths.resolve(str(home)))
    seed_legacy(conn)
    conn.close()

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal("n\n"))
    code, out, err = cli("rm", LEGACY_ID)
    assert code == 1 and "Remove 2101.99999 'EVIL ]0;PWNED" in err and "nothing removed" in err
    assert unsafe(err, keep="\n") == []
