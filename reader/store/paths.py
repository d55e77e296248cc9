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
    """A file name for a paper, one-to-one: `hep-th/9901001` -> `hep-th_9901001`,
    `local:0548…` -> `local_0548…`, `1211.3711` as it is (the names libraries already hold).

    Only library keys (reader.ids) are named that way: `_` cannot appear in one, so no two keys
    share a name. Anything else (an id an older import let in, like `hep-th_9901001`) gets a
    name of its own that no key can have: `_` and a digest of the id."""
    from reader.ids import is_library_key

    if is_library_key(paper_id):
        return re.sub(r"[/:]", "_", paper_id)
    import hashlib  # here, not at the top: every command resolves the paths, few need this

    return "_" + hashlib.sha256(paper_id.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def resolve(home: str | os.PathLike[str] | None = None) -> Paths:
    """The paths in use: an explicit home, else $PAPERDECK_HOME, else the platform's folders."""
    home = home or os.environ.get("PAPERDECK_HOME")
    if home:
        root = Path(home).expanduser()
        if root.exists() and not root.is_dir():
            from reader.errors import UsageError

            raise UsageError(f"PAPERDECK_HOME={str(home)!r} is a file, not a folder; point it "
                             "at a folder (one that does not exist yet is made)")
        return Paths(data=root, config_dir=root)
    import platformdirs  # only when no home is given: keeps start-up light

    return Paths(
        data=Path(platformdirs.user_data_dir(APP)),
        config_dir=Path(platformdirs.user_config_dir(APP)),
    )
