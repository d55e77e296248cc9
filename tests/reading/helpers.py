"""Helpers for the reading tests: a library connection and papers written straight into it."""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

from reader.library import papers as library
from reader.store.db import open_library, transaction
from reader.models import Paper
from reader.store.paths import resolve

T0 = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)


def open_home(home: Path):
    paths = resolve(home)
    return open_library(paths), paths


def add_paper(conn, pid: str, title: str, authors=("A. Author",), abstract: str = "",
              tags=(), pdf: Path | None = None, paths=None, added: str = "2026-11-01T00:00:00Z") -> Paper:
    pdf_path = None
    if pdf is not None:
        dest = paths.pdf_for(pid)
        dest.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(pdf, bytes):
            dest.write_bytes(pdf)
        else:
            shutil.copyfile(pdf, dest)
        pdf_path = str(dest.relative_to(paths.data))
    paper = Paper(id=pid, title=title, authors=tuple(authors), abstract=abstract, tags=tuple(tags),
                  added=added, version=1, pdf_path=pdf_path, pdf_status="ok" if pdf else "none")
    with transaction(conn):
        library.insert(conn, paper)
    return paper
