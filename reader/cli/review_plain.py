"""`paperdeck review --plain`: a line-based review for any terminal or pipe.

Front, Enter, back with the next interval per rating, 1-4. With `--type`, a what/how/why card
is first answered from memory: the lines typed up to an empty line are kept with the answer,
and the reveal prints them above the note with the note's words they lack in [brackets].
It counts and ends as the TUI does (reader.reading.reviewing: the same sentences from one count)."""

from __future__ import annotations

import sys
import time

from reader.cli.output import err, out
from reader.cli.review_clock import now as _now, tz as _tz

RATINGS = {"1": 1, "again": 1, "2": 2, "hard": 2, "3": 3, "good": 3, "4": 4, "easy": 4}

MAX_TYPED = 20_000  # characters of typed recall kept with one answer


def marked(answer: str, typed: str) -> tuple[str, str]:
    """The answer with the words `typed` lacks in [brackets], and a line saying how many of
    its words were written."""
    from decks.recall import compare

    recall = compare(typed, answer)
    text, at = [], 0
    for w in recall.missed:
        text += [answer[at:w.start], "[", answer[w.start:w.end], "]"]
        at = w.end
    text.append(answer[at:])
    if recall.content:
        tally = f"you wrote {recall.recalled} of its {recall.content} words"
        tally += "; the ones in [brackets] you did not" if recall.missed else ""
    else:
        tally = ""
    return "".join(text), tally


class PlainSession:
    """One session: the queue recomputed after each answer, undo of this session's last."""

    def __init__(self, ctx, stdin=None, typing: bool = False):
        from reader.reading.reviewing import deck_settings

        self.ctx = ctx
        self.conn = ctx.conn
        self.settings = deck_settings(ctx.conn, ctx.config)
        self.tz = _tz()
        self.stdin = stdin or sys.stdin
        self.typing = typing
        self.counts = {1: 0, 2: 0, 3: 0, 4: 0}
        self.review_ids: list[int] = []   # this session's answers that stand
        self.last_review_id: int | None = None

    def ask(self, prompt: str) -> str | None:
        sys.stdout.write(prompt)
        sys.stdout.flush()
        line = self.stdin.readline()
        return None if line == "" else line.strip().lower()

    def read_typed(self) -> str | None:
        """Lines typed up to an empty one (None: the input ended). A first line of `q` or `u`
        is that command, returned as is."""
        from reader.text.textsafe import clean

        out("type what you remember; an empty line ends it (an empty first line skips)")
        lines: list[str] = []
        while True:
            sys.stdout.write("> ")
            sys.stdout.flush()
            line = self.stdin.readline()
            if line == "":
                return None if not lines else "\n".join(lines)
            line = line.rstrip("\n")
            if not lines and line.strip().lower() in ("q", "u"):
                return line.strip().lower()
            if not line.strip():
                return "\n".join(lines)
            lines.append(clean(line))

    def run(self) -> int:
        from decks.queue import next_card, plan_today
        from decks.reviews import AlreadyAnswered, answer, last_review
        from decks.scheduler import preview

        from reader.reading.reviewing import can_type, counts_line

        counts = plan_today(self.conn, _now(), self.settings, self.tz)
        if counts.total == 0:
            return self.nothing_due(counts)
        out(f"{counts_line(counts)}. Enter shows the answer; 1-4 grade; u undoes; q quits.")
        while True:
            card = next_card(self.conn, _now(), self.settings, self.tz)
            if card is None:
                if self.last_review_id is None:
                    break
                # The queue is empty, but the last answer may have been a slip.
                if self.ask("all done (u undoes the last answer, Enter ends) ") == "u":
                    self.undo()
                    continue
                break
            out("")
            if card.context:
                out(f"[{card.context}]")
            out(card.front)
            shown = time.monotonic()
            typed = None
            if self.typing and can_type(card):
                reply = self.read_typed()
                if reply in (None, "q", "u"):
                    if reply == "u":
                        self.undo()
                        continue
                    break
                typed = reply[:MAX_TYPED] or None
            else:
                reply = self.ask("(Enter to show the answer) ")
                if reply is None or reply == "q":
                    break
                if reply == "u":
                    self.undo()
                    continue
            out("-" * 40)
            if typed:
                back, tally = marked(card.back, typed)
                out("you wrote:")
                out(typed)
                out("the note:")
                out(back)
                if tally:
                    out(tally)
            else:
                out(card.back)
            options = preview(card, _now(), self.settings)
            out("  ".join(f"{int(r)} {r.name.lower()} {options[r]}" for r in options))
            while True:
                reply = self.ask("grade 1-4 (u undo, q quit): ")
                if reply is None or reply == "q":
                    return self.summary()
                if reply == "u" or reply in RATINGS:
                    break
                err(f"'{reply}' is not a grade: type 1 again, 2 hard, 3 good, 4 easy, u or q")
            if reply == "u":
                self.undo()
                continue
            rating = RATINGS[reply]
            duration = int((time.monotonic() - shown) * 1000)
            try:
                answer(self.conn, card.id, rating, _now(), duration, self.settings,
                       expected_reps=card.reps, typed=typed)
            except AlreadyAnswered:
                err("that card was just answered in another session; moving on")
                continue
            self.last_review_id = last_review(self.conn).id
            self.review_ids.append(self.last_review_id)
            self.counts[rating] += 1
        return self.summary()

    def undo(self) -> None:
        from decks.reviews import NothingToUndo, undo_last

        if self.last_review_id is None:
            err("nothing to undo in this session")
            return
        try:
            review, card = undo_last(self.conn, _now(), expected_review_id=self.last_review_id)
        except NothingToUndo as e:
            err(f"cannot undo: {e}")
            return
        self.counts[review.rating] -= 1
        self.review_ids.remove(review.id)
        self.last_review_id = None
        err("undone: that card comes back now")

    def summary(self) -> int:
        from reader.reading.reviewing import session_phrase

        done = sum(self.counts.values())
        out("")
        out(f"reviewed {session_phrase(self.conn, self.review_ids, done)}: {self.counts[1]} "
            f"again, {self.counts[2]} hard, {self.counts[3]} good, {self.counts[4]} easy")
        self._after()
        return 0

    def nothing_due(self, counts) -> int:
        out("nothing is due today." if not counts.held.total else "nothing more today.")
        self._after(counts)
        return 0

    def _after(self, counts=None) -> None:
        from decks.queue import plan_today

        from reader.reading.reviewing import after_session_lines, counts_line

        counts = counts or plan_today(self.conn, _now(), self.settings, self.tz)
        if counts.total:
            out(f"still today: {counts_line(counts)}")
        for line in after_session_lines(self.conn, _now(), self.settings, self.tz, counts):
            out(line)


