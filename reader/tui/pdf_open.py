"""Open a paper's PDF in the system viewer, detached (the TUI keeps running)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from ..models import Paper


def pdf_path(data_dir: Path, paper: Paper) -> Path | None:
    """The paper's PDF on disk, or None."""
    if paper.pdf_status != "ok" or not paper.pdf_path:
        return None
    path = data_dir / paper.pdf_path
    return path if path.is_file() else None


def viewer_command() -> list[str] | None:
    if sys.platform == "darwin":
        return ["open"]
    if sys.platform.startswith("win"):
        return None
    opener = shutil.which("xdg-open")
    return [opener] if opener else None


def open_pdf(app, paper: Paper) -> bool:
    """Start the viewer on the paper's PDF; a notification says what happened or what to do."""
    path = pdf_path(app.paths.data, paper)
    if path is None:
        app.notify(f"No PDF for {paper.id}; download it with: paperdeck add {paper.id}",
                   severity="warning", markup=False)
        return False
    if sys.platform.startswith("win"):
        import os

        os.startfile(path)  # type: ignore[attr-defined]
        return True
    command = viewer_command()
    if command is None:
        app.notify(f"No PDF viewer found (xdg-open); the file is {path}", severity="warning", markup=False)
        return False
    try:
        subprocess.Popen([*command, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError as e:
        app.notify(f"Could not start the PDF viewer: {e}", severity="error", markup=False)
        return False
    app.notify(f"Opening {path.name} …", timeout=3, markup=False)
    return True
