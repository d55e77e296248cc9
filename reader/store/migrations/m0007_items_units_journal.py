"""Study items of every kind, units with goals, and the free journal (issue 10).

Items live in `papers`, which gains a `kind`: a lecture, a course, a book section, code or a post
goes through the same life as a paper (passes, notes, TODOs, cards, tags, search, exports), and
every query that reads `papers` keeps working; an existing library's rows are all papers. A part
of a course (or of a book) points at it with `part_of` and its number `part`; the course's
`parts` is how many it has. `part_of` is checked at commit, so a file that lists a part before
its course (same second, ids in that order) restores.

A unit is a fixed run of local calendar days with goals by kind and planned items; the journal
holds what the user wrote about a day. Neither hangs off a paper: the YAML export places them
at its top level (reader/exports/plans.py).
"""

SQL = """
ALTER TABLE papers ADD COLUMN kind TEXT NOT NULL DEFAULT 'paper'
    CHECK (kind IN ('paper', 'lecture', 'course', 'book', 'code', 'post'));
ALTER TABLE papers ADD COLUMN url TEXT;                  -- the item's own link (not arXiv's)
ALTER TABLE papers ADD COLUMN parts INTEGER CHECK (parts IS NULL OR parts BETWEEN 1 AND 1000);
ALTER TABLE papers ADD COLUMN part_of TEXT REFERENCES papers(id)
    ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE papers ADD COLUMN part INTEGER CHECK (part IS NULL OR part BETWEEN 1 AND 1000);
CREATE INDEX papers_part_of ON papers(part_of, part) WHERE part_of IS NOT NULL;

CREATE TABLE units (
    number  INTEGER NOT NULL PRIMARY KEY CHECK (number >= 1),   -- "Unit 1"
    first   TEXT NOT NULL,                      -- first local day, YYYY-MM-DD
    last    TEXT NOT NULL,                      -- last local day, included
    created TEXT NOT NULL,                      -- ISO 8601 UTC
    CHECK (last >= first)
) WITHOUT ROWID;
CREATE INDEX units_first ON units(first);

CREATE TABLE unit_goals (
    unit  INTEGER NOT NULL REFERENCES units(number) ON DELETE CASCADE ON UPDATE CASCADE,
    kind  TEXT NOT NULL CHECK (kind IN ('paper', 'lecture', 'course', 'book', 'code', 'post')),
    count INTEGER NOT NULL CHECK (count BETWEEN 1 AND 1000),
    PRIMARY KEY (unit, kind)
) WITHOUT ROWID;

CREATE TABLE unit_items (
    unit         INTEGER NOT NULL REFERENCES units(number) ON DELETE CASCADE ON UPDATE CASCADE,
    item_id      TEXT NOT NULL REFERENCES papers(id) ON DELETE CASCADE ON UPDATE CASCADE,
    planned      TEXT NOT NULL,                 -- ISO 8601 UTC
    carried_from INTEGER,                       -- the unit it was carried over from, if any
    PRIMARY KEY (unit, item_id)
) WITHOUT ROWID;
CREATE INDEX unit_items_item ON unit_items(item_id);

CREATE TABLE journal (
    id      INTEGER PRIMARY KEY,
    day     TEXT NOT NULL,                      -- the local day it is about, YYYY-MM-DD
    text    TEXT NOT NULL,
    item_id TEXT REFERENCES papers(id) ON DELETE SET NULL ON UPDATE CASCADE,
    written TEXT NOT NULL                       -- ISO 8601 UTC
);
CREATE INDEX journal_day ON journal(day, written);
"""
