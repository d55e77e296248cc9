"""Sync finds what changed without reading the whole library (issue 23: an everyday sync of a
library with a million answers took two minutes).

- `sync_m_<table>`: the rows of each synced table as the last sync left them (a mirror). What
  changed since is found by SQL, joining each table with its mirror on its primary key, per
  paper, card, journal day (`reader.sync.mirror`); only those parts of the library are then read as cells and
  compared with `sync_state`. Empty here: the first sync after this upgrade compares everything
  once. A migration that adds a synced column to one of these tables adds it to its mirror
  (until then sync treats every row of that table as changed: correct, only slower).
- The review log is append-only (AUTOINCREMENT ids): new answers are the rows above the last
  sync's highest id (`sync_meta` 'log_mark'). A deletion (an undo, a rewrite) names its card in
  `sync_log_gone`; were the trigger gone (a table rebuilt without it), every card is compared.
Bookkeeping of this library: never exported (reader.exports.introspect).
"""

SQL = """
CREATE TABLE sync_m_papers AS SELECT * FROM papers WHERE 0;
CREATE INDEX sync_m_papers_id ON sync_m_papers(id);
CREATE TABLE sync_m_tags AS SELECT * FROM tags WHERE 0;
CREATE INDEX sync_m_tags_key ON sync_m_tags(paper_id, tag);
CREATE TABLE sync_m_passes AS SELECT * FROM passes WHERE 0;
CREATE INDEX sync_m_passes_key ON sync_m_passes(paper_id, pass);
CREATE TABLE sync_m_notes AS SELECT * FROM notes WHERE 0;
CREATE INDEX sync_m_notes_key ON sync_m_notes(paper_id);
CREATE TABLE sync_m_notes_log AS SELECT * FROM notes_log WHERE 0;
CREATE INDEX sync_m_notes_log_key ON sync_m_notes_log(paper_id, day);
CREATE TABLE sync_m_todos AS SELECT * FROM todos WHERE 0;
CREATE INDEX sync_m_todos_key ON sync_m_todos(id);
CREATE INDEX sync_m_todos_paper ON sync_m_todos(paper_id);
CREATE TABLE sync_m_reading_plan AS SELECT * FROM reading_plan WHERE 0;
CREATE INDEX sync_m_reading_plan_key ON sync_m_reading_plan(paper_id);
CREATE TABLE sync_m_citation_keys AS SELECT * FROM citation_keys WHERE 0;
CREATE INDEX sync_m_citation_keys_key ON sync_m_citation_keys(paper_id);
CREATE TABLE sync_m_cards AS SELECT * FROM cards WHERE 0;
CREATE INDEX sync_m_cards_key ON sync_m_cards(id);
CREATE TABLE sync_m_deck_settings AS SELECT * FROM deck_settings WHERE 0;
CREATE TABLE sync_m_units AS SELECT * FROM units WHERE 0;
CREATE TABLE sync_m_unit_goals AS SELECT * FROM unit_goals WHERE 0;
CREATE TABLE sync_m_unit_items AS SELECT * FROM unit_items WHERE 0;
CREATE TABLE sync_m_journal AS SELECT * FROM journal WHERE 0;
CREATE INDEX sync_m_journal_key ON sync_m_journal(id);
CREATE INDEX sync_m_journal_day ON sync_m_journal(day);

CREATE TABLE sync_log_gone (
    card_id INTEGER NOT NULL                    -- a card one of whose answers was deleted
);
CREATE TRIGGER sync_log_gone AFTER DELETE ON review_log
BEGIN
    INSERT INTO sync_log_gone (card_id) VALUES (OLD.card_id);
END;
"""
