"""Quotes and highlights taken from a paper's text, and the five Cs of a first pass (issue:
Keshav's first pass from the paper's structure, and notes and cards taken from the text).

- `quotes`: a sentence or paragraph taken from the paper: as a quote into a note field, as a
  cloze (the note line that makes the card), or as a highlight kept on the text. Anchored by
  the section's id and the text itself (`key`: normalised, math as TeX), never by a character
  offset, so it is found again after a re-parse or in a newer arXiv version; `place` is where it
  was when taken ("§3.2 ¶2 s1", "p. 4"). A quote whose text is gone stays, listed as orphaned.
- `five_cs`: Keshav's five Cs (category, context, correctness, contributions, clarity), one
  short text each per paper, and `five_cs_fts`, their full-text index kept by triggers.
"""

SQL = """
CREATE TABLE quotes (
    id        INTEGER PRIMARY KEY,
    paper_id  TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('quote', 'cloze', 'highlight')),
    field     TEXT NOT NULL DEFAULT '' CHECK (field IN ('', 'what', 'how', 'why', 'text')),
    section   TEXT,                   -- the section's id in the document model; NULL: the
                                      -- abstract, or PDF text
    page      INTEGER,                -- PDF text: the page
    paragraph INTEGER,                -- ¶, counted from 1 in its section (or page)
    sentence  INTEGER,                -- the first sentence taken, from 1; NULL: the paragraph
    sentences INTEGER NOT NULL DEFAULT 1,
    place     TEXT NOT NULL,          -- as shown: "§3.2 ¶2 s1", "Abstract ¶1", "p. 4 ¶2"
    text      TEXT NOT NULL,          -- as read (math rendered)
    tex       TEXT NOT NULL,          -- math as TeX, $...$
    key       TEXT NOT NULL,          -- the anchor: reader.text.sentences.key of the TeX text
    note      TEXT NOT NULL DEFAULT '', -- the line written into the note (quote, cloze)
    created   TEXT NOT NULL,
    UNIQUE (paper_id, kind, field, key)
);
CREATE INDEX quotes_paper ON quotes (paper_id);

CREATE TABLE five_cs (
    paper_id      TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
    category      TEXT NOT NULL DEFAULT '',
    context       TEXT NOT NULL DEFAULT '',
    correctness   TEXT NOT NULL DEFAULT '',
    contributions TEXT NOT NULL DEFAULT '',
    clarity       TEXT NOT NULL DEFAULT '',
    modified      TEXT NOT NULL
);

CREATE VIRTUAL TABLE five_cs_fts USING fts5(
    category, context, correctness, contributions, clarity,
    content = 'five_cs', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER five_cs_fts_insert AFTER INSERT ON five_cs BEGIN
    INSERT INTO five_cs_fts (rowid, category, context, correctness, contributions, clarity)
    VALUES (NEW.rowid, NEW.category, NEW.context, NEW.correctness, NEW.contributions, NEW.clarity);
END;

CREATE TRIGGER five_cs_fts_delete AFTER DELETE ON five_cs BEGIN
    INSERT INTO five_cs_fts (five_cs_fts, rowid, category, context, correctness, contributions,
                             clarity)
    VALUES ('delete', OLD.rowid, OLD.category, OLD.context, OLD.correctness, OLD.contributions,
            OLD.clarity);
END;

CREATE TRIGGER five_cs_fts_update AFTER UPDATE ON five_cs BEGIN
    INSERT INTO five_cs_fts (five_cs_fts, rowid, category, context, correctness, contributions,
                             clarity)
    VALUES ('delete', OLD.rowid, OLD.category, OLD.context, OLD.correctness, OLD.contributions,
            OLD.clarity);
    INSERT INTO five_cs_fts (rowid, category, context, correctness, contributions, clarity)
    VALUES (NEW.rowid, NEW.category, NEW.context, NEW.correctness, NEW.contributions, NEW.clarity);
END;
"""
