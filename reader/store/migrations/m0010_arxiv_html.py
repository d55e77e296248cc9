"""arXiv's HTML of a paper, kept so that reading never needs the network again (issue: Read the
paper, not its PDF's text).

- `html_pages`: one row per paper: the version the page came from, whether arXiv has one
  (`ok`; `none`: arXiv has no HTML for it, with the reason; `failed`: the fetch failed, tried
  again later), the page zlib-compressed, and the document model parsed from it as
  zlib-compressed JSON with the MODEL_VERSION that made it, so a newer parser parses again.
- `html_text`: the model's text by section (headings, paragraphs, captions, footnotes, the
  bibliography), one row per section, and `html_fts`, its full-text index kept by triggers as
  `pages_fts` is: `find` labels a match by its section instead of a page.
"""

SQL = """
CREATE TABLE html_pages (
    paper_id      TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
    version       INTEGER,                  -- the arXiv version fetched; NULL: unnumbered
    status        TEXT NOT NULL CHECK (status IN ('ok', 'none', 'failed')),
    reason        TEXT,                     -- none / failed: why, as a phrase for the user
    html          BLOB,                     -- ok: the page, zlib-compressed
    html_size     INTEGER,                  -- its size before compression
    model         BLOB,                     -- the document model, zlib-compressed JSON
    model_version INTEGER,                  -- the MODEL_VERSION that made it (or failed to)
    model_error   TEXT,                     -- the parser failed on this page: why (model NULL)
    fetched       TEXT NOT NULL             -- ISO 8601 UTC of the last try
);

CREATE TABLE html_text (
    id       INTEGER PRIMARY KEY,
    paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
    ord      INTEGER NOT NULL,              -- reading order
    anchor   TEXT NOT NULL,                 -- the section's id in the model ("S3.SS2", "bib")
    number   TEXT,                          -- "3.2", "A"; NULL when unnumbered
    label    TEXT NOT NULL,                 -- the heading as shown: "3.2 Method", "References"
    text     TEXT NOT NULL,
    UNIQUE (paper_id, ord)
);

CREATE VIRTUAL TABLE html_fts USING fts5(
    text, content = 'html_text', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER html_fts_insert AFTER INSERT ON html_text BEGIN
    INSERT INTO html_fts (rowid, text) VALUES (NEW.id, NEW.text);
END;

CREATE TRIGGER html_fts_delete AFTER DELETE ON html_text BEGIN
    INSERT INTO html_fts (html_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text);
END;

CREATE TRIGGER html_fts_update AFTER UPDATE OF text ON html_text BEGIN
    INSERT INTO html_fts (html_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text);
    INSERT INTO html_fts (rowid, text) VALUES (NEW.id, NEW.text);
END;
"""
