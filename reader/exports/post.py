"""The journal as the post its owner publishes: `paperdeck log --unit 1 --markdown`.

```markdown
---
title: 'Unit 1: 2022-02-01 to 2022-02-10'
date: 2022-02-10
---
Unit 1 runs 10 days, 2022-02-01 to 2022-02-10.

## Goals

- **Lectures** 1/3: [NYU DL 5L: Energy-based models](https://…) ✓, [NYU DL 6L …](https://…)
- **Papers** 0/3: [Sequence Transduction with Recurrent Neural Networks](https://arxiv.org/abs/1211.3711) (started)

## 2022-02-01

- [NYU DL 5L: Energy-based models](https://…) (lecture) — watched

  watched NYU 5L on EBMs. The concept seems pretty cool but extremely confusing.
```
Front matter holds a title and a date, which is what a Jekyll or Hugo post needs; an
introduction of the user's may follow it. Each day lists what happened to each item (linked:
arXiv's abs page, the item's own URL, or else its course's or book's) with the free entries
about it, then entries about no item, then the day's reviews; an item that finished a pass (a
time through) shows its What/How/Why notes and open TODOs under the last day it did so. Titles
are escaped so they render as the words they are; notes and entries are the user's own
Markdown, kept as written but for cloze markup, shown as a reader reads it (`{{c1::forward-
backward::hint}}` is "forward-backward").
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from reader.reading import notes
from reader.reading import readlog
from reader.library import kinds
from reader.library import papers as library
from reader.reading.cardgen import byline, plain
from reader.models import Paper
from reader.text.textsafe import clean, one_line
from reader.exports.markdown import escape, link_target

# What a post tells of an item's day; being added to the library, or a TODO written down, is
# not news (open TODOs are listed with the notes).
_TOLD = ("pass_started", "pass_finished", "notes", "todo_done")


def front_matter(title: str, day: date) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    meta = {"title": one_line(title), "date": day}
    return "---\n" + yaml.dump(meta, Dumper=dumper, sort_keys=False, allow_unicode=True,
                               default_flow_style=False, width=1000) + "---\n"


def link(item: Paper, conn: sqlite3.Connection | None = None) -> str:
    """The item's title, linked to its arXiv page or its own URL when it has one; else (given
    `conn`) to the URL of the course or book it is a part of (a part `pass COURSE --part N`
    made has no link of its own)."""
    url = item.url or (None if item.is_local else f"https://arxiv.org/abs/{item.id}")
    if url is None and conn is not None and item.part_of:
        parent = library.get(conn, item.part_of)
        url = parent.url if parent is not None else None
    title = escape(item.title)
    return f"[{title}]({link_target(url)})" if url else title


def who(conn: sqlite3.Connection, item: Paper) -> str:
    """'Graves, 2012' for a paper; 'lecture, part 5 of [NYU Deep Learning](…)' for an item."""
    if item.is_paper:
        return escape(byline(item))
    words = item.kind
    if item.part_of:
        parent = library.get(conn, item.part_of)
        if parent is not None and not item.title.startswith(parent.title):
            words += f", part {item.part} of {link(parent, conn)}"
    return words


def _readable(text: str) -> str:
    """A note or an entry as a reader reads it: a cloze's words, not its markup."""
    return plain(text)


def _said(events: list[readlog.Event]) -> str:
    """An item's day in a few words: a pass started and finished the same day is told as
    finished; a paper's passes finished together as 'finished passes 1 and 2'."""
    finished = [int(e.detail) for e in events if e.kind == "pass_finished"]
    words: list[str] = []
    for e in events:
        if e.kind == "pass_started" and int(e.detail) in finished:
            continue
        if e.kind == "pass_finished" and e.item_kind == "paper" and len(finished) > 1:
            if int(e.detail) == finished[0]:
                numbers = [str(n) for n in finished]
                words.append(f"finished passes {', '.join(numbers[:-1])} and {numbers[-1]}")
            continue
        words.append(f"ticked off “{one_line(_readable(e.detail))}”" if e.kind == "todo_done"
                     else e.description)
    return ", ".join(dict.fromkeys(words))


def _block(text: str, indent: str = "  ") -> list[str]:
    """A user's Markdown as a paragraph continuing a list item (cloze markup read out)."""
    lines = clean(_readable(text)).strip("\n").split("\n")
    return [indent + line if line.strip() else "" for line in lines]


def _notes_lines(conn: sqlite3.Connection, item: Paper) -> list[str]:
    n = notes.get(conn, item.id)
    out: list[str] = []
    for label, text in (("What", n.what), ("How", n.how), ("Why", n.why)):
        if text.strip():
            body = _block(text)
            body[0] = f"  **{label}:** " + body[0].lstrip()
            out += ["", *body]
    from reader.reading import fivecs

    cs = fivecs.get(conn, item.id)
    if not cs.empty:
        said = "; ".join(f"{name.capitalize()}: {one_line(value)}" for name, value in cs.items()
                         if value.strip())
        out += ["", f"  **Five Cs:** {said}"]
    for t in notes.todos_for(conn, item.id):
        if not t.done:
            out += ["", f"  **TODO:** {one_line(_readable(t.text))}"]
    return out


def _goals_lines(conn: sqlite3.Connection, report, items: dict[str, Paper]) -> list[str]:
    out = ["## Goals", ""]
    planned = {k: [p.id for p in report.planned if p.kind == k] for k in kinds.NAMES}
    status = {p.id: p.status for p in report.planned}
    for g in report.goals:
        status.update({i: "done" for i in g.done})
        status.update({i: status.get(i, "started") for i in g.started})
        shown = list(dict.fromkeys([*planned[g.kind], *g.done]))
        count = f"{len(g.done)}/{g.goal}" if g.goal is not None else f"{len(g.done)}"
        names = []
        for key in shown:
            item = items.get(key) or library.get(conn, key)
            if item is None:
                continue
            mark = {"done": " ✓", "started": " (started)"}.get(status.get(key, ""), "")
            names.append(link(item, conn) + mark)
        label = kinds.get(g.kind).plural.capitalize()
        out.append(f"- **{label}** {count}" + (": " + ", ".join(names) if names else ""))
    if not report.goals:
        out.append("_(no goals)_")
    return out + [""]


def render(conn: sqlite3.Connection, first: date, last: date, title: str, today: date,
           report=None, intro: str | None = None) -> str:
    """The post for the local days first..last; `report` (reader.reading.units.Report) adds the
    unit's goals, `intro` (the user's Markdown) a first paragraph after the front matter.
    Dated the last day, or today while the span is still running."""
    events = readlog.events(conn, readlog.local_day_start(first),
                            readlog.local_day_start(last + timedelta(days=1)))
    items: dict[str, Paper] = {}
    for key in dict.fromkeys(e.paper_id for e in events if e.paper_id):
        item = library.get(conn, key)
        if item is not None:
            items[key] = item
    # Notes go under the last day in the span on which the item finished a pass.
    notes_day = {e.paper_id: e.local_time().date() for e in events if e.kind == "pass_finished"}
    lines = [front_matter(title, min(last, today)).rstrip("\n")]
    if intro and intro.strip():
        lines += [line.rstrip() for line in clean(_readable(intro)).strip("\n").split("\n")]
        lines.append("")
    span = f"{first.isoformat()} to {last.isoformat()}"
    days = (last - first).days + 1
    lines.append(f"{report.unit.name} runs {days} days, {span}." if report is not None else
                 f"{days} days, {span}.")
    lines.append("")
    if report is not None:
        lines += _goals_lines(conn, report, items)
    by_day: dict[date, list[readlog.Event]] = {}
    for e in events:
        by_day.setdefault(e.local_time().date(), []).append(e)
    told = False
    for day in sorted(by_day):
        body = _day_lines(conn, day, by_day[day], items, notes_day)
        if body:
            told = True
            lines += [f"## {day.isoformat()}", "", *body]
    if not told:
        lines += ["_Nothing recorded in these days._", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _day_lines(conn, day: date, events: list[readlog.Event], items: dict[str, Paper],
               notes_day: dict[str, date]) -> list[str]:
    order: list[str] = []
    verbs: dict[str, list[readlog.Event]] = {}
    entries: dict[str, list[str]] = {}
    loose: list[str] = []
    reviews: list[str] = []
    for e in events:
        if e.kind == "reviews":
            reviews.append(e.detail)
        elif e.kind == "entry" and not (e.paper_id and e.paper_id in items):
            loose.append(e.detail)
        elif e.paper_id in items:
            if e.kind == "entry":
                entries.setdefault(e.paper_id, []).append(e.detail)
            elif e.kind in _TOLD:
                verbs.setdefault(e.paper_id, []).append(e)
            else:
                continue
            if e.paper_id not in order:
                order.append(e.paper_id)
    out: list[str] = []
    for key in order:
        item = items[key]
        said = _said(verbs.get(key, []))
        out.append(f"- {link(item, conn)} ({who(conn, item)})" + (f" — {said}" if said else ""))
        for text in entries.get(key, []):
            out += ["", *_block(text)]
        if notes_day.get(key) == day:
            out += _notes_lines(conn, item)
        out.append("")
    for text in loose:
        body = _block(text)
        out += ["- " + body[0].lstrip(), *body[1:], ""]
    for words in reviews:
        out += [f"- {words[:1].upper()}{words[1:]}.", ""]
    return out
