"""The issue's "Done when": two libraries and one folder."""

from __future__ import annotations

from datetime import timedelta

import pytest

from decks.cards import add_card, get_card_by_source
from decks.reviews import answer
from reader.library import localpdf
from reader.library import papers as library
from reader.reading import journal, notes, passes, units
from tests.selfmade import tiny_pdf

from .helpers import T0, Lib, add_paper, answers, paper


@pytest.fixture
def ab(tmp_path):
    a = Lib(tmp_path / "A")
    b = Lib(tmp_path / "B", clock_skew=timedelta(minutes=-10))  # B's clock is 10 minutes slow
    folder = tmp_path / "folder"
    folder.mkdir()
    yield a, b, folder
    a.close()
    b.close()


def fill(a: Lib, tmp_path) -> None:
    """A adds papers, notes, TODOs, passes, cards and reviews, a unit, journal entries, a
    local PDF."""
    c = a.conn
    for n in (1, 2, 3):
        add_paper(c, paper(n))
    library.change_tags(c, "2101.00001", ["rnn"], [])
    passes.start(c, "2101.00001", 1, T0)
    passes.finish(c, "2101.00001", 1, T0 + timedelta(hours=1))
    notes.save(c, "2101.00001", T0, what="Maps sequences.", how="A {{c1::transducer}}.",
               why="Speech.")
    notes.save(c, "2101.00002", T0, what="Second paper's what.", how="Its how.")
    todo = notes.add_todo(c, "2101.00001", "implement it", T0)
    notes.add_todo(c, "2101.00001", "read CTC", T0)
    notes.tick(c, todo.id, T0 + timedelta(hours=2))
    add_card(c, "Hand front", "Hand back", "ctx", now=T0)
    what = get_card_by_source(c, "2101.00001:what")
    answer(c, what.id, 3, T0 + timedelta(hours=3), duration_ms=4000)
    answer(c, what.id, 1, T0 + timedelta(days=1), duration_ms=9000)
    units.create(c, T0.date(), 10, {"paper": 3}, T0)
    units.plan(c, 1, ["2101.00001"], T0)
    journal.add(c, "watched a lecture", T0.date(), T0)
    journal.add(c, "read the transducer paper", T0.date(), T0 + timedelta(hours=1), item="2101.00001")
    pdf = tmp_path / "local.pdf"
    pdf.write_bytes(tiny_pdf(["A local paper about sync.", "Page two."], title="Local Sync"))
    localpdf.add_local(c, a.paths, pdf)


def test_a_library_arrives_whole_and_a_second_sync_changes_nothing(ab, tmp_path):
    a, b, folder = ab
    fill(a, tmp_path)
    a.sync(folder, T0 + timedelta(days=2))
    b.sync(folder, T0 + timedelta(days=2))
    assert b.export() == a.export()
    local = b.conn.execute("SELECT id, pdf_path, pdf_status FROM papers WHERE id LIKE 'local:%'"
                           ).fetchone()
    assert local["pdf_status"] == "ok"
    assert (b.paths.data / local["pdf_path"]).read_bytes() == \
        (a.paths.data / a.conn.execute("SELECT pdf_path FROM papers WHERE id = ?",
                                       (local["id"],)).fetchone()[0]).read_bytes()
    assert len(list((folder / "files").iterdir())) == 1
    # Idempotent: nothing new, nothing written, in the folder or the library.
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    exports = a.export(), b.export()
    for lib in (a, b, a):
        report = lib.sync(folder, T0 + timedelta(days=3))
        assert report.sent == report.received == report.applied == 0
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before
    assert (a.export(), b.export()) == exports


def diverge(a: Lib, b: Lib, t) -> None:
    """Both edit: A what / B how of one paper; both answer one card; both the same field of
    another note; A removes a paper B tags; B ticks a TODO; both write the day's journal."""
    notes.save(a.conn, "2101.00001", t, what="Maps sequences, edited on A.")
    notes.save(b.conn, "2101.00001", t, how="A {{c1::transducer}}, edited on B.")
    for lib, rating in ((a, 3), (b, 4)):
        card = get_card_by_source(lib.conn, "2101.00002:what")
        answer(lib.conn, card.id, rating, t + timedelta(minutes=1))
    notes.save(a.conn, "2101.00002", t, why="Why, as A wrote it.")
    notes.save(b.conn, "2101.00002", t, why="Why, as B wrote it.")
    library.delete(a.conn, a.paths.data, "2101.00003", t)
    library.change_tags(b.conn, "2101.00003", ["keep-me"], [])
    open_todo = next(x for x in notes.todos_for(b.conn, "2101.00001") if not x.done)
    notes.tick(b.conn, open_todo.id, t)
    journal.add(a.conn, "A's evening", t.date(), t)
    journal.add(b.conn, "B's evening", t.date(), t + timedelta(minutes=2))


@pytest.mark.parametrize("order", ["ABA", "BAB"])
def test_diverged_libraries_end_equal(ab, tmp_path, order):
    a, b, folder = ab
    fill(a, tmp_path)
    a.sync(folder, T0 + timedelta(days=2))
    b.sync(folder, T0 + timedelta(days=2))
    t = T0 + timedelta(days=3)
    diverge(a, b, t)
    libs = {"A": a, "B": b}
    for i, name in enumerate(order):
        libs[name].sync(folder, t + timedelta(hours=i + 1))
    assert a.export() == b.export()
    # every answer once: A's 2 + one each on the same card
    got = answers(a.conn)
    assert got == answers(b.conn)
    assert len(got) == len(set(got)) == 4
    n1 = notes.get(a.conn, "2101.00001")
    assert n1.what == "Maps sequences, edited on A."
    assert n1.how == "A {{c1::transducer}}, edited on B."
    # the same-field conflict: reported on both, neither text lost
    texts = {"Why, as A wrote it.", "Why, as B wrote it."}
    kept = notes.get(a.conn, "2101.00002").why
    assert kept in texts
    for lib in (a, b):
        reported = [c for r in lib.reports for c in r.conflicts]
        assert [(p, f) for p, f, _ in reported] == [("2101.00002", "why")]
        assert reported[0][2].read_text().strip() == (texts - {kept}).pop()
    # the removed-but-tagged paper is kept, and said so
    assert library.get(a.conn, "2101.00003") is not None
    assert "keep-me" in library.get(a.conn, "2101.00003").tags
    assert any("2101.00003" in r.kept for lib in (a, b) for r in lib.reports)
    # B's tick arrived
    assert all(x.done for x in notes.todos_for(a.conn, "2101.00001"))
    assert {"A's evening", "B's evening"} <= {e.text for e in journal.between(a.conn)}
    # and one more round changes nothing
    for lib in (a, b):
        assert lib.sync(folder, t + timedelta(hours=5)).sent == 0


def test_a_cut_off_line_waits_for_the_next_sync(ab, tmp_path):
    a, b, folder = ab
    add_paper(a.conn, paper(1))
    a.sync(folder, T0)
    log = next((folder / "devices").rglob("*.jsonl"))
    whole = log.read_bytes()
    log.write_bytes(whole[:-7])               # a transport has copied all but the end
    report = b.sync(folder, T0)
    assert report.skipped == 0
    assert report.received == whole.count(b"\n") - 1
    log.write_bytes(whole)                    # the rest arrives
    b.sync(folder, T0 + timedelta(minutes=1))
    assert b.export() == a.export()
