"""The first schema: papers and their tags."""

SQL = """
CREATE TABLE papers (
    id               TEXT PRIMARY KEY,          -- arXiv id without version, or local:...
    version          INTEGER,                   -- the version imported (NULL for local papers)
    latest_version   INTEGER,                   -- newest version arXiv reported
    title            TEXT NOT NULL,
    authors          TEXT NOT NULL DEFAULT '[]',   -- JSON list of names, in order
    abstract         TEXT NOT NULL DEFAULT '',
    categories       TEXT NOT NULL DEFAULT '[]',   -- JSON list
    primary_category TEXT,
    published        TEXT,                      -- ISO 8601 UTC
    updated          TEXT,
    doi              TEXT,
    journal_ref      TEXT,
    comment          TEXT,
    added            TEXT NOT NULL,
    pdf_path         TEXT,                      -- relative to the data folder, NULL if none
    pdf_status       TEXT NOT NULL DEFAULT 'none'
                     CHECK (pdf_status IN ('none', 'ok', 'missing'))
);
CREATE INDEX papers_added ON papers(added, id);   -- the library's order

CREATE TABLE tags (
    paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
    tag      TEXT NOT NULL,
    PRIMARY KEY (paper_id, tag)
) WITHOUT ROWID;
CREATE INDEX tags_tag ON tags(tag);
"""
