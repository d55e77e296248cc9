"""Whether a paper's PDF is on this computer: one answer, from the file on disk, for every face
(`show`, the Paper screen, the reading screen, opening the PDF, reading its text).

A paper's `pdf_status` says what the last download did, not what is there now: a library copied
or upgraded without its papers/ folder, a file deleted by hand or a YAML restore leave "ok"
beside no file, and a failed re-download leaves "missing" beside the file it kept. So the file
decides whether the PDF is there; the status only says why it is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

GONE = "gone"              # it was downloaded (or added) and the file is no longer there
FAILED = "failed"          # the last download failed
NOT_FETCHED = "not fetched"  # never downloaded (`add --no-pdf`, a list imported without PDFs)


@dataclass(frozen=True)
class PdfState:
    path: Path | None   # the file, when it is on disk
    why: str = ""       # when it is not: GONE, FAILED or NOT_FETCHED

    @property
    def present(self) -> bool:
        return self.path is not None

    @property
    def reason(self) -> str:
        """Why there is no PDF, in a few words ("" when there is one)."""
        return {GONE: "the file is gone", FAILED: "the download failed",
                NOT_FETCHED: "not downloaded"}.get(self.why, "")


def pdf_state(data_dir: Path, paper) -> PdfState:
    """The PDF of `paper` (anything with `pdf_path` and `pdf_status`) under `data_dir`."""
    if paper.pdf_path:
        path = data_dir / paper.pdf_path
        if path.is_file():
            return PdfState(path)
    status = getattr(paper, "pdf_status", None)
    if status == "ok" or (paper.pdf_path and status != "missing"):
        return PdfState(None, GONE)
    return PdfState(None, FAILED if status == "missing" else NOT_FETCHED)
