"""paperdeck's paper side: arXiv import, PDF text, the library, passes, notes, cards, CLI and TUI."""

__version__ = "0.1.0"
