"""Anki export, checked by importing the package into a real Anki collection."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from reader import notes

from .conftest import T0

collection = pytest.importorskip("anki.collection", reason="the anki package (a test-only dependency) is not installed")


@pytest.fixture
def col(tmp_path):
    (tmp_path / "anki").mkdir()
    c = collection.Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield c
    c.close()


def import_apkg(col, path):
    request = collection.ImportAnkiPackageRequest(
        package_path=str(path), options=collection.ImportAnkiPackageOptions(with_scheduling=False))
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
