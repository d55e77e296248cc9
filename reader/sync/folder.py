"""Which folder a sync goes through: the one given, else `sync.folder` from the config. The same
rules for the CLI (`paperdeck sync`) and the TUI's palette: made when its parent exists, never a
file, never inside the library's own folder (a sync tool would carry the live database)."""

from __future__ import annotations

from pathlib import Path

from reader.errors import UsageError

__all__ = ["choose"]


def choose(given: str | None, configured: str | None, data: Path, config_file: Path) -> Path:
    """The sync folder, made if need be; UsageError (one line) when there is none to use."""
    chosen = given or configured
    if not chosen:
        raise UsageError("no sync folder: give one (paperdeck sync DIR) or set sync.folder in "
                         f"{config_file}")
    folder = Path(chosen).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is not a folder; give the folder to sync through")
    if not folder.exists():
        if not folder.parent.is_dir():
            raise UsageError(f"{folder} does not exist, nor does its parent; make the folder first")
        folder.mkdir()
    home = data.resolve()
    if folder.resolve() == home or home in folder.resolve().parents:
        raise UsageError(f"{folder} is inside the library's own folder {home}; sync through a "
                         "folder of its own")
    return folder
