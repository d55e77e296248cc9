"""Two processes grading the same cards at once on one database file lose nothing."""

import subprocess
import sys
import textwrap
from pathlib import Path

from decks.cards import add_card, get_card
from decks.reviews import history, verify_card
from decks.settings import DeckSettings

from .conftest import NOW

ROOT = Path(__file__).resolve().parents[2]

WORKER = textwrap.dedent("""
    import sys
    from datetime import datetime, timedelta, timezone
    from reader.store.db import connect
    from decks.reviews import answer
    path, worker, ids = sys.argv[1], int(sys.argv[2]), [int(x) for x in sys.argv[3].split(",")]
    conn = connect(path)
    start = datetime(2026, 3, 10, 10, tzinfo=timezone.utc)
    print("ready", flush=True)
    sys.stdin.readline()          # "go": both workers start grading at the same moment
    for i in range(60):
        card = ids[(i + worker) % len(ids)]
        answer(conn, card, 1 + (i + worker) % 4, start + timedelta(seconds=i), 100 * worker)
""")


def test_two_processes_grading_at_once_lose_nothing(db_path, conn):
    ids = [add_card(conn, f"f{i}", "b", now=NOW).id for i in range(5)]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db_path), str(w), ",".join(map(str, ids))],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )
        for w in (1, 2)
    ]
    try:
        for p in procs:   # both started and connected (a worker that failed says why)
            assert p.stdout.readline() == "ready\n", p.communicate(timeout=60)[1]
        for p in procs:
            p.stdin.write("go\n")
            p.stdin.flush()
        for p in procs:
            _, err = p.communicate(timeout=60)
            assert p.returncode == 0, err
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    assert conn.execute("SELECT count(*) FROM review_log").fetchone()[0] == 120
    for w in (1, 2):
        assert conn.execute(
            "SELECT count(*) FROM review_log WHERE duration_ms = ?", (100 * w,)
        ).fetchone()[0] == 60
    for card_id in ids:
        card = get_card(conn, card_id)
        assert card.reps == len(history(conn, card_id)) == 24
        # every answer was applied on top of the previous one: the state replays from the log
        assert verify_card(conn, card_id, DeckSettings())
