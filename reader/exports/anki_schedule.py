"""Writing an .apkg: genanki's notes, then each card's schedule and review log as Anki keeps them.

genanki writes every card as new and has no review log. An .apkg is an Anki collection (SQLite,
schema 11) in a zip, and Anki's importer takes scheduling and the review log from it when the
user ticks "Import any learning progress". So after genanki has written the notes into the
collection, this fills in, for each card paperdeck has reviewed:
- `cards`: type and queue (learning, review, relearning; suspended stays suspended), due (a day
  number counted from the collection's creation for review cards, a Unix time for learning
  ones), interval, reps, lapses, and `data` with the FSRS memory state Anki reads
  (`s` stability, `d` difficulty, `lrt` last review, `decay` of the FSRS-6 curve);
- `revlog`: one row per answer (its time in ms as id, rating, interval given in days, or as
  negative seconds while learning, the previous one, review kind, answer time).
The collection's creation time is put at 04:00 local time, the day boundary paperdeck and Anki
share, so a card due on a day in paperdeck is due on that day in Anki. Note and card ids come
from when the cards were made: the same in every export, and Anki's "Created" shows that day.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import tempfile
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

from decks.models import Card

DAY = 86400
# genanki numbers notes and cards from here; ours are times in ms after 2001, so never the same.
GENANKI_IDS = 10**11
CARD_TYPE = {"learning": 1, "review": 2, "relearning": 3}
REVLOG_TYPE = {"new": 0, "learning": 0, "review": 1, "relearning": 2}
DEFAULT_FACTOR = 2500          # SM-2's starting ease, for a user who keeps SM-2 in Anki


def day_start(now: datetime) -> int:
    """The Unix time of 04:00 local time that began the current day (Anki's rollover)."""
    local = now.astimezone()
    start = local.replace(hour=4, minute=0, second=0, microsecond=0)
    if local.hour < 4:
        start -= timedelta(days=1)
    return int(start.timestamp())


class _Ids:
    """Ids from a time in ms plus the paperdeck card id (cards made in one second differ),
    moved on by one in the rare case that is taken."""

    def __init__(self) -> None:
        self.used: set[int] = set()

    def take(self, at: datetime, salt: int) -> int:
        n = int(at.timestamp()) * 1000 + salt % 1000
        while n in self.used:
            n += 1
        self.used.add(n)
        return n


def write_package(conn: sqlite3.Connection, package, planned, path: Path, now: datetime,
                  models_changed: int) -> None:
    """Write `package` (a genanki.Package holding the notes of `planned`, anki.PlannedNote) to
    `path`, with the cards' schedules and review logs from the library on `conn`; the note
    types carry `models_changed` as their modification time."""
    reviews = _review_log(conn)
    decay = _decay(conn)
    with tempfile.TemporaryDirectory(prefix="paperdeck-apkg-") as folder:
        db_path = Path(folder) / "collection.anki2"
        db = sqlite3.connect(db_path)
        try:
            cur = db.cursor()
            package.write_to_db(cur, models_changed, itertools.count(GENANKI_IDS))
            crt = day_start(now) - 10_000 * DAY           # any day boundary well before all
            # genanki's collection claims Anki's first scheduler, whose learning answers had
            # three buttons: Anki would read a Good (3) given while learning as Easy (4).
            (conf,) = cur.execute("SELECT conf FROM col").fetchone()
            conf = {**json.loads(conf), "schedVer": 2, "sched2021": True}
            cur.execute("UPDATE col SET crt = ?, conf = ?", (crt, json.dumps(conf)))
            note_ids, card_ids, revlog_ids = _Ids(), _Ids(), set()
            for plan in planned:
                (old,) = cur.execute("SELECT id FROM notes WHERE guid = ?",
                                     (plan.note.guid,)).fetchone()
                nid = note_ids.take(plan.created, plan.cards[0][0].id)
                cur.execute("UPDATE notes SET id = ?, mod = ? WHERE id = ?", (nid, plan.modified, old))
                cur.execute("UPDATE cards SET nid = ?, mod = ? WHERE nid = ?", (nid, plan.modified, old))
                for card, ord_ in plan.cards:
                    row = cur.execute("SELECT id FROM cards WHERE nid = ? AND ord = ?",
                                      (nid, ord_)).fetchone()
                    if row is None:
                        continue
                    cid = card_ids.take(card.created, card.id)
                    cur.execute("UPDATE cards SET id = ? WHERE id = ?", (cid, row[0]))
                    _schedule(cur, cid, card, crt, decay)
                    _revlog(cur, cid, reviews.get(card.id, ()), revlog_ids)
            db.commit()
        finally:
            db.close()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.write(db_path, "collection.anki2")
            z.writestr("media", "{}")


def _review_log(conn: sqlite3.Connection) -> dict[int, list[sqlite3.Row]]:
    log: dict[int, list[sqlite3.Row]] = {}
    for r in conn.execute("SELECT card_id, rating, reviewed_at, duration_ms, state_before, "
                          "state_after, due_after FROM review_log ORDER BY reviewed_at, id"):
        log.setdefault(r["card_id"], []).append(r)
    return log


def _decay(conn: sqlite3.Connection) -> float:
    """The FSRS-6 decay the cards' memory states were computed with (fitted or default)."""
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from decks.settings import load_parameters

    params = load_parameters(conn) or DEFAULT_PARAMETERS
    return float(params[20]) if len(params) > 20 else float(DEFAULT_PARAMETERS[20])


def _days(later: datetime, earlier: datetime) -> int:
    return max(1, round((later - earlier).total_seconds() / DAY))


def _schedule(cur: sqlite3.Cursor, cid: int, card: Card, crt: int, decay: float) -> None:
    if card.state == "new" or card.due is None:
        if card.suspended:
            cur.execute("UPDATE cards SET queue = -1 WHERE id = ?", (cid,))
        return
    due_ts = int(card.due.timestamp())
    if card.state == "review":
        queue, due = 2, (due_ts - crt) // DAY
    else:  # learning steps are minutes apart: a due time, as Anki keeps them
        queue, due = 1, due_ts
    ivl = _days(card.due, card.last_review) if card.state != "learning" and card.last_review else 0
    data = {}
    if card.stability is not None and card.difficulty is not None:
        data = {"s": round(card.stability, 4), "d": round(card.difficulty, 4), "decay": decay}
        if card.last_review is not None:
            data["lrt"] = int(card.last_review.timestamp())
    cur.execute(
        "UPDATE cards SET type = ?, queue = ?, due = ?, ivl = ?, factor = ?, reps = ?, lapses = ?,"
        " left = ?, data = ? WHERE id = ?",
        (CARD_TYPE[card.state], -1 if card.suspended else queue, due, ivl,
         DEFAULT_FACTOR if card.state != "learning" else 0, card.reps, card.lapses,
         0 if card.state == "review" else 1, json.dumps(data, separators=(",", ":")) if data else "",
         cid))


def _revlog(cur: sqlite3.Cursor, cid: int, log, used: set[int]) -> None:
    from reader import clock

    last_ivl = 0
    for r in log:
        at = clock.parse_iso(r["reviewed_at"])
        due = clock.parse_iso(r["due_after"])
        if r["state_after"] == "review":
            ivl = _days(due, at)
        else:
            ivl = -max(1, int((due - at).total_seconds()))
        rid = int(at.timestamp() * 1000)
        while rid in used:  # two answers in one second: ids must differ
            rid += 1
        used.add(rid)
        kind = REVLOG_TYPE[r["state_before"]]
        cur.execute("INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                    " VALUES (?, ?, -1, ?, ?, ?, ?, ?, ?)",
                    (rid, cid, r["rating"], ivl, last_ivl, 0 if kind == 0 else DEFAULT_FACTOR,
                     r["duration_ms"] or 0, kind))
        last_ivl = ivl
