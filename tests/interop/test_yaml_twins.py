"""Things paperdeck lets a person make twice in one second are two things in the backup: it
restores them both, and merging it again adds nothing."""

from __future__ import annotations

from decks.cards import add_card
from decks.reviews import answer
from reader.reading import notes
from reader.library import papers as library
from reader.store.db import open_library, transaction
from reader.exports import restore, safeyaml, snapshot
from reader.store.paths import Paths

from .conftest import T0, make_paper


def dump(conn) -> str:
    return snapshot.dumps(snapshot.export(conn))


def fresh(tmp_path):
    return open_library(Paths(data=tmp_path / "fresh", config_dir=tmp_path / "fresh"))


def test_two_hand_written_cards_alike_in_one_second_are_two_cards(conn, tmp_path):
    """The same front added twice in a second (a double Enter) made a backup that refused itself
    ('this card appears twice'): each hand-written card has an identity of its own."""
    first = add_card(conn, "Blank symbol?", "Emits nothing", now=T0)
    second = add_card(conn, "Blank symbol?", "Emits nothing", now=T0)
    answer(conn, second.id, 3, T0)
    text = dump(conn)
    other = fresh(tmp_path)
    result = restore.restore(other, safeyaml.load(text))
    assert result.count("cards").new == 2 and dump(other) == text
    assert not restore.restore(conn, safeyaml.load(text)).changed
    assert first.id != second.id


def test_two_todos_alike_in_one_second_are_two_todos(conn, tmp_path):
    """`paperdeck note ID --todo "read it"` run twice in a second made a backup refused as
    'duplicate of an earlier entry (same text, created)'."""
    with transaction(conn):
        library.insert(conn, make_paper(1))
    pid = make_paper(1).id
    notes.add_todo(conn, pid, "read it", T0)
    second = notes.add_todo(conn, pid, "read it", T0)
    text = dump(conn)
    other = fresh(tmp_path)
    restore.restore(other, safeyaml.load(text))
    assert dump(other) == text
    assert not restore.restore(conn, safeyaml.load(text)).changed
    # Ticking the second off elsewhere ticks off the second here, not the first.
    notes.tick(other, [t.id for t in notes.todos_for(other, pid)][1], T0)
    restore.restore(conn, snapshot.export(other))
    assert [t.done_at is not None for t in notes.todos_for(conn, pid)] == [False, True]
    assert notes.todos_for(conn, pid)[1].id == second.id
