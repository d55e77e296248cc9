"""What a paper says: PDF text, full-text search, fuzzy matching, references, text made safe.

May import the top-level vocabulary and store/ only (text is cached in the database)."""
