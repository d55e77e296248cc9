"""The kinds of study item and the words each one goes by.

A paper is read in passes 1-3 (skim, careful read, re-derive). Every other kind uses the same
three numbered passes as "times through": 1 is the first time, 2 and 3 are "again". So the
status, the journal's verbs and the cards' questions differ by kind, the data does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.errors import UsageError


@dataclass(frozen=True)
class Kind:
    name: str
    plural: str
    noun: str                       # "the lecture *X*"; '' for a paper
    done: str                       # the first time through, finished ("watched")
    begun: str                      # ... started ("started watching")
    questions: tuple[str, str, str]  # what/how/why card fronts; {title} is the cited item
    statuses: tuple[str, str, str, str] = ("new", "done", "twice", "thrice")

    def finished(self, number: int) -> str:
        """The journal's words for pass `number` finished."""
        if self.name == "paper":
            return f"finished pass {number}"
        return self.done if number == 1 else f"{self.done} again"

    def started(self, number: int) -> str:
        if self.name == "paper":
            return f"started pass {number}"
        return self.begun if number == 1 else f"{self.begun} again"


_QUESTIONS = ("What does {the}{title} {cover}?", "How does {the}{title} {work}?",
              "Why does {the}{title} matter?")


def _q(noun: str, cover: str, work: str) -> tuple[str, str, str]:
    the = f"the {noun} " if noun else ""
    return tuple(q.replace("{the}", the).replace("{cover}", cover).replace("{work}", work)
                 for q in _QUESTIONS)  # type: ignore[return-value]


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("paper", "papers", "", "finished", "started", _q("", "do", "work"),
         ("unread", "pass 1", "pass 2", "pass 3")),
    Kind("lecture", "lectures", "lecture", "watched", "started watching",
         _q("lecture", "cover", "explain it")),
    Kind("course", "courses", "course", "finished", "started", _q("course", "cover", "teach it")),
    Kind("book", "books", "book section", "read", "started reading",
         _q("book section", "cover", "explain it")),
    Kind("code", "code", "code", "worked through", "started working on",
         _q("code", "do", "work")),
    Kind("post", "posts", "post", "read", "started reading", _q("post", "say", "argue it")),
)}
NAMES = tuple(KINDS)
# Kinds that have numbered parts (`--parts N`), and the kind a part of each is by default.
WITH_PARTS = {"course": "lecture", "book": "book"}
# Kinds a BibTeX export holds.
CITABLE = ("paper", "book")
_STORED = ("unread", "pass 1", "pass 2", "pass 3")   # reader.reading.passes.STATUSES


def get(name: str | None) -> Kind:
    return KINDS.get(name or "paper", KINDS["paper"])


def parse(text: str, what: str = "kind") -> str:
    """A kind as typed (`lecture`, `Lectures`, `books`), or UsageError listing the kinds."""
    t = text.strip().lower()
    for k in KINDS.values():
        if t in (k.name, k.plural, k.name + "s"):
            return k.name
    raise UsageError(f"unknown {what} {text!r}; the kinds are: {', '.join(NAMES)}")


def status_label(kind: str | None, status: str) -> str:
    """A stored status (`unread`, `pass 1` ... as `reader.reading.passes` derives it) in the kind's own
    words: a lecture watched once is `done`."""
    return get(kind).statuses[_STORED.index(status)] if status in _STORED else status
