"""Pilot tests for what a first user ran into: keys while quitting, notes changed from the CLI
while the TUI is open, typing a filter, the Add screen's input and log, tags, removing papers."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import Input

from reader.reading import notes
from reader.reading import passes
from reader.library import papers as library
from reader.store import db

from tests.waiting import settled, until

from .conftest import NOW


async def settle(app, pilot):
    await settled(pilot)


# -- 3. keys that arrive while the app quits ---------------------------------------------------


@pytest.mark.parametrize("key", ["a", "s", "r"])
async def test_key_right_after_quit_opens_nothing_and_exits_cleanly(make, key):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        # Both keys queued before the quit is processed, as when typed quickly in a terminal.
        app.post_message(events.Key("q", "q"))
        app.post_message(events.Key(key, key))
        await settled(pilot)
    assert app.return_code == 0


# -- 1. notes changed from the CLI while the Paper screen is open ------------------------------


async def test_autosave_keeps_notes_changed_from_the_cli(make, seeded):
    notes.save(seeded, "1211.3711", NOW, what="old what", how="old how")
    app = make(screen="paper", paper_id="1211.3711")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        # `paperdeck note 1211.3711 --what "X"` in another shell:
        notes.save(db.connect(app.paths.db), "1211.3711", NOW, what="X from the CLI")
        await pilot.press("e", "tab", "end", *" and more")   # the How field
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        stored = notes.get(seeded, "1211.3711")
        assert stored.what == "X from the CLI"
        assert stored.how == "old how and more"
        # The screen takes the CLI's text into the field the user did not edit.
        app.screen.reload()
        assert app.screen.query_one("#note-what").text == "X from the CLI"
        assert app.screen.query_one("#note-how").text == "old how and more"


async def test_paper_screen_shows_cli_changes_when_resumed(make, seeded):
    app = make(screen="paper", paper_id="1211.3711")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("e", *"typing, not saved yet")
        other = db.connect(app.paths.db)
        notes.save(other, "1211.3711", NOW, what="from the CLI", why="why from the CLI")
        passes.start(other, "1211.3711", 1, NOW)
        notes.add_todo(other, "1211.3711", "a TODO from the CLI", NOW)
        library.change_tags(other, "1211.3711", ["speech"], [])
        await pilot.press("ctrl+r")                     # the Reading screen, and back
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        screen = app.screen
        assert type(screen).__name__ == "PaperScreen"
        # What was typed and what the CLI wrote meanwhile both survive: the library keeps the
        # CLI's text (nothing is overwritten), the typing is kept in drafts/ and named.
        assert screen.query_one("#note-what").text == "from the CLI"
        assert notes.get(seeded, "1211.3711").what == "from the CLI"
        (kept,) = (app.paths.data / "drafts").glob("notes-1211.3711-what-conflict-*.txt")
        assert kept.read_text() == "typing, not saved yet\n"
        assert any(str(kept) in n.message for n in app._notifications)
        assert screen.query_one("#note-why").text == "why from the CLI"
        assert notes.get(seeded, "1211.3711").why == "why from the CLI"
        assert "started" in str(screen.query_one("#paper-passes").render())
        assert "a TODO from the CLI" in str(screen.query_one("#todo-options").get_option_at_index(0).prompt)
        assert "tags: speech" in str(screen.query_one("#paper-meta").render())


# -- 9. tags, hand-written cards, the palette --------------------------------------------------


async def test_edit_tags_on_the_paper_screen(make, seeded):
    library.change_tags(seeded, "1211.3711", ["rnn", "old"], [])
    app = make(screen="paper", paper_id="1211.3711")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+g")
        assert type(app.screen).__name__ == "Ask"
        assert app.screen.query_one("Input").value == "old rnn"
        await pilot.press(*" speech", "enter")               # the list, edited: added to it
        assert library.get(seeded, "1211.3711").tags == ("old", "rnn", "speech")
        await pilot.press("ctrl+g", "ctrl+u", *"rnn speech", "enter")  # a plain list: the tags
        assert library.get(seeded, "1211.3711").tags == ("rnn", "speech")
        assert "tags: rnn speech" in str(app.screen.query_one("#paper-meta").render())
        await pilot.press("ctrl+g", "ctrl+u", *"-rnn +asr", "enter")  # changes
        assert library.get(seeded, "1211.3711").tags == ("asr", "speech")
        await pilot.press("ctrl+g", "ctrl+u", *"-bad tag!", "escape")  # cancelled
        assert library.get(seeded, "1211.3711").tags == ("asr", "speech")


async def test_a_tag_over_the_text_limit_is_refused_in_one_line(make, seeded):
    """Issue 20: a tag pasted into the TUI is held to the one text limit (reader.limits), as
    `paperdeck tag` holds it: one line, no tag written."""
    from reader.limits import MAX_TEXT

    app = make(screen="paper", paper_id="1211.3711")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+g")
        app.screen.query_one("Input").value = "short +" + "t" * (MAX_TEXT + 1)
        await pilot.press("enter")
        await settle(app, pilot)
        assert library.get(seeded, "1211.3711").tags == ()
        (said,) = [n for n in app._notifications if n.severity == "error"]
        assert said.message.startswith("a tag is 1,000,001 characters") and "\n" not in said.message


def test_tag_changes():
    from reader.errors import UsageError
    from reader.tui.data import tag_changes

    assert tag_changes(["a", "b"], "b c") == (["c"], ["a"])
    assert tag_changes(["a", "b"], "") == ([], ["a", "b"])
    assert tag_changes(["a"], "+x -a y, +x") == (["x", "y"], ["a"])
    with pytest.raises(UsageError):
        tag_changes([], "-")


async def test_cards_tab_lists_hand_written_cards(make, seeded):
    from decks.cards import add_card

    add_card(seeded, "What is a transducer?", "A seq-to-seq map", "ctx", "1211.3711", now=NOW)
    notes.save(seeded, "1211.3711", NOW, what="Maps sequences to sequences.")
    app = make(screen="paper", paper_id="1211.3711")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        cards = str(app.screen.query_one("#paper-cards").render())
        assert "Written by hand" in cards and "What is a transducer?" in cards
        assert "Maps sequences to sequences." in cards
        assert str(app.screen.query_one("TabbedContent").get_tab("cards").label) == "Cards (2)"


async def test_palette_offers_each_pass_step_once(make, seeded):
    app = make(screen="paper", paper_id="1211.3711")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles.count("pass: start pass 1") == 1
        assert "paper: edit tags" in titles and "paper: open the PDF" in titles


# -- 2. typing on the Library goes to the filter -------------------------------------------------


async def test_typing_on_the_library_filters_and_fires_no_key(make, seeded):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        table = screen.query_one("PaperTable")
        # "wrong" (r: review), "eat" (a: add), "quantum" (q: quit), "sort" (s, o) ...
        await pilot.press(*"wrong eat quantum sort fdo")
        assert app.screen is screen and app.is_running
        assert screen.query_one("#library-filter").value == "wrong eat quantum sort fdo"
        await pilot.press("ctrl+u", *"adam")
        assert table.rows[0].id == "1412.6980"
        await pilot.press("ctrl+u", *"a")
        first = table.current.id
        await pilot.press("down")                  # moves the table's cursor from the filter
        assert table.current.id != first
        chosen = table.current.id
        await pilot.press("enter")                 # and Enter opens it
        assert type(app.screen).__name__ == "PaperScreen" and app.screen.paper_id == chosen


async def test_library_keys_act_from_the_table_and_typing_there_filters(make, seeded):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("escape")                # from the (empty) filter to the table
        assert screen.focused is screen.query_one("PaperTable")
        await pilot.press("o")                     # a key: sort
        assert screen.shown.sort == "title"
        await pilot.press("x")                     # not a key: starts a filter
        assert screen.focused is screen.query_one("#library-filter")
        assert screen.query_one("#library-filter").value == "x"
        await pilot.press("escape", "escape", "a")
        assert type(app.screen).__name__ == "AddScreen"


async def test_remove_a_paper_after_confirming(make, seeded, home):
    folder = home / "papers"
    folder.mkdir(exist_ok=True)
    (folder / "1412.6980.pdf").write_bytes(b"%PDF-1.4")
    library.update_fields(seeded, "1412.6980", pdf_status="ok", pdf_path="papers/1412.6980.pdf")
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("PaperTable")
        await pilot.press("slash", *"adam", "tab")  # tab: to the table, the filter kept
        assert table.current.id == "1412.6980"
        await pilot.press("d")
        assert type(app.screen).__name__ == "Confirm"
        await pilot.press("n")                      # no: nothing removed
        assert library.exists(seeded, "1412.6980")
        await pilot.press("d", "y")
        await settle(app, pilot)
        assert not library.exists(seeded, "1412.6980")
        assert not (folder / "1412.6980.pdf").exists()
        assert "1412.6980" not in [r.id for r in table.rows]
        assert any("Removed 1412.6980" in n.message for n in app._notifications)


# -- 5, 6. the Add screen: a list of ids with a typo, the query, the log -----------------------


async def test_add_imports_the_ids_and_reports_the_rest(make, arxiv_server):
    from tests.selfmade import Entry, atom_feed

    arxiv_server.id_lists["1312.2021,1605.08386"] = (200, atom_feed([
        Entry("1312.2021v1", "One", ["A Author"]), Entry("1605.08386v1", "Two", ["B Author"])]))
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", *"1312.2021 1605.08386 garbage!!", "enter")
        await settle(app, pilot)
        conn = db.connect(app.paths.db)
        assert library.exists(conn, "1312.2021") and library.exists(conn, "1605.08386")
        assert not any("search_query=" in r and "id_list=" not in r for r in arxiv_server.requests), arxiv_server.requests
        skipped = [n for n in app._notifications if "garbage!!" in n.message]
        assert len(skipped) == 1 and "not an arXiv id" in skipped[0].message
        # The PDFs are missing (404): the log line says so in full, wrapped to the width.
        log = app.screen.query_one("#add-log")
        text = "\n".join(line.text for line in log.lines)
        assert "run add again to retry" in text.replace("\n", "")
        assert all(len(line.text) <= 80 for line in log.lines)
        status = app.screen.query_one("#add-status")
        assert status.region.width <= 80


async def test_edit_query_selects_the_old_one(make, arxiv_server):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("a", *"transduction", "enter")
        await settle(app, pilot)
        await pilot.press("tab", "ctrl+l", *"attention")
        assert app.screen.query_one("#add-input").value == "attention"


# -- 5, 7. the Reading screen: reflowed text, a footer that fits, where the notes are -----------


def _with_pdf(home, conn, paper_id: str, pages: list[str]) -> None:
    from tests.selfmade import tiny_pdf

    folder = home / "papers"
    folder.mkdir(exist_ok=True)
    (folder / f"{paper_id}.pdf").write_bytes(tiny_pdf(pages))
    library.update_fields(conn, paper_id, pdf_status="ok", pdf_path=f"papers/{paper_id}.pdf")


async def test_reading_shows_paragraphs_not_pdf_lines(make, seeded, home):
    page = ("1 Introduction\n"
            "The integration of the remaining nearest neighbors is performed explicitly, leaving\n"
            "a single node decoupled from its neighbors and described by the effective action\n"
            "of the theory, which we study for both infinite and finite N in what follows.\n"
            "Z = sum exp(-S) (4)\n"
            "This condition is enforced by introducing the field chi, a Lagrange multiplier.")
    _with_pdf(home, seeded, "1211.3711", [page])
    app = make(screen="read", paper_id="1211.3711")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        shown = app.screen.query_one("#read-page").wrapped()
        assert "leaving a single node decoupled from its neighbors" in " ".join(shown)
        assert not any(line.strip() in ("leaving", "a single node") for line in shown)
        await pilot.press("slash", *"leaving a single", "enter")   # a phrase across a PDF line break
        assert len(app.screen.matches) == 1


@pytest.mark.parametrize("width", [80, 100])
async def test_reading_footer_keeps_notes_and_pass_keys(make, seeded, width):
    app = make(screen="read", paper_id="1706.03762")
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(app, pilot)
        keys = {k.key: k for k in app.screen.query("FooterKey")}
        for key in ("escape", "n", "slash", "f2", "ctrl+n"):
            assert key in keys, list(keys)
            assert keys[key].region.right <= width, (key, keys[key].region)
        text = app.screen.query_one("#read-page").text
        if width < 100:     # notes hidden: the message says how to show them
            assert "f2 shows your notes" in text and "beside this text (f2 hides" not in text
        await pilot.press("f2")
        text = app.screen.query_one("#read-page").text
        assert ("f2 shows your notes" in text) == (width >= 100)


async def test_a_new_filter_replaces_the_old_one_after_opening_a_paper(make, seeded):
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"adam", "enter")
        assert type(app.screen).__name__ == "PaperScreen"
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("slash", *"attention")    # / selects the old filter: typing replaces it
        assert app.screen.query_one("#library-filter").value == "attention"
        await pilot.press("escape", *"graves")     # from the table, a letter starts a new one
        assert app.screen.query_one("#library-filter").value == "graves"


# -- keys that arrive faster than the screen handles them (a paste, tmux send-keys) -----------


def burst(app, *keys: str) -> None:
    """Queue keys at once, as a terminal delivers a fast burst."""
    for key in keys:
        char = {"slash": "/", "space": " "}.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, char))


async def test_a_burst_of_keys_reaches_the_filter_in_order(make, seeded):
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"adam", "escape")  # the table has the focus, "adam" filters
        await settle(app, pilot)
        burst(app, "slash", "ctrl+u", *"graves", "enter")
        await until(pilot, lambda: type(app.screen).__name__ == "PaperScreen",
                    what="enter opening a paper")
        assert app.screen.paper_id == "1211.3711"


async def test_a_burst_behind_a_screen_key_goes_to_that_screen(make, seeded):
    """Seen: "adam" typed fast at the table opened the Add screen, but "d" (Remove), "a" and "m"
    had already gone to the table behind it; the Add screen's box stayed empty."""
    app = make()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        burst(app, *"adam")
        await until(pilot, lambda: type(app.screen).__name__ == "AddScreen"
                    and app.screen.query_one(Input).value == "dam", what="'dam' in the Add box")
        await settled(pilot)
        assert app.screen.query_one(Input).value == "dam"
        assert [type(s).__name__ for s in app.screen_stack[1:]] == ["LibraryScreen", "AddScreen"]
        assert library.get(seeded, "1211.3711") is not None


async def test_a_burst_of_keys_edits_a_note_in_order(make, seeded):
    app = make(screen="paper", paper_id="1211.3711")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        burst(app, "r", "e", *"abc", "backspace", "d", "left", "left", "X", "escape", "r")
        note = app.screen.query_one("#note-what")
        # The escape (the burst's last key but one) takes the focus out of the note.
        await until(pilot, lambda: note.text and not note.has_focus, what="the escape handled")
        # `r` before `e` is the screen's (nothing), `r` after escape too: neither is typed.
        assert note.text == "aXbd"


async def test_a_key_arriving_after_the_last_screen_is_gone_does_nothing(make, seeded):
    """Seen in a loaded CI run: a key still bubbling up when the app closed raised
    ScreenStackError from Textual's binding lookup."""
    app = make()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        stacks = app._screen_stacks[app._current_mode]
        kept = list(stacks)
        stacks.clear()                                   # as during shutdown
        try:
            assert await app._check_bindings("r") is False
        finally:
            stacks.extend(kept)
