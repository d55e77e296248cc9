"""What every command needs, opened on first use: paths, configuration, the database, arXiv."""

from __future__ import annotations

import sqlite3
from functools import cached_property
from pathlib import Path

from reader.store import paths as paths_mod
from reader.config import Config, load
from reader.cli.output import err


class Context:
    def __init__(self, home: str | None = None):
        self._home = home

    @cached_property
    def paths(self) -> paths_mod.Paths:
        return paths_mod.resolve(self._home)

    @cached_property
    def config(self) -> Config:
        config = load(self.paths)
        for warning in config.warnings:
            err(f"paperdeck: warning: {warning}")
        return config

    @cached_property
    def conn(self) -> sqlite3.Connection:
        from reader.config import backup_keep
        from reader.store.db import ReadOnlyConnection, open_library

        conn = open_library(self.paths, keep_backups=backup_keep(self.paths))
        if isinstance(conn, ReadOnlyConnection):   # a full disk: reading still works
            err(f"paperdeck: warning: {conn.why}")
        return conn

    @cached_property
    def arxiv(self):
        from reader.arxiv.api import Settings, client_for

        return client_for(Settings.from_config(self.config))

    def close(self) -> None:
        if "conn" in self.__dict__:
            self.conn.close()

    def log_crash(self) -> Path:
        """Write the traceback of an unexpected error to a log file; return its path."""
        import traceback  # here: only a crash needs it

        from reader.store import crashlog

        try:
            return crashlog.append(self.paths.data, traceback.format_exc())
        except crashlog.NoLog as e:
            return Path(f"(no log: {e})")
        except Exception:  # noqa: BLE001 - the last guard must not raise
            return Path("(no log: the data folder is not writable)")
