"""`import yaml` merges by the rules of sync (issue 23: "it is the same merge, from a snapshot").

Two libraries exchange `paperdeck export yaml` files both ways, through the CLI as a person
does, with the clock pinned (PAPERDECK_NOW). Each test is one of the issue's "Seen today"
defects of the YAML path, kept as a reproduction: a field edited on one side only reaches the
other, a cleared field is not brought back by an older export, a hand-written card merges per
field, TODOs by their uid, a removal is not undone by an export that still holds the removed
thing, and a second import of the same file changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from decks.cards import add_card, edit_card, get_card, suspend_card
from reader.library import papers as library
from reader.reading import notes, units

from .helpers import T0, Lib, add_paper, paper


class Exchange:
    """Two libraries, A and B, and the CLI run in this process for each."""

    def __init__(self, tmp_path, monkeypatch, capsys):
        self.tmp, self.mp, self.capsys = tmp_path, monkeypatch, capsys
        self.a, self.b = Lib(tmp_path / "A"), Lib(tmp_path / "B")
        self.n = 0

    def cli(self, lib: Lib, now: datetime, *args: str) -> tuple[int, str, str]:
        from reader.cli import main

        self.mp.setenv("PAPERDECK_HOME", str(lib.paths.data))
        self.mp.setenv("PAPERDECK_NOW", now.isoformat())
        self.capsys.readouterr()
        code = main(list(args))
        got = self.capsys.readouterr()
        return code, got.out, got.err

    def export(self, lib: Lib, now: datetime):
        self.n += 1
        path = self.tmp / f"export-{self.n}.yaml"
        code, _, err = self.cli(lib, now, "export", "yaml", "-o", str(path))
        assert code == 0, err
        return path

    def load(self, lib: Lib, path, now: datetime) -> tuple[int, str]:
        code, _, err = self.cli(lib, now, "import", "yaml", str(path))
        return code, err

    def both_ways(self, now: datetime) -> tuple[tuple[int, str], tuple[int, str]]:
        """A and B export at once, then each imports the other's file."""
        fa, fb = self.export(self.a, now), self.export(self.b, now)
        return (self.load(self.a, fb, now + timedelta(minutes=1)),
                self.load(self.b, fa, now + timedelta(minutes=1)))

    def close(self):
        self.a.close()
        self.b.close()


@pytest.fixture
def ex(tmp_path, monkeypatch, capsys):
    e = Exchange(tmp_path, monkeypatch, capsys)
    yield e
    e.close()


def start(ex: Exchange) -> datetime:
    """A makes a paper with notes, TODOs, a hand-written card and a unit; B imports A's file."""
    c = ex.a.conn
    add_paper(c, paper(1))
    add_paper(c, paper(2))
    notes.save(c, "2101.00001", T0, what="What, first.", how="How, first.", why="Why, first.")
    notes.add_todo(c, "2101.00001", "implement it", T0)
    notes.add_todo(c, "2101.00001", "read CTC", T0 + timedelta(seconds=1))
    add_card(c, "A card", "Its back", now=T0)
    units.create(c, T0.date(), 10, {"paper": 3}, T0)
    t = T0 + timedelta(hours=1)
    code, err = ex.load(ex.b, ex.export(ex.a, t), t)
    assert code == 0, err
    return t + timedelta(hours=1)


def hand_card(lib: Lib):
    row = lib.conn.execute("SELECT id FROM cards WHERE source_key IS NULL").fetchone()
    return get_card(lib.conn, row[0])


def todos(lib: Lib) -> list[tuple]:
    return [(t.text, t.done is not None) for t in notes.todos_for(lib.conn, "2101.00001")]


def test_one_sided_note_edits_cross_and_a_cleared_field_stays_cleared(ex):
    t = start(ex)
    notes.save(ex.a.conn, "2101.00001", t, what="What, edited on A.")
    notes.save(ex.b.conn, "2101.00001", t, how="How, edited on B.", why="")
    (code_a, err_a), (code_b, err_b) = ex.both_ways(t + timedelta(minutes=5))
    assert (code_a, code_b) == (0, 0), err_a + err_b
    assert "changed" not in err_a + err_b and "drafts" not in err_a + err_b
    for lib in (ex.a, ex.b):
        n = notes.get(lib.conn, "2101.00001")
        assert (n.what, n.how, n.why) == ("What, edited on A.", "How, edited on B.", "")
    # the why card follows the cleared field on both
    for lib in (ex.a, ex.b):
        why = lib.conn.execute("SELECT suspended FROM cards WHERE source_key = '2101.00001:why'"
                               ).fetchone()
        assert why is None or why[0]          # suspended: its field is empty
    # a later round reports nothing and changes nothing
    (code_a, err_a), (code_b, err_b) = ex.both_ways(t + timedelta(hours=1))
    assert (code_a, code_b) == (0, 0)
    assert "nothing new" in err_a and "nothing new" in err_b, err_a + err_b
    for lib in (ex.a, ex.b):                      # no draft: there was no conflict
        drafts = lib.paths.data / "drafts"
        assert not drafts.exists() or not any(drafts.iterdir())
    assert ex.a.export() == ex.b.export()


def test_an_older_export_does_not_bring_back_a_cleared_field(ex):
    t = start(ex)
    old = ex.export(ex.a, t)                        # A's file, before B clears why
    notes.save(ex.b.conn, "2101.00001", t + timedelta(minutes=1), why="")
    code, err = ex.load(ex.b, old, t + timedelta(minutes=2))
    assert code == 0, err
    assert notes.get(ex.b.conn, "2101.00001").why == ""


def test_the_same_field_on_both_is_one_conflict_reported_once(ex):
    t = start(ex)
    notes.save(ex.a.conn, "2101.00001", t, why="Why, as A wrote it.")
    notes.save(ex.b.conn, "2101.00001", t + timedelta(seconds=5), why="Why, as B wrote it.")
    (code_a, err_a), (code_b, err_b) = ex.both_ways(t + timedelta(minutes=5))
    assert code_a == 1 and code_b == 1, err_a + err_b
    assert "2101.00001 why" in err_a and "2101.00001 why" in err_b
    kept = {notes.get(lib.conn, "2101.00001").why for lib in (ex.a, ex.b)}
    assert len(kept) == 1                             # both keep one text ...
    drafts = [p.read_text() for lib in (ex.a, ex.b)
              for p in (lib.paths.data / "drafts").rglob("*") if p.is_file()]
    other = ({"Why, as A wrote it.", "Why, as B wrote it."} - kept).pop()
    assert any(other in d for d in drafts)            # ... and the other is in drafts/
    (code_a, err_a), (code_b, err_b) = ex.both_ways(t + timedelta(hours=1))
    assert (code_a, code_b) == (0, 0), err_a + err_b  # reported once, not every round
    assert ex.a.export() == ex.b.export()


def test_a_hand_written_card_merges_per_field(ex):
    t = start(ex)
    card_a = hand_card(ex.a)
    suspend_card(ex.a.conn, card_a.id, t)
    edit_card(ex.a.conn, card_a.id, t, back="Back, edited on A.")
    edit_card(ex.b.conn, hand_card(ex.b).id, t + timedelta(seconds=5), front="Front, edited on B.")
    (code_a, err_a), (code_b, err_b) = ex.both_ways(t + timedelta(minutes=5))
    assert (code_a, code_b) == (0, 0), err_a + err_b
    for lib in (ex.a, ex.b):
        card = hand_card(lib)
        assert (card.front, card.back, bool(card.suspended)) == \
            ("Front, edited on B.", "Back, edited on A.", True)


def test_todos_merge_by_uid_and_a_removed_one_stays_removed(ex):
    t = start(ex)
    first = notes.todos_for(ex.a.conn, "2101.00001")
    ex.a.conn.execute("UPDATE todos SET text = 'implement it in C' WHERE id = ?", (first[0].id,))
    notes.remove_todo(ex.a.conn, first[1].id)                    # A removes 'read CTC'
    b_first = next(x for x in notes.todos_for(ex.b.conn, "2101.00001") if x.text == "implement it")
    notes.tick(ex.b.conn, b_first.id, t)
    (code_a, err_a), (code_b, err_b) = ex.both_ways(t + timedelta(minutes=5))
    assert (code_a, code_b) == (0, 0), err_a + err_b
    for lib in (ex.a, ex.b):
        assert todos(lib) == [("implement it in C", True)]
    uids = [lib.conn.execute("SELECT uid FROM todos").fetchall() for lib in (ex.a, ex.b)]
    assert [tuple(r) for r in uids[0]] == [tuple(r) for r in uids[1]]


def test_a_removed_paper_is_not_brought_back_by_an_export_that_holds_it(ex):
    t = start(ex)
    library.delete(ex.a.conn, ex.a.paths.data, "2101.00002", t)
    (code_a, err_a), (code_b, err_b) = ex.both_ways(t + timedelta(minutes=5))
    assert (code_a, code_b) == (0, 0), err_a + err_b
    for lib in (ex.a, ex.b):
        assert library.get(lib.conn, "2101.00002") is None
    assert ex.a.export() == ex.b.export()


def test_unit_goals_set_on_both_sides_end_equal(ex):
    t = start(ex)
    units.set_goals(ex.a.conn, 1, {"paper": 5})
    units.set_goals(ex.b.conn, 1, {"paper": 7})
    ex.both_ways(t + timedelta(minutes=5))
    goals = [lib.conn.execute("SELECT kind, count FROM unit_goals").fetchall()
             for lib in (ex.a, ex.b)]
    assert [tuple(r) for r in goals[0]] == [tuple(r) for r in goals[1]]


def test_a_second_import_of_one_file_changes_nothing(ex):
    t = start(ex)
    first = ex.export(ex.a, t)              # into the library it was first restored into
    before = ex.b.export()
    code, err = ex.load(ex.b, first, t)
    assert code == 0 and "nothing new" in err, err
    assert ex.b.export() == before
    notes.save(ex.a.conn, "2101.00001", t, what="What, edited on A.")
    notes.save(ex.b.conn, "2101.00001", t, what="What, edited on B.")
    fa = ex.export(ex.a, t + timedelta(minutes=1))
    first = ex.load(ex.b, fa, t + timedelta(minutes=2))
    before = ex.b.export()
    code, err = ex.load(ex.b, fa, t + timedelta(minutes=3))
    assert code == 0 and "nothing new" in err, (first, err)
    assert ex.b.export() == before


@pytest.mark.parametrize("order", ["ABA", "BAB"])
def test_the_issues_two_computers_through_yaml_files_end_equal(ex, order):
    """The folder test's divergence (test_two_computers.diverge), carried by YAML files: each
    step one library imports the other's newest export; both end equal, every answer once."""
    from .helpers import answers
    from .test_two_computers import diverge, fill

    fill(ex.a, ex.tmp)
    t = T0 + timedelta(days=2)
    code, err = ex.load(ex.b, ex.export(ex.a, t), t)
    assert code == 0, err
    t = T0 + timedelta(days=3)
    diverge(ex.a, ex.b, t)
    libs = {"A": ex.a, "B": ex.b}
    codes = []
    for i, name in enumerate(order + order[1]):   # the last one imports the other's last
        me, other = libs[name], libs["B" if name == "A" else "A"]
        now = t + timedelta(hours=i + 1)
        codes.append(ex.load(me, ex.export(other, now), now)[0])
    assert codes.count(1) == 2                        # the why conflict, once on each side
    strip = lambda text: text.split("\nmerge:\n")[0]  # noqa: E731 - each library's own clocks
    assert strip(ex.a.export()) == strip(ex.b.export())
    got = answers(ex.a.conn)
    assert got == answers(ex.b.conn) and len(got) == len(set(got)) == 4
    n1 = notes.get(ex.a.conn, "2101.00001")
    assert (n1.what, n1.how) == ("Maps sequences, edited on A.",
                                 "A {{c1::transducer}}, edited on B.")
    assert library.get(ex.a.conn, "2101.00003") is not None      # removed on A, tagged on B
    assert all(x.done for x in notes.todos_for(ex.a.conn, "2101.00001"))
    for lib in (ex.a, ex.b):                          # and one more round changes nothing
        other = ex.b if lib is ex.a else ex.a
        now = t + timedelta(hours=9)
        code, err = ex.load(lib, ex.export(other, now), now)
        assert code == 0 and "nothing new" in err, err


def test_a_bad_merge_section_is_one_line_and_writes_nothing(ex):
    t = start(ex)
    path = ex.export(ex.a, t)
    text = path.read_text(encoding="utf-8")
    bad = ex.tmp / "bad.yaml"
    bad.write_text(text.replace("\nmerge:\n  device:", "\nmerge:\n  devise:"), encoding="utf-8")
    before = ex.b.export()
    code, err = ex.load(ex.b, bad, t)
    assert code != 0 and err.count("\n") == 1 and "merge.devise" in err, err
    stamp = text.split("clocks:\n", 1)[1].split(":", 1)[0].strip().strip('"')
    bad.write_text(text.replace(stamp, "yesterday"), encoding="utf-8")
    code, err = ex.load(ex.b, bad, t)
    assert code != 0 and "not a clock stamp" in err and err.count("\n") == 1, err
    assert ex.b.export() == before


def test_a_dry_run_merges_nothing_and_says_what_it_would(ex):
    t = start(ex)
    notes.save(ex.a.conn, "2101.00001", t, what="What, edited on A.")
    path = ex.export(ex.a, t)
    before = ex.b.export()
    code, _, err = ex.cli(ex.b, t, "import", "yaml", "--dry-run", str(path))
    assert code == 0 and "would merge" in err, err
    assert ex.b.export() == before
    code, err = ex.load(ex.b, path, t)
    assert code == 0 and notes.get(ex.b.conn, "2101.00001").what == "What, edited on A."


def test_the_five_cs_still_cross(ex):
    """What sync does not carry as cells (the five Cs, quotes) comes over as `restore` merges
    it, into a library that already holds the paper."""
    from reader.reading import fivecs

    t = start(ex)
    fivecs.save(ex.a.conn, "2101.00001", t, category="A method paper.")
    code, err = ex.load(ex.b, ex.export(ex.a, t + timedelta(minutes=1)), t + timedelta(minutes=2))
    assert code == 0, err
    assert fivecs.get(ex.b.conn, "2101.00001").category == "A method paper."


def test_a_read_only_library_still_exports_without_clocks(tmp_path):
    """The clocks are kept in the library: one that cannot be written exports as before
    (a warning line), and the file restores as a backup does."""
    from tests.test_outside import _as_a_user, _library_with_cards

    home = tmp_path / "home"
    _library_with_cards(home, 1)
    db = home / "paperdeck.db"
    db.chmod(0o444)
    try:
        code, out, err = _as_a_user(home, "export", "yaml")
    finally:
        db.chmod(0o644)
    assert code == 0, err
    assert "front 0" in out and "\nmerge:" not in out
    assert err.count("\n") <= 2 and "no clocks" in err
