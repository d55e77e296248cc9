"""What a paper says: the document model and its layout, sentences and places, full-text search,
fuzzy matching, references, text made safe; pdf/ reads a PDF's pages, html/ arXiv's LaTeXML HTML.

May import the top-level vocabulary and store/ only (text is cached in the database)."""
