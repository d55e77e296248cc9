"""Numbered schema migrations: `mNNNN_name.py`, each with a module-level `SQL` script.

A released migration never changes; a schema change is a new file with the next number. The
database's `PRAGMA user_version` is the number of the last one applied (see `reader.store.db.migrate`).
"""
