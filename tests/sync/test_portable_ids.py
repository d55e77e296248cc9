"""Every id that leaves a computer is portable: TODO uids, the Anki guid of a hand-written card."""

from __future__ import annotations

from datetime import timedelta

import pytest

from decks.cards import add_card
from reader.exports import restore, snapshot
from reader.reading import notes
from reader.store import db

from .helpers import T0, Lib, add_paper, paper


def test_todo_uids_made_on_upgrade_are_the_same_in_two_libraries(tmp_path):
    """A library of the schema before uids, upgraded: its TODOs get uids made from what they
    are, so two copies of one library agree on them."""
    uids = []
    for name in ("a", "b"):
        conn = db.connect(tmp_path / f"{name}.db")
        db.migrate(conn, target=next(n for n, name, _ in db.migrations() if name == "sync") - 1)
        conn.execute("INSERT INTO papers (id, title, added) VALUES ('2101.00001', 't', "
                     "'2026-01-01T00:00:00Z')")
        for text in ("first", "second"):
            conn.execute("INSERT INTO todos (paper_id, text, created) VALUES ('2101.00001', ?, "
                         "'2026-01-01T00:00:00Z')", (text,))
        if name == "b":   # B's row ids differ
            conn.execute("INSERT INTO papers (id, title, added) VALUES ('2101.00002', 't', "
                         "'2026-01-01T00:00:00Z')")
            conn.execute("INSERT INTO todos (paper_id, text, created) VALUES ('2101.00002', "
                         "'other', '2026-01-01T00:00:00Z')")
        db.migrate(conn)
        uids.append(conn.execute("SELECT text, uid FROM todos WHERE paper_id = '2101.00001' "
                                 "ORDER BY id").fetchall())
        conn.close()
    assert uids[0] == uids[1]
    assert [u for _, u in uids[0]] == ["2101.00001/2026-01-01T00:00:00Z/1",
                                       "2101.00001/2026-01-01T00:00:00Z/2"]


def test_yaml_carries_todo_uids_and_merges_by_them(tmp_path):
    """A TODO renamed on A and ticked on B stays one TODO (before: two), and a second import
    of the same file changes nothing."""
    a, b = Lib(tmp_path / "A"), Lib(tmp_path / "B")
    add_paper(a.conn, paper(1))
    todo = notes.add_todo(a.conn, "2101.00001", "implement", T0)
    restore.restore(b.conn, snapshot.export(a.conn))
    data = snapshot.export(a.conn)
    assert data["papers"][0]["todos"][0]["uid"] == b.conn.execute("SELECT uid FROM todos").fetchone()[0]
    b_todo = notes.todos_for(b.conn, "2101.00001")[0]
    notes.tick(b.conn, b_todo.id, T0 + timedelta(hours=1))
    restore.restore(a.conn, snapshot.export(b.conn))
    got = notes.todos_for(a.conn, "2101.00001")
    assert len(got) == 1 and got[0].done and got[0].id == todo.id
    again = restore.restore(a.conn, snapshot.export(b.conn))
    assert not again.changed


def test_a_file_without_todo_uids_still_imports_once(tmp_path):
    a = Lib(tmp_path / "A")
    add_paper(a.conn, paper(1))
    notes.add_todo(a.conn, "2101.00001", "one", T0)
    notes.add_todo(a.conn, "2101.00001", "two", T0)
    data = snapshot.export(a.conn)
    for t in data["papers"][0]["todos"]:
        del t["uid"]
    b = Lib(tmp_path / "B")
    restore.restore(b.conn, data)
    assert not restore.restore(b.conn, data).changed
    assert [t.text for t in notes.todos_for(b.conn, "2101.00001")] == ["one", "two"]


collection = pytest.importorskip("anki.collection", reason="the anki package (a test-only "
                                 "dependency) is not installed")


def test_two_computers_hand_written_cards_stay_two_notes_in_anki(tmp_path):
    """A's card 1 and B's card 1 are different cards: importing B's .apkg after A's must not
    overwrite A's (it did: both were guid 'hand:1')."""
    from reader.exports.anki import export as export_anki

    paths = []
    for name, front in (("A", "A card"), ("B", "B card")):
        lib = Lib(tmp_path / name)
        add_card(lib.conn, front, "back", "", now=T0)
        out = tmp_path / f"{name}.apkg"
        export_anki(lib.conn, out)
        paths.append(out)
        lib.close()
    (tmp_path / "anki").mkdir()
    col = collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    try:
        for path in paths:
            col.import_anki_package(collection.ImportAnkiPackageRequest(
                package_path=str(path), options=collection.ImportAnkiPackageOptions()))
        fronts = sorted(col.get_note(n).fields[0] for n in col.find_notes(""))
    finally:
        col.close()
    assert fronts == ["A card", "B card"]
