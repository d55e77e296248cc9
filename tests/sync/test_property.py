"""Three devices, random operations, random sync orders, files half-copied at random: every
device ends with the same library, and no answer is lost or doubled."""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decks.cards import get_card_by_source
from decks.reviews import answer
from reader.library import papers as library
from reader.reading import journal, notes

from .helpers import T0, Lib, add_paper, answers, paper

op = st.one_of(
    st.tuples(st.just("add"), st.integers(1, 3)),
    st.tuples(st.just("tag"), st.integers(1, 3), st.sampled_from(["x", "y"])),
    st.tuples(st.just("untag"), st.integers(1, 3), st.sampled_from(["x", "y"])),
    st.tuples(st.just("note"), st.integers(1, 3), st.sampled_from(["what", "how"]),
              st.sampled_from(["one", "two", "three {{c1::x}}", ""])),
    st.tuples(st.just("todo"), st.integers(1, 3)),
    st.tuples(st.just("tick"), st.integers(1, 3)),
    st.tuples(st.just("answer"), st.integers(1, 3), st.integers(1, 4)),
    st.tuples(st.just("rm"), st.integers(1, 3)),
    st.tuples(st.just("journal"), st.integers(0, 2)),
)
step = st.one_of(
    st.tuples(st.just("do"), st.integers(0, 2), op),
    st.tuples(st.just("sync"), st.integers(0, 2), st.none()),
    st.tuples(st.just("half"), st.integers(0, 2), st.floats(0.1, 0.9)),
)


def perform(lib: Lib, o: tuple, t) -> bool:
    """The operation, when it makes sense in this library now; True if it was done."""
    c, kind, n = lib.conn, o[0], o[1]
    pid = f"2101.{n:05d}" if kind != "journal" else None
    have = pid is not None and library.get(c, pid) is not None
    if kind == "add":
        if have:
            return False
        add_paper(c, paper(n))
    elif not have and kind != "journal":
        return False
    elif kind == "tag":
        library.change_tags(c, pid, [o[2]], [])
    elif kind == "untag":
        library.change_tags(c, pid, [], [o[2]])
    elif kind == "note":
        notes.save(c, pid, t, **{o[2]: o[3]})
    elif kind == "todo":
        notes.add_todo(c, pid, f"todo at {t:%H%M%S}", t)
    elif kind == "tick":
        open_ = [x for x in notes.todos_for(c, pid) if not x.done]
        if not open_:
            return False
        notes.tick(c, open_[0].id, t)
    elif kind == "answer":
        card = get_card_by_source(c, f"{pid}:what")
        if card is None:
            return False
        answer(c, card.id, o[2], t)
    elif kind == "rm":
        library.delete(c, lib.paths.data, pid, t)
    elif kind == "journal":
        journal.add(c, f"entry {n} at {t:%H%M%S}", t.date(), t)
    return True


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(step, min_size=1, max_size=25))
def test_three_devices_converge(steps):
    root = Path(tempfile.mkdtemp())
    try:
        folder = root / "folder"
        folder.mkdir()
        libs = [Lib(root / f"d{i}", clock_skew=timedelta(minutes=(i - 1) * 10)) for i in range(3)]
        made: set[str] = set()
        t = T0
        for kind, who, arg in steps:
            t += timedelta(minutes=7)
            lib = libs[who]
            if kind == "do":
                perform(lib, arg, t + lib.skew)
                made |= {r[2] for r in answers(lib.conn)}
            elif kind == "sync":
                lib.sync(folder, t)
            else:  # a transport shows another device's newest file half copied during a sync
                logs = [p for p in (folder / "devices").rglob("*.jsonl")
                        if lib.conn.execute("SELECT id FROM sync_device WHERE this = 1"
                                            ).fetchone()[0] not in str(p)] \
                    if (folder / "devices").is_dir() else []
                if not logs:
                    continue
                victim = logs[0]
                whole = victim.read_bytes()
                victim.write_bytes(whole[:int(len(whole) * arg)])
                try:
                    lib.sync(folder, t)
                finally:
                    victim.write_bytes(whole)
        for _ in range(3):          # everyone syncs until nothing moves
            for lib in libs:
                t += timedelta(minutes=1)
                lib.sync(folder, t)
        for _ in range(3):
            moved = 0
            for lib in libs:
                t += timedelta(minutes=1)
                r = lib.sync(folder, t)
                moved += r.sent + r.applied
            if not moved:
                break
        exports = [lib.export() for lib in libs]
        assert exports[1] == exports[0] and exports[2] == exports[0]
        for lib in libs:
            got = answers(lib.conn)
            assert len(got) == len(set(got))              # no answer doubled
            assert {r[2] for r in got} == made            # none lost
        for lib in libs:
            lib.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
