"""Merging everyone's changes into one state, the same on every device whatever the order.

- a note field (what/how/why/text) is replayed from all its changes in clock order: a change
  made on the text now merged (its base) is taken; one that repeats it changes nothing; one made
  on another text is a conflict: the later change's text is kept and the earlier one is a
  `Conflict` (its text goes to drafts/ on every device, nothing dropped);
- every other cell takes its latest change by clock (last writer wins per field); a removal is
  a change too, so it wins over older changes and loses to newer ones;
- a paper removed on one device while another changed it (a change its remover had not seen:
  clock after the removal's `base`) is kept whole: `kept` says so.
Answers are cells keyed by their uid: a union; `apply` replays each card from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from reader.sync.changes import note_field
from reader.sync.log import Change

__all__ = ["Entry", "Conflict", "absorb", "replay_note", "desired"]


@dataclass(slots=True)
class Entry:
    value: Any
    hlc: str
    removed: bool = False
    base: str | None = None      # a removal: the newest clock under it its writer had seen


@dataclass(frozen=True)
class Conflict:
    key: tuple            # ("p", paper, "notes", field)
    id: str               # the losing change
    text: str             # its text, kept in drafts/
    kept: str             # the text the library keeps


def absorb(state: dict[tuple, Entry], changes: Iterable[Change]) -> tuple[set, list[Change]]:
    """Take `changes` into `state` (the latest wins per cell); the cells changed, and the note
    field changes, which `replay_note` merges."""
    touched, notes = set(), []
    for ch in changes:
        if note_field(ch.key):
            notes.append(ch)
            touched.add(ch.key)
            continue
        cur = state.get(ch.key)
        if cur is None or ch.hlc > cur.hlc:
            state[ch.key] = Entry(None if ch.removed else ch.value, ch.hlc, ch.removed,
                                  ch.base if ch.removed else None)
            touched.add(ch.key)
    return touched, notes


def replay_note(key: tuple, changes: list[tuple[str, int, str, str | None]]) -> tuple[Entry, list[Conflict]]:
    """One note field from all its changes (hlc, n, text, base): the text merged, its clock,
    and the conflicts on the way."""
    cur, cur_id, hlc = "", None, ""
    conflicts = []
    for h, n, value, base in sorted(changes):
        value, base = value or "", base or ""
        if base == cur:
            cur, cur_id = value, f"{h}/{n}"
        elif value != cur:
            conflicts.append(Conflict(key, cur_id or f"{h}/{n}", cur, value))
            cur, cur_id = value, f"{h}/{n}"
        hlc = max(hlc, h)
    return Entry(cur, hlc), [c for c in conflicts if c.text.strip()]


def desired(state: dict[tuple, Entry]) -> tuple[dict[tuple, Any], list[str]]:
    """What the library should hold: the live cells, without those of removed papers, and the
    papers kept although removed (changed elsewhere after their removal)."""
    newest: dict[str, str] = {}
    for key, e in state.items():
        if key[0] == "p" and len(key) > 2 and not e.removed:
            if e.hlc > newest.get(key[1], ""):
                newest[key[1]] = e.hlc
    dead, kept = set(), []
    for key, e in state.items():
        if key[0] == "p" and len(key) == 2 and e.removed:
            if newest.get(key[1], "") > (e.base or ""):
                kept.append(key[1])
            else:
                dead.add(key[1])
    want = {k: e.value for k, e in state.items()
            if not e.removed and not (k[0] == "p" and k[1] in dead)}
    for pid in kept:
        want[("p", pid)] = 1
    return want, sorted(kept)
