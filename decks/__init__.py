"""paperdeck's review side: cards, FSRS scheduling, the review log, the daily queue, stats.

A small library of its own. It never imports `reader`: a card knows its source only as an opaque
key and a context line. Every function takes an open `sqlite3.Connection` (autocommit mode,
`isolation_level=None`) and does its writes inside `decks.db.transaction`.
"""
