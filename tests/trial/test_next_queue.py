"""Issue 19, item 9: `next` on day 5 kept the lecture already watched and the book section
already read at #2 and #3 ("planned for this unit, untouched"), and put the paper with pass 1
done at #1109 of 1111, behind a thousand unread papers from a list. Finished items leave the
queue; a paper in progress (pass 1 done, pass 2 not) comes before unread ones, whatever their
count; a lecture's progress is told in a lecture's words ("watched"), in the text, the JSON
and the queue's items the TUI shows."""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import pytest

DAY1 = datetime(2022, 2, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def at(cli, home, monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()

    def run(day: int, *args: str) -> tuple[int, str, str]:
        when = DAY1 + timedelta(days=day - 1)
        monkeypatch.setenv("PAPERDECK_NOW", when.isoformat())
        code, out, err = cli(*args)
        assert code == 0, (args, err)
        return code, out, err

    yield run
    monkeypatch.delenv("TZ")
    time.tzset()


def _a_thousand_unread(home, n: int = 1000) -> None:
    """A reading list's papers, added on day 1 (a bulk insert: the CLI's import is tested
    elsewhere, and arXiv is not needed to be unread)."""
    from reader.library import papers as library
    from reader.models import Paper
    from reader.store import db, paths

    conn = db.open_library(paths.resolve(home))
    try:
        with db.transaction(conn):
            for i in range(n):
                library.insert(conn, Paper(f"2101.{i:05d}", f"Synthetic paper {i}", ("A. Author",),
                                           added="2022-02-01T08:00:00Z"))
    finally:
        conn.close()


def _queue(at, day: int) -> list[dict]:
    return json.loads(at(day, "next", "--json", "--limit", "2000")[1])


def test_finished_items_leave_and_a_paper_begun_comes_first(at, home):
    _a_thousand_unread(home)
    lecture = at(1, "add", "--kind", "lecture", "--title", "NYU DL 5L: Energy-based models")[1].strip()
    book = at(1, "add", "--kind", "book", "--title", "Math for ML — 2. Linear Algebra")[1].strip()
    notebook = at(1, "add", "--kind", "code", "--title", "Canoodling with machine translation")[1].strip()
    post = at(2, "add", "--kind", "post", "--title", "The Illustrated Transformer")[1].strip()
    at(1, "unit", "new", "2022-02-01", "--days", "10", "--goal", "lecture=1", "--goal", "book=1")
    at(1, "unit", "plan", "1", lecture, book, notebook)
    from reader.library import papers as library
    from reader.models import Paper
    from reader.store import db, paths

    conn = db.open_library(paths.resolve(home))
    with db.transaction(conn):
        library.insert(conn, Paper("2206.10883", "Multi-LexSum", ("Zejiang Shen",),
                                   added="2022-02-02T09:00:00Z"))
    conn.close()
    at(3, "pass", "2206.10883", "1")              # pass 1 done, pass 2 not begun
    at(4, "pass", lecture)                        # watched
    at(4, "pass", book)                           # read

    items = _queue(at, 5)
    ids = [i["id"] for i in items]
    assert lecture not in ids and book not in ids  # finished: out of the queue
    assert ids[0] == "2206.10883"
    first = items[0]
    assert first["in_progress"] and first["status"] == "pass 1"
    assert "pass 1 done" in first["why"] and "untouched 2 days" in first["why"]
    assert ids[1] == notebook and "planned for this unit" in items[1]["why"]
    assert len(ids) == 1000 + 3                     # the notebook, the post and the paper
    assert post in ids
    code, out, _ = at(5, "next", "--limit", "2")
    assert out.splitlines()[0].split()[1] == "2206.10883"

    # Watching it again: back in the queue, in progress, in a lecture's words.
    at(6, "pass", lecture, "2", "--start")
    items = _queue(at, 6)
    again = next(i for i in items if i["id"] == lecture)
    assert items[0]["id"] == lecture and again["in_progress"]
    assert again["status"] == "watched" and again["kind"] == "lecture"
    assert "pass" not in again["why"] and "watching again" in again["why"]
    assert "pass" not in next(i for i in items if i["id"] == notebook)["status"]


def test_the_queue_items_the_tui_draws_carry_the_kinds_words(at, home):
    from reader.reading import queue as reading_queue
    from reader.store import db, paths

    lecture = at(1, "add", "--kind", "lecture", "--title", "NYU DL 6L: Latent variable EBMs")[1].strip()
    at(2, "pass", lecture)
    at(3, "pass", lecture, "2", "--start")
    conn = db.open_library(paths.resolve(home))
    try:
        (item,) = reading_queue.queue(conn, DAY1 + timedelta(days=3), timezone.utc)
    finally:
        conn.close()
    assert item.status == "watched" and item.in_progress
    assert "pass" not in item.why(DAY1 + timedelta(days=3), (DAY1 + timedelta(days=3)).date())
