"""The notes journal: one row for each local day on which a paper's notes were changed.

`notes.modified` holds only the newest change, so a journal built from it forgot every earlier
day the moment the notes were touched again. Each save that changes notes now records its day
here (`reader.reading.notes`); existing libraries start with the one day `notes.modified` still knows.
"""

SQL = """
CREATE TABLE notes_log (
    paper_id TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
    day      TEXT NOT NULL,                     -- the writer's local calendar day, YYYY-MM-DD
    first_at TEXT NOT NULL,                     -- ISO 8601 UTC: the day's first change ...
    last_at  TEXT NOT NULL,                     -- ... and its last
    PRIMARY KEY (paper_id, day)
) WITHOUT ROWID;
CREATE INDEX notes_log_last ON notes_log(last_at);

INSERT INTO notes_log (paper_id, day, first_at, last_at)
    SELECT paper_id, date(modified, 'localtime'), modified, modified FROM notes
    WHERE what != '' OR how != '' OR why != '' OR text != '';
"""
