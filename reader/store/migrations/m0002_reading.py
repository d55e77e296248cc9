"""Reading: passes, notes, TODOs, cached PDF text and full-text search (issue: Reading).

Search uses two FTS5 tables kept in sync by triggers, so that every writer (the importer's
`library.insert`, `update_fields`, the TUI, the CLI) keeps them right without knowing about them:

- `paper_fts`: one row per paper (title, authors, abstract, the notes, the TODOs), so that a query
  whose words fall in different fields of one paper still matches. Its rowid is the paper's
  `paper_docs.id`, a stable integer (a TEXT-keyed table's rowid may change on VACUUM).
- `pages_fts`: one row per PDF page, an external-content index over `pages` (the text is stored
  once, in `pages`).
"""

SQL = """
CREATE TABLE passes (
    paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
    pass     INTEGER NOT NULL CHECK (pass IN (1, 2, 3)),
    started  TEXT NOT NULL,                     -- ISO 8601 UTC
    finished TEXT,                              -- NULL while in progress
    PRIMARY KEY (paper_id, pass)
) WITHOUT ROWID;
CREATE INDEX passes_finished ON passes(finished);

CREATE TABLE notes (
    paper_id TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
    what     TEXT NOT NULL DEFAULT '',
    how      TEXT NOT NULL DEFAULT '',
    why      TEXT NOT NULL DEFAULT '',
    text     TEXT NOT NULL DEFAULT '',          -- free-form notes
    modified TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE todos (
    id       INTEGER PRIMARY KEY,
    paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
    text     TEXT NOT NULL,
    created  TEXT NOT NULL,
    done     TEXT                               -- when ticked off; NULL while open
);
CREATE INDEX todos_paper ON todos(paper_id, id);
CREATE INDEX todos_open ON todos(id) WHERE done IS NULL;

-- PDF text, extracted once, page by page (page numbers from 1). A page that failed has
-- text NULL and the reason in error; the other pages keep their text.
CREATE TABLE pages (
    id       INTEGER PRIMARY KEY,
    paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
    page     INTEGER NOT NULL,
    text     TEXT,
    error    TEXT,
    UNIQUE (paper_id, page)
);

CREATE TABLE extraction (
    paper_id   TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
    status     TEXT NOT NULL CHECK (status IN ('pending', 'partial', 'done', 'failed')),
    page_count INTEGER,
    reason     TEXT,                            -- why it failed (or which pages failed)
    pdf_path   TEXT,                            -- the file the text came from
    updated    TEXT NOT NULL
) WITHOUT ROWID;

-- Full-text search ------------------------------------------------------------------------

CREATE TABLE paper_docs (
    id       INTEGER PRIMARY KEY,
    paper_id TEXT NOT NULL UNIQUE
);

CREATE VIRTUAL TABLE paper_fts USING fts5(
    title, authors, abstract, what, how, why, notes, todos,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE pages_fts USING fts5(
    text, content = 'pages', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
    INSERT INTO paper_docs (paper_id) VALUES (NEW.id);
    INSERT INTO paper_fts (rowid, title, authors, abstract, what, how, why, notes, todos)
    VALUES ((SELECT id FROM paper_docs WHERE paper_id = NEW.id), NEW.title,
            (SELECT group_concat(value, ', ') FROM json_each(NEW.authors)), NEW.abstract,
            '', '', '', '', '');
END;

CREATE TRIGGER papers_fts_rekey AFTER UPDATE OF id ON papers BEGIN
    UPDATE paper_docs SET paper_id = NEW.id WHERE paper_id = OLD.id;
END;

CREATE TRIGGER papers_fts_update AFTER UPDATE OF title, authors, abstract ON papers BEGIN
    UPDATE paper_fts SET title = NEW.title,
        authors = (SELECT group_concat(value, ', ') FROM json_each(NEW.authors)),
        abstract = NEW.abstract
    WHERE rowid = (SELECT id FROM paper_docs WHERE paper_id = NEW.id);
END;

CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
    DELETE FROM paper_fts WHERE rowid = (SELECT id FROM paper_docs WHERE paper_id = OLD.id);
    DELETE FROM paper_docs WHERE paper_id = OLD.id;
END;

CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
    UPDATE paper_fts SET what = NEW.what, how = NEW.how, why = NEW.why, notes = NEW.text
    WHERE rowid = (SELECT id FROM paper_docs WHERE paper_id = NEW.paper_id);
END;

CREATE TRIGGER notes_fts_update AFTER UPDATE ON notes BEGIN
    UPDATE paper_fts SET what = NEW.what, how = NEW.how, why = NEW.why, notes = NEW.text
    WHERE rowid = (SELECT id FROM paper_docs WHERE paper_id = NEW.paper_id);
END;

CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
    UPDATE paper_fts SET what = '', how = '', why = '', notes = ''
    WHERE rowid = (SELECT id FROM paper_docs WHERE paper_id = OLD.paper_id);
END;

CREATE TRIGGER todos_fts_insert AFTER INSERT ON todos BEGIN
    UPDATE paper_fts SET todos =
        (SELECT coalesce(group_concat(text, char(10)), '') FROM todos WHERE paper_id = NEW.paper_id)
    WHERE rowid = (SELECT id FROM paper_docs WHERE paper_id = NEW.paper_id);
END;

CREATE TRIGGER todos_fts_update AFTER UPDATE OF text, paper_id ON todos BEGIN
    UPDATE paper_fts SET todos =
        (SELECT coalesce(group_concat(text, char(10)), '') FROM todos WHERE paper_id = NEW.paper_id)
    WHERE rowid = (SELECT id FROM paper_docs WHERE paper_id = NEW.paper_id);
END;

CREATE TRIGGER todos_fts_delete AFTER DELETE ON todos BEGIN
    UPDATE paper_fts SET todos =
        (SELECT coalesce(group_concat(text, char(10)), '') FROM todos WHERE paper_id = OLD.paper_id)
    WHERE rowid = (SELECT id FROM paper_docs WHERE paper_id = OLD.paper_id);
END;

CREATE TRIGGER pages_fts_insert AFTER INSERT ON pages BEGIN
    INSERT INTO pages_fts (rowid, text) VALUES (NEW.id, coalesce(NEW.text, ''));
END;

CREATE TRIGGER pages_fts_delete AFTER DELETE ON pages BEGIN
    INSERT INTO pages_fts (pages_fts, rowid, text) VALUES ('delete', OLD.id, coalesce(OLD.text, ''));
END;

CREATE TRIGGER pages_fts_update AFTER UPDATE OF text ON pages BEGIN
    INSERT INTO pages_fts (pages_fts, rowid, text) VALUES ('delete', OLD.id, coalesce(OLD.text, ''));
    INSERT INTO pages_fts (rowid, text) VALUES (NEW.id, coalesce(NEW.text, ''));
END;

-- Papers stored before this migration get their search rows now.
INSERT INTO paper_docs (paper_id) SELECT id FROM papers ORDER BY added, id;
INSERT INTO paper_fts (rowid, title, authors, abstract, what, how, why, notes, todos)
SELECT d.id, p.title, (SELECT group_concat(value, ', ') FROM json_each(p.authors)), p.abstract,
       '', '', '', '', ''
FROM papers p JOIN paper_docs d ON d.paper_id = p.id;
"""
