"""The reading journal is history (issue 15, part 4): each seen case replayed through the CLI with
a pinned clock, in UTC so that local days are the dates written here."""

from __future__ import annotations

import json
import time
from datetime import date

import pytest

from reader.reading import readlog
from reader.errors import UsageError
from tests.reading.helpers import add_paper, open_home

GRAVES = "Sequence Transduction with Recurrent Neural Networks"


@pytest.fixture
def at(cli, home, monkeypatch):
    """Run the CLI at a pinned time: at("2026-12-02T10:00", "note", ...)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    conn, _ = open_home(home)
    add_paper(conn, "1211.3711", GRAVES, ("Alex Graves",))
    conn.close()

    def run(when: str, *args: str) -> tuple[int, str, str]:
        monkeypatch.setenv("PAPERDECK_NOW", when + ":00+00:00")
        return cli(*args)

    yield run
    monkeypatch.delenv("TZ")
    time.tzset()


def journal(at, when: str, *options: str) -> list[str]:
    """The `log` lines as (day, description) pairs joined by a space, the added line left out."""
    code, out, err = at(when, "log", *options)
    assert code == 0, err
    rows = [line.split("  ") for line in out.splitlines()]
    return [f"{day} {what}" for day, what, title in rows if what != "added"]


def test_every_day_notes_changed_keeps_its_entry(at):
    assert at("2026-12-02T10:00", "note", "1211.3711", "--what", "Maps sequences")[0] == 0
    assert at("2026-12-02T18:00", "note", "1211.3711", "--what", "Maps sequences to sequences")[0] == 0
    assert at("2026-12-03T09:30", "note", "1211.3711", "--how", "A transducer")[0] == 0
    # 12-08: a stray key saved, then undone and saved again.
    assert at("2026-12-08T11:00", "note", "1211.3711", "--how", "A transducerx")[0] == 0
    assert at("2026-12-08T11:01", "note", "1211.3711", "--how", "A transducer")[0] == 0
    assert journal(at, "2026-12-09T12:00") == [
        "2026-12-02 wrote notes", "2026-12-03 wrote notes", "2026-12-08 wrote notes"]
    # One entry a day, at that day's last change.
    code, out, _ = at("2026-12-09T12:00", "log", "--json")
    notes_at = [e["at"] for e in json.loads(out) if e["event"] == "notes"]
    assert notes_at == ["2026-12-02T18:00:00Z", "2026-12-03T09:30:00Z", "2026-12-08T11:01:00Z"]


def test_a_change_undone_before_it_is_saved_leaves_no_entry(at):
    at("2026-12-02T10:00", "note", "1211.3711", "--what", "Maps sequences")
    at("2026-12-03T10:00", "note", "1211.3711", "--why", "Speech")
    code, _, err = at("2026-12-08T11:00", "note", "1211.3711", "--why", "Speech")
    assert code == 0 and "unchanged" in err
    assert journal(at, "2026-12-09T12:00") == ["2026-12-02 wrote notes", "2026-12-03 wrote notes"]


def test_a_pass_started_and_finished_in_one_second_shows_both_in_order(at):
    assert at("2026-12-04T10:00", "pass", "1211.3711", "1")[0] == 0
    at("2026-12-05T10:00", "pass", "1211.3711", "2", "--start")
    at("2026-12-05T10:00", "pass", "1211.3711", "2")
    assert journal(at, "2026-12-09T12:00") == [
        "2026-12-04 started pass 1", "2026-12-04 finished pass 1",
        "2026-12-05 started pass 2", "2026-12-05 finished pass 2"]


def test_markdown_lists_the_log_in_the_cli_order(at, tmp_path):
    at("2026-12-04T10:00", "pass", "1211.3711", "1")
    at("2026-12-04T10:00", "note", "1211.3711", "--todo", "implement it", "--todo", "read CTC")
    at("2026-12-04T10:00", "pass", "1211.3711", "2", "--start")
    at("2026-12-04T10:00", "todo", "--done", "1")
    at("2026-12-06T10:00", "pass", "1211.3711", "2")
    assert at("2026-12-09T12:00", "export", "markdown", "-o", str(tmp_path / "md"))[0] == 0
    text = next((tmp_path / "md").iterdir()).read_text(encoding="utf-8")
    log = text.split("## Reading log\n\n", 1)[1].splitlines()
    assert log[:4] == ["- 2026-12-04 started pass 1", "- 2026-12-04 finished pass 1",
                       "- 2026-12-04 started pass 2", "- 2026-12-04 ticked off: implement it"]
    # The CLI lists the same events in the same order (it shows more kinds of events).
    shown = {"started pass 1", "finished pass 1", "started pass 2", "finished pass 2",
             "TODO done: implement it"}
    cli_order = [line for line in journal(at, "2026-12-09T12:00") if line.split(" ", 1)[1] in shown]
    md_order = [line[2:].replace("ticked off: ", "TODO done: ") for line in log if line.strip()]
    assert md_order == cli_order


def test_since_7d_is_the_last_seven_days_today_included(at):
    for day in ("2026-12-02", "2026-12-03", "2026-12-09"):
        at(f"{day}T10:00", "note", "1211.3711", "--what", f"written on {day}")
    assert journal(at, "2026-12-09T12:00", "--since", "7d") == [
        "2026-12-03 wrote notes", "2026-12-09 wrote notes"]
    assert journal(at, "2026-12-09T12:00", "--since", "1d") == ["2026-12-09 wrote notes"]
    assert journal(at, "2026-12-09T12:00", "--since", "yesterday", "--until", "2d") == []
    code, _, err = at("2026-12-09T12:00", "log", "--since", "0d")
    assert code == 2 and len(err.strip().splitlines()) == 1


def test_parse_day_counts_today_as_the_first_of_n_days():
    today = date(2026, 12, 9)
    assert readlog.parse_day("7d", today) == date(2026, 12, 3)
    assert readlog.parse_day("1d", today) == today
    assert readlog.parse_day("today", today) == today
    assert readlog.parse_day("yesterday", today) == date(2026, 12, 8)
    with pytest.raises(UsageError):
        readlog.parse_day("0d", today)


def test_days_at_the_edges_of_the_calendar_are_bounds_not_errors(at):
    at("2026-12-02T10:00", "note", "1211.3711", "--what", "Maps sequences")
    everything = journal(at, "2026-12-09T12:00")
    assert everything == ["2026-12-02 wrote notes"]
    assert journal(at, "2026-12-09T12:00", "--until", "9999-12-31") == everything
    assert journal(at, "2026-12-09T12:00", "--since", "0001-01-01") == everything
    code, _, err = at("2026-12-09T12:00", "log", "--since", "99999999999d")
    assert code == 2 and "fewer days" in err
