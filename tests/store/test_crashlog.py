"""crash.log is written as the store writes files (issue 20): appended in one write with
O_APPEND, through no link, owner-only, each entry and the file of bounded size, and older
entries kept (moved aside whole, never cut or overwritten)."""

from __future__ import annotations

import os
import stat

from reader.cli.context import Context
from reader.store import crashlog


def _crash(ctx: Context, what: str):
    try:
        raise RuntimeError(what)
    except RuntimeError:
        return ctx.log_crash()


def test_entries_are_appended_owner_only_and_kept(tmp_path):
    ctx = Context(str(tmp_path))
    log = _crash(ctx, "first")
    assert _crash(ctx, "second") == log == ctx.paths.data / "crash.log"
    text = log.read_text()
    assert text.index("RuntimeError: first") < text.index("RuntimeError: second")
    assert stat.S_IMODE(os.stat(log).st_mode) == 0o600


def test_a_link_at_crash_log_is_not_followed(tmp_path):
    mine = tmp_path / "my-thesis.tex"
    mine.write_text("\\chapter{One}\n")
    home = tmp_path / "home"
    home.mkdir()
    ctx = Context(str(home))
    ctx.paths.data.mkdir(parents=True, exist_ok=True)
    (ctx.paths.data / "crash.log").symlink_to(mine)
    said = _crash(ctx, "boom")
    assert mine.read_text() == "\\chapter{One}\n"
    assert "is a link; it was not followed" in str(said)


def test_a_huge_traceback_is_cut_in_the_middle(tmp_path):
    data = crashlog.entry_bytes("Traceback (most recent call last):\n" + "  frame\n" * 100_000
                                + "RecursionError: maximum recursion depth exceeded\n")
    assert len(data) <= crashlog.MAX_ENTRY
    text = data.decode()
    assert text.startswith("Traceback") and "RecursionError" in text and "left out" in text


def test_a_full_log_is_moved_aside_whole_and_a_new_one_begun(tmp_path):
    folder = tmp_path / "data"
    old = "old entry\n" * (crashlog.MAX_LOG // 10)
    folder.mkdir()
    (folder / "crash.log").write_text(old)
    log = crashlog.append(folder, "Traceback: new", now=0)
    assert log.read_text() == "Traceback: new\n\n"
    (aside,) = folder.glob("crash-*.log")
    assert aside.name == "crash-19700101T000000.log" and aside.read_text() == old
    (folder / "crash.log").write_text(old)          # full again, within the same second
    crashlog.append(folder, "Traceback: newer", now=0)
    assert sorted(p.name for p in folder.glob("crash-*.log")) == [
        "crash-19700101T000000-1.log", "crash-19700101T000000.log"]
