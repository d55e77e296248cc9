"""Storage: the SQLite database and its migrations, backups, the files paperdeck writes safely, drafts.

May import the top-level vocabulary (errors, models, ids, clock) only; settings come in as values."""
