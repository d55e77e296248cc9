"""Passes, status, the reading log (core and CLI)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from reader.reading import passes
from reader.reading import readlog
from reader.errors import UsageError
from tests.reading.helpers import T0, add_paper, open_home


@pytest.fixture
def conn(home):
    c, _ = open_home(home)
    add_paper(c, "1211.3711", "Sequence Transduction with Recurrent Neural Networks", ("Alex Graves",))
    add_paper(c, "1706.03762", "Attention Is All You Need", ("Ashish Vaswani",))
    yield c
    c.close()


def test_finishing_a_pass_starts_it_and_sets_status(conn):
    assert passes.status(conn, "1211.3711") == "unread"
    p = passes.finish(conn, "1211.3711", 2, T0)
    assert (p.started, p.finished) == ("2026-11-21T09:00:00Z", "2026-11-21T09:00:00Z")
    assert passes.status(conn, "1211.3711") == "pass 2"
    assert passes.statuses(conn) == {"1211.3711": "pass 2"}


def test_start_only_then_finish_keeps_start(conn):
    passes.start(conn, "1211.3711", 1, T0)
    assert passes.status(conn, "1211.3711") == "unread"
    passes.start(conn, "1211.3711", 1, T0 + timedelta(hours=1))      # no change
    p = passes.finish(conn, "1211.3711", 1, T0 + timedelta(hours=2))
    assert p.started == "2026-11-21T09:00:00Z" and p.finished == "2026-11-21T11:00:00Z"
    again = passes.finish(conn, "1211.3711", 1, T0 + timedelta(days=3))
    assert again.finished == "2026-11-21T11:00:00Z"                  # first finish kept
    assert passes.status(conn, "1211.3711") == "pass 1"


def test_status_is_highest_finished_and_undo(conn):
    passes.finish(conn, "1211.3711", 1, T0)
    passes.finish(conn, "1211.3711", 3, T0)
    passes.start(conn, "1211.3711", 2, T0)
    assert passes.status(conn, "1211.3711") == "pass 3"
    assert passes.undo(conn, "1211.3711", 3)
    assert passes.status(conn, "1211.3711") == "pass 1"
    with pytest.raises(UsageError):
        passes.finish(conn, "1211.3711", 4, T0)


@pytest.mark.parametrize("typed,name", [("unread", "unread"), ("pass 2", "pass 2"),
                                        ("pass2", "pass 2"), ("2", "pass 2"), ("p3", "pass 3")])
def test_parse_status(typed, name):
    assert passes.parse_status(typed) == name


def test_log_events_in_order(conn):
    passes.start(conn, "1211.3711", 1, T0)
    passes.finish(conn, "1211.3711", 1, T0 + timedelta(hours=1))
    passes.finish(conn, "1706.03762", 2, T0 + timedelta(days=1))
    events = readlog.events(conn)
    kinds = [(e.paper_id, e.description) for e in events]
    assert kinds == [
        ("1211.3711", "added"), ("1706.03762", "added"),
        ("1211.3711", "started pass 1"), ("1211.3711", "finished pass 1"),
        ("1706.03762", "started pass 2"), ("1706.03762", "finished pass 2"),  # both, in order
    ]
    since = readlog.events(conn, since=T0 + timedelta(hours=12))
    assert [e.description for e in since] == ["started pass 2", "finished pass 2"]


def test_cli_pass_status_list_and_log(cli, conn, monkeypatch):
    monkeypatch.setenv("PAPERDECK_NOW", "2026-11-21T09:00:00+00:00")
    assert cli("pass", "1211.3711", "1", "--start")[0] == 0
    monkeypatch.setenv("PAPERDECK_NOW", "2026-11-22T09:00:00+00:00")
    code, out, err = cli("pass", "arXiv:1211.3711", "2")
    assert code == 0 and "finished pass 2" in err and "status: pass 2" in err
    code, out, _ = cli("list")
    assert "pass 2" in out and "unread" in out
    code, out, _ = cli("list", "--status", "pass 2")
    assert "1211.3711" in out and "1706.03762" not in out
    code, out, _ = cli("list", "--status", "unread", "--json")
    assert [p["id"] for p in json.loads(out)] == ["1706.03762"]
    assert json.loads(cli("show", "1211.3711", "--json")[1])["status"] == "pass 2"
    assert "Status: pass 2" in cli("show", "1211.3711")[1]
    code, out, _ = cli("log")
    lines = out.splitlines()
    assert lines[-1].endswith("finished pass 2  Sequence Transduction with Recurrent Neural Networks")
    assert any("started pass 1" in line for line in lines)
    code, out, _ = cli("log", "--since", "2026-11-22", "--until", "2026-11-22")
    assert [line.split("  ")[1] for line in out.splitlines()] == ["started pass 2", "finished pass 2"]
    assert cli("log", "--since", "someday")[0] == 2
    assert cli("list", "--status", "halfway")[0] == 2
    assert cli("pass", "1211.3711", "4")[0] == 2
    assert cli("pass", "9999.99999", "1")[0] != 0


def test_events_in_the_same_second_keep_their_natural_order(conn, cli, monkeypatch):
    # `pass ID 1` then `pass ID 2 --start` within one second, twice over, and TODOs.
    from reader.reading import notes

    passes.start(conn, "1211.3711", 1, T0 - timedelta(hours=1))
    passes.finish(conn, "1211.3711", 1, T0)
    passes.start(conn, "1211.3711", 2, T0)
    passes.finish(conn, "1211.3711", 2, T0 + timedelta(minutes=5))
    passes.start(conn, "1211.3711", 3, T0 + timedelta(minutes=5))
    a = notes.add_todo(conn, "1211.3711", "first", T0)
    notes.add_todo(conn, "1211.3711", "second", T0)
    notes.tick(conn, a.id, T0)
    kinds = [(e.kind, e.detail) for e in readlog.events(conn) if e.at != "2026-11-01T00:00:00Z"]
    assert kinds == [
        ("pass_started", "1"),
        ("pass_finished", "1"), ("pass_started", "2"),
        ("todo_added", "first"), ("todo_done", "first"), ("todo_added", "second"),
        ("pass_finished", "2"), ("pass_started", "3"),
    ]
    code, out, _ = cli("log")
    lines = [line for line in out.splitlines() if "pass" in line]
    assert [line.split("  ")[1] for line in lines] == [
        "started pass 1", "finished pass 1", "started pass 2", "finished pass 2", "started pass 3"]
