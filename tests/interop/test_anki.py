"""Anki export, checked by importing the package into a real Anki collection."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from reader.reading import notes

from .conftest import T0

collection = pytest.importorskip("anki.collection", reason="the anki package (a test-only dependency) is not installed")


@pytest.fixture
def col(tmp_path):
    (tmp_path / "anki").mkdir()
    c = collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield c
    c.close()


def import_apkg(col, path, with_scheduling=False):
    request = collection.ImportAnkiPackageRequest(
        package_path=str(path),
        options=collection.ImportAnkiPackageOptions(with_scheduling=with_scheduling))
    return col.import_anki_package(request).log


def visible(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", html)


def test_import_into_anki(filled, cli, col, tmp_path):
    path = tmp_path / "deck.apkg"
    code, _, err = cli("export", "anki", "-o", str(path))
    assert code == 0, err
    assert err == f"wrote 7 notes in 1 deck to {path}\n"
    log = import_apkg(col, path)
    # 1211.3711: what/how/why + one Q/A + one cloze note (2 deletions); 2101.00002: what; hand-written.
    assert len(log.new) == 7
    assert col.note_count() == 7 and col.card_count() == 8
    assert "paperdeck" in [d.name for d in col.decks.all_names_and_ids()]
    cloze_cards = [col.get_card(c) for c in col.find_cards('"note:paperdeck Cloze"')]
    assert sorted(c.ord for c in cloze_cards) == [0, 1]
    first = next(c for c in cloze_cards if c.ord == 0)
    q, a = visible(first.question()), visible(first.answer())
    assert "[...]" in q and "transducer" not in q and "prediction network" in q
    assert "transducer" in a
    note = first.note()
    assert note["Text"] == "The {{c1::transducer}} joins a {{c2::prediction network}}."
    basic = [col.get_note(n) for n in col.find_notes('"note:paperdeck Basic"')]
    fronts = {n["Front"] for n in basic}
    assert "Hand-written front" in fronts
    assert any("Loss?" == f for f in fronts)
    assert all("rnn" in n.tags for n in basic if "Sequence Transduction" in n["Context"])


def test_second_export_updates_instead_of_duplicating(filled, cli, col, tmp_path):
    cli("export", "anki", "-o", str(tmp_path / "one.apkg"))
    import_apkg(col, tmp_path / "one.apkg")
    notes.save(filled, "1211.3711", T0 + timedelta(days=5),
               how="The {{c1::transducer}} joins a {{c2::prediction net}} and a {{c3::joint net}}.")
    cli("export", "anki", "-o", str(tmp_path / "two.apkg"))
    log = import_apkg(col, tmp_path / "two.apkg")
    assert len(log.new) == 0 and len(log.updated) >= 1
    assert col.note_count() == 7 and col.card_count() == 9  # a third deletion: one more card
    (nid,) = col.find_notes('"note:paperdeck Cloze"')
    assert "joint net" in col.get_note(nid)["Text"]
    # The same export again changes nothing.
    log = import_apkg(col, tmp_path / "two.apkg")
    assert len(log.new) == 0 and len(log.updated) == 0 and col.note_count() == 7


def test_deck_per_tag(filled, cli, col, tmp_path):
    path = tmp_path / "tags.apkg"
    code, _, err = cli("export", "anki", "--deck-per-tag", "-o", str(path))
    assert code == 0 and "decks" in err
    import_apkg(col, path)
    names = {d.name for d in col.decks.all_names_and_ids()}
    assert {"paperdeck", "paperdeck::rnn", "paperdeck::misc"} <= names
    rnn = col.decks.id_for_name("paperdeck::rnn")
    assert len(col.find_cards(f"did:{rnn}")) == 6


def test_html_in_cards_is_escaped(filled, cli, col, tmp_path):
    notes.save(filled, "2101.00002", T0 + timedelta(days=1), what="a <b>not bold</b> & done")
    cli("export", "anki", "-o", str(tmp_path / "x.apkg"))
    import_apkg(col, tmp_path / "x.apkg")
    backs = {col.get_note(n)["Back"] for n in col.find_notes('"note:paperdeck Basic"')}
    assert "a &lt;b&gt;not bold&lt;/b&gt; &amp; done" in backs


def test_empty_library_gives_a_valid_package(conn, cli, col, tmp_path):
    code, _, _ = cli("export", "anki", "-o", str(tmp_path / "empty.apkg"))
    assert code == 0
    import_apkg(col, tmp_path / "empty.apkg")
    assert col.note_count() == 0


def _note_with(col, field: str, value: str):
    (nid,) = [n for n in col.find_notes('"note:paperdeck Basic"') if col.get_note(n)[field] == value]
    return col.get_note(nid)


def test_an_edit_made_in_anki_survives_a_later_export_of_other_changes(filled, cli, col, tmp_path):
    """genanki stamped every note with the newest change, so one edit in paperdeck made every
    note look newer and a re-import wiped the user's own edits in Anki."""
    cli("export", "anki", "-o", str(tmp_path / "one.apkg"))
    import_apkg(col, tmp_path / "one.apkg")
    mine = _note_with(col, "Back", "Speech recognition.")
    mine["Back"] = "Speech recognition, in my own words."
    col.update_note(mine)                                # stamped now (the real clock)
    later = datetime.now(timezone.utc) + timedelta(minutes=1)
    notes.save(filled, "1211.3711", later, what="Maps one sequence to another, any lengths.")
    cli("export", "anki", "-o", str(tmp_path / "two.apkg"))
    log = import_apkg(col, tmp_path / "two.apkg")
    assert len(log.updated) == 1 and len(log.new) == 0
    assert col.get_note(mine.id)["Back"] == "Speech recognition, in my own words."
    assert _note_with(col, "Back", "Maps one sequence to another, any lengths.")
    # Each note carries its own time: the changed one the change's, the others their own.
    mods = {col.get_note(n)["Back"]: col.get_note(n).mod for n in col.find_notes('"note:paperdeck Basic"')}
    assert mods["Maps one sequence to another, any lengths."] == int(later.timestamp())
    assert mods["sums over alignments"] == int(datetime(2026, 2, 2, 9, tzinfo=timezone.utc).timestamp())


def test_review_history_schedule_and_memory_state_carry_over(filled, cli, col, tmp_path):
    from decks.cards import get_card_by_source

    path = tmp_path / "deck.apkg"
    cli("export", "anki", "-o", str(path))
    import_apkg(col, path, with_scheduling=True)
    # Every answer, with its time, rating, review kind and answer time.
    revlog = col.db.all("SELECT id, ease, type, time FROM revlog ORDER BY id")
    day = 86400_000
    t0 = int(datetime(2026, 2, 2, 9, tzinfo=timezone.utc).timestamp() * 1000)
    assert revlog == [[t0 + day, 3, 0, 4000], [t0 + 2 * day, 4, 0, 0], [t0 + 3 * day, 1, 0, 9000]]
    today = datetime.now().astimezone() - timedelta(hours=4)    # Anki's day starts at 04:00
    what = _note_with(col, "Back", "Maps one sequence to another.<br>Without alignment.")
    (cloze,) = col.find_notes('"note:paperdeck Cloze"')
    for key, cid in (("1211.3711:what", what.card_ids()[0]),
                     ("1211.3711:cloze:how:1", col.get_note(cloze).card_ids()[0])):
        ours = get_card_by_source(filled, key)
        theirs = col.get_card(cid)
        assert (theirs.reps, theirs.lapses) == (ours.reps, ours.lapses)
        assert theirs.memory_state.stability == pytest.approx(ours.stability, abs=1e-3)
        assert theirs.memory_state.difficulty == pytest.approx(ours.difficulty, abs=1e-3)
        assert theirs.last_review_time == int(ours.last_review.timestamp())
        if ours.state == "review":
            assert (theirs.type, theirs.queue) == (2, 2)
            due_day = today.date() + timedelta(days=theirs.due - col.sched.today)
            assert due_day == (ours.due.astimezone() - timedelta(hours=4)).date()
        else:
            assert (theirs.type, theirs.queue) == (1, 1) and ours.state == "learning"
            assert theirs.due == int(ours.due.timestamp())
        # Anki's own FSRS reads the log: it finds a memory state for the card from it.
        assert col.compute_memory_state(cid).stability is not None
    assert sum(1 for c in col.find_cards("") if col.get_card(c).type == 0) == 6  # the rest new
    # A second import of the same package adds no review twice.
    import_apkg(col, path, with_scheduling=True)
    assert col.db.scalar("SELECT count() FROM revlog") == 3


def test_note_and_card_ids_are_the_same_in_every_export(filled, cli, tmp_path):
    import sqlite3
    import zipfile

    def ids(name):
        cli("export", "anki", "-o", str(tmp_path / name))
        with zipfile.ZipFile(tmp_path / name) as z:
            (tmp_path / (name + ".db")).write_bytes(z.read("collection.anki2"))
        db = sqlite3.connect(tmp_path / (name + ".db"))
        try:
            return (db.execute("SELECT guid, id FROM notes ORDER BY guid").fetchall(),
                    db.execute("SELECT nid, ord, id FROM cards ORDER BY nid, ord").fetchall())
        finally:
            db.close()

    first = ids("a.apkg")
    notes.save(filled, "1211.3711", T0 + timedelta(days=5), why="Speech, and more.")
    assert ids("b.apkg") == first
