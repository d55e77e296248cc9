"""Where an item added in bulk came from: the reading list (`add --from FILE`) whose import
added it, so the journal's one line for that import can name it ("added 1,098 papers from
ml-papers-of-the-week.md"). One row per item, written once when the import adds it; an item
added by hand has none. A child of papers, so the YAML backup carries it (reader.exports.introspect).
"""

SQL = """
CREATE TABLE added_from (
    paper_id TEXT PRIMARY KEY REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
    source   TEXT NOT NULL                     -- the list's name as the user gave it
) WITHOUT ROWID;
"""
