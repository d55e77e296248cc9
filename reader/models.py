"""The paper side's models: frozen dataclasses that repositories return."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    id: str                          # arXiv id without version, or "local:..."
    title: str
    authors: tuple[str, ...] = ()
    abstract: str = ""
    version: int | None = None       # the version imported
    latest_version: int | None = None
    categories: tuple[str, ...] = ()
    primary_category: str | None = None
    published: str | None = None     # ISO 8601 UTC
    updated: str | None = None
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None
    tags: tuple[str, ...] = ()
    added: str = ""
    pdf_path: str | None = None      # relative to the data folder
    pdf_status: str = "none"         # none | ok | missing

    @property
    def year(self) -> str:
        return (self.published or "")[:4]

    @property
    def first_author_surname(self) -> str:
        if not self.authors:
            return ""
        return self.authors[0].split()[-1] if self.authors[0].split() else ""

    @property
    def is_local(self) -> bool:
        return self.id.startswith("local:")
