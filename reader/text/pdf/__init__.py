"""A paper's PDF read: opened under a watchdog, its pages' text extracted, cleaned and cached,
its first page's title, authors and arXiv id. May import reader.store and the top modules."""
