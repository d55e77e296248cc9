"""arXiv's LaTeXML HTML read into the document model (reader.text.document): blocks, inline
runs, math made readable, and the kept page. May import reader.store and the top modules."""
