"""Where paperdeck keeps its files.

`PAPERDECK_HOME=DIR` puts everything (database, PDFs, config, backups) under DIR; otherwise the
platform's user data and config folders are used.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

APP = "paperdeck"


@dataclass(frozen=True)
class Paths:
    data: Path
    config_dir: Path

    @property
    def db(self) -> Path:
        return self.data / "paperdeck.db"

    @property
    def papers(self) -> Path:
        return self.data / "papers"

    @property
    def backups(self) -> Path:
        return self.data / "backups"

    @property
    def config(self) -> Path:
        return self.config_dir / "config.yaml"

    def pdf_for(self, paper_id: str) -> Path:
        return self.papers / (safe_filename(paper_id) + ".pdf")


def safe_filename(paper_id: str) -> str:
    """`hep-th/9901001` -> `hep-th_9901001`; `local:abc` -> `local_abc`."""
    return re.sub(r"[^A-Za-z0-9.\-]", "_", paper_id)


def resolve(home: str | os.PathLike[str] | None = None) -> Paths:
    """The paths in use: an explicit home, else $PAPERDECK_HOME, else the platform's folders."""
    home = home or os.environ.get("PAPERDECK_HOME")
    if home:
        root = Path(home).expanduser()
        return Paths(data=root, config_dir=root)
    import platformdirs  # only when no home is given: keeps start-up light

    return Paths(
        data=Path(platformdirs.user_data_dir(APP)),
        config_dir=Path(platformdirs.user_config_dir(APP)),
    )
