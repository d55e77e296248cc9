"""Reading: passes, notes, TODOs, cached PDF text and full-text search (issue: Reading)."""

SQL = """
"""
