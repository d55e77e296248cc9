"""Getting a paper's arXiv HTML into the library: at `add` (reader.library.importer), the first
time a paper already in the library is opened (`ensure`, which the TUI calls in a worker with
its own connection), from `paperdeck index`; and its figures when first shown (`figure`) or
all at once (`fetch_figures`, `paperdeck index --figures`).

Nothing here raises for what the network does: the outcome is recorded (reader.text.html.html_store)
and the paper reads from its PDF text where there is no HTML. A paper that is not on arXiv (a
local PDF, another kind of item) has no HTML and asks nothing.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reader.arxiv import html
from reader.arxiv.api import Settings
from reader.arxiv.html import FigureUnavailable
from reader.models import Paper
from reader.store.paths import Paths
from reader.text.html import html_store
from reader.text.html.html_store import HtmlState

__all__ = ["FigureUnavailable", "ensure", "fetch", "fetch_figures", "figure", "wants_fetch"]


def wants_fetch(paper: Paper, st: HtmlState | None, settings: Settings) -> bool:
    """Whether opening the paper should ask arXiv for its page: never asked, or the last try
    failed (a 404 is kept as the answer; `add` asks again)."""
    if paper.is_local or not settings.html_url:
        return False
    return st is None or st.status == "failed"


def fetch(conn: sqlite3.Connection, settings: Settings, paper: Paper,
          cancel: threading.Event | None = None, now: datetime | None = None) -> HtmlState | None:
    """Ask arXiv for the page of the paper's version and record what came (None: the paper is
    not on arXiv, or HTML is not configured)."""
    if paper.is_local or not settings.html_url:
        return None
    page = html.fetch_page(settings, paper.id, paper.version, cancel)
    try:
        if page.status == "ok":
            return html_store.store_page(conn, paper.id, paper.version, page.body, now)
        return html_store.record_failure(conn, paper.id, paper.version, page.status, page.reason,
                                         now)
    except sqlite3.IntegrityError:
        return None  # the paper was removed meanwhile (by another process): nothing to keep


def ensure(conn: sqlite3.Connection, settings: Settings, paper: Paper,
           cancel: threading.Event | None = None) -> HtmlState | None:
    """The paper's HTML as the library has it, fetched first when it was never asked for or the
    last try failed. What a reader calls when a paper opens (it may take the network's time:
    call it in a worker)."""
    st = html_store.state(conn, paper.id)
    if wants_fetch(paper, st, settings):
        return fetch(conn, settings, paper, cancel) or st
    return st


def figure(conn: sqlite3.Connection, paths: Paths, settings: Settings, paper: Paper, name: str,
           cancel: threading.Event | None = None) -> Path:
    """The file of figure `name` of the paper's kept page, fetched from arXiv the first time.
    Raises FigureUnavailable (`.missing`: arXiv has none by that name)."""
    st = html_store.state(conn, paper.id)
    if st is None or st.status != "ok":
        raise FigureUnavailable(f"{paper.id} has no HTML page kept, so no figures")
    if not html.figure_name_ok(name):
        raise FigureUnavailable(f"the figure name {name!r} is not a plain file name; not fetched")
    folder = html_store.figures_dir(paths.papers, paper.id, st.version)
    kept = folder / name
    if kept.is_file():
        return kept
    if not settings.html_url:
        raise FigureUnavailable(f"figure {name} is not kept and arxiv.html_url is not set")
    return html.fetch_figure(settings, paper.id, st.version, name, folder, cancel)


@dataclass
class Figures:
    """What `fetch_figures` did for one paper."""

    paper_id: str
    fetched: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)      # there already
    missing: list[str] = field(default_factory=list)   # arXiv has none by that name (a 404)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, why)


def fetch_figures(conn: sqlite3.Connection, paths: Paths, settings: Settings, paper: Paper,
                  cancel: threading.Event | None = None) -> Figures:
    """Every figure of the paper's kept page, fetched where not kept yet."""
    done = Figures(paper.id)
    doc = html_store.document(conn, paper.id)
    if doc is None:
        return done
    st = html_store.state(conn, paper.id)
    folder = html_store.figures_dir(paths.papers, paper.id, st.version if st else None)
    for name in html_store.figure_names(doc):
        if not html.figure_name_ok(name):
            continue  # a data: URI or a path: nothing to fetch
        if (folder / name).is_file():
            done.kept.append(name)
            continue
        if cancel is not None and cancel.is_set():
            break
        try:
            figure(conn, paths, settings, paper, name, cancel)
        except FigureUnavailable as e:
            if e.missing:
                done.missing.append(name)
            else:
                done.failed.append((name, str(e)))
        else:
            done.fetched.append(name)
    return done
