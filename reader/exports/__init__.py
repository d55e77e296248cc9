"""Interop: what paperdeck writes for other tools and reads back.

One concept per module: `latex` (escaping text for BibTeX), `bibtex` (entries, names, journal
references), `citekeys` (citation keys, stored once given out), `markdown` (one note file per paper), `anki` (.apkg decks), `safeyaml` (size-capped,
safe YAML reading), `snapshot` (the full YAML backup: export, validation, restore).
Core modules: none imports textual or rich.
"""
