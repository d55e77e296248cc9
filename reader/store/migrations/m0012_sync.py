"""Sync through a folder (issue 23): portable TODO ids, this library's device, what sync remembers.

- `todos.uid`: a TODO's identity on every computer (row ids differ between libraries, so
  `todo --done 2` ticked different TODOs after an exchange). New TODOs get 16 random hex digits
  (a trigger, so every writer gets one); existing ones get one made from what identified them
  until now, so two libraries restored from one export give their TODOs the same uids:
  '<paper>/<created>/<occurrence among the paper's TODOs of that second>'.
- `sync_device`: the devices this library has heard of; the row with `this = 1` is this
  library's own (a random id made once: two libraries on one computer are two devices). `name`
  NULL: the host name (or `sync.device` in the config).
- `sync_read`: per log file in the folder, how many bytes of complete lines were read.
- `sync_state`: the library as of the last sync, one row per field ("cell") with the clock of
  the change that set it: the next sync's changes are the library's differences from it, and a
  note field's `value` there is the base its next edit is merged against.
- `sync_notes`: every change seen to a note field, replayed in clock order for 3-way merges.
- `sync_conflicts`: note conflicts found (the losing text is in drafts/), reported once.
- `todos_bulk`: papers whose TODOs a restore is writing in bulk (empty outside its
  transaction): the search index's TODO text is then made once per paper, not once per TODO
  (rebuilt on every insert, 10,000 TODOs on one item took 99 s to import).
Bookkeeping of this library: never exported (reader.exports.introspect).
"""

SQL = """
ALTER TABLE todos ADD COLUMN uid TEXT;
UPDATE todos SET uid = (
    SELECT t.paper_id || '/' || t.created || '/' || t.n FROM (
        SELECT id, paper_id, created,
               row_number() OVER (PARTITION BY paper_id, created ORDER BY id) AS n
        FROM todos) AS t
    WHERE t.id = todos.id);
CREATE UNIQUE INDEX todos_uid ON todos(uid);
CREATE TRIGGER todos_new_uid AFTER INSERT ON todos
WHEN NEW.uid IS NULL
BEGIN
    UPDATE todos SET uid = lower(hex(randomblob(8))) WHERE id = NEW.id;
END;

CREATE TABLE todos_bulk (
    paper_id TEXT PRIMARY KEY
) WITHOUT ROWID;
DROP TRIGGER todos_fts_insert;
CREATE TRIGGER todos_fts_insert AFTER INSERT ON todos
WHEN NEW.paper_id NOT IN (SELECT paper_id FROM todos_bulk)
BEGIN
    UPDATE paper_fts SET todos =
        (SELECT coalesce(group_concat(text, char(10)), '') FROM todos WHERE paper_id = NEW.paper_id)
    WHERE rowid = (SELECT id FROM paper_docs WHERE paper_id = NEW.paper_id);
END;

CREATE TABLE sync_device (
    id   TEXT PRIMARY KEY,                      -- random hex, made once per library
    name TEXT,                                  -- NULL: the host name
    this INTEGER NOT NULL DEFAULT 0 CHECK (this IN (0, 1)),
    seen TEXT                                   -- ISO 8601 UTC: its newest change read here
) WITHOUT ROWID;
CREATE UNIQUE INDEX sync_device_this ON sync_device(this) WHERE this = 1;
INSERT INTO sync_device (id, this) VALUES (lower(hex(randomblob(8))), 1);

CREATE TABLE sync_read (
    file   TEXT PRIMARY KEY,                    -- 'devices/<id>/<YYYY-MM>.jsonl'
    offset INTEGER NOT NULL                     -- bytes of whole lines read
) WITHOUT ROWID;

CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,                     -- the cell: 'p/<paper>/title', 'a/<card>/<uid>'
    value TEXT,                                 -- JSON; NULL: removed (a tombstone)
    hlc   TEXT NOT NULL,                        -- the clock of the change that set it
    base  TEXT                                  -- a removal's: the newest clock its writer had seen
) WITHOUT ROWID;

CREATE TABLE sync_notes (
    id    TEXT PRIMARY KEY,                     -- the change's id
    key   TEXT NOT NULL,                        -- 'p/<paper>/notes/<field>'
    hlc   TEXT NOT NULL,
    value TEXT NOT NULL,                        -- JSON text
    base  TEXT                                  -- JSON text its writer started from
) WITHOUT ROWID;
CREATE INDEX sync_notes_key ON sync_notes(key, hlc);

CREATE TABLE sync_conflicts (
    id      TEXT PRIMARY KEY,                   -- the losing change's id
    key     TEXT NOT NULL,
    draft   TEXT,                               -- where its text was kept
    found   TEXT NOT NULL                       -- ISO 8601 UTC
) WITHOUT ROWID;

CREATE TABLE sync_meta (
    name  TEXT PRIMARY KEY,                     -- 'clock', 'last_sync', 'folder', 'last_in', ...
    value TEXT NOT NULL
) WITHOUT ROWID;
"""
