"""One Markdown file per paper: YAML front matter, what/how/why, notes, TODOs, the reading log.

Readable in Obsidian (front matter becomes properties; `tags` are Obsidian tags) and on GitHub
(front matter is shown as a table). Text that came from arXiv (title, authors, abstract) is
escaped so that it renders as the words it is; notes are the user's own Markdown, kept as
written. File names are `<id>-<Title_words>.md`, ASCII and safe on every system.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from .. import clock, kinds
from .. import notes as notes_mod
from .. import passes as passes_mod
from .. import readlog
from ..models import Paper
from ..textsafe import clean, one_line
from .files import safe_name

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!~$&])")


def escape(text: str | None) -> str:
    """Plain text as Markdown that renders as itself (no emphasis, links, HTML or headings)."""
    return _SPECIAL.sub(r"\\\1", one_line(text))


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
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    meta: dict = {
        "id": paper.id,
        "title": one_line(paper.title),
        "authors": [one_line(a) for a in paper.authors],
        "status": status,
        "tags": list(paper.tags),
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
    body = yaml.dump(meta, Dumper=dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=1000)
    return f"---\n{body}---\n"


def _section(title: str, text: str) -> list[str]:
    text = clean(text).strip("\n")
    return [f"## {title}", "", text if text.strip() else "_(empty)_", ""]


# The reading log shows the paper's passes and ticked-off TODOs, in the journal's order
# (readlog.sort_key, the order of `paperdeck log`) and under the same local days.
_LOG_KINDS = ("pass_started", "pass_finished", "todo_done")


def _log_line(e: readlog.Event) -> str:
    what = f"ticked off: {one_line(e.detail)}" if e.kind == "todo_done" else e.description
    return f"- {_day(e.at)} {what}"


def render(paper: Paper, status: str, passes: Sequence, notes, todos: Sequence,
           log: Sequence[readlog.Event]) -> str:
    """The file for one paper; `log` is its journal (readlog.events), in order."""
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
    lines += ["## TODOs", ""]
    lines += [f"- [{'x' if t.done else ' '}] {one_line(t.text)}" for t in todos] or ["_(none)_"]
    lines += ["", "## Reading log", ""]
    lines += [_log_line(e) for e in log if e.kind in _LOG_KINDS] or ["_(not read yet)_"]
    return "\n".join(lines) + "\n"


def export(conn: sqlite3.Connection, papers: Sequence[Paper], folder: str | Path) -> list[Path]:
    """Write one file per paper into `folder` (created if needed, its parent must exist); returns
    the files written. All or nothing: every file is complete before any replaces an older one,
    and a failure leaves nothing behind. Files of papers not exported are left alone."""
    from ..outfile import folder_target, write_files

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
                             notes_mod.todos_for(conn, paper.id), journal.get(paper.id, ()))
    return write_files(folder, files)
