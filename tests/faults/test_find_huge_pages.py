"""Issue 20.3: `find word` on a huge page that repeats the word. FTS5's snippet() grew with the
square of such a page (400 KB: 93 s); rows are now ranked first and only those shown get a
snippet, cut around the first match. Speed is measured in bench/bench_find_huge_pages.py; here
a page the old code needed many minutes for must answer within a generous ceiling, and the
snippets must still be right."""

from __future__ import annotations

import subprocess
import sys
import textwrap


from reader.library import papers as library
from reader.models import Paper
from reader.store import db, paths
from reader.text import find
from tests.conftest import ROOT


def _library(home, pages):
    conn = db.open_library(paths.resolve(home))
    with db.transaction(conn):
        for key, title, texts in pages:
            library.insert(conn, Paper(id=key, title=title, authors=("A. Person",),
                                       added="2026-11-01T10:00:00Z"))
            for n, text in enumerate(texts, start=1):
                conn.execute("INSERT INTO pages (paper_id, page, text) VALUES (?, ?, ?)",
                             (key, n, text))
    return conn


def test_a_page_of_two_megabytes_that_repeats_the_word(home):
    page = "transducer model " * 120_000          # 2 MB, the word every other word
    _library(home, [("1211.3711", "Sequence Transduction", [page, "a short page"])]).close()
    probe = textwrap.dedent(f"""\
        from reader.store import db, paths
        from reader.text import find
        conn = db.open_library(paths.resolve({str(home)!r}))
        hits = find.search(conn, "transducer")
        print(len(hits), hits[0].where, hits[0].page, hits[0].marked())
        """)
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    count, where, page, snippet = done.stdout.split(" ", 3)
    assert (count, where, page) == ("1", "page", "1")
    assert snippet.startswith("«transducer» model «transducer»") and len(snippet) < 300


def test_snippets_mark_the_words_matched_around_the_first_match(home):
    late = ("filler words here. " * 5000) + "Then the Transducer, at last, emits naïve output."
    conn = _library(home, [
        ("1211.3711", "Sequence Transduction with RNNs", [late]),
        ("1706.03762", "Attention Is All You Need", ["self-attention replaces the transducer"]),
    ])
    hits = {h.paper_id: h for h in find.search(conn, "transducer")}
    assert hits["1211.3711"].marked() == ("…words here. Then the «Transducer», at last, emits "
                                          "naïve output.")
    assert hits["1706.03762"].marked() == "self-attention replaces the «transducer»"
    (hit,) = find.search(conn, "naive output")        # diacritics folded, as FTS5 does
    assert "«naïve» «output»" in hit.marked()
    phrase = {h.paper_id: h.marked() for h in find.search(conn, '"the transducer"')}
    assert "«the Transducer»" in phrase["1211.3711"]
    assert phrase["1706.03762"] == "self-attention replaces «the transducer»"
    prefixed = find.search(conn, "transd*")
    assert len(prefixed) == 2 and all("«Transd" in h.marked() or "«transd" in h.marked()
                                      for h in prefixed)
    hit = next(h for h in find.search(conn, "transduction") if h.paper_id == "1211.3711")
    assert hit.where == "title" and hit.marked() == "Sequence «Transduction» with RNNs"


def test_a_huge_note_with_many_hits_is_snippeted_too(home):
    from datetime import datetime, timezone

    from reader.reading import notes

    conn = _library(home, [("1211.3711", "Sequence Transduction", [])])
    notes.save(conn, "1211.3711", datetime(2026, 11, 1, tzinfo=timezone.utc),
               what="alignment free " * 60_000)
    (hit,) = find.search(conn, "alignment")
    assert hit.where == "what" and hit.marked().startswith("«alignment» free «alignment»")
    assert len(hit.snippet) < 200
