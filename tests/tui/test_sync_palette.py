"""Sync from the TUI (issue 23): the palette runs a sync in a worker, its report in a
notification, and the library's header says when the last one ran. Two real libraries and a
real folder between them: B syncs through `reader.sync.sync`, A through its palette."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import Static

from reader.tui.sync_run import SyncDone, SyncOutcome, SyncStep
from tests.sync.helpers import Lib, add_paper, paper
from tests.tui.conftest import NOW
from tests.waiting import settled, until


def _configure(home, folder) -> None:
    with open(home / "config.yaml", "a", encoding="utf-8") as f:
        f.write(f"sync:\n  folder: {folder}\n  device: laptop\n")


def _header(app) -> Static:
    return app.screen.query_one("#library-sync", Static)


def _notes(app) -> list:
    return list(app._notifications)


async def _run_palette(pilot, words: str) -> None:
    await pilot.press("ctrl+p")
    await until(pilot, lambda: pilot.app.screen.id == "--command-palette" or
                type(pilot.app.screen).__name__ == "CommandPalette", what="the palette")
    await pilot.press(*words)
    await until(pilot, lambda: any(words in str(o.prompt) for o in
                                   pilot.app.screen.query("OptionList").first().options)
                if pilot.app.screen.query("OptionList") else False, what=f"{words!r} listed")
    await pilot.press("enter")


async def test_the_palette_syncs_with_the_folder_and_the_header_says_when(home, tmp_path, make,
                                                                           seeded):
    folder = tmp_path / "folder"
    folder.mkdir()
    _configure(home, folder)
    b = Lib(tmp_path / "b")
    try:
        add_paper(b.conn, paper(7, title="A paper written on the desktop"))
        b.sync(folder, NOW - timedelta(hours=1))
        clock = [NOW]
        app = make(now=lambda: clock[0])
        async with app.run_test(size=(80, 24)) as pilot:
            await settled(pilot)
            assert str(_header(app).render()) == "never synced"
            await _run_palette(pilot, "library: sync")
            await until(pilot, lambda: any(n.title == "Synced" for n in _notes(app)),
                        what="the sync's report")
            await settled(pilot)
            report = next(n for n in _notes(app) if n.title == "Synced").message
            assert report.startswith(f"synced with {folder}: ")
            assert "1 in" not in report or "applied" in report
            ids = [r.id for r in app.screen.library.rows]
            assert "2101.00007" in ids             # B's paper, in A's table without a restart
            assert str(_header(app).render()) == "synced just now"
            app.post_message(SyncStep("pulling…"))     # the worker's steps, as they come
            await until(pilot, lambda: str(_header(app).render()) == "pulling…")
            app.post_message(SyncDone(SyncOutcome(True, ("synced with the folder",))))
            await until(pilot, lambda: str(_header(app).render()) == "synced just now")
            clock[0] = NOW + timedelta(minutes=10)
            app.screen._show_sync(None)            # what the header's minute timer does
            await pilot.pause()
            assert str(_header(app).render()) == "synced 10 min ago"
        # ... and A's papers reached B through the folder
        b.sync(folder, NOW + timedelta(minutes=11))
        got = {r[0] for r in b.conn.execute("SELECT id FROM papers")}
        assert {"1211.3711", "1706.03762", "2101.00007"} <= got
    finally:
        b.close()


async def test_no_sync_folder_is_one_line_saying_how_to_set_it(home, make, seeded):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert not _header(app).display        # a library that never syncs is not told so
        await _run_palette(pilot, "library: sync")
        await until(pilot, lambda: any(n.title == "Not synced" for n in _notes(app)),
                    what="the refusal")
        await settled(pilot)
        line = next(n for n in _notes(app) if n.title == "Not synced").message
        assert "\n" not in line and "sync.folder" in line and str(home / "config.yaml") in line
        assert not app.syncing
        assert seeded.execute("SELECT count(*) FROM sync_meta WHERE name = 'last_sync'"
                              ).fetchone()[0] == 0


async def test_a_conflict_is_a_warning_naming_the_draft(home, tmp_path, make, seeded):
    """Both computers edit one note field: the report is a warning, both texts kept."""
    from reader.reading import notes
    from reader.store.db import transaction

    folder = tmp_path / "folder"
    folder.mkdir()
    _configure(home, folder)
    b = Lib(tmp_path / "b")
    try:
        first = make()
        async with first.run_test(size=(80, 24)) as pilot:    # A's papers to B, once
            await settled(pilot)
            await _run_palette(pilot, "library: sync")
            await until(pilot, lambda: any(n.title == "Synced" for n in _notes(first)))
            await settled(pilot)
        b.sync(folder, NOW + timedelta(minutes=1))
        with transaction(b.conn):
            notes.save(b.conn, "1211.3711", NOW + timedelta(minutes=2),
                       what="the desktop's words")
        b.sync(folder, NOW + timedelta(minutes=3))
        with transaction(seeded):
            notes.save(seeded, "1211.3711", NOW + timedelta(minutes=2),
                       what="the laptop's words")
        app = make(now=NOW + timedelta(minutes=4))
        async with app.run_test(size=(80, 24)) as pilot:
            await settled(pilot)
            await _run_palette(pilot, "library: sync")
            await until(pilot, lambda: any(n.title.startswith("Synced") for n in _notes(app)))
            await settled(pilot)
            n = next(n for n in _notes(app) if n.title.startswith("Synced"))
            assert n.title == "Synced, with conflicts" and n.severity == "warning"
            assert "1211.3711 what: changed on two computers" in n.message
    finally:
        b.close()
