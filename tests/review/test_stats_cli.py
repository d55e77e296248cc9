"""`paperdeck stats [--json] [--workload]`: on the real Anki log answered into a library, the
calibration reproduces the reference figures in ../shared/fixtures/SOURCES.md; the workload comes
from fsrs-rs-python's simulator."""

from __future__ import annotations

import json
import math

import pytest

from tests.decks import real_log

needs_log = pytest.mark.skipif(not real_log.REVLOG.is_file(), reason=real_log.MISSING)


@pytest.fixture
def real(cli, home, monkeypatch):
    from reader.store import db
    from reader.store.paths import resolve

    monkeypatch.setenv("PAPERDECK_NOW", "2024-10-07T09:00:00+00:00")
    monkeypatch.setenv("TZ", "UTC")
    conn = db.open_library(resolve(home))
    real_log.fill(conn, real_log.reviews())
    conn.close()


@needs_log
def test_calibration_on_the_real_log(real, cli):
    code, out, err = cli("stats", "--json")
    assert code == 0, err
    s = json.loads(out)
    cal = s["calibration"]
    # SOURCES.md: FSRS-6 defaults, recall predicted before each review a day or more after the
    # previous one: log loss 0.459 over 5,329 predictions.
    assert cal["reviews"] == 5329 and cal["log_loss"] == pytest.approx(0.459, abs=0.001)
    bins = cal["bins"]
    assert sum(b["count"] for b in bins) == 5329
    assert all(b["low"] <= b["predicted"] < b["high"] and 0 <= b["actual"] <= 1 for b in bins)
    rmse = math.sqrt(sum(b["count"] * (b["predicted"] - b["actual"]) ** 2 for b in bins) / 5329)
    assert cal["rmse_bins"] == pytest.approx(rmse) and cal["rmse_bins"] < 0.1
    assert sum(s["reviews_per_day"].values()) <= 12580 and len(s["reviews_per_day"]) == 365
    assert s["true_retention_30d"]["total"] > 0 and s["streak"] >= 0
    code, out, _ = cli("stats")
    assert "calibration: predicted recall before 5329 reviews" in out
    assert f"log loss {cal['log_loss']:.4f} · RMSE(bins) {cal['rmse_bins']:.4f}" in out


@needs_log
def test_workload_simulated_at_each_retention(real, cli):
    code, out, err = cli("stats", "--workload", "--json")
    assert code == 0, err
    w = json.loads(out)
    assert w["cards"] == 1205 and w["days"] == 365 and w["ratings_from_your_log"]
    rows = w["rows"]
    assert [r["desired_retention"] for r in rows] == [0.8, 0.85, 0.9, 0.95]
    # a higher retention costs more reviews and recalls more
    for a, b in zip(rows, rows[1:]):
        assert a["reviews_per_day"] < b["reviews_per_day"] and a["retention"] < b["retention"]
    assert all(abs(r["retention"] - r["desired_retention"]) < 0.05 for r in rows)
    code, out, _ = cli("stats", "--workload")
    assert "a year of reviews simulated for 1205 cards" in out and " *" in out


def test_workload_of_an_empty_library_and_bad_input(cli, monkeypatch):
    monkeypatch.setenv("PAPERDECK_NOW", "2026-11-21T09:00:00+00:00")
    code, out, err = cli("stats", "--workload")
    assert code == 2 and out == "" and "no cards to simulate" in err and err.count("\n") == 1
    code, out, err = cli("stats", "--workload", "--cards", "300", "--json")
    assert code == 0 and json.loads(out)["cards"] == 300
    code, _, err = cli("stats", "--days", "0")
    assert code == 2 and "--days 0" in err
    code, out, _ = cli("stats")
    assert code == 0 and "no review a day or more after the previous one yet" in out
