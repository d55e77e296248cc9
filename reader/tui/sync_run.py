"""Sync from the TUI: a palette command runs `paperdeck sync` in a thread worker, its steps shown
in the library's header as it goes and its report in a notification; the header says when the
last sync ran, read from the sync bookkeeping in the library (`sync_meta.last_sync`).

The same folder rules as the CLI (reader/cli/sync.py): `sync.folder` from the config, made when
its parent exists, never inside the library's own folder; a git work tree is pulled before and
committed and pushed after, with the user's git.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from textual.app import SystemCommand
from textual.message import Message

__all__ = ["SyncDone", "SyncStep", "last_sync", "synced_ago", "sync_commands", "start_sync"]


class SyncStep(Message):
    """From the sync worker: what it is doing now ("pulling", "merging", "pushing")."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


@dataclass(frozen=True)
class SyncOutcome:
    ok: bool
    lines: tuple[str, ...]       # the report's lines, or the one line saying what went wrong
    conflicts: bool = False


class SyncDone(Message):
    def __init__(self, outcome: SyncOutcome) -> None:
        super().__init__()
        self.outcome = outcome


def last_sync(conn: sqlite3.Connection) -> datetime | None:
    """When this library last synced (a sync that moved anything), or None."""
    try:
        row = conn.execute("SELECT value FROM sync_meta WHERE name = 'last_sync'").fetchone()
    except sqlite3.OperationalError:
        return None  # a library from before sync (its upgrade makes the table)
    if row is None or not row[0]:
        return None
    try:
        return datetime.fromisoformat(row[0].replace("Z", "+00:00"))
    except ValueError:
        return None


def synced_ago(when: datetime | None, now: datetime) -> str:
    """'synced 10 min ago', 'never synced': short enough for the header at 80 columns."""
    if when is None:
        return "never synced"
    seconds = (now - when).total_seconds()
    if seconds < 60:
        return "synced just now"      # a clock behind the other computer's says so too
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"synced {minutes} min ago"
    hours = minutes // 60
    if hours < 48:
        return f"synced {hours} h ago"
    return f"synced {hours // 24} days ago"


def sync_commands(app) -> Iterable[SystemCommand]:
    if getattr(app, "syncing", False):
        return
    where = app.config["sync.folder"]
    yield SystemCommand("library: sync", f"Sync with {where} (as paperdeck sync)" if where else
                        "Sync with other computers through sync.folder (as paperdeck sync)",
                        lambda: start_sync(app))


def start_sync(app) -> None:
    """Run one sync in a worker; nothing if one is running already."""
    if getattr(app, "syncing", False):
        return
    app.syncing = True
    app.post_message(SyncStep("syncing…"))
    if app.config["sync.folder"]:
        app.notify(f"with {app.config['sync.folder']}", title="Syncing", timeout=3, markup=False)
    app.run_worker(lambda: _sync_worker(app), thread=True, group="sync", exit_on_error=False,
                   name="sync")


def _sync_worker(app) -> None:
    step: Callable[[str], None] = lambda text: app.post_message(SyncStep(text))  # noqa: E731
    try:
        outcome = _run(app, step)
    except Exception as e:  # noqa: BLE001 - a worker must not take the app down; one line
        outcome = SyncOutcome(False, (f"sync failed: {type(e).__name__}: {e}",))
    app.post_message(SyncDone(outcome))


def _run(app, step: Callable[[str], None]) -> SyncOutcome:
    from reader.errors import PaperdeckError
    from reader.reading.reviewing import deck_settings
    from reader.sync import git, sync
    from reader.sync.folder import choose

    if not app.config["sync.folder"]:
        return SyncOutcome(False, (f"no sync folder: set sync.folder in {app.paths.config} to "
                                   "a folder that git, Syncthing or Dropbox carries",))
    try:
        folder = choose(None, app.config["sync.folder"], app.paths.data, app.paths.config)
    except PaperdeckError as e:
        return SyncOutcome(False, (str(e),))
    notes = []
    carried = git.is_repo(folder)
    if carried:
        step("pulling…")
        note = git.pull(folder)
        if note:
            notes.append(note)
    step("merging…")
    conn = app.thread_connection()
    try:
        report = sync(conn, app.paths, folder, app.now(),
                      settings=deck_settings(conn, app.config), name=app.config["sync.device"])
    except PaperdeckError as e:
        return SyncOutcome(False, (*notes, str(e)))
    finally:
        conn.close()
    if carried:
        step("pushing…")
        note = git.publish(folder, f"paperdeck sync: {report.sent} changes from "
                           f"{app.config['sync.device'] or report.device}")
        if note:
            notes.append(note)
    return SyncOutcome(True, (*report.lines(), *notes), bool(report.conflicts))


def notify_done(app, outcome: SyncOutcome) -> None:
    """The report in one notification: an error when nothing synced, a warning on conflicts."""
    text = "\n".join(outcome.lines)
    if not outcome.ok:
        app.notify(text, title="Not synced", severity="error", timeout=10, markup=False)
    elif outcome.conflicts:
        app.notify(text, title="Synced, with conflicts", severity="warning", timeout=15,
                   markup=False)
    else:
        app.notify(text, title="Synced", timeout=8, markup=False)
