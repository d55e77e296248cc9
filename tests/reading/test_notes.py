"""Notes and TODOs: the repository, card sync, the YAML document and the $EDITOR round trip."""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.reading import notes
from reader.models import Notes, Todo
from tests.reading.helpers import T0, add_paper, open_home

PID = "1211.3711"
TITLE = "Sequence Transduction with Recurrent Neural Networks"


@pytest.fixture
def conn(home):
    c, _ = open_home(home)
    add_paper(c, PID, TITLE, ("Alex Graves",))
    yield c
    c.close()


def test_save_get_and_none_means_unchanged(conn):
    assert notes.get(conn, PID).empty
    assert notes.save(conn, PID, T0, what="Transduces {{c1::sequences}}\nline 2", why="Q: why?\nA: because")
    assert notes.save(conn, PID, T0, how="an RNN")
    n = notes.get(conn, PID)
    assert (n.what, n.how, n.why, n.text) == (
        "Transduces {{c1::sequences}}\nline 2", "an RNN", "Q: why?\nA: because", "")
    assert n.modified == "2026-11-21T09:00:00Z"


def test_unchanged_save_writes_nothing(conn, monkeypatch):
    calls = []
    monkeypatch.setattr("reader.reading.cardgen.sync_paper", lambda c, pid, saved, now: calls.append(c.in_transaction))
    notes.save(conn, PID, T0, what="x")
    assert calls == [True]                        # cards synced inside the same transaction
    before = conn.total_changes
    assert notes.save(conn, PID, T0, what="x") is False
    assert notes.save(conn, PID, T0) is False
    assert conn.total_changes == before and calls == [True]


def test_card_sync_failure_rolls_the_notes_back(conn, monkeypatch):
    def boom(c, pid, saved, now):
        raise RuntimeError("card sync failed")

    monkeypatch.setattr("reader.reading.cardgen.sync_paper", boom)
    with pytest.raises(RuntimeError):
        notes.save(conn, PID, T0, what="lost?")
    assert notes.get(conn, PID).what == ""


def test_todos_add_tick_list(conn):
    a = notes.add_todo(conn, PID, "implement  the\ntransducer", T0)
    b = notes.add_todo(conn, PID, "read CTC", T0)
    assert a.text == "implement the transducer"
    assert [t.id for t in notes.open_todos(conn)] == [a.id, b.id]
    done = notes.tick(conn, a.id, T0)
    assert done.done and done.done_at == "2026-11-21T09:00:00Z"
    assert [t.id for t in notes.open_todos(conn)] == [b.id]
    assert not notes.tick(conn, a.id, T0, done=False).done
    with pytest.raises(Exception, match="no TODO 999"):
        notes.tick(conn, 999, T0)


def test_replace_todos_keeps_ids_of_unchanged(conn):
    a = notes.add_todo(conn, PID, "one", T0)
    notes.add_todo(conn, PID, "two", T0)
    notes.replace_todos(conn, PID, [("one", True), ("three", False)], T0)
    todos = notes.todos_for(conn, PID)
    assert [(t.text, t.done) for t in todos] == [("one", True), ("three", False)]
    assert todos[0].id == a.id


texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)


@settings(max_examples=150, deadline=None)
@given(what=texts, how=texts, text=texts,
       todos=st.lists(st.tuples(st.text(st.characters(blacklist_categories=("Cs", "Cc")),
                                        min_size=1, max_size=20), st.booleans()), max_size=3))
def test_yaml_document_round_trips(what, how, text, todos):
    n = Notes(PID, what=what, how=how, why="{{c1::cloze::hint}}\nQ: a?\nA: b", text=text)
    ts = [Todo(i, PID, t, "now", "then" if d else None) for i, (t, d) in enumerate(todos)]
    ts = [t for t in ts if " ".join(t.text.split())]
    doc = notes.parse_yaml(notes.to_yaml(TITLE, PID, n, ts))
    assert doc.what == notes.normalise(what).rstrip("\n")
    assert doc.how == notes.normalise(how).rstrip("\n")
    assert doc.text == notes.normalise(text).rstrip("\n")
    assert doc.why == n.why
    assert [(" ".join(t.split()), d) for t, d in doc.todos] == [(t.text and " ".join(t.text.split()), t.done) for t in ts]


@pytest.mark.parametrize("document,line,words", [
    ("what: |\n  ok\nwhta: x\n", 3, "unknown field 'whta'"),
    ("what: x\nhow: y\nwhat: z\n", 3, "what appears twice"),
    ("what: |\n  fine\nhow: [unclosed\n", 4, "not valid YAML"),
    ("todos:\n  - text: a\n    dne: true\n", 3, "unknown TODO field 'dne'"),
    ("- just\n- a list\n", 1, "expected the fields"),
])
def test_parse_errors_name_the_line(document, line, words):
    with pytest.raises(notes.NotesFormatError) as e:
        notes.parse_yaml(document)
    assert e.value.line == line and words in str(e.value)


def test_cli_note_options_and_show(cli, conn):
    code, _, err = cli("note", PID, "--what", "It {{c1::transduces}}", "--how", "RNN\nwith output net",
                       "--todo", "implement it", "--todo", "read Graves 2006")
    assert code == 0, err
    shown = json.loads(cli("show", PID, "--json")[1])
    assert shown["notes"] == {"what": "It {{c1::transduces}}", "how": "RNN\nwith output net",
                              "why": "", "text": ""}
    assert [(t["text"], t["done"]) for t in shown["todos"]] == [("implement it", False),
                                                              ("read Graves 2006", False)]
    listed = json.loads(cli("list", "--json")[1])[0]
    assert listed["notes"]["what"] == "It {{c1::transduces}}" and len(listed["todos"]) == 2
    out = cli("show", PID)[1]
    assert "What:\n  It {{c1::transduces}}" in out and "[ ] implement it" in out
    code, out, _ = cli("todo")
    first = out.splitlines()[0].split()
    assert first[1] == PID and out.count("\n") == 2
    assert cli("todo", "--done", first[0])[0] == 0
    assert "implement it" not in cli("todo")[1]
    assert cli("todo", "--done", "999")[0] != 0
    for args in (("todo", "--all"), ("todo", PID, "--all")):
        lines = cli(*args)[1].splitlines()
        assert lines[0].endswith(f"{PID:<18} [x] implement it")
        assert lines[1].endswith(f"{PID:<18} [ ] read Graves 2006")
    assert "[ ]" not in cli("todo")[1]  # open ones only: no marks needed


def _fake_editor(tmp_path: Path, body: str) -> str:
    """An $EDITOR (with an argument, to check shlex splitting) that writes `body`'s result."""
    script = tmp_path / "fake editor.py"
    script.write_text(
        "import sys, pathlib\n"
        "mode, path = sys.argv[1], pathlib.Path(sys.argv[2])\n"
        "text = path.read_text()\n"
        "pathlib.Path(path.parent.parent / 'seen.yaml').write_text(text)\n"
        + body
    )
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))} --mode"


def test_editor_round_trip(cli, conn, home, tmp_path, monkeypatch):
    notes.save(conn, PID, T0, what="old what")
    notes.add_todo(conn, PID, "keep me", T0)
    monkeypatch.setenv("EDITOR", _fake_editor(tmp_path, (
        "text = text.replace('old what', 'new what\\n  second {{c1::line}}')\n"
        "text = text.replace('why: |', 'why: |\\n  Q: why?\\n  A: because')\n"
        "text += '  - new todo\\n'\n"
        "path.write_text(text)\n")))
    code, _, err = cli("note", PID)
    assert code == 0, err
    seen = (home / "seen.yaml").read_text()
    assert "what: |-\n  old what\n" in seen and "  - keep me\n" in seen
    n = notes.get(conn, PID)
    assert n.what == "new what\nsecond {{c1::line}}" and n.why == "Q: why?\nA: because"
    assert [t.text for t in notes.todos_for(conn, PID)] == ["keep me", "new todo"]
    assert not list((home / "drafts").glob("*.yaml"))


def test_editor_invalid_yaml_keeps_the_text(cli, conn, home, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", _fake_editor(tmp_path, (
        "path.write_text(text.replace('what: |', 'what: |\\n  my precious words\\nwhta: oops'))\n")))
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    code, _, err = cli("note", PID)
    assert code != 0
    kept = home / "drafts" / "notes-1211.3711.yaml"
    assert kept.exists() and "my precious words" in kept.read_text()
    assert "line" in err and str(kept) in err
    assert notes.get(conn, PID).empty
    # Running it again reopens the kept file; this time the editor fixes it.
    monkeypatch.setenv("EDITOR", _fake_editor(tmp_path, (
        "assert 'my precious words' in text\n"
        "path.write_text(text.replace('whta: oops\\n', '').replace('text: |', 'text: fixed'))\n")))
    code, _, err = cli("note", PID)
    assert code == 0, err
    n = notes.get(conn, PID)
    assert n.what == "my precious words" and n.text == "fixed"
    assert not kept.exists()


def test_editor_offers_to_edit_again_on_a_tty(cli, conn, home, tmp_path, monkeypatch):
    counter = tmp_path / "count"
    monkeypatch.setenv("EDITOR", _fake_editor(tmp_path, (
        f"c = pathlib.Path({str(counter)!r})\n"
        "n = int(c.read_text()) if c.exists() else 0\n"
        "c.write_text(str(n + 1))\n"
        "path.write_text(text.replace('how: |', 'how: [') if n == 0 else\n"
        "                text.replace('how: [', 'how: |\\n  second try'))\n")))
    import io

    fake_in = io.StringIO("y\n")
    fake_in.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", fake_in)
    code, _, err = cli("note", PID)
    assert code == 0, err
    assert "Edit again?" in err and counter.read_text() == "2"
    assert notes.get(conn, PID).how == "second try"


def test_editor_failing_keeps_draft(cli, conn, home, tmp_path, monkeypatch):
    monkeypatch.setenv("EDITOR", _fake_editor(tmp_path, "sys.exit(3)\n"))
    code, _, err = cli("note", PID)
    assert code != 0 and "status 3" in err
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    code, _, err = cli("note", PID)
    assert code != 0 and "cannot run the editor" in err


# -- a kept draft or an open editor never silently overwrites newer notes ---------------------

def _keep_invalid_draft(cli, tmp_path, monkeypatch, old: str, new: str) -> None:
    """Open the editor, change `old` to `new`, save invalid YAML: the draft is kept."""
    monkeypatch.setenv("EDITOR", _fake_editor(tmp_path, (
        f"assert {old!r} in text\n"
        f"path.write_text(text.replace({old!r}, {new!r}) + 'oops: [\\n')\n")))
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    code, _, err = cli("note", PID)
    assert code != 0 and "not valid YAML" in err


def _fix_draft(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("EDITOR", _fake_editor(tmp_path, (
        "path.write_text(text.replace('oops: [\\n', ''))\n")))


def test_kept_draft_does_not_overwrite_a_field_changed_since(cli, conn, home, tmp_path, monkeypatch):
    notes.save(conn, PID, T0, what="old what", how="old how")
    _keep_invalid_draft(cli, tmp_path, monkeypatch, "old how", "draft how")
    assert cli("note", PID, "--what", "new")[0] == 0
    _fix_draft(tmp_path, monkeypatch)
    code, _, err = cli("note", PID)
    assert code == 0, err
    n = notes.get(conn, PID)
    assert n.what == "new"  # the draft left `what` alone: the newer text stays
    assert "draft how" in n.how  # what the draft did change is saved
    assert "also changed" not in err
    assert not list((home / "drafts").glob("*.yaml"))


def test_field_changed_in_both_keeps_the_library_text_and_the_draft(cli, conn, home, tmp_path,
                                                                      monkeypatch):
    notes.save(conn, PID, T0, what="old what")
    _keep_invalid_draft(cli, tmp_path, monkeypatch, "old what", "draft what")
    assert cli("note", PID, "--what", "new from the command line")[0] == 0
    _fix_draft(tmp_path, monkeypatch)
    code, _, err = cli("note", PID)
    assert code == 1, err  # a conflict it did not resolve
    assert notes.get(conn, PID).what == "new from the command line"  # nothing overwritten
    (kept,) = (home / "drafts").glob("notes-1211.3711-what-conflict-*.txt")
    assert kept.read_text() == "draft what\n"
    line = next(x for x in err.splitlines() if "changed elsewhere" in x)
    assert "1211.3711 what" in line and str(kept) in line
    assert not list((home / "drafts").glob("*.yaml"))  # the rest of the draft was stored


def test_editor_does_not_overwrite_changes_made_while_it_was_open(cli, conn, home, tmp_path,
                                                                  monkeypatch):
    notes.save(conn, PID, T0, what="old what", how="old how")
    notes.add_todo(conn, PID, "old todo", T0)
    root = Path(__file__).resolve().parents[2]
    # While the editor is open another process changes `how` and adds a TODO; the user edits
    # `what` and adds a TODO of their own.
    monkeypatch.setenv("EDITOR", _fake_editor(tmp_path, (
        "import subprocess\n"
        f"subprocess.run([sys.executable, '-m', 'reader.cli', 'note', {PID!r}, '--how', "
        f"'how from elsewhere', '--todo', 'their todo'], cwd={str(root)!r}, check=True)\n"
        "text = text.replace('old what', 'my what') + '  - my todo\\n'\n"
        "path.write_text(text)\n")))
    code, _, err = cli("note", PID)
    assert code == 0, err
    n = notes.get(conn, PID)
    assert (n.what, n.how) == ("my what", "how from elsewhere")
    assert [t.text for t in notes.todos_for(conn, PID)] == ["old todo", "their todo", "my todo"]
    assert "also changed" not in err


def test_save_doc_merges_todo_changes_against_the_base(conn):
    a = notes.add_todo(conn, PID, "a", T0)
    notes.add_todo(conn, PID, "b", T0)
    base = notes.doc_of(notes.get(conn, PID), notes.todos_for(conn, PID))
    notes.tick(conn, a.id, T0)  # elsewhere: a ticked, c added
    notes.add_todo(conn, PID, "c", T0)
    mine = notes.NotesDoc(todos=(("a", False), ("d", False)))  # the editor: b removed, d added
    saved = notes.save_doc(conn, PID, T0, mine, base=base)
    assert saved.changed and saved.conflicts == ()
    assert [(t.text, t.done) for t in notes.todos_for(conn, PID)] == [
        ("a", True), ("c", False), ("d", False)]


def test_draft_without_a_base_never_replaces_library_text(cli, conn, home, tmp_path, monkeypatch):
    notes.save(conn, PID, T0, what="library what")
    drafts = home / "drafts"
    drafts.mkdir()
    # Kept by an older version, with no base beside it: what it started from is unknown.
    (drafts / "notes-1211.3711.yaml").write_text("what: draft what\nhow: draft how\n")
    monkeypatch.setenv("EDITOR", _fake_editor(tmp_path, ""))
    code, _, err = cli("note", PID)
    assert code == 1, err
    n = notes.get(conn, PID)
    assert (n.what, n.how) == ("library what", "draft how")  # an empty field is simply filled
    (kept,) = drafts.glob("notes-1211.3711-what-conflict-*.txt")
    assert kept.read_text() == "draft what\n" and str(kept) in err


def test_note_with_a_bad_todo_writes_nothing_and_claims_nothing(cli, conn):
    """Seen: `--todo first --todo "   "` printed `TODO 1 added: first`, then refused."""
    code, _, err = cli("note", PID, "--what", "kept?", "--todo", "first", "--todo", "   ")
    assert code == 2 and "added" not in err and err.count("\n") == 1
    assert notes.todos_for(conn, PID) == [] and notes.get(conn, PID).what == ""
