"""One Markdown file per paper: YAML front matter, what/how/why, notes, TODOs, the reading log.

Readable in Obsidian (front matter becomes properties) and on GitHub (front matter is shown as a
table). The front matter is written by `yamltext`, which quotes whatever a YAML 1.1 or 1.2
reader would not read back as the same text. `tags` are valid Obsidian tags (`c++` -> `c__`,
`2024` -> `_2024`, `machine learning` -> `machine-learning`), the tags as paperdeck has them are
kept in `paperdeck_tags`, and `aliases` (the title, the short title, the arXiv id) let
`[[links]]` find the note. Text that came from arXiv (title, authors, abstract) is escaped so
that it renders as the words it is, Obsidian's `%%` comments and `==` highlights included; notes
are the user's own Markdown, kept as written. File names are `<id>-<Title_words>.md`, ASCII and
safe on every system.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from reader import clock
from reader.library import kinds
from reader.reading import notes as notes_mod
from reader.reading import passes as passes_mod
from reader.reading import readlog
from reader.models import Paper
from reader.text.textsafe import clean, one_line
from reader.exports.files import safe_name

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~$&])")
_OBSIDIAN = re.compile(r"%{2,}|={2,}")   # `%%comment%%`, `==highlight==`


def escape(text: str | None) -> str:
    """Plain text as Markdown that renders as itself (no emphasis, links, HTML, headings, nor
    Obsidian's comments and highlights)."""
    text = _SPECIAL.sub(r"\\\1", one_line(text))
    return _OBSIDIAN.sub(lambda m: "".join("\\" + c for c in m.group(0)), text)


def obsidian_tag(tag: str) -> str:
    """A tag Obsidian accepts: letters, digits, `_`, `-` and `/` (nesting), not digits alone;
    "" when nothing is left."""
    out = []
    for c in one_line(tag).lstrip("#"):
        out.append(c if c.isalnum() or c in "_-/" else "-" if c.isspace() else "_")
    text = re.sub(r"/{2,}", "/", "".join(out)).strip("/")
    if text and not any(not c.isdigit() and c != "/" for c in text):
        text = "_" + text
    return text


def obsidian_tags(tags) -> list[str]:
    """Each tag made valid, once (Obsidian compares tags without case)."""
    found: dict[str, str] = {}
    for tag in tags:
        valid = obsidian_tag(tag)
        if valid:
            found.setdefault(valid.lower(), valid)
    return list(found.values())


def aliases(paper: Paper) -> list[str]:
    """Names a `[[link]]` may use for the note: the title, its short form and the arXiv id."""
    from reader.reading.cardgen import short_title

    title = one_line(paper.title)
    names = [title, short_title(title)] if title else []
    if not paper.is_local:
        names.append(paper.id)
    return list(dict.fromkeys(n for n in names if n))


def link_target(url: str) -> str:
    """A URL as a Markdown link target: spaces and the characters that would end it escaped."""
    return one_line(url).replace(" ", "%20").replace("<", "%3C").replace(">", "%3E") \
        .replace("(", "%28").replace(")", "%29")


def file_name(paper: Paper) -> str:
    title = safe_name(paper.title or "", 60) if paper.title else ""
    stem = safe_name(paper.id)
    return f"{stem}-{title}.md" if title and title != "untitled" else f"{stem}.md"


def _day(at: str) -> str:
    """A stored time (UTC) as the local day the journal lists it under."""
    return f"{clock.parse_iso(at).astimezone():%Y-%m-%d}"


def _front_matter(paper: Paper, status: str, passes, notes) -> str:
    from reader.exports.yamltext import dumps

    meta: dict = {
        "id": paper.id,
        "title": one_line(paper.title),
        "aliases": aliases(paper),
        "authors": [one_line(a) for a in paper.authors],
        "status": status,
        "tags": obsidian_tags(paper.tags),
        "paperdeck_tags": [one_line(t) for t in paper.tags],
        "published": (paper.published or "")[:10] or None,
        "added": _day(paper.added) if paper.added else None,
    }
    if not paper.is_paper:
        meta["kind"] = paper.kind
        if paper.part_of:
            meta["part_of"] = paper.part_of
            meta["part"] = paper.part
    if paper.url:
        meta["url"] = one_line(paper.url)
    if not paper.is_local:
        meta["arxiv"] = f"https://arxiv.org/abs/{paper.id}"
    if paper.doi:
        meta["doi"] = one_line(paper.doi)
    for p in passes:
        meta[f"pass_{p.number}_started"] = _day(p.started)
        if p.finished:
            meta[f"pass_{p.number}_finished"] = _day(p.finished)
    if notes.modified:
        meta["notes_modified"] = _day(notes.modified)
    return f"---\n{dumps(meta)}---\n"


def _section(title: str, text: str) -> list[str]:
    text = clean(text).strip("\n")
    return [f"## {title}", "", text if text.strip() else "_(empty)_", ""]


# The reading log shows the paper's passes and ticked-off TODOs, in the journal's order
# (readlog.sort_key, the order of `paperdeck log`) and under the same local days.
_LOG_KINDS = ("pass_started", "pass_finished", "todo_done")


def _log_line(e: readlog.Event) -> str:
    what = f"ticked off: {one_line(e.detail)}" if e.kind == "todo_done" else e.description
    return f"- {_day(e.at)} {what}"


def _five_cs_lines(five_cs) -> list[str]:
    if five_cs is None or five_cs.empty:
        return []
    lines = ["## Five Cs", ""]
    for name, value in five_cs.items():
        lines.append(f"- **{name.capitalize()}:** " + (one_line(value) if value.strip()
                                                        else "_(empty)_"))
    return lines + [""]


_HEADINGS = {"what": "What", "how": "How", "why": "Why", "text": "Notes"}


def _quote_lines(placed: Sequence) -> list[str]:
    """Quotes and highlights as Obsidian callouts (a blockquote elsewhere), each with its place
    and, for a quote or cloze, a link to the heading of the note it went into."""
    if not placed:
        return []
    lines = ["## Quotes and highlights", ""]
    for p in placed:
        q = p.quote
        where = p.place or f"orphaned, was {q.place}"
        into = f" → [[#{_HEADINGS[q.field]}]]" if q.field else ""
        lines += [f"> [!quote] {q.kind} · {escape(where)}{into}", f"> {one_line(q.tex)}", ""]
    return lines


def render(paper: Paper, status: str, passes: Sequence, notes, todos: Sequence,
           log: Sequence[readlog.Event], five_cs=None, quotes: Sequence = ()) -> str:
    """The file for one paper; `log` is its journal (readlog.events), in order; `five_cs`
    (reader.reading.fivecs) and `quotes` (reader.reading.quotes.Placed) when it has them."""
    lines = [_front_matter(paper, status, passes, notes), f"# {escape(paper.title)}", ""]
    byline = ", ".join(escape(a) for a in paper.authors) or "_unknown authors_"
    if paper.year:
        byline += f" · {paper.year}"
    if not paper.is_paper:
        byline += f" · {paper.kind}"
    if paper.url:
        byline += f" · <{link_target(paper.url)}>"
    if not paper.is_local:
        byline += f" · [arXiv:{paper.id}](https://arxiv.org/abs/{paper.id})"
    lines += [byline, ""]
    if paper.abstract:
        lines += ["> " + escape(paper.abstract), ""]
    lines += _section("What", notes.what)
    lines += _section("How", notes.how)
    lines += _section("Why", notes.why)
    lines += _section("Notes", notes.text)
    lines += _five_cs_lines(five_cs)
    lines += _quote_lines(quotes)
    lines += ["## TODOs", ""]
    lines += [f"- [{'x' if t.done else ' '}] {one_line(t.text)}" for t in todos] or ["_(none)_"]
    lines += ["", "## Reading log", ""]
    lines += [_log_line(e) for e in log if e.kind in _LOG_KINDS] or ["_(not read yet)_"]
    return "\n".join(lines) + "\n"


def _first_pass(conn: sqlite3.Connection, paper_id: str) -> tuple:
    """The paper's five Cs and its quotes placed in its text as the library holds it."""
    from reader.reading import fivecs, quotes

    kept = quotes.for_paper(conn, paper_id)
    placed = quotes.resolve(kept, quotes.paragraphs(conn, paper_id)[1]) if kept else []
    return fivecs.get(conn, paper_id), placed


def export(conn: sqlite3.Connection, papers: Sequence[Paper], folder: str | Path) -> list[Path]:
    """Write one file per paper into `folder` (created if needed, its parent must exist); returns
    the files written. All or nothing: every file is complete before any replaces an older one,
    and a failure leaves nothing behind. Files of papers not exported are left alone."""
    from reader.store.outfile import folder_target, write_files

    folder = folder_target(folder, "markdown export")
    statuses = passes_mod.statuses(conn)
    journal: dict[str, list[readlog.Event]] = {}
    for e in readlog.events(conn):
        journal.setdefault(e.paper_id, []).append(e)
    files: dict[str, str] = {}
    used: set[str] = set()
    for paper in papers:
        name = file_name(paper)
        n = 1
        while name.lower() in used:  # case-insensitive file systems
            n += 1
            name = f"{Path(file_name(paper)).stem}-{n}.md"
        used.add(name.lower())
        files[name] = render(paper, kinds.status_label(paper.kind, statuses.get(paper.id, "unread")),
                             passes_mod.for_paper(conn, paper.id), notes_mod.get(conn, paper.id),
                             notes_mod.todos_for(conn, paper.id), journal.get(paper.id, ()),
                             *_first_pass(conn, paper.id))
    return write_files(folder, files)
