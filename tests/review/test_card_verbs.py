"""`paperdeck card show|edit|delete|suspend|unsuspend|forget|due` and `review --plain --type`,
through the CLI with a pinned clock: each change in one line, bad input one line with exit 2,
nothing written on a refusal."""

from __future__ import annotations

import io
import json
import sys

import pytest

NOW = "2026-11-21T09:00:00+00:00"


@pytest.fixture
def deck(cli, monkeypatch):
    monkeypatch.setenv("PAPERDECK_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    code, out, err = cli("card", "add", "--front", "What is RNN-T?", "--back", "A transducer")
    assert code == 0, err
    return int(out)


def review(cli, monkeypatch, keys: str, *args):
    monkeypatch.setattr(sys, "stdin", io.StringIO(keys))
    return cli("review", "--plain", *args)


def card(cli, card_id):
    return json.loads(cli("card", "show", str(card_id), "--json")[1])


def db_bytes(home):
    return (home / "paperdeck.db").read_bytes()


def test_suspend_unsuspend_forget_and_due(deck, cli, monkeypatch, home):
    review(cli, monkeypatch, "\n4\n")
    assert card(cli, deck)["state"] == "review"
    code, _, err = cli("card", "suspend", str(deck))
    assert code == 0 and "suspended card" in err
    assert json.loads(cli("due", "--json")[1])["tomorrow"] == 0
    assert cli("card", "unsuspend", str(deck))[0] == 0
    code, _, err = cli("card", "due", str(deck), "3")
    assert code == 0 and "due 2026-11-24 04:00" in err
    assert card(cli, deck)["due"].startswith("2026-11-24T04:00")
    code, _, err = cli("card", "forget", str(deck))
    assert code == 0 and "new again; its answer stays in the log" in err
    shown = card(cli, deck)
    assert shown["state"] == "new" and len(shown["reviews"]) == 1


def test_edit_and_delete_a_hand_written_card(deck, cli, monkeypatch):
    review(cli, monkeypatch, "\n3\n")
    assert cli("card", "edit", str(deck), "--back", "A transducer of sequences")[0] == 0
    assert card(cli, deck)["back"] == "A transducer of sequences"
    monkeypatch.setattr(sys, "stdin", io.StringIO("y\n"))   # not a terminal: --yes is needed
    code, _, err = cli("card", "delete", str(deck))
    assert code == 2 and "add --yes" in err
    code, _, err = cli("card", "delete", str(deck), "--yes")
    assert code == 0 and "its answer stays in the stats" in err
    assert json.loads(cli("cards", "--json", "--all")[1]) == []
    code, _, err = cli("card", "show", str(deck))
    assert code == 1 and "was deleted" in err
    stats = json.loads(cli("stats", "--json")[1])
    assert stats["done_today"] == 1                      # its answer still counts


def test_a_card_from_a_note_is_edited_with_the_note(cli, monkeypatch, home):
    monkeypatch.setenv("PAPERDECK_NOW", NOW)
    from reader.reading import notes
    from reader.store import db
    from reader.store.paths import resolve
    from tests.tui_review import seed

    conn = db.open_library(resolve(home))
    seed.seed_papers(conn)
    notes.save(conn, "1211.3711", seed.NOW, what="Maps sequences.")
    conn.close()
    (made,) = json.loads(cli("cards", "--json")[1])
    before = db_bytes(home)
    card_id = str(made["id"])
    for verb in (("edit", card_id, "--front", "mine"), ("delete", card_id, "--yes")):
        code, out, err = cli("card", *verb)
        assert code == 2 and out == "" and err.count("\n") == 1
        assert "made from the What note of 1211.3711" in err
        assert "paperdeck note 1211.3711" in err
    assert db_bytes(home) == before


@pytest.mark.parametrize("args, message", [
    (("due", "{id}", "yesterday"), "is not a due date"),
    (("due", "{id}", "2020-01-01"), "is in the past"),
    (("due", "{id}", "999999"), "is not a due date"),
    (("edit", "{id}"), "nothing to change"),
    (("edit", "{id}", "--front", " "), "a card needs a front"),
])
def test_bad_input_is_one_line_and_writes_nothing(deck, cli, monkeypatch, home, args, message):
    review(cli, monkeypatch, "\n4\n")
    before = db_bytes(home)
    code, out, err = cli("card", *[a.format(id=deck) for a in args])
    assert code == 2 and out == "" and message in err and err.count("\n") == 1
    assert db_bytes(home) == before


def test_a_new_card_has_no_due_date_to_set_and_a_missing_one_is_named(deck, cli):
    code, _, err = cli("card", "due", str(deck), "3")
    assert code == 2 and "is new" in err
    code, _, err = cli("card", "suspend", "999")
    assert code == 1 and "card 999 does not exist" in err
    code, _, err = cli("card", "forget", "x")
    assert code == 2 and err.count("\n") == 1


def test_plain_review_with_type_keeps_what_was_typed(cli, monkeypatch, home):
    monkeypatch.setenv("PAPERDECK_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    from reader.reading import notes
    from reader.store import db
    from reader.store.paths import resolve
    from tests.tui_review import seed

    conn = db.open_library(resolve(home))
    seed.seed_papers(conn)
    notes.save(conn, "1211.3711", seed.NOW, what="A transducer that maps input sequences to "
                                                 "output sequences.")
    conn.close()
    code, out, err = review(cli, monkeypatch,
                            "a transducer of sequences\nfrom input\n\n3\nq\n", "--type")
    assert code == 0, err
    assert "type what you remember" in out
    you, note = out.index("you wrote:"), out.index("the note:")
    assert you < note
    assert "A transducer that [maps] input sequences to [output] sequences." in out
    assert "you wrote 4 of its 6 words" in out
    (made,) = json.loads(cli("cards", "--json")[1])
    shown = card(cli, made["id"])
    assert shown["reviews"][0]["typed"] == "a transducer of sequences\nfrom input"
    assert shown["reviews"][0]["recalled"] == pytest.approx(4 / 6)
    code, out, _ = cli("card", "show", str(made["id"]))
    assert "recalled 67% of the answer's words" in out
