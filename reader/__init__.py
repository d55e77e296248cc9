"""paperdeck's paper side: arXiv import, PDF text, the library, passes, notes, cards, CLI and TUI."""

# The release, written here only: pyproject.toml reads it (tool.setuptools.dynamic), and
# `paperdeck --version` prints it without reading package metadata (which costs start-up time).
__version__ = "0.2.0"
