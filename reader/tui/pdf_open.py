"""Open a paper's PDF in the system viewer, detached (the TUI keeps running).

When there is no viewer to start (no `xdg-open`, or no display to show one on: a terminal over
SSH) or the opener gives up (`xdg-open` exits non-zero when no application takes PDFs), the
notification says so and shows the file's path, to open by other means."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from reader.models import Paper
from reader.store.pdf_state import pdf_state

OPENER_WAIT_S = 5.0   # an opener still running by then has started a viewer
STAYS_S = 30          # a message with a path to copy stays this long


def pdf_path(data_dir: Path, paper: Paper) -> Path | None:
    """The paper's PDF on disk, or None (reader.store.pdf_state: the file decides)."""
    return pdf_state(data_dir, paper).path


def viewer_command(what: str = "PDF") -> tuple[list[str] | None, str]:
    """The command that opens a file in the system viewer, or None and why there is none."""
    if sys.platform == "darwin":
        return ["open"], ""
    if sys.platform.startswith("win"):
        return None, "no viewer command on this system"
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        # xdg-open would fall back to a text browser in this very terminal.
        return None, f"no display to show {'a PDF' if what == 'PDF' else 'an image'} viewer on"
    opener = shutil.which("xdg-open")
    return ([opener], "") if opener else (None, "xdg-open is not installed")


def open_pdf(app, paper: Paper) -> bool:
    """Start the viewer on the paper's PDF; a notification says what happened or what to do."""
    path = pdf_path(app.paths.data, paper)
    if path is None:
        app.notify(f"No PDF for {paper.id}; download it with: paperdeck add {paper.id}",
                   severity="warning", markup=False)
        return False
    return open_file(app, path)


def open_file(app, path: Path, what: str = "PDF") -> bool:
    """Start the system viewer on `path` (a PDF, a figure's image), detached."""
    if sys.platform.startswith("win"):
        os.startfile(path)  # type: ignore[attr-defined]
        return True
    command, why = viewer_command(what)
    if command is None:
        cannot_open(app, why, path, what)
        return False
    try:
        process = subprocess.Popen([*command, str(path)], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
    except OSError as e:
        cannot_open(app, f"{command[0]} did not start ({e.strerror or e})", path, what)
        return False
    app.notify(f"Opening {path.name} …", timeout=3, markup=False)
    # A daemon thread, not a worker: quitting never waits for it.
    threading.Thread(target=_watch, args=(app, process, Path(command[0]).name, path, what),
                     name="pdf-open", daemon=True).start()
    return True


def cannot_open(app, why: str, path: Path, what: str = "PDF") -> None:
    app.notify(f"Cannot open the {what} here: {why}. The file is {path}", title=what.capitalize()
               if what != "PDF" else what, severity="warning", timeout=STAYS_S, markup=False)


def _watch(app, process: subprocess.Popen, name: str, path: Path, what: str = "PDF") -> None:
    """In a worker: an opener that gives up does so at once (xdg-open: 'no method available');
    say so then. One still running after a few seconds has started a viewer."""
    try:
        code = process.wait(timeout=OPENER_WAIT_S)
    except subprocess.TimeoutExpired:
        return
    if code != 0:
        try:
            app.call_from_thread(cannot_open, app, f"{name} found no application for it "
                                 f"(exit {code})", path, what)
        except RuntimeError:
            pass  # the app has quit meanwhile
