"""The reading log: a dated journal of what happened, built from the data itself (papers and
items added, passes started and finished, notes written, TODOs added and ticked off, the cards
reviewed each day) and merged with the free entries the user wrote (reader.reading.journal)."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from reader import clock
from reader.library import kinds
from reader.errors import UsageError


@dataclass(frozen=True)
class Event:
    at: str             # ISO 8601 UTC
    paper_id: str
    title: str
    kind: str           # added | pass_started | pass_finished | notes | todo_added | todo_done
                        # | entry (a free entry; paper_id '' when about no item) | reviews
    detail: str = ""    # pass number, TODO text, the entry's text, the reviews in words;
                        # for "added", the reading list that added it ('' by hand)
    seq: int = 0        # pass number or TODO id: orders events of one second (see sort_key)
    item_kind: str = "paper"   # the kind of item it happened to (reader.library.kinds)

    @property
    def description(self) -> str:
        if self.kind == "added":
            return "added"
        if self.kind == "added_many":
            return f"added {self.detail}"
        if self.kind == "pass_started":
            return kinds.get(self.item_kind).started(int(self.detail))
        if self.kind == "pass_finished":
            return kinds.get(self.item_kind).finished(int(self.detail))
        if self.kind == "notes":
            return "wrote notes"
        if self.kind == "todo_added":
            return f"TODO added: {self.detail}"
        if self.kind == "todo_done":
            return f"TODO done: {self.detail}"
        if self.kind == "entry":
            return f"journal: {self.detail}"
        if self.kind == "reviews":
            return self.detail
        return self.kind

    def local_time(self) -> datetime:
        return clock.parse_iso(self.at).astimezone()


# Events in the same second (times are stored to the second) are listed in the order they must
# have happened: a paper is added before it is read; pass N starts, then finishes, before pass
# N+1 starts; TODOs in the order they were added (their id), each added before it is ticked off.
_RANK = {"added": 0, "pass_started": 1, "pass_finished": 1, "notes": 2, "todo_added": 3,
         "todo_done": 3, "entry": 4, "reviews": 5}


def sort_key(e: Event) -> tuple:
    """The journal's one order, used by every view of it (the CLI's `log`, the Markdown export):
    by time, then paper, then the order events of one second must have happened in."""
    step = 1 if e.kind in ("pass_finished", "todo_done") else 0
    return e.at, e.paper_id, _RANK.get(e.kind, 9), 2 * e.seq + step


# Notes: one event per paper and local day on which they changed (notes_log, migration 4), at
# that day's last change; `notes.modified` alone would keep only the newest day.
_QUERY = """
SELECT p.added AS at, p.id AS paper_id, 'added' AS kind, coalesce(f.source, '') AS detail,
       0 AS seq FROM papers p LEFT JOIN added_from f ON f.paper_id = p.id
    WHERE p.added >= :since AND p.added < :until
UNION ALL
SELECT started, paper_id, 'pass_started', pass, pass FROM passes
    WHERE started >= :since AND started < :until
UNION ALL
SELECT finished, paper_id, 'pass_finished', pass, pass FROM passes
    WHERE finished >= :since AND finished < :until
UNION ALL
SELECT last_at, paper_id, 'notes', '', 0 FROM notes_log
    WHERE last_at >= :since AND last_at < :until
UNION ALL
SELECT created, paper_id, 'todo_added', text, id FROM todos
    WHERE created >= :since AND created < :until
UNION ALL
SELECT done, paper_id, 'todo_done', text, id FROM todos WHERE done >= :since AND done < :until
"""


def events(conn: sqlite3.Connection, since: datetime | None = None,
           until: datetime | None = None) -> list[Event]:
    """Events in [since, until), in the journal's order (`sort_key`)."""
    bounds = {
        "since": clock.iso(since) if since else "",
        "until": clock.iso(until) if until else "9999",
    }
    about: dict[str, tuple[str, str]] = {}
    found = conn.execute(_QUERY, bounds).fetchall()
    ids = {r["paper_id"] for r in found}
    if ids:
        if len(ids) < 500:
            q = f"SELECT id, title, kind FROM papers WHERE id IN ({','.join('?' * len(ids))})"
            rows = conn.execute(q, tuple(ids)).fetchall()
        else:
            rows = conn.execute("SELECT id, title, kind FROM papers").fetchall()
        about = {pid: (title, kind) for pid, title, kind in rows}
    finished = {(r["paper_id"], r["seq"], r["at"]) for r in found if r["kind"] == "pass_finished"}
    out = []
    for r in found:
        title, kind = about.get(r["paper_id"], (r["paper_id"], "paper"))
        # An item other than a paper marked done in one step: "watched", not also "started
        # watching" the same second (a paper's passes keep both: issue 15).
        if r["kind"] == "pass_started" and kind != "paper" and \
                (r["paper_id"], r["seq"], r["at"]) in finished:
            continue
        out.append(Event(r["at"], r["paper_id"], title, r["kind"], str(r["detail"]), r["seq"],
                         kind))
    out += _entries(conn, since, until, about)
    out += _reviews(conn, bounds)
    return sorted(out, key=sort_key)


def _entries(conn: sqlite3.Connection, since: datetime | None, until: datetime | None,
             about: dict[str, tuple[str, str]]) -> list[Event]:
    """Free entries of the local days in [since, until), each at the time it was written, or,
    written on another day than the one it is about, at that day's last second."""
    from reader.reading import journal

    first = since.astimezone().date() if since else None
    last = (until - timedelta(seconds=1)).astimezone().date() if until else None
    found = journal.between(conn, first, last)
    missing = {e.item_id for e in found if e.item_id and e.item_id not in about}
    for pid in missing:
        row = conn.execute("SELECT title, kind FROM papers WHERE id = ?", (pid,)).fetchone()
        if row:
            about[pid] = (row[0], row[1])
    out = []
    for e in found:
        day = date.fromisoformat(e.day)
        at = e.written
        if clock.parse_iso(at).astimezone().date() != day:
            at = clock.iso(local_day_start(day + timedelta(days=1)) - timedelta(seconds=1))
        title, kind = about.get(e.item_id, ("", "paper")) if e.item_id else ("", "paper")
        out.append(Event(at, e.item_id or "", title, "entry", e.text, e.id, kind))
    return out


def cards_and_answers(cards: int, answers: int) -> str:
    """'3 cards, 6 answers': a card answered twice in a day (a learning step, an Again) is one
    card and two answers (the Review screen, `review --plain` and the log all say it so)."""
    return (f"{cards} card{'s' if cards != 1 else ''}, "
            f"{answers} answer{'s' if answers != 1 else ''}")


def _reviews(conn: sqlite3.Connection, bounds: dict[str, str]) -> list[Event]:
    """One event per local day with answers, at the day's last: 'reviewed 34 cards, 52
    answers, 91% remembered, 5 new' (remembered: the answers to cards in review not graded
    Again, as Anki counts it). One aggregate over the log's time index."""
    rows = conn.execute(
        "SELECT date(reviewed_at, 'localtime') AS day, count(DISTINCT card_id), count(*), "
        "sum(state_before = 'review'), "
        "sum(state_before = 'review' AND rating > 1), sum(state_before = 'new'), max(reviewed_at) "
        "FROM review_log WHERE reviewed_at >= :since AND reviewed_at < :until GROUP BY day",
        bounds)
    out = []
    for _day, cards, answers, seen, kept, new, last in rows:
        words = f"reviewed {cards_and_answers(cards, answers)}"
        if seen:
            words += f", {round(100 * kept / seen)}% remembered"
        if new:
            words += f", {new} new"
        out.append(Event(last, "", "", "reviews", words))
    return out


def parse_day(text: str, today: date) -> date:
    """A day as a user types it: YYYY-MM-DD, today, yesterday, or Nd: the first of the last N
    days, today included (`--since 7d` is today and the six days before it)."""
    t = text.strip().lower()
    if t == "today":
        return today
    if t == "yesterday":
        return today - timedelta(days=1)
    m = re.fullmatch(r"(\d+)\s*d", t)
    if m:
        if int(m.group(1)) == 0:
            raise UsageError(f"{text!r} is no days; use 1d for today, 7d for the last 7 days")
        try:
            return today - timedelta(days=int(m.group(1)) - 1)
        except OverflowError:
            raise UsageError(f"{text!r} reaches back before the year 1; use fewer days") from None
    try:
        return date.fromisoformat(t)
    except ValueError:
        raise UsageError(f"not a date: {text!r}; use YYYY-MM-DD, today, yesterday or 7d") from None


def days_between(since: str | None, until: str | None, today: date
                 ) -> tuple[datetime | None, datetime | None]:
    """The [since, until) bounds of `log --since A --until B`, both days included, as aware UTC;
    None where unbounded (also for a day at the very edge of the calendar)."""
    start = end = None
    if since:
        try:
            start = local_day_start(parse_day(since, today))
        except (OverflowError, ValueError):  # before the year 1 in UTC: from the beginning
            start = None
    if until:
        try:
            end = local_day_start(parse_day(until, today) + timedelta(days=1))
        except (OverflowError, ValueError):  # after 9999-12-31: to the end
            end = None
    return start, end


def local_day_start(day: date) -> datetime:
    """Local midnight starting `day`, as aware UTC."""
    return datetime.combine(day, time(0)).astimezone().astimezone(timezone.utc)


# -- a bulk import, one line -----------------------------------------------------------------

BULK_ADDED = 5         # this many items added together make one line ("added 1,098 papers")
BULK_GAP_S = 120       # added within this many seconds of the one before: the same import


def collapse_bulk_adds(found: list[Event], at_least: int = BULK_ADDED) -> list[Event]:
    """`found` (in the journal's order) with each run of items added together (a reading list
    imported: each within BULK_GAP_S of the one before, nothing else in between) of `at_least`
    or more made one event of kind "added_many", at the run's first time: its `detail` says
    "1,098 papers" (or "3 lectures, 2 papers"), and the list they came from when one did
    ("1,098 papers from week.md"; "1,099 papers, 1,098 from week.md" when some were added by
    hand meanwhile); its title is empty. Fewer stay one line each."""
    out: list[Event] = []
    run: list[Event] = []

    def flush() -> None:
        if len(run) >= at_least:
            counts: dict[str, int] = {}
            for e in run:
                counts[e.item_kind] = counts.get(e.item_kind, 0) + 1
            words = ", ".join(f"{n:,} {kinds.get(k).plural if n != 1 else k}"
                              for k, n in sorted(counts.items(), key=lambda kv: -kv[1]))
            out.append(Event(run[0].at, "", "", "added_many", words + _sources(run), 0,
                             run[0].item_kind))
        else:
            out.extend(run)
        run.clear()

    for e in found:
        if e.kind == "added" and (not run or (clock.parse_iso(e.at) - clock.parse_iso(
                run[-1].at)).total_seconds() <= BULK_GAP_S):
            run.append(e)
            continue
        flush()
        if e.kind == "added":
            run.append(e)
        else:
            out.append(e)
    flush()
    return out


def _sources(run: list[Event]) -> str:
    """' from week.md' when one list added the whole run; ', 1,098 from week.md' when it added
    part of it; '' when none did."""
    counts: dict[str, int] = {}
    for e in run:
        if e.detail:
            counts[e.detail] = counts.get(e.detail, 0) + 1
    if not counts:
        return ""
    if len(counts) == 1 and sum(counts.values()) == len(run):
        return f" from {next(iter(counts))}"
    return ", " + ", ".join(f"{n:,} from {name}" for name, n in
                            sorted(counts.items(), key=lambda kv: -kv[1]))
