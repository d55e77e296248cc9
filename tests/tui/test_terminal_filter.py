"""The TUI's last guard (reader/tui/terminal_filter.py): no control character, escape sequence or
bidi override in anything drawn, whatever the library holds."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import Monochrome
from textual.strip import Strip

from reader.store import db
from reader.tui.terminal_filter import TerminalGuard, TerminalSafe
from tests.hostile import EVIL, EVIL_CLEAN, LEGACY_ID, LEGACY_LOCAL, UNSAFE, seed_legacy, unsafe
from tests.waiting import settled

BG = Color(0, 0, 0)
EVERY_UNSAFE = "".join(chr(c) for c in [*range(0x00, 0x20), *range(0x7f, 0xa0),
                                         *range(0x202a, 0x202f), *range(0x2066, 0x206a)])


def test_filter_drops_every_unsafe_character_and_keeps_the_width():
    red = Style(color="red")
    segments = [Segment("a" + EVERY_UNSAFE + "b", red), Segment("\x1b[31m"), Segment("\x07"),
                Segment(EVIL, None), Segment("日本", red)]
    before = Strip(segments)
    after = Strip(TerminalSafe().apply(segments, BG))
    assert "".join(s.text for s in after) == "ab[31m" + EVIL_CLEAN + "日本"
    assert after.cell_length == before.cell_length
    assert all(s.text for s in after), "a segment left empty is dropped"
    assert [s.style for s in after][0] == red and [s.style for s in after][-1] == red


def test_filter_leaves_clean_lines_as_they_are():
    segments = [Segment("plain ", Style(bold=True)), Segment("ψ → ∞  😀", None),
                Segment("link", Style(link="https://arxiv.org/abs/1211.3711"))]
    assert TerminalSafe().apply(segments, BG) == segments


def test_a_link_carrying_an_escape_is_not_drawn_as_a_link():
    bad = Style(color="red", link="https://x/\x1b]0;PWNED\x07")
    good = Style(link="https://arxiv.org/abs/1211.3711")
    out = TerminalSafe().apply([Segment("a", bad), Segment("b", good)], BG)
    assert out[0].text == "a" and out[0].style.link is None and out[0].style.color == bad.color
    assert out[1].style.link == good.link
    assert "PWNED" not in Strip(out).render(Console())


def test_textuals_own_filters_run_first_in_the_same_pass():
    mono = Monochrome()
    guard = TerminalGuard()
    (safe,) = guard([mono])
    assert guard([mono])[0] is safe  # the same filter: strips keep their cached results
    assert guard([])[0] is not safe
    out = safe.apply([Segment("\x1b[31mred", Style(color="#ff0000"))], BG)
    assert out[0].text == "[31mred" and out[0].style.color.triplet[0] == out[0].style.color.triplet[1]


def frame(app) -> tuple[str, list[str]]:
    """What a full repaint of the current screen draws: its text, and the unsafe characters in
    the drawn segments (Textual's own escape sequences are added after, when rendering)."""
    update = app.screen._compositor.render_full_update()
    segments = [seg for line in update.strips for strip in line for seg in strip]
    text = "".join(seg.text for seg in segments)
    return text, unsafe(text)


async def test_every_screen_draws_a_dirty_library_clean(make, tui_paths):
    conn = db.open_library(tui_paths)
    seed_legacy(conn)
    conn.close()
    app = make()
    seen: dict[str, list[str]] = {}

    async def look(name: str, expect: str) -> None:
        await settled(pilot)
        text, bad = frame(app)
        assert expect in UNSAFE.sub("", text), f"{name}: {expect!r} not drawn"
        seen[name] = bad

    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await look("library", EVIL_CLEAN)
        app.open_screen("paper", paper_id=LEGACY_ID)
        await look("paper", f"Eve {EVIL_CLEAN}")
        await look("paper notes", f"what {EVIL_CLEAN}")
        for tab in ("free notes", "todos", "cards"):
            await pilot.press("f2")
            await look(f"paper {tab}", EVIL_CLEAN)
        await pilot.press("e")  # into the note's editor, its cursor on the text
        await look("paper editing", f"what {EVIL_CLEAN}")
        await pilot.press("escape", "escape")
        app.open_screen("paper", paper_id=LEGACY_LOCAL)
        await look("local paper", "local:[31mX")
        await pilot.press("escape")
        app.open_screen("read", paper_id=LEGACY_ID)
        await look("reading", f"Page text {EVIL_CLEAN}")
        await pilot.press("escape")
        app.open_screen("review")
        await look("review front", f"front {EVIL_CLEAN}")
        await pilot.press("space")
        await look("review back", f"back {EVIL_CLEAN}")
        await pilot.press("s")
        await look("stats", "Stats")
        app.notify(f"n {EVIL}", markup=False)
        await look("notification", f"n {EVIL_CLEAN}")
        app.title, app.sub_title = EVIL, EVIL  # Textual may hand these to the terminal
        titles = app.title + app.sub_title
    assert {name: bad for name, bad in seen.items() if bad} == {}
    assert unsafe(titles) == []
