"""Snapshots of the Review screen (front; back revealed) and the Stats screen, pinned clock.

Review an SVG in tests/tui_review/__snapshots__/ before accepting it with --snapshot-update."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.waiting import settled

from . import seed

pytest.importorskip("pytest_textual_snapshot")


@pytest.fixture
def review_app(make, conn):
    seed.seed_papers(conn)
    seed.seed_cards(conn)
    seed.seed_hand_card(conn, "Is [b]this[/b] bold? [/]", "No: [red]shown as typed[/red]")
    return make(screen="review")


def test_review_front(snap_compare, review_app):
    assert snap_compare(review_app, terminal_size=(100, 30))


def test_review_back(snap_compare, review_app):
    assert snap_compare(review_app, press=["space"], terminal_size=(100, 30))


def test_review_at_80x24(snap_compare, review_app):
    assert snap_compare(review_app, press=["space"], terminal_size=(80, 24))


def _stats_app(make, conn):
    seed.seed_papers(conn)
    seed.seed_cards(conn, seed.NOW - timedelta(days=200))
    seed.simulate(conn, 200)
    seed.seed_passes(conn)
    return make(screen="stats")


async def _loaded(pilot):
    await settled(pilot)


def test_stats_wide(snap_compare, make, conn):
    assert snap_compare(_stats_app(make, conn), run_before=_loaded, terminal_size=(140, 40))


def test_stats_80x24(snap_compare, make, conn):
    assert snap_compare(_stats_app(make, conn), run_before=_loaded, terminal_size=(80, 24))


def test_review_front_80x24(snap_compare, review_app):
    assert snap_compare(review_app, terminal_size=(80, 24))


def test_review_60x15(snap_compare, review_app):
    assert snap_compare(review_app, press=["space"], terminal_size=(60, 15))


def test_review_nothing_due_80x24(snap_compare, make, conn):
    seed.seed_papers(conn)
    assert snap_compare(make(screen="review"), terminal_size=(80, 24))


def test_stats_100x30(snap_compare, make, conn):
    assert snap_compare(_stats_app(make, conn), run_before=_loaded, terminal_size=(100, 30))


def test_card_actions_80x24(snap_compare, review_app):
    assert snap_compare(review_app, press=["space", "c"], terminal_size=(80, 24))


def test_review_typing_80x24(snap_compare, review_app):
    assert snap_compare(review_app, press=["t", *"a transducer"], terminal_size=(80, 24))
