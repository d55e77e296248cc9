"""Full-text search (FTS5, kept in sync by triggers) and fuzzy ranking."""

from __future__ import annotations

import json

import pytest

from reader.library import papers as library
from reader.reading import notes
from reader.store.db import connect, migrate, transaction
from reader.text import find, fuzzy
from reader.text.pdf import pdftext
from tests.reading.helpers import T0, add_paper, open_home
from tests.selfmade import tiny_pdf

GRAVES = ("1211.3711", "Sequence Transduction with Recurrent Neural Networks", ("Alex Graves",))


@pytest.fixture
def lib(home):
    conn, paths = open_home(home)
    add_paper(conn, *GRAVES, abstract="Many machine learning tasks can be expressed as the "
              "transformation of input sequences into output sequences.", tags=("asr",))
    add_paper(conn, "1706.03762", "Attention Is All You Need", ("Ashish Vaswani", "Noam Shazeer"),
              abstract="The dominant sequence transduction models are based on recurrent networks.")
    add_paper(conn, "1512.03385", "Deep Residual Learning for Image Recognition", ("Kaiming He",),
              abstract="Deeper neural networks are more difficult to train.",
              pdf=tiny_pdf(["We present residual nets.", "Batch normalization and a\nzebra appears here."]),
              paths=paths)
    yield conn, paths
    conn.close()


def test_title_match_ranks_above_abstract_match(lib):
    conn, _ = lib
    hits = find.search(conn, "transduction")
    assert [h.paper_id for h in hits] == ["1211.3711", "1706.03762"]
    assert hits[0].where == "title" and hits[1].where == "abstract"
    assert "\ue000Transduction\ue001" in hits[0].snippet
    assert hits[0].marked() == "Sequence «Transduction» with Recurrent Neural Networks"


def test_words_across_fields_of_one_paper(lib):
    conn, _ = lib
    hits = find.search(conn, "graves transduction")
    assert hits[0].paper_id == "1211.3711"


def test_notes_todos_and_pages_are_searched_and_kept_in_sync(lib):
    conn, paths = lib
    notes.save(conn, "1706.03762", T0, how="multi-head {{c1::self-attention}}")
    todo = notes.add_todo(conn, "1211.3711", "reimplement the xylophone decoder", T0)
    pdftext.extract_all(conn, paths, "1512.03385")
    assert [(h.paper_id, h.where) for h in find.search(conn, "self-attention")] == [("1706.03762", "how")]
    assert [(h.paper_id, h.where) for h in find.search(conn, "xylophone")] == [("1211.3711", "todos")]
    hit = find.search(conn, "zebra")[0]
    assert (hit.paper_id, hit.where, hit.page) == ("1512.03385", "page", 2)
    assert hit.location == "page 2"
    notes.save(conn, "1706.03762", T0, how="something else")
    notes.remove_todo(conn, todo.id)
    assert find.search(conn, "self-attention") == [] and find.search(conn, "xylophone") == []
    library.update_fields(conn, "1211.3711", title="Renamed Quokka Paper")
    assert find.search(conn, "quokka")[0].paper_id == "1211.3711"
    library.delete(conn, paths.data, "1512.03385", T0)
    assert find.search(conn, "zebra") == []
    conn.execute("INSERT INTO pages_fts(pages_fts) VALUES ('integrity-check')")
    conn.execute("INSERT INTO paper_fts(paper_fts) VALUES ('integrity-check')")


def test_importer_inserts_are_indexed(lib):
    conn, _ = lib
    from reader.models import Paper

    with transaction(conn):
        library.insert(conn, Paper(id="2104.12255", title="Platypus Dynamics", added="2026"))
    assert find.search(conn, "platypus")[0].paper_id == "2104.12255"


@pytest.mark.parametrize("query", ['"', "*", "AND(", 'foo" OR', "NEAR(a b", "-x", "a:b", "(((",
                                   "title:residual", "^", "'", "\\", "NOT", '"unclosed phrase',
                                   "resid*", "deep AND", "☃"])
def test_user_queries_never_crash(lib, query):
    conn, _ = lib
    try:
        find.search(conn, query)
    except find.UsageError:
        pass                                  # nothing searchable: one clear line


def test_prefix_and_phrase(lib):
    conn, _ = lib
    assert find.search(conn, "resid*")[0].paper_id == "1512.03385"
    assert [h.paper_id for h in find.search(conn, '"sequence transduction"')] == ["1211.3711", "1706.03762"]


def test_or_fallback_when_no_paper_has_every_word(lib):
    conn, _ = lib
    ids = {h.paper_id for h in find.search(conn, "quagga residual")}
    assert ids == {"1512.03385"}


def test_cli_find(cli, lib):
    code, out, _ = cli("find", "transduction")
    assert code == 0 and out.splitlines()[0].startswith("1211.3711          title")
    data = json.loads(cli("find", "transduction", "--json")[1])
    assert data[0]["id"] == "1211.3711" and data[0]["where"] == "title" and "«" in data[0]["snippet"]
    code, _, err = cli("find", "*")
    assert code == 2 and "nothing to search for" in err
    code, out, err = cli("find", "nonexistentword")
    assert code == 0 and out == "" and "nothing in the library matches" in err


def test_migration_indexes_papers_of_an_older_library(home):
    conn = connect(home / "paperdeck.db")
    migrate(conn, target=1)
    with transaction(conn):
        conn.execute("INSERT INTO papers (id, title, authors, added) VALUES "
                     "('1211.3711', 'Old Wombat Paper', '[\"Alex Graves\"]', '2020')")
    migrate(conn)
    assert find.search(conn, "wombat graves")[0].paper_id == "1211.3711"
    conn.close()


# -- fuzzy ----------------------------------------------------------------------------------

ROWS = [
    GRAVES + (("asr",),),
    ("1706.03762", "Attention Is All You Need", ("Ashish Vaswani",), ()),
    ("1512.03385", "Deep Residual Learning for Image Recognition", ("Kaiming He",), ("vision",)),
    ("math/0211159", "Über die Gödelsche Unvollständigkeit", ("Kurt Gödel",), ()),
]


@pytest.mark.parametrize("query,first", [
    ("transducton graves", "1211.3711"),
    ("graves transduction", "1211.3711"),
    ("Sequence Transduction", "1211.3711"),
    ("atention vaswani", "1706.03762"),
    ("resid", "1512.03385"),
    ("vision", "1512.03385"),
    ("godel", "math/0211159"),
    ("1706", "1706.03762"),
])
def test_fuzzy_finds(query, first):
    ranked = fuzzy.rank(ROWS, query)
    assert ranked and ranked[0][0] == first


def test_fuzzy_empty_and_unrelated():
    assert fuzzy.rank(ROWS, "") == [] and fuzzy.rank(ROWS, "   ") == []
    assert fuzzy.rank(ROWS, "zzzzqqq") == []
    assert fuzzy.rank([], "graves") == []


def test_fuzzy_ranks_ten_thousand_rows_as_typed():
    import random

    rnd = random.Random(7)
    vocab = [f"w{rnd.randrange(30000):05d}x" for _ in range(8000)] + ["transduction", "neural", "learning"]
    rows = [(str(i), " ".join(rnd.choice(vocab) for _ in range(8)), (f"Ann {rnd.choice(vocab)}",), ())
            for i in range(10000)] + [ROWS[0]]
    index = fuzzy.FuzzyIndex(rows)
    # Its speed is bench/bench_tui.py's to measure (a timed assertion fails on a busy machine).
    for q in ("t", "tr", "tra", "tran", "trans", "transducton", "transducton g", "transducton graves"):
        result = index.rank(q)
        assert result, q
    assert result[0][0] == "1211.3711"


def test_cli_list_match(cli, lib):
    code, out, _ = cli("list", "--match", "transducton graves")
    assert code == 0 and out.splitlines()[0].startswith("1211.3711")
    code, out, err = cli("list", "--match", "qqqzzz")
    assert out == "" and "no papers match" in err
    data = json.loads(cli("list", "--match", "deep residual", "--json")[1])
    assert data[0]["id"] == "1512.03385" and data[0]["status"] == "unread"
