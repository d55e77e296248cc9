"""Units with goals (issue 10, part 2): fixed dates, goals by kind, planned items, progress from
what finished inside the unit's days, carry-over, and the YAML export."""

from __future__ import annotations

import json

import pytest

from reader.errors import UsageError

from .conftest import rows

T = "2022-01-31T20:00"


def ok(at, when: str, *args: str) -> str:
    code, out, err = at(when, *args)
    assert code == 0, err
    return out


@pytest.fixture
def unit1(at, home):
    """Unit 1 as the log has it, with a lecture, a book section, a notebook and a paper."""
    from tests.reading.helpers import add_paper, open_home

    assert ok(at, T, "unit", "new", "2022-02-01", "--days", "10", "--goal", "paper=3",
              "--goal", "lecture=3", "--goal", "book=1", "--goal", "code=1") == "1\n"
    for kind, title in (("lecture", "NYU DL 5L: Energy-based models"),
                        ("book", "Math for ML — 2. Linear Algebra"),
                        ("code", "Canoodling with machine translation")):
        ok(at, T, "add", "--kind", kind, "--title", title)
    conn, _ = open_home(home)
    add_paper(conn, "1211.3711", "Sequence Transduction with Recurrent Neural Networks",
              ("Alex Graves",), added="2022-01-31T20:00:00Z")
    conn.close()
    return 1


def show(at, when: str, *args: str) -> dict:
    return json.loads(ok(at, when, "unit", *args, "--json"))


def test_a_unit_has_fixed_dates_and_goals_by_kind(at, unit1):
    u = show(at, T)
    assert (u["name"], u["first"], u["last"], u["days"], u["state"]) == (
        "Unit 1", "2022-02-01", "2022-02-10", 10, "upcoming")
    assert [(g["kind"], g["goal"], g["done"]) for g in u["goals"]] == [
        ("paper", 3, 0), ("lecture", 3, 0), ("book", 1, 0), ("code", 1, 0)]
    out = ok(at, "2022-02-03T12:00", "unit")
    assert out.splitlines()[0] == "Unit 1: 2022-02-01 to 2022-02-10 (10 days; day 3 of 10, 8 left)"


def test_progress_is_what_finished_inside_the_unit(at, unit1):
    ok(at, "2022-01-31T23:59", "pass", "1211.3711", "1")          # the day before: not counted
    ok(at, "2022-02-01T00:00", "pass", "nyu-dl-5l")               # the first minute: counted
    ok(at, "2022-02-02T10:00", "pass", "1211.3711", "2", "--start")
    ok(at, "2022-02-10T23:59", "pass", "canoodling-machine")      # the last minute: counted
    ok(at, "2022-02-11T00:00", "pass", "math-ml-2")               # the day after: not counted
    u = show(at, "2022-02-12T09:00", "1")
    assert {g["kind"]: (g["finished"], g["started"]) for g in u["goals"]} == {
        "paper": ([], ["1211.3711"]), "lecture": (["nyu-dl-5l"], []), "book": ([], []),
        "code": (["canoodling-machine"], [])}
    assert (u["state"], u["days_left"]) == ("past", 0)


def test_planned_items_and_their_status(at, unit1):
    ok(at, T, "unit", "plan", "1", "nyu-dl-5l", "1211.3711", "math-ml-2")
    ok(at, "2022-02-01T21:00", "pass", "nyu-dl-5l")
    ok(at, "2022-02-02T21:00", "pass", "1211.3711", "1", "--start")
    u = show(at, "2022-02-03T09:00", "1")
    assert [(p["id"], p["status"]) for p in u["planned"]] == [
        ("1211.3711", "started"), ("math-ml-2", "open"), ("nyu-dl-5l", "done")]
    out = ok(at, "2022-02-03T09:00", "unit", "1")
    assert "  [x] nyu-dl-5l  lecture  NYU DL 5L: Energy-based models  (watched 2022-02-01)" in out
    assert "  [~] 1211.3711  paper    Sequence Transduction" in out
    ok(at, T, "unit", "plan", "1", "math-ml-2", "--remove")
    assert [p["id"] for p in show(at, T, "1")["planned"]] == ["1211.3711", "nyu-dl-5l"]


def test_unfinished_planned_items_carry_over_when_asked(at, home, unit1):
    ok(at, T, "unit", "plan", "1", "nyu-dl-5l", "1211.3711", "math-ml-2")
    ok(at, "2022-02-01T21:00", "pass", "nyu-dl-5l")
    code, out, err = at("2022-02-10T22:00", "unit", "new", "--week", "--carry")
    assert code == 0 and out == "2\n", err
    assert "Unit 2: 2022-02-11 to 2022-02-17 (7 days)" in err
    assert "carried over 2 from Unit 1: 1211.3711 math-ml-2" in err
    assert rows(home, "SELECT unit, item_id, carried_from FROM unit_items WHERE unit = 2 "
                "ORDER BY item_id") == [(2, "1211.3711", 1), (2, "math-ml-2", 1)]
    # Finished since (in unit 2): nothing more to carry; carrying twice adds nothing.
    ok(at, "2022-02-12T09:00", "pass", "math-ml-2")
    code, _, err = at("2022-02-12T09:00", "unit", "carry", "1")
    assert code == 0 and "carried 0 into Unit 2" in err
    out = ok(at, "2022-02-12T09:00", "unit", "2")
    assert "[x] math-ml-2" in out and "from Unit 1" in out


def test_defaults_come_from_the_reading_settings(at, home):
    (home / "config.yaml").write_text("reading:\n  goal_days: 14\n  goal_papers: 4\n")
    ok(at, T, "unit", "new", "2022-02-01")
    u = show(at, T, "1")
    assert (u["days"], [(g["kind"], g["goal"]) for g in u["goals"]]) == (14, [("paper", 4)])
    ok(at, T, "unit", "new")                                  # the day after the last unit
    assert show(at, T, "2")["first"] == "2022-02-15"
    ok(at, T, "unit", "goal", "2", "paper=0", "lecture=2")
    assert [(g["kind"], g["goal"]) for g in show(at, T, "2")["goals"]] == [("lecture", 2)]


@pytest.mark.parametrize("args,says", [
    (["unit", "new", "2022-02-05", "--days", "3"], "overlaps Unit 1 (2022-02-01 to 2022-02-10); "
                                                   "start on 2022-02-11 or later"),
    (["unit", "new", "2022-01-26", "--week"], "overlaps Unit 1"),
    (["unit", "new", "2022-02-30"], "not a date: '2022-02-30'"),
    (["unit", "new", "2022-03-01", "--days", "0"], "a unit lasts 1-365 days, not 0"),
    (["unit", "new", "2022-03-01", "--goal", "podcast=2"], "unknown kind in the goal 'podcast'"),
    (["unit", "new", "2022-03-01", "--goal", "paper=0"], "must count 1-1000"),
    (["unit", "new", "2022-03-01", "--goal", "paper"], "a goal looks like KIND=N"),
    (["unit", "new", "2022-03-01", "--goal", "paper=1", "--goal", "papers=2"], "two goals for papers"),
    (["unit", "new", "2022-03-01", "--remove"], "--remove does not go with 'unit new'"),
    (["unit", "7"], "there is no unit 7; the units are 1"),
    (["unit", "one"], "a unit is named by its number"),
    (["unit", "plan", "1", "nosuch"], "no item 'nosuch'"),
    (["unit", "plan", "2", "nyu-dl-5l"], "there is no unit 2"),
    (["unit", "goal", "1", "lecture=x"], "a goal looks like KIND=N"),
    (["unit", "carry", "1"], "there is no unit after Unit 1"),
    (["unit", "rm", "1"], "without confirmation; add --yes"),
])
def test_bad_input_is_one_line_and_writes_nothing(at, home, unit1, args, says):
    tables = ("units", "unit_goals", "unit_items")
    before = {t: rows(home, f"SELECT * FROM {t}") for t in tables}
    code, out, err = at(T, *args)
    assert code == 2 and out == "" and says in err, err
    assert len(err.strip().splitlines()) == 1
    assert {t: rows(home, f"SELECT * FROM {t}") for t in tables} == before


def test_list_and_remove(at, home, unit1):
    ok(at, "2022-02-01T21:00", "pass", "nyu-dl-5l")
    ok(at, T, "unit", "new", "--week", "--goal", "lecture=1")
    ok(at, "2022-02-12T21:00", "pass", "math-ml-2")
    out = ok(at, "2022-02-13T09:00", "unit", "list")
    assert out.splitlines() == [
        "Unit 1   2022-02-01 to 2022-02-10  ✗ papers 0/3, lectures 1/3, books 0/1, code 0/1",
        "Unit 2   2022-02-11 to 2022-02-17  · lectures 0/1, books 1  (now)"]
    code, _, err = at(T, "unit", "rm", "2", "--yes")
    assert code == 0 and "removed Unit 2" in err
    assert rows(home, "SELECT number FROM units") == [(1,)]
    assert rows(home, "SELECT count(*) FROM papers") == [(4,)]


def test_units_go_through_the_yaml_export(at, home, unit1, tmp_path):
    from reader.store.db import open_library
    from reader.exports import restore, safeyaml, snapshot
    from reader.store.paths import resolve

    ok(at, T, "unit", "plan", "1", "nyu-dl-5l")
    ok(at, T, "unit", "new", "--week", "--goal", "lecture=1")
    ok(at, T, "unit", "carry", "1")
    text = ok(at, T, "export", "yaml")
    data = safeyaml.load(text)
    assert data["units"][0] == {
        "number": 1, "first": "2022-02-01", "last": "2022-02-10", "created": "2022-01-31T20:00:00Z",
        "goals": {"paper": 3, "lecture": 3, "book": 1, "code": 1},
        "items": [{"item": "nyu-dl-5l", "planned": "2022-01-31T20:00:00Z", "carried_from": None}]}
    other = open_library(resolve(tmp_path / "other"))
    restore.restore(other, data)
    assert snapshot.export(other)["units"] == data["units"]
    assert restore.restore(other, data).changed is False          # twice: nothing new
    # A unit of the same number with other dates is refused, nothing written.
    data["units"][1]["first"] = "2022-03-01"
    data["units"][1]["last"] = "2022-03-07"
    with pytest.raises(UsageError, match=r"units\[1\]: the library's unit 2 runs "
                                                 "2022-02-11 to 2022-02-17"):
        restore.restore(other, data)
    # A unit over days another unit holds, likewise.
    data["units"] = [dict(data["units"][1], number=3, first="2022-02-09", last="2022-02-12")]
    with pytest.raises(UsageError, match="overlap the library's unit 1"):
        restore.restore(other, data)
    other.close()
