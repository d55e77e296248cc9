"""Downloading PDFs: streamed to a `.part` file beside the target, checked, then renamed into
place, so a cut-off download never leaves a partial PDF where a whole one is expected."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .errors import PaperdeckError

CHUNK = 1 << 16


class DownloadFailed(PaperdeckError):
    pass


def download(url: str, dest: Path, timeout: float = 60.0, cancel: threading.Event | None = None) -> Path:
    """Fetch `url` to `dest` atomically; raise DownloadFailed with the reason. Setting `cancel`
    stops the download between chunks (nothing is left behind)."""
    import requests

    dest.parent.mkdir(parents=True, exist_ok=True)
    part = dest.with_name(dest.name + ".part")
    try:
        with requests.get(url, stream=True, timeout=timeout) as resp:
            if resp.status_code != 200:
                raise DownloadFailed(f"HTTP {resp.status_code} from {url}")
            expected = resp.headers.get("Content-Length")
            size = 0
            with open(part, "wb") as out:
                for chunk in resp.iter_content(CHUNK):
                    if cancel is not None and cancel.is_set():
                        raise DownloadFailed(f"cancelled while fetching {url}")
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
        if expected is not None and size != int(expected):
            raise DownloadFailed(f"download cut off after {size} of {expected} bytes from {url}")
        with open(part, "rb") as f:
            if f.read(5) != b"%PDF-":
                raise DownloadFailed(f"{url} did not return a PDF")
        os.replace(part, dest)
        return dest
    except requests.exceptions.RequestException as e:
        raise DownloadFailed(f"{type(e).__name__} while fetching {url}") from None
    except OSError as e:
        raise DownloadFailed(f"cannot write {dest}: {e.strerror or e}") from None
    finally:
        part.unlink(missing_ok=True)
