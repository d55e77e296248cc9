"""The review side's tables. reader's migration m0003 applies SCHEMA_1, m0005 SCHEMA_2; a later
change to these tables is a new SCHEMA_N here plus a new numbered migration in reader/migrations.

All times are ISO 8601 UTC text with second precision (`2026-11-21T09:00:00Z`), so that they sort
and compare as text.
"""

SCHEMA_1 = """
CREATE TABLE cards (
    id          INTEGER PRIMARY KEY,
    source_key  TEXT UNIQUE,                -- opaque, e.g. '1211.3711:cloze:2'; NULL if hand-written
    kind        TEXT NOT NULL DEFAULT 'basic' CHECK (kind IN ('basic', 'cloze')),
    front       TEXT NOT NULL,
    back        TEXT NOT NULL,
    context     TEXT NOT NULL DEFAULT '',   -- opaque context line, e.g. the paper's short title
    group_key   TEXT,                       -- opaque group, e.g. the paper id; NULL if none
    sibling_key TEXT,                       -- cards with the same one are siblings (one note):
                                            -- once one is answered, the rest wait for tomorrow
    new_order   TEXT NOT NULL,              -- caller's order key for introducing new cards
    state       TEXT NOT NULL DEFAULT 'new'
                CHECK (state IN ('new', 'learning', 'review', 'relearning')),
    step        INTEGER,                    -- learning/relearning step, NULL otherwise
    stability   REAL,
    difficulty  REAL,
    due         TEXT,                       -- NULL while new
    last_review TEXT,
    reps        INTEGER NOT NULL DEFAULT 0,
    lapses      INTEGER NOT NULL DEFAULT 0,
    suspended   TEXT CHECK (suspended IN ('user', 'source')),  -- NULL: active
    created     TEXT NOT NULL,
    modified    TEXT NOT NULL
);
CREATE INDEX cards_group ON cards(group_key);
-- covering: the queue ranks due reviews by retrievability (last_review, stability), leaving out
-- buried siblings, from the index alone, then reads the chosen rows
CREATE INDEX cards_active_due ON cards(state, due, last_review, stability, suspended, sibling_key)
    WHERE suspended IS NULL AND due IS NOT NULL;
CREATE INDEX cards_new_order ON cards(new_order, id) WHERE suspended IS NULL AND state = 'new';

-- Append-only: one row per answer. The *_before columns hold the card's scheduling state just
-- before the answer, so that undo restores it exactly; due_after is the due actually given
-- (fuzz included). Only the newest row may be deleted (undo of the last answer).
CREATE TABLE review_log (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    card_id            INTEGER NOT NULL REFERENCES cards(id),
    rating             INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    reviewed_at        TEXT NOT NULL,
    duration_ms        INTEGER,
    state_before       TEXT NOT NULL
                       CHECK (state_before IN ('new', 'learning', 'review', 'relearning')),
    step_before        INTEGER,
    stability_before   REAL,
    difficulty_before  REAL,
    due_before         TEXT,
    last_review_before TEXT,
    state_after        TEXT NOT NULL
                       CHECK (state_after IN ('learning', 'review', 'relearning')),
    due_after          TEXT NOT NULL
);
CREATE INDEX review_log_card ON review_log(card_id, id);
CREATE INDEX review_log_time ON review_log(reviewed_at, state_before, rating);  -- covering for stats

CREATE TRIGGER review_log_no_update BEFORE UPDATE ON review_log
BEGIN
    SELECT RAISE(ABORT, 'the review log is append-only');
END;

CREATE TRIGGER review_log_only_last_deleted BEFORE DELETE ON review_log
WHEN OLD.id != (SELECT max(id) FROM review_log)
BEGIN
    SELECT RAISE(ABORT, 'only the last answer can be undone');
END;

-- Review-side settings stored with the data, one JSON document per name ('parameters':
-- the FSRS parameters fitted by optimize).
CREATE TABLE deck_settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
"""

# Every answer gets an identity of its own, `uid`, so that two answers to one card in the same
# second (Again, and the card came straight back) stay two answers through a YAML export and a
# merge. A time with more digits would not do: times compare as text, and '...:00.5Z' sorts
# before '...:00Z'. A per-card sequence number would not either: a merge that interleaves two
# machines' answers renumbers them, and two machines give the same number to different answers.
# New answers get 16 random hex digits. Answers logged before this had none; theirs is made
# from what identified them until now, their time and rating, with the occurrence among the
# card's answers of that time and rating: '2026-01-01T10:00:00Z/1/2'. An export written before
# this gets the same ids on import (reader.exports.restore), so both copies of a review match.
#
# A hand-written card had the same trouble: it was known by kind, front and creation time, so
# two cards added with one front in one second made a backup that refused itself (and an edited
# front made a second card on a merge). It now has a `uid` too (NULL for generated cards, known
# by their source_key), set when it is added; old ones get '<created>/<occurrence>' the same way.
#
# A merge that brings in answers older than a card's newest one rewrites that card's log in time
# order, replaying it through FSRS so that every row's *_before columns (what undo restores) and
# the card's state agree with the log. The log stays append-only otherwise: rows of a card may be
# deleted (only inside the merge's transaction, see decks.reviews.rewrite_log) while that card is
# listed in review_log_rewrites; the table is empty outside that transaction.
SCHEMA_2 = """
CREATE TABLE review_log_v2 (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    card_id            INTEGER NOT NULL REFERENCES cards(id),
    uid                TEXT NOT NULL DEFAULT (lower(hex(randomblob(8)))),
    rating             INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
    reviewed_at        TEXT NOT NULL,
    duration_ms        INTEGER,
    state_before       TEXT NOT NULL
                       CHECK (state_before IN ('new', 'learning', 'review', 'relearning')),
    step_before        INTEGER,
    stability_before   REAL,
    difficulty_before  REAL,
    due_before         TEXT,
    last_review_before TEXT,
    state_after        TEXT NOT NULL
                       CHECK (state_after IN ('learning', 'review', 'relearning')),
    due_after          TEXT NOT NULL,
    UNIQUE (card_id, uid)
);
-- ids are never reused (an undo names the row it takes back): carry the counter over
INSERT INTO sqlite_sequence (name, seq)
    SELECT 'review_log_v2', seq FROM sqlite_sequence WHERE name = 'review_log';
INSERT INTO review_log_v2 (id, card_id, uid, rating, reviewed_at, duration_ms, state_before,
                           step_before, stability_before, difficulty_before, due_before,
                           last_review_before, state_after, due_after)
    SELECT id, card_id,
           reviewed_at || '/' || rating || '/' ||
               row_number() OVER (PARTITION BY card_id, reviewed_at, rating ORDER BY id),
           rating, reviewed_at, duration_ms, state_before, step_before, stability_before,
           difficulty_before, due_before, last_review_before, state_after, due_after
    FROM review_log;
DROP TABLE review_log;
ALTER TABLE review_log_v2 RENAME TO review_log;
CREATE INDEX review_log_card ON review_log(card_id, id);
CREATE INDEX review_log_time ON review_log(reviewed_at, state_before, rating);  -- covering for stats

ALTER TABLE cards ADD COLUMN uid TEXT;  -- hand-written cards only
UPDATE cards SET uid = (
    SELECT h.created || '/' || h.n FROM (
        SELECT id, created, row_number() OVER (PARTITION BY created ORDER BY id) AS n
        FROM cards WHERE source_key IS NULL) AS h
    WHERE h.id = cards.id)
    WHERE source_key IS NULL;
CREATE UNIQUE INDEX cards_uid ON cards(uid) WHERE uid IS NOT NULL;
CREATE TRIGGER cards_hand_uid AFTER INSERT ON cards
WHEN NEW.source_key IS NULL AND NEW.uid IS NULL
BEGIN
    UPDATE cards SET uid = lower(hex(randomblob(8))) WHERE id = NEW.id;
END;

CREATE TABLE review_log_rewrites (
    card_id INTEGER PRIMARY KEY
);

CREATE TRIGGER review_log_no_update BEFORE UPDATE ON review_log
BEGIN
    SELECT RAISE(ABORT, 'the review log is append-only');
END;

CREATE TRIGGER review_log_only_last_deleted BEFORE DELETE ON review_log
WHEN OLD.id != (SELECT max(id) FROM review_log)
    AND OLD.card_id NOT IN (SELECT card_id FROM review_log_rewrites)
BEGIN
    SELECT RAISE(ABORT, 'only the last answer can be undone');
END;
"""

# Recall from memory and cards managed by hand.
# - review_log.typed: what the user typed from memory before the answer was shown (NULL when
#   they did not type). Written with the answer; the log stays append-only.
# - cards.forgotten_at: when the card was last sent back to new by hand. Its answers stay in the
#   log (the stats count them); the card's state is rebuilt from the answers after this time.
# - cards.due_set_at: when a due date was last set by hand. The state rebuilt from the log keeps
#   the stored due while no answer came after it.
# - cards.deleted_at: when a hand-written card was deleted. The row stays (suspended) so that
#   its answers keep their card in the log, for the stats; listings and the queue leave it out.
SCHEMA_3 = """
ALTER TABLE review_log ADD COLUMN typed TEXT;
ALTER TABLE cards ADD COLUMN forgotten_at TEXT;
ALTER TABLE cards ADD COLUMN due_set_at TEXT;
ALTER TABLE cards ADD COLUMN deleted_at TEXT;
-- the queue asks, for each new card with siblings, whether one of them has been studied
CREATE INDEX cards_sibling ON cards(sibling_key, state) WHERE sibling_key IS NOT NULL;
"""
