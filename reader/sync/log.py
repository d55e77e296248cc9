"""Each device's own append-only change log in the folder: `devices/<device>/<YYYY-MM>.jsonl`.

One change a line, as compact JSON: `{"h": stamp, "i": n, "k": key, "v": value, "b": base}` —
the stamp (`hlc`) of the sync that wrote it and its number within that sync make its unique id
(`<stamp>/<n>`); `k` is the cell (a list: `["p", "1211.3711", "tag", "rnn"]`), `v` its new value
(absent: removed, a tombstone), `b` the text a note field's edit started from. A device writes
only its own files, so two devices never write one file and a transport never sees a conflict.

Reading everyone's files goes on from where the last sync stopped (byte offsets kept in the
library). A file a transport has only half copied may end in a cut-off line: only whole lines
are read, the rest is left for the next sync, never an error and never read as a change. A
line that is whole but not a change (a damaged copy) is skipped and counted.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

__all__ = ["Change", "append", "read_new", "month_file", "DEVICES"]

DEVICES = "devices"
_JSON = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_DECODE = json.JSONDecoder().raw_decode
MAX_LINE = 64 * 1024 * 1024     # bytes: a line over this is no change of ours


@dataclass(frozen=True, slots=True)
class Change:
    hlc: str
    n: int
    key: tuple
    value: Any = None
    removed: bool = False
    base: Any = None

    @property
    def id(self) -> str:
        return f"{self.hlc}/{self.n}"

    def line(self, key: str | None = None, value: str | None = None) -> str:
        """The change as a line of the log; `key`, `value`: their JSON when made already."""
        out = ['{"h":', _JSON.encode(self.hlc), ',"i":', str(self.n), ',"k":',
               key if key is not None else _JSON.encode(list(self.key))]
        if not self.removed:
            out += (',"v":', value if value is not None else _JSON.encode(self.value))
        if self.base is not None:
            out += (',"b":', _JSON.encode(self.base))
        out.append("}\n")
        return "".join(out)


def parse_line(raw: bytes) -> Change | None:
    try:
        text = raw.decode("utf-8").lstrip()
        d, end = _DECODE(text)      # no whitespace to skip first, as json.loads does
        if text[end:].strip() or not isinstance(d, dict):
            return None
        key = tuple(d["k"])
        if not isinstance(d["h"], str) or not isinstance(d["i"], int) or not key:
            return None
        return Change(d["h"], d["i"], key, d.get("v"), "v" not in d, d.get("b"))
    except (ValueError, KeyError, TypeError):   # UnicodeDecodeError is a ValueError
        return None


def month_file(folder: Path, device: str, month: str) -> Path:
    return folder / DEVICES / device / f"{month}.jsonl"


def append(path: Path, lines: Iterable[str]) -> int:
    """Append `lines` (changes as `Change.line` makes them) to this device's `path`, flushed
    to disk; the bytes written. A cut-off last line left by a crash of an earlier write is cut
    away first, so no line runs into it (nobody read it: readers take whole lines only, and the
    library did not record it). Written a few megabytes at a time (a first sync writes
    hundreds)."""
    fd = None
    written = 0
    try:
        for chunk in _chunks(lines):
            if fd is None:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
                size = os.fstat(fd).st_size
                if size:
                    os.lseek(fd, max(0, size - 1), os.SEEK_SET)
                    if os.read(fd, 1) != b"\n":
                        os.ftruncate(fd, _last_newline(fd, size))
                os.lseek(fd, 0, os.SEEK_END)
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view):]
            written += len(chunk)
        if fd is not None:
            os.fsync(fd)
    finally:
        if fd is not None:
            os.close(fd)
    return written


def _chunks(lines: Iterable[str], size: int = 4 << 20) -> Iterator[bytes]:
    batch, n = [], 0
    for line in lines:
        batch.append(line)
        n += len(line)
        if n >= size:
            yield "".join(batch).encode("utf-8")
            batch, n = [], 0
    if batch:
        yield "".join(batch).encode("utf-8")


def _last_newline(fd: int, size: int) -> int:
    pos = size
    while pos > 0:
        start = max(0, pos - 65536)
        os.lseek(fd, start, os.SEEK_SET)
        chunk = os.read(fd, pos - start)
        i = chunk.rfind(b"\n")
        if i >= 0:
            return start + i + 1
        pos = start
    return 0


def files(folder: Path) -> list[tuple[str, Path]]:
    """(device, file) of every log in the folder, in a stable order."""
    root = folder / DEVICES
    if not root.is_dir():
        return []
    found = []
    for dev in sorted(root.iterdir()):
        if dev.is_dir() and not dev.is_symlink():
            for f in sorted(dev.glob("*.jsonl")):
                if f.is_file() and not f.is_symlink():
                    found.append((dev.name, f))
    return found


def read_new(path: Path, offset: int) -> tuple[Iterator[Change], list[int]]:
    """The whole lines of `path` after byte `offset` as changes, and [the offset after the last
    whole line, lines skipped] once the iterator is spent. A file shorter than `offset` (an
    older copy put back) is read again from its start: a change read twice changes nothing."""
    progress = [offset, 0]

    def gen() -> Iterator[Change]:
        try:
            size = path.stat().st_size
        except OSError:
            return
        start = offset if offset <= size else 0
        progress[0] = start
        with open(path, "rb") as f:
            f.seek(start)
            pos = start
            for raw in f:
                if not raw.endswith(b"\n"):
                    break          # cut off (still being copied): left for the next sync
                pos += len(raw)
                change = parse_line(raw) if len(raw) <= MAX_LINE else None
                if change is None:
                    if raw.strip():
                        progress[1] += 1
                else:
                    yield change
                progress[0] = pos
            progress[0] = pos

    return gen(), progress
