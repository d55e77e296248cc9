"""Local PDFs in the folder: `files/<sha256>.pdf`, each once, whoever added it.

An arXiv paper's PDF and HTML are public: the other computer fetches them again (`paperdeck
index`, or on opening), so they are not carried. Page text and parsed models are rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from reader.store.paths import Paths

__all__ = ["local_files", "carry_out", "bring_in", "FILES"]

FILES = "files"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def local_files(conn: sqlite3.Connection, paths: Paths, known: dict[str, Any],
                papers: set[str] | None = None) -> dict[str, str]:
    """paper -> SHA-256 of its local PDF, for local papers whose file is here (of `papers`
    only, when given). `known` (paper -> the hash the last sync recorded) spares hashing a file
    again."""
    out = {}
    for pid, rel in conn.execute("SELECT id, pdf_path FROM papers WHERE id LIKE 'local:%' "
                                 "AND pdf_status = 'ok' AND pdf_path IS NOT NULL"):
        if papers is not None and pid not in papers:
            continue
        path = paths.data / rel
        if not path.is_file():
            continue
        out[pid] = known.get(pid) or _sha256(path)
    return out


def _copy(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as out, open(src, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def carry_out(folder: Path, paths: Paths, conn: sqlite3.Connection, shas: dict[str, str]) -> int:
    """Copy each local PDF into the folder unless it is there already; how many were copied."""
    n = 0
    for pid, sha in shas.items():
        dest = folder / FILES / f"{sha}.pdf"
        if dest.is_file():
            continue
        rel = conn.execute("SELECT pdf_path FROM papers WHERE id = ?", (pid,)).fetchone()[0]
        _copy(paths.data / rel, dest)
        n += 1
    return n


def bring_in(folder: Path, paths: Paths, conn: sqlite3.Connection, shas: dict[str, Any]) -> list[str]:
    """Give each local paper of the library that has no PDF its PDF from the folder (`shas`:
    paper -> the SHA-256 the merged library holds for it); the papers still waiting for theirs
    (not copied into the folder yet)."""
    waiting = []
    for pid, pdf_status in conn.execute("SELECT id, pdf_status FROM papers WHERE id LIKE 'local:%' "
                                        "AND pdf_status != 'ok'").fetchall():
        sha = shas.get(pid)
        if not isinstance(sha, str):
            continue
        src = folder / FILES / f"{sha}.pdf"
        if not src.is_file() or _sha256(src) != sha:
            waiting.append(pid)
            continue
        dest = paths.pdf_for(pid)
        _copy(src, dest)
        conn.execute("UPDATE papers SET pdf_path = ?, pdf_status = 'ok' WHERE id = ?",
                     (str(dest.relative_to(paths.data)), pid))
    return waiting
