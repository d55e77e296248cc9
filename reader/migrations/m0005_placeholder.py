"""Placeholder for the migration another branch adds (drop on merge)."""

SQL = ""
