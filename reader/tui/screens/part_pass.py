"""A part of a course (or book) marked from the Paper screen, as `paperdeck pass COURSE --part K`
does: the screen's pass key (ctrl+n) on a course asks which part was watched (or read), with the
first part not yet done filled in; Enter records it (the part is made if it is not there yet,
and the last part finishes the course); an empty answer records the course's own next time
through, as the key does for other items. The work is `reader.reading.times.watch_part`."""

from __future__ import annotations

import sqlite3

from reader.library import kinds


def has_parts(paper) -> bool:
    """Whether the pass key asks for a part: a course or a book."""
    return paper is not None and paper.kind in kinds.WITH_PARTS


def first_not_done(conn: sqlite3.Connection, parent) -> int:
    """The lowest part number with no finished pass (parts not made yet count as not done)."""
    done = {r[0] for r in conn.execute(
        "SELECT DISTINCT c.part FROM papers c WHERE c.part_of = ? AND c.part IS NOT NULL AND "
        "EXISTS (SELECT 1 FROM passes s WHERE s.paper_id = c.id AND s.finished IS NOT NULL)",
        (parent.id,))}
    n = 1
    while n in done:
        n += 1
    return min(n, parent.parts) if parent.parts else n


def parse_part(text: str, parent) -> int | None:
    """The part number typed ('' -> None: the whole item); UsageError for anything else."""
    from reader.errors import UsageError

    text = text.strip().lstrip("#")
    if not text:
        return None
    if not text.isdigit() or not 1 <= int(text) <= 1000:
        top = f"1-{parent.parts}" if parent.parts else "1, 2, 3 …"
        raise UsageError(f"a part is a number ({top}), not “{text[:40]}”")
    return int(text)


def ask_part(screen) -> None:
    """Ask which part of the screen's course was done, then record it in a worker."""
    from reader.errors import PaperdeckError
    from reader.tui.screens.ask import Ask

    parent = screen.paper
    word = kinds.get(kinds.WITH_PARTS[parent.kind]).done   # "watched", "read"
    count = f" of {parent.parts}" if parent.parts else ""
    suggested = first_not_done(screen.app.conn, parent)

    def answered(text: str | None) -> None:
        if text is None:
            return
        try:
            number = parse_part(text, parent)
        except PaperdeckError as e:
            screen.notify(str(e), title="Nothing recorded", severity="error", markup=False)
            return
        if number is None:
            screen.change_pass(*_whole_step(screen))
            return
        screen.run_worker(lambda: _record(screen, parent, number), thread=True,
                          group="passes", exclusive=True, exit_on_error=False)

    screen.app.push_screen(Ask(
        f"Which part{count} of {parent.title} was {word}?",
        f"A part number; Enter records it as {word} (paperdeck pass {parent.id} --part N). "
        f"Empty: the whole {parent.kind}'s next time through. Escape cancels.",
        value=str(suggested), placeholder="e.g. 5"), answered)


def _whole_step(screen) -> tuple[str, int]:
    from reader.tui.pass_steps import next_pass_step

    return next_pass_step(screen.passes) or ("finish", 3)


def _record(screen, parent, number: int) -> None:
    """In a worker thread: mark the part done, then tell the screen (its passes may change:
    the last part finishes the course)."""
    from reader.errors import PaperdeckError
    from reader.library import items
    from reader.reading import passes, times

    conn = screen.app.thread_connection()
    try:
        try:
            part, finished = times.watch_part(conn, parent.id, number, screen.app.now())
        except PaperdeckError as e:
            screen.app.call_from_thread(screen.notify, str(e), title="Nothing recorded",
                                        severity="error", markup=False)
            return
        done = items.progress(conn, parent.id)
        line = f"{part.id}: {kinds.get(part.kind).done}  {part.title}"
        if done is not None:
            line += f"\n{done} parts done" + (f"; the {parent.kind} is finished" if finished else "")
        found = passes.for_paper(conn, parent.id)
    finally:
        conn.close()
    screen.app.call_from_thread(screen.notify, line, markup=False)
    screen.post_message(screen.PassesChanged(found, None))
