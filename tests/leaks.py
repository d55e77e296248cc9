"""The processes a test leaves running, for the autouse fixture in tests/conftest.py.

Two kinds: the test run's descendants (read from /proc: psutil is not a dependency), and the
processes that left the tree but belong to this run: a tmux server daemonizes, and a TUI whose
tmux died is reparented away; both name the run's temporary folder (`-S .../tmux.sock`,
`PAPERDECK_HOME=...`) in their command line or environment. Only processes started during the
test count, so one test's leftover is never blamed on the next.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
GRACE_S = 10.0   # a process still exiting when its test ends has this long to be gone


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    state: str
    started: int   # clock ticks since boot

    def describe(self) -> str:
        try:
            with open(f"/proc/{self.pid}/cmdline", "rb") as f:
                args = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            args = "?"
        return f"{self.pid}: {args[:300]}"


def _processes() -> dict[int, Proc]:
    found = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read().decode(errors="replace")
        except OSError:
            continue  # gone meanwhile
        fields = stat.rpartition(")")[2].split()   # after "pid (command)"
        found[int(name)] = Proc(int(name), int(fields[1]), fields[0], int(fields[19]))
    return found


def _descendants(root: int, procs: dict[int, Proc]) -> set[int]:
    children: dict[int, list[int]] = {}
    for p in procs.values():
        children.setdefault(p.ppid, []).append(p.pid)
    found, todo = set(), [root]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _names(pid: int, folder: bytes) -> bool:
    for part in ("cmdline", "environ"):
        try:
            with open(f"/proc/{pid}/{part}", "rb") as f:
                if folder in f.read():
                    return True
        except OSError:
            pass
    return False


def ticks_now() -> int:
    with open("/proc/uptime") as f:
        return int(float(f.read().split()[0]) * TICKS)


class Watch:
    """Started as a test starts; `left()` is what it started that still runs."""

    def __init__(self, folder: Path) -> None:
        self._folder = (str(folder).rstrip("/") + "/").encode()
        self._since = ticks_now() - 1
        self._before = _descendants(os.getpid(), _processes())

    def left(self) -> list[Proc]:
        procs = _processes()
        mine = _descendants(os.getpid(), procs)
        return [p for p in procs.values()
                if p.state not in ("Z", "X")            # exited (a zombie holds nothing)
                and (p.pid in mine and p.pid not in self._before
                     or p.pid not in mine and p.started >= self._since
                     and _names(p.pid, self._folder))]

    def left_after_grace(self) -> list[Proc]:
        deadline = time.monotonic() + GRACE_S
        while (left := self.left()) and time.monotonic() < deadline:
            time.sleep(0.1)
        return left


def kill(procs: list[Proc]) -> None:
    for p in procs:
        try:
            os.kill(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
