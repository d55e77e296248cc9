"""Issue 19, item 12: on day 3 `stats` showed 0 for today in its forecast, labelled as today's
queue, while `due` said 3 new. Today's figure is today's queue: one count (decks.queue.plan_today),
new cards included, in the text, the JSON and the Stats screen's data."""

from __future__ import annotations

import io
import json
import sys


def _due_total(cli) -> int:
    due = json.loads(cli("due", "--json")[1])
    return due["new"] + due["learning"] + due["review"]


def _today_row(out: str) -> int:
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("due, next days"))
    return int(lines[start + 1].split()[-1])


def test_the_forecast_for_today_is_what_due_counts(cli, monkeypatch):
    monkeypatch.setenv("PAPERDECK_NOW", "2026-11-21T09:00:00+00:00")
    monkeypatch.setenv("TZ", "UTC")
    for i in range(3):
        assert cli("card", "add", "--front", f"Q{i}", "--back", f"A{i}")[0] == 0
    assert _due_total(cli) == 3
    stats = json.loads(cli("stats", "--json")[1])
    assert stats["forecast"][stats["today"]] == 3
    code, out, err = cli("stats")
    assert code == 0, err
    assert _today_row(out) == 3

    # One answered Good: learning, due again in 10 minutes; still one count.
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n3\nq\n"))
    assert cli("review", "--plain")[0] == 0
    stats = json.loads(cli("stats", "--json")[1])
    assert stats["forecast"][stats["today"]] == _due_total(cli) == 3
    assert _today_row(cli("stats")[1]) == 3


def test_a_new_card_limit_keeps_the_two_in_step(cli, monkeypatch, home):
    monkeypatch.setenv("PAPERDECK_NOW", "2026-11-21T09:00:00+00:00")
    monkeypatch.setenv("TZ", "UTC")
    with open(home / "config.yaml", "a") as f:
        f.write("review.new_per_day: 2\n")
    for i in range(5):
        assert cli("card", "add", "--front", f"Q{i}", "--back", f"A{i}")[0] == 0
    stats = json.loads(cli("stats", "--json")[1])
    assert stats["forecast"][stats["today"]] == _due_total(cli) == 2
