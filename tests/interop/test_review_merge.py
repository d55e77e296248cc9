"""The YAML backup and the review log: every answer keeps its identity through export, import and
merge, and a merged card's stored state is the one its merged log rebuilds."""

from __future__ import annotations

import io
import random
from datetime import timedelta

import pytest

from decks.cards import add_card, list_cards
from decks.reviews import NothingToUndo, answer, history, last_review, rebuild_card, undo_last
from reader.reading import notes
from reader.library import papers as library
from reader.config import load as load_config
from reader.store.db import open_library, transaction
from reader.exports import restore, safeyaml, snapshot
from reader.store.paths import Paths
from reader.reading.reviewing import deck_settings

from .conftest import T0, make_paper


def dump(conn) -> str:
    return snapshot.dumps(snapshot.export(conn))


def library_at(tmp_path, name: str):
    p = Paths(data=tmp_path / name, config_dir=tmp_path / name)
    return p, open_library(p)


def log_of(conn) -> list[tuple]:
    return [tuple(r) for r in conn.execute(
        "SELECT card_id, rating, reviewed_at, duration_ms FROM review_log ORDER BY id")]


def test_two_answers_in_one_second_survive_export_and_import(cli, home, conn, monkeypatch, tmp_path):
    """Seen: Again, the card came straight back, Again, all in one second; the backup of that
    library was refused by import as 'the same review (time and rating) appears twice'."""
    monkeypatch.setenv("PAPERDECK_NOW", "2026-01-01T10:00:00+00:00")
    assert cli("card", "add", "--front", "F1", "--back", "B1")[0] == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("\n1\n\n1\nq\n"))
    code, out, err = cli("review", "--plain")
    assert code == 0, err
    assert "1 card, 2 answers: 2 again" in out
    backup = tmp_path / "backup.yaml"
    assert cli("export", "yaml", "-o", str(backup))[0] == 0
    monkeypatch.setenv("PAPERDECK_HOME", str(tmp_path / "new"))
    code, out, err = cli("import", "yaml", str(backup))
    assert code == 0, err
    _, restored = library_at(tmp_path, "new")
    assert log_of(restored) == log_of(conn) and len(log_of(conn)) == 2
    assert dump(restored) == backup.read_text(encoding="utf-8").split("\nmerge:\n")[0] + "\n"
    # Importing it again (into either library) adds nothing: each answer is known by its identity.
    for c in (conn, restored):
        result = restore.restore(c, safeyaml.load_file(backup))
        assert result.count("reviews").new == 0 and result.count("reviews").same == 2
    assert len(log_of(restored)) == 2


def test_an_old_export_with_one_second_twins_imports_once(filled, tmp_path):
    """A file written by 0.1.0 has no review identities; its same-second twins are two answers,
    and importing the file again adds nothing."""
    doc = snapshot.export(filled)
    card = next(c for c in doc["cards"] if c["reviews"])
    twin = dict(card["reviews"][-1])
    card["reviews"].append(twin)
    hand = next(c for c in doc["cards"] if c["source_key"] is None)
    doc["cards"].append(dict(hand, reviews=[]))  # a second card added with it in that second
    for c in doc["cards"]:
        c.pop("uid")
        for r in c["reviews"]:
            r.pop("uid")
    doc["version"] = 1
    path = tmp_path / "old.yaml"
    path.write_text(snapshot.dumps(doc), encoding="utf-8")
    _, fresh = library_at(tmp_path, "fresh")
    first = restore.restore(fresh, safeyaml.load_file(path))
    n = len(log_of(fresh))
    assert first.count("reviews").new == n == sum(len(c["reviews"]) for c in doc["cards"])
    assert first.count("cards").new == len(doc["cards"])
    again = restore.restore(fresh, safeyaml.load_file(path))
    assert not again.changed and len(log_of(fresh)) == n
    # Its export names each answer; that export imports into an empty library unchanged.
    text = dump(fresh)
    _, third = library_at(tmp_path, "third")
    restore.restore(third, safeyaml.load(text))
    assert dump(third) == text


def seventeen_cards(conn) -> None:
    """Five papers whose notes make 14 cards, plus three hand-written ones."""
    for n in range(1, 6):
        with transaction(conn):
            library.insert(conn, make_paper(n))
    for n in range(1, 6):
        notes.save(conn, f"2101.{n:05d}", T0, what=f"What {n}", how=f"How {n}",
                   why=f"The {{{{c1::point}}}} of {n}" if n <= 2 else "")
    add_card(conn, "Hand one", "back", now=T0)
    add_card(conn, "Hand two", "back", now=T0)
    add_card(conn, "Hand three", "back", now=T0 + timedelta(seconds=1))
    assert len(list_cards(conn)) == 17


def review_apart(conn, settings, seed: int, start: timedelta) -> None:
    """Answer every card a few times, on days of this machine's own."""
    rng = random.Random(seed)
    for day in range(4):
        t = T0 + start + timedelta(days=2 * day, hours=rng.randrange(8))
        for card in list_cards(conn):
            for _ in range(rng.choice((1, 1, 2))):  # sometimes twice in one second
                answer(conn, card.id, rng.choice((1, 2, 3, 3, 4)), t, 1000, settings)


def assert_consistent(conn, settings) -> None:
    """Every card: stored state == the rebuild from its log, reps == its answers, the log in time
    order, and each row's "before" is what the previous row left (so undo restores it exactly)."""
    bad = []
    for card in list_cards(conn):
        log = history(conn, card.id)
        times = [r.reviewed_at for r in log]
        chained = all(row.due_before == prev.due_after and row.last_review_before == prev.reviewed_at
                      for prev, row in zip(log, log[1:]))
        rebuilt = rebuild_card(conn, card.id, settings)
        if (rebuilt.scheduling() != card.scheduling() or card.reps != len(log)
                or times != sorted(times) or not chained):
            bad.append(card.source_key or card.front)
    cards = len(list_cards(conn))
    assert bad == [], f"{len(bad)} of {cards} cards disagree with their log: {bad}"


def test_merging_two_forked_histories_keeps_every_card_consistent(cli, home, conn, paths, tmp_path):
    """The same library exported, reviewed apart in two libraries, then one merged into the
    other: every answer from both sides is kept, and each card is its merged log's rebuild."""
    seventeen_cards(conn)
    fork_file = tmp_path / "fork.yaml"
    fork_file.write_text(dump(conn), encoding="utf-8")
    _, laptop = library_at(tmp_path, "laptop")
    restore.restore(laptop, safeyaml.load_file(fork_file))
    settings = deck_settings(conn, load_config(paths))
    review_apart(conn, settings, seed=1, start=timedelta(days=1))
    review_apart(laptop, settings, seed=2, start=timedelta(days=2))
    mine, theirs = len(log_of(conn)), len(log_of(laptop))
    my_last = last_review(conn)
    back = tmp_path / "laptop.yaml"
    back.write_text(dump(laptop), encoding="utf-8")
    code, _, err = cli("import", "yaml", str(back))
    assert code == 0, err
    assert len(log_of(conn)) == mine + theirs
    assert_consistent(conn, settings)
    # Merging the same file again changes nothing; merging back the other way converges.
    before = dump(conn)
    assert restore.restore(conn, safeyaml.load_file(back)).count("reviews").new == 0
    assert dump(conn) == before
    restore.restore(laptop, snapshot.export(conn), settings=settings)
    assert_consistent(laptop, settings)
    assert len(log_of(laptop)) == mine + theirs
    # The answer given here last was replayed into a new row: an undo that names the old row
    # (the review screen's) refuses; undo of the newest answer leaves the card consistent.
    with pytest.raises(NothingToUndo):
        undo_last(conn, T0 + timedelta(days=30), expected_review_id=my_last.id)
    review, card = undo_last(conn, T0 + timedelta(days=30))
    assert card.reps == len(history(conn, card.id))
    assert_consistent(conn, settings)


def test_a_history_that_only_moved_ahead_is_taken_as_it_is(conn, tmp_path):
    """The laptop reviewed, this library did not: the laptop's answers and due dates are taken
    unchanged (no replay), so the dates shown on the laptop stay the dates shown here."""
    seventeen_cards(conn)
    _, laptop = library_at(tmp_path, "laptop")
    restore.restore(laptop, snapshot.export(conn))
    from decks.settings import DeckSettings

    review_apart(laptop, DeckSettings(), seed=3, start=timedelta(days=1))
    restore.restore(conn, snapshot.export(laptop))
    ours, theirs = snapshot.export(conn), snapshot.export(laptop)
    assert ours["cards"] == theirs["cards"]


def test_the_review_log_still_refuses_edits(conn, tmp_path):
    import sqlite3

    seventeen_cards(conn)
    card = list_cards(conn)[0]
    answer(conn, card.id, 3, T0)
    answer(conn, list_cards(conn)[1].id, 3, T0)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE review_log SET rating = 4")
    with pytest.raises(sqlite3.IntegrityError, match="only the last answer"):
        conn.execute("DELETE FROM review_log WHERE card_id = ?", (card.id,))


def test_an_upgraded_library_and_a_restore_of_its_old_backup_are_the_same(tmp_path):
    """A library of schema 4 (answers twice in one second included) and its YAML backup written
    then: upgraded, the library gives its old answers the ids that importing the old backup
    gives them, so the backup restores to the same library and merges into it as nothing new."""
    from reader.store import db

    paths = Paths(data=tmp_path / "old", config_dir=tmp_path / "old")
    old = db.connect(paths.db)
    db.migrate(old, target=4)
    with transaction(old):
        library.insert(old, make_paper(1))
    # Today's decks code writes today's columns: make the history in a scratch library and
    # copy it over in the columns schema 4 has, as release 0.1.0 wrote them.
    scratch = db.connect(tmp_path / "scratch.db")
    db.migrate(scratch)
    card = add_card(scratch, "Front", "Back", now=T0)
    for seconds, rating in ((0, 1), (0, 1), (0, 3), (600, 3), (600, 3)):
        answer(scratch, card.id, rating, T0 + timedelta(seconds=seconds))
    with transaction(old):
        for table in ("cards", "review_log"):
            cols = [r[1] for r in old.execute(f"PRAGMA table_info({table})")]
            for row in scratch.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY id"):
                old.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES "
                            f"({', '.join('?' * len(cols))})", tuple(row))
    scratch.close()
    backup = snapshot.export(old)
    assert "uid" not in backup["cards"][0]["reviews"][0]
    backup["version"] = 1
    db.migrate(old, paths)
    assert [tuple(r) for r in old.execute("SELECT uid FROM cards")] == [("2026-02-02T09:00:00Z/1",)]
    assert [r[0] for r in old.execute("SELECT uid FROM review_log ORDER BY id")] == [
        "2026-02-02T09:00:00Z/1/1", "2026-02-02T09:00:00Z/1/2", "2026-02-02T09:00:00Z/3/1",
        "2026-02-02T09:10:00Z/3/1", "2026-02-02T09:10:00Z/3/2"]
    _, fresh = library_at(tmp_path, "fresh")
    restore.restore(fresh, backup)
    assert dump(fresh) == dump(old)
    result = restore.restore(old, backup)
    assert not result.changed and result.count("reviews").same == 5
    # New answers get random ids of their own; undo still takes back the newest one.
    answer(old, card.id, 3, T0 + timedelta(days=1))
    newest = last_review(old)
    uid = old.execute("SELECT uid FROM review_log WHERE id = ?", (newest.id,)).fetchone()[0]
    assert len(uid) == 16 and int(uid, 16) >= 0
    undo_last(old, T0 + timedelta(days=1), expected_review_id=newest.id)
    assert len(history(old, card.id)) == 5
