"""Two (or three) libraries, each its own PAPERDECK_HOME, and a folder between them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from reader.exports import snapshot
from reader.library import papers as library
from reader.models import Paper
from reader.store.db import open_library, transaction
from reader.store.paths import resolve
from reader.sync import sync

T0 = datetime(2026, 2, 2, 9, 0, tzinfo=timezone.utc)


class Lib:
    """One computer's library; `clock_skew` moves its wall clock (a laptop set wrong)."""

    def __init__(self, home: Path, clock_skew: timedelta = timedelta(0)):
        self.paths = resolve(home)
        self.conn = open_library(self.paths)
        self.skew = clock_skew
        self.reports = []

    def sync(self, folder: Path, now: datetime):
        report = sync(self.conn, self.paths, folder, now + self.skew)
        self.reports.append(report)
        return report

    def export(self) -> str:
        """The YAML export without what belongs to this computer only."""
        data = snapshot.export(self.conn)
        data.pop("schema")
        for p in data["papers"]:
            p.pop("html_pages", None)
            p.pop("html_text", None)
        return snapshot.dumps(data)

    def close(self):
        self.conn.close()


def paper(n: int, **fields) -> Paper:
    base = dict(id=f"2101.{n:05d}", title=f"Paper {n}", authors=("Ada Lovelace",),
                abstract="Abstract.", version=1, latest_version=1, categories=("cs.LG",),
                primary_category="cs.LG", published="2021-01-05T10:00:00Z",
                updated="2021-01-05T10:00:00Z", added=f"2026-01-01T00:00:{n % 60:02d}Z")
    base.update(fields)
    return Paper(**base)


def add_paper(conn, p: Paper) -> None:
    with transaction(conn):
        library.insert(conn, p)


def answers(conn) -> list[tuple]:
    return conn.execute("SELECT c.source_key, c.uid, r.uid FROM review_log r JOIN cards c "
                        "ON c.id = r.card_id ORDER BY 1, 2, 3").fetchall()
