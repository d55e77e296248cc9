"""What to read next, and the titles of the papers a paper cites (issue: Reading lists).

- `reading_plan`: a paper's priority (high, normal, low), the day it should be read by, and until
  when it is snoozed. A paper without a row is "normal", with no date: most papers never get
  one. It is the user's data: exported and merged with the paper (`modified` decides).
- `arxiv_titles`: titles, authors and dates of arXiv papers looked up for `paperdeck refs` (the
  ids a paper's text cites), so that listing a paper's references again asks arXiv nothing. A
  cache, rebuilt by looking again: never exported. `title` NULL: arXiv has no such paper.
"""

SQL = """
CREATE TABLE reading_plan (
    paper_id      TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
    priority      TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('high', 'normal', 'low')),
    read_by       TEXT,                         -- a local day, YYYY-MM-DD; NULL: none
    snoozed_until TEXT,                         -- ISO 8601 UTC; NULL: not snoozed
    modified      TEXT NOT NULL                 -- ISO 8601 UTC
) WITHOUT ROWID;

CREATE TABLE arxiv_titles (
    id        TEXT PRIMARY KEY,                 -- arXiv id without version
    title     TEXT,                             -- NULL: arXiv has no such paper
    authors   TEXT NOT NULL DEFAULT '[]',       -- JSON list of names
    published TEXT,                             -- ISO 8601 UTC
    fetched   TEXT NOT NULL                     -- ISO 8601 UTC
) WITHOUT ROWID;
"""
