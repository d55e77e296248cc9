"""Benchmark the Review screen on a 100,000-card deck. Prints figures, asserts nothing.

    .venv/bin/python bench/bench_review_tui.py [--cards 100000] [--reviews 300000] [--answers 100]

Builds a temporary PAPERDECK_HOME (bulk insert through bench_decks.build), opens the TUI headless
on the Review screen with the clock pinned, and answers cards with space then 3 (Good, sometimes
1/2/4). For each answer it reports the time from the grade key to the next card painted:
- "grade action": from the start of the grade action (write the answer, recompute the queue and
  the due counts, preview the intervals, update the widgets) to the refresh that paints the next
  card (call_after_refresh);
- "grade key": the same from the key event posted to the app (app.simulate_key), so it includes
  the key dispatch and binding lookup;
- "footer": until the Footer shows the keys of the new state (it recomposes after the refresh
  that paints the card);
- "core": the same core calls without the UI.
Target: <= 30 ms from grade to next card.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_decks import NOW, TZ, build  # noqa: E402


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def report(name: str, xs: list[float]) -> None:
    print(f"{name:<40} median {statistics.median(xs):6.2f} ms   p99 {pct(xs, 99):6.2f} ms"
          f"   max {max(xs):6.2f} ms   (n={len(xs)})")


from textual.widgets import Footer  # noqa: E402
from textual.widgets._footer import FooterKey  # noqa: E402


async def drive(app, answers: int) -> tuple[list[float], list[float], list[float]]:
    rng = random.Random(5)
    in_app, key_to_card, key_to_footer = [], [], []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        footer = screen.query_one(Footer)

        def footer_shows_reveal() -> bool:
            return screen.card is None or any(
                k.action == "reveal" and k.is_mounted for k in footer.query(FooterKey))

        for _ in range(answers + 5):
            if screen.card is None:
                break
            await pilot.press("space")
            await pilot.pause()
            rating = rng.choices("1234", weights=(10, 10, 70, 10))[0]
            t = time.perf_counter()
            app.simulate_key(rating)
            while screen.painted_at < t or not footer_shows_reveal():
                await asyncio.sleep(0)
            done = time.perf_counter()
            in_app.append(screen.last_transition_ms)
            key_to_card.append((screen.painted_at - t) * 1000)
            key_to_footer.append((done - t) * 1000)
    # the first few answers warm caches (fsrs scheduler, CSS for the grade bar): drop them
    return in_app[5:], key_to_card[5:], key_to_footer[5:]


def core_only(conn, settings, answers: int) -> list[float]:
    from reader.tui import deck_data as dd

    out = []
    for i in range(answers):
        card = dd.next_card(conn, NOW, settings, TZ)
        if card is None:
            break
        dd.intervals(card, NOW, settings)
        t = time.perf_counter()
        dd.grade(conn, card.id, 3, NOW, 4000, settings)
        nxt = dd.next_card(conn, NOW, settings, TZ)
        dd.remaining(conn, NOW, settings, TZ)
        if nxt is not None:
            dd.intervals(nxt, NOW, settings)
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cards", type=int, default=100_000)
    ap.add_argument("--reviews", type=int, default=300_000)
    ap.add_argument("--answers", type=int, default=100)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-review-tui-") as tmp:
        os.environ["PAPERDECK_HOME"] = tmp
        from reader import config as config_mod
        from reader.store import db
        from reader.store import paths as paths_mod
        from reader.tui import deck_data as dd
        from reader.reading.reviewing import deck_settings
        from reader.tui.app import make_app

        paths = paths_mod.resolve(Path(tmp))
        conn = db.open_library(paths)
        t = time.perf_counter()
        build(conn, args.cards, args.reviews)
        print(f"built {args.cards:,} cards and {args.reviews:,} reviews in {time.perf_counter() - t:.1f} s")
        config = config_mod.load(paths)
        settings = deck_settings(conn, config)
        rem = dd.remaining(conn, NOW, settings, TZ)
        print(f"today's queue: {rem.new} new, {rem.learning} learning, {rem.review} review")

        app = make_app(paths, config, now=NOW, tz=TZ, screen="review")
        in_app, key_to_card, key_to_footer = asyncio.run(drive(app, args.answers))
        report("grade action -> next card painted", in_app)
        report("grade key -> next card painted", key_to_card)
        report("grade key -> footer shows the new keys", key_to_footer)
        report("core: answer+next_card+counts+preview", core_only(conn, settings, args.answers))
        print("target: <= 30 ms from grade to next card")
        conn.close()


if __name__ == "__main__":
    main()
