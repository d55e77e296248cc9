"""Issue 20.9: `paperdeck rm` of a paper while the TUI has its notes open with typing in flight.
The typing goes to drafts/ and the notification says the paper was removed and where the text
is, not that the note "was changed elsewhere" (nor "not saved", for a first note)."""

from __future__ import annotations

import time

import pytest

from reader.library import papers as library
from reader.reading import notes
from reader.store import db

from tests.tui.conftest import NOW


@pytest.fixture(autouse=True)
def typing_stays_in_flight(monkeypatch):
    """No autosave while the test types (a slow machine would save before the removal)."""
    from reader.tui.widgets import notes_editor

    monkeypatch.setattr(notes_editor, "SAVE_DELAY_S", 600.0)
    monkeypatch.setattr(notes_editor, "SAVE_EVERY_S", 600.0)


async def _settle(app, pilot):
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("save", ["ctrl+s", "screen closes"])
@pytest.mark.parametrize("had_notes", [True, False], ids=["had notes", "first note"])
async def test_rm_while_typing_keeps_the_text_and_says_the_paper_was_removed(make, seeded, had_notes,
                                                                             save):
    if had_notes:
        notes.save(seeded, "1211.3711", NOW, what="what it does")
    app = make(screen="paper", paper_id="1211.3711")
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        await pilot.press("e", "end", *" typed in flight")
        assert app.screen.query_one("#notes-main").edited == {"what"}
        # `paperdeck rm 1211.3711 --yes` in another shell:
        other = db.connect(app.paths.db)
        library.delete(other, app.paths.data, "1211.3711", NOW)
        other.close()
        if save == "ctrl+s":
            await pilot.press("ctrl+s")
        # The Paper screen notices (within its refresh) and closes: leaving saves too.
        deadline = time.monotonic() + 60
        while type(app.screen).__name__ == "PaperScreen" and time.monotonic() < deadline:
            await pilot.pause(0.1)
        await _settle(app, pilot)
        assert type(app.screen).__name__ != "PaperScreen"
        kept = list((app.paths.data / "drafts").glob("notes-1211.3711-*"))
        assert len(kept) == 1, kept
        expected = ("what it does" if had_notes else "") + " typed in flight"
        assert kept[0].read_text() == expected + "\n"
        messages = [n.message for n in app._notifications]
        said = [m for m in messages if str(kept[0]) in m]
        assert len(said) == 1, messages
        assert "was removed" in said[0] and "changed elsewhere" not in said[0], said[0]
        assert not any("not saved" in m.lower() or "not in the library" in m and m is not said[0]
                       and "no longer" not in m for m in messages), messages
        assert library.get(seeded, "1211.3711") is None
        assert notes.get(seeded, "1211.3711").what == ""


async def test_typing_on_after_the_removal_goes_to_the_same_draft(make, seeded):
    """While the screen is still open (before its refresh sees the removal), every later
    save of that field rewrites the one draft, never the library."""
    app = make(screen="paper", paper_id="1211.3711")
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        editor = app.screen.query_one("#notes-main")
        await pilot.press("e", *"first")
        other = db.connect(app.paths.db)
        library.delete(other, app.paths.data, "1211.3711", NOW)
        other.close()
        editor.flush()
        editor.area("what").insert(" then more")
        await pilot.pause()
        editor.flush()
        kept = list((app.paths.data / "drafts").glob("notes-1211.3711-*"))
        assert len(kept) == 1 and kept[0].read_text() == "first then more\n", kept
