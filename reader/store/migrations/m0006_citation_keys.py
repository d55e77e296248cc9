"""Citation keys, stored the first time a BibTeX export gives them out (reader.exports.citekeys).

Keys used to be worked out afresh on every export, so removing one of two colliding papers
renamed the other (`x12024batcha` became `x12024batch`) and broke every `\\cite` of it. A stored
key is the paper's for good. Not UNIQUE: a merge of two libraries may bring two papers holding
one key, and the export settles that (the earlier holder keeps it) instead of the merge failing.
Existing libraries start empty: their next export stores the keys it gives out, the same ones
the release before this worked out for an unchanged library.
"""

SQL = """
CREATE TABLE citation_keys (
    paper_id TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
    key      TEXT NOT NULL,
    created  TEXT NOT NULL                      -- ISO 8601 UTC: when it was first given out
) WITHOUT ROWID;
CREATE INDEX citation_keys_key ON citation_keys(key);
"""
