"""Issue 19, item 3: `paperdeck edit ID --title "…"` changed the title, but every card made
before kept the old one in its question and its context line (TUI and `review --plain`). A
card's question and context follow its paper; its review history stays."""

from __future__ import annotations

import io
import json
import sys
from datetime import datetime, timezone

from tests.selfmade import tiny_pdf

NOW = "2026-11-21T09:00:00+00:00"
OLD = "Multi-LexSum: Real-World Summaries of Civil"       # the first line only, as added
NEW = "Multi-LexSum: Summaries of Civil Rights Lawsuits"


def _paper_with_cards(cli, tmp_path, monkeypatch) -> str:
    monkeypatch.setenv("PAPERDECK_NOW", NOW)
    monkeypatch.setenv("TZ", "UTC")
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(tiny_pdf(["Page one of a paper", "body"], title=OLD))
    code, out, err = cli("add", str(pdf))
    assert code == 0, err
    key = out.strip()
    code, _, err = cli("note", key, "--what", "A dataset of {{c1::legal}} summaries",
                       "--why", "Long inputs")
    assert code == 0, err
    code, _, err = cli("card", "add", key, "--front", "How many summaries per case?", "--back", "Three")
    assert code == 0, err
    return key


def test_cards_follow_a_new_title_in_the_plain_review(cli, tmp_path, monkeypatch):
    key = _paper_with_cards(cli, tmp_path, monkeypatch)
    before = json.loads(cli("cards", key, "--json")[1])
    assert len(before) == 4 and any(OLD in c["front"] for c in before)
    # One answer before the edit: its history must stay with the card.
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n3\nq\n"))
    assert cli("review", "--plain")[0] == 0

    code, _, err = cli("edit", key, "--title", NEW)
    assert code == 0, err

    after = json.loads(cli("cards", key, "--json")[1])
    assert [c["id"] for c in after] == [c["id"] for c in before]
    assert sum(c["reps"] for c in after) == 1
    what = next(c for c in after if c["source_key"] == f"{key}:what")
    assert f"*{NEW}*" in what["front"]
    for c in after:  # generated and hand-written cards alike
        assert NEW in c["context"] and "Real-World" not in c["context"] + c["front"], c
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n3\n" * 6 + "q\n"))
    code, out, err = cli("review", "--plain")
    assert code == 0, err
    assert "Real-World" not in out
    assert f"[{NEW}]" in out and f"What does *{NEW}* do?" in out


async def test_the_review_screen_shows_the_new_title(cli, tmp_path, monkeypatch, make_app):
    key = _paper_with_cards(cli, tmp_path, monkeypatch)
    assert cli("edit", key, "--title", NEW)[0] == 0
    app = make_app(now=datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc), screen="review")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        front = str(app.screen.query_one("#review-front").render())
        context = str(app.screen.query_one("#review-context").render())
    assert NEW in context and "Real-World" not in context + front
