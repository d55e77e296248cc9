"""The paper side's models: frozen dataclasses that repositories return."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    # library._row_to_paper builds this positionally (speed): keep the two in step.
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
    kind: str = "paper"              # paper | lecture | course | book | code | post (reader.library.kinds)
    url: str | None = None           # the item's own link (a paper's is arXiv's)
    parts: int | None = None         # a course's (or book's) number of parts
    part_of: str | None = None       # the course (or book) this item is a part of ...
    part: int | None = None          # ... and its number there

    @property
    def is_paper(self) -> bool:
        return self.kind == "paper"

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
        """Not on arXiv: a paper added from a local PDF, or any item that is not a paper."""
        return self.id.startswith("local:") or self.kind != "paper"


# -- reading (passes, notes, TODOs, PDF text) -----------------------------------------------

@dataclass(frozen=True)
class Pass:
    paper_id: str
    number: int                      # 1 skim, 2 careful read, 3 re-derive
    started: str                     # ISO 8601 UTC
    finished: str | None = None      # None while in progress

    @property
    def done(self) -> bool:
        return self.finished is not None


@dataclass(frozen=True)
class Notes:
    paper_id: str
    what: str = ""
    how: str = ""
    why: str = ""
    text: str = ""                   # free-form notes
    modified: str | None = None      # None: never written

    @property
    def empty(self) -> bool:
        return not (self.what or self.how or self.why or self.text)


@dataclass(frozen=True)
class Todo:
    id: int
    paper_id: str
    text: str
    created: str
    done_at: str | None = None       # when ticked off

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True)
class PageText:
    paper_id: str
    page: int                        # from 1
    text: str | None                 # None when this page could not be read
    error: str | None = None
    page_count: int | None = None    # pages in the document, when known
