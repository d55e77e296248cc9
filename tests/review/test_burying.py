"""Burying must not starve: a note's cloze buried one day comes first among new cards the next.

Seen: the `{{c2::forward-backward}}` cloze of a note made on 12-03 was first shown on 12-08;
each day one of its siblings was due first and buried it again. Replayed here with the notes
through reader.reading.cardgen, a session a day answered Good, the clock pinned (before the fix the
clozes started on 12-04, 12-07 and 12-08)."""

from __future__ import annotations

import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

from decks.cards import sync_specs
from decks.queue import next_card, plan_today
from decks.reviews import answer
from decks.settings import DeckSettings
from reader.reading import cardgen
from reader.store.db import connect, migrate
from reader.models import Paper

UTC = timezone.utc
MADE = datetime(2025, 12, 3, 9, 0, tzinfo=UTC)
PAPER = Paper(id="1211.3711", version=1, latest_version=1,
              title="Sequence Transduction with Recurrent Neural Networks",
              authors=("Alex Graves",), abstract="", published="2012-11-14T21:52:28Z",
              added="2025-12-03T09:00:00Z")
NOTES = SimpleNamespace(
    what="An RNN transducer.",
    how="A {{c1::transcription network}} and a prediction network joined by a joint network; "
        "a {{c2::forward-backward}} pass sums over {{c3::alignments}}.",
    why="No pre-segmented data.", text="")


def test_a_buried_cloze_comes_first_the_next_day():
    with tempfile.TemporaryDirectory() as d:
        conn = connect(Path(d) / "paperdeck.db")
        migrate(conn)
        sync_specs(conn, PAPER.id, cardgen.specs_for(PAPER, NOTES), MADE, order_key="0001")
        s = DeckSettings()
        first: dict[str, date] = {}
        for day in range(10):
            t = MADE + timedelta(days=day, minutes=5)
            plan = plan_today(conn, t, s, UTC)
            shown = 0
            while (card := next_card(conn, t, s, UTC)) is not None:
                if card.source_key not in first:
                    shown += 1
                first.setdefault(card.source_key, t.date())
                answer(conn, card.id, 3, t, settings=s)
                t += timedelta(minutes=1)
            assert shown == plan.new  # the header's count of new cards was the truth
        conn.close()
    day = {k.rsplit(":", 1)[-1] if "cloze" in k else k: v.isoformat()[5:] for k, v in first.items()}
    assert day["1211.3711:how"] == "12-03"
    assert (day["1"], day["2"], day["3"]) == ("12-04", "12-05", "12-06")
