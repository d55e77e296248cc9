"""What to read next: the queue's order, priority, read-by days, snoozing; `next`, `priority`,
`snooze`; the "in progress" status filter; pass 3 without pass 2 asks first."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from reader.reading import passes
from reader.reading import queue as reading_queue
from reader.library import papers as library
from reader.store import db
from reader.store import paths as paths_mod
from reader.errors import UsageError
from reader.models import Paper

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)


def day(n: int) -> datetime:
    """n days before NOW."""
    return NOW - timedelta(days=n)


@pytest.fixture
def conn(home):
    c = db.open_library(paths_mod.resolve(home))
    yield c
    c.close()


def add(conn, pid: str, added_days_ago: int) -> None:
    with db.transaction(conn):
        library.insert(conn, Paper(pid, f"Paper {pid}", ("A. Author",),
                                   added=day(added_days_ago).strftime("%Y-%m-%dT%H:%M:%SZ")))


def order(conn, **kw) -> list[str]:
    return [i.paper_id for i in reading_queue.queue(conn, NOW, timezone.utc, **kw)]


def test_queue_order(conn):
    for pid, ago in (("1211.0001", 30), ("1211.0002", 20), ("1211.0003", 10), ("1211.0004", 5),
                     ("1211.0005", 40), ("1211.0006", 50), ("1211.0007", 60), ("1211.0008", 3)):
        add(conn, pid, ago)
    passes.finish(conn, "1211.0007", 2, day(1))                  # read with care: done
    passes.finish(conn, "1211.0006", 1, day(45))
    passes.start(conn, "1211.0006", 2, day(2))                   # in progress, touched 2 days ago
    passes.start(conn, "1211.0005", 1, day(6))                   # in progress, touched 6 days ago
    reading_queue.set_priority(conn, "1211.0004", "high", day(5))
    reading_queue.set_priority(conn, "1211.0001", "low", day(30))
    reading_queue.set_read_by(conn, "1211.0003", (NOW + timedelta(days=3)).date().isoformat(), day(10))
    assert order(conn, planned={"1211.0008"}) == [
        "1211.0005", "1211.0006",   # in progress, the one left alone longest first
        "1211.0003",                # read by a day 3 days away
        "1211.0008",                # planned for the current unit (no read-by day)
        "1211.0004",                # high priority
        "1211.0002",                # normal
        "1211.0001",                # low
    ]
    # Without units, nothing is planned: 1211.0008 goes by its priority and age.
    assert order(conn)[3:] == ["1211.0004", "1211.0002", "1211.0008", "1211.0001"]


def test_pass_3_after_pass_2_is_in_progress_and_a_read_paper_leaves(conn):
    add(conn, "1211.0001", 10)
    passes.finish(conn, "1211.0001", 2, day(3))
    assert order(conn) == []
    passes.start(conn, "1211.0001", 3, day(1))
    items = reading_queue.queue(conn, NOW, timezone.utc)
    assert [(i.paper_id, i.open_pass) for i in items] == [("1211.0001", 3)]
    assert items[0].why(NOW, NOW.date()) == "in progress (pass 3), untouched 1 day"


def test_snooze_hides_then_returns_at_the_back(conn):
    for pid, ago in (("1211.0001", 30), ("1211.0002", 20)):
        add(conn, pid, ago)
    reading_queue.snooze(conn, "1211.0001", 3, NOW)
    assert order(conn) == ["1211.0002"]
    assert order(conn, snoozed=True) == ["1211.0002", "1211.0001"]
    later = NOW + timedelta(days=4)
    # back, but touched when its snooze ended: behind the paper left alone longer
    assert [i.paper_id for i in reading_queue.queue(conn, later, timezone.utc)] == ["1211.0002", "1211.0001"]
    reading_queue.snooze(conn, "1211.0001", 0, NOW)
    assert order(conn) == ["1211.0001", "1211.0002"]
    with pytest.raises(UsageError):
        reading_queue.snooze(conn, "1211.0001", -1, NOW)


def test_notes_written_count_as_touching(conn):
    from reader.reading import notes

    for pid, ago in (("1211.0001", 30), ("1211.0002", 20)):
        add(conn, pid, ago)
    notes.save(conn, "1211.0001", day(1), what="A transducer")
    assert order(conn) == ["1211.0002", "1211.0001"]


@pytest.mark.parametrize("text, expected", [
    ("2026-12-01", "2026-12-01"), ("today", "2026-11-21"), ("tomorrow", "2026-11-22"),
    ("+7", "2026-11-28"), ("7d", "2026-11-28"), ("none", None),
])
def test_read_by_days(text, expected):
    assert reading_queue.parse_read_by(text, NOW.date()) == expected


@pytest.mark.parametrize("text", ["2026-13-01", "soon", "+99999", "1066-10-14"])
def test_bad_read_by_days(text):
    with pytest.raises(UsageError):
        reading_queue.parse_read_by(text, NOW.date())


# -- the CLI ------------------------------------------------------------------------------------

@pytest.fixture
def papers(conn, cli, monkeypatch):
    monkeypatch.setenv("PAPERDECK_NOW", NOW.isoformat())
    for pid, ago in (("1211.0001", 30), ("1211.0002", 20), ("1211.0003", 10)):
        add(conn, pid, ago)
    return conn


def test_next_priority_snooze(papers, cli):
    code, out, _ = cli("next")
    assert code == 0 and [line.split()[1] for line in out.splitlines()] == ["1211.0001", "1211.0002", "1211.0003"]
    code, _, err = cli("priority", "1211.0003", "1211.0002", "high", "--by", "+2")
    assert code == 0 and "1211.0003: high priority, read by 2026-11-23" in err
    code, _, err = cli("snooze", "1211.0002", "3")
    assert code == 0 and "snoozed until" in err
    code, out, _ = cli("next", "--json")
    items = json.loads(out)
    assert [i["id"] for i in items] == ["1211.0003", "1211.0001"]
    assert items[0]["why"] == "read by 2026-11-23 (in 2 days), high priority, untouched 10 days"
    code, out, err = cli("next", "--limit", "1")
    assert len(out.splitlines()) == 1 and "1 more" in err
    code, _, err = cli("priority", "1211.0001")
    assert code == 0 and err == "1211.0001: normal priority\n"


@pytest.mark.parametrize("args, message", [
    (["priority", "1211.0001", "urgent"], "unknown priority 'urgent'; use high, normal or low"),
    (["priority", "high"], "say which paper"),
    (["priority", "1211.0001", "low", "--by", "someday"], "not a day"),
    (["snooze", "1211.0001", "-2"], "snooze for 0 to 3650 days"),
    (["priority", "1211.0001", "9999.9999", "low"], "9999.9999"),
])
def test_bad_plans_write_nothing(papers, cli, args, message):
    code, _, err = cli(*args)
    assert code != 0 and message in err and err.count("\n") == 1
    assert papers.execute("SELECT count(*) FROM reading_plan").fetchone()[0] == 0


def test_list_status_in_progress(papers, cli):
    passes.start(papers, "1211.0002", 1, day(1))
    passes.finish(papers, "1211.0003", 1, day(1))
    code, out, _ = cli("list", "--status", "in progress")
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == ["1211.0002"]
    assert cli("list", "--status", "inprogress")[1] == out


def test_pass_3_without_pass_2_needs_force(papers, cli):
    code, out, err = cli("pass", "1211.0001", "3")
    assert code == 2 and "pass 2 of 1211.0001 was never recorded" in err
    assert "paperdeck pass 1211.0001 3 --force" in err
    assert passes.for_paper(papers, "1211.0001") == []
    passes.start(papers, "1211.0001", 2, day(1))
    code, _, err = cli("pass", "1211.0001", "3", "--start")
    assert code == 2 and "is only started" in err and "3 --start --force" in err
    code, _, err = cli("pass", "1211.0001", "3", "--force")
    assert code == 0 and passes.status(papers, "1211.0001") == "pass 3"
    passes.finish(papers, "1211.0002", 2, day(1))
    assert cli("pass", "1211.0002", "3")[0] == 0   # after pass 2: no question


def test_the_plan_goes_through_a_yaml_export(papers, cli, tmp_path, monkeypatch):
    cli("priority", "1211.0001", "high", "--by", "2026-12-24")
    out = tmp_path / "all.yaml"
    assert cli("export", "yaml", "-o", str(out))[0] == 0
    assert "reading_plan" in out.read_text()
    other = tmp_path / "other"
    other.mkdir()
    monkeypatch.setenv("PAPERDECK_HOME", str(other))
    code, _, err = cli("import", "yaml", str(out))
    assert code == 0, err
    c = db.connect(paths_mod.resolve(other).db)
    assert reading_queue.get(c, "1211.0001").priority == "high"
    assert reading_queue.get(c, "1211.0001").read_by == "2026-12-24"


def test_items_planned_for_the_current_unit_come_before_priority(conn):
    from reader.reading import units

    for pid, ago in (("1211.0001", 30), ("1211.0002", 3)):
        add(conn, pid, ago)
    reading_queue.set_priority(conn, "1211.0001", "high", day(30))
    assert order(conn) == ["1211.0001", "1211.0002"]
    unit = units.create(conn, (NOW - timedelta(days=2)).date(), 10, {"paper": 2}, NOW)
    units.plan(conn, unit.number, ["1211.0002"], NOW)
    assert reading_queue.planned_for_current_unit(conn, NOW.date()) == {"1211.0002"}
    assert order(conn) == ["1211.0002", "1211.0001"]      # planned beats high priority
    later = (NOW + timedelta(days=20)).date()               # after the unit: nothing planned
    assert reading_queue.planned_for_current_unit(conn, later) == set()
