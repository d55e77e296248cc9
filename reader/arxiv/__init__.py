"""The outside source: arXiv's API and Atom feed, PDF downloads, HTTP under deadlines, reading lists.

May import the top-level vocabulary (errors, models, ids, clock), store/ and text/; never library/,
reading/, exports/, config, cli/ or tui/ (settings come in as values)."""
