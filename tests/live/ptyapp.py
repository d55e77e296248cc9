"""paperdeck's TUI in a real child process on a real pseudo-terminal, for tests that need what
a Pilot cannot give: signals, a closed terminal, kill -9, two processes typing at once.

The child is a session leader with the pty as its controlling terminal, so closing our end is
exactly a terminal window closed: the kernel sends it SIGHUP.
"""

from __future__ import annotations

import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

from tests.waiting import WAIT_S

ROOT = Path(__file__).resolve().parents[2]


def _controlling_tty() -> None:  # runs in the child before exec
    os.setsid()
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyApp:
    """`controlling=False`: the pty is the child's terminal but not its controlling one, so
    closing it sends no SIGHUP (a terminal lost with no signal: only EIO and a hang-up)."""

    def __init__(self, home: Path, *args: str, cols: int = 100, rows: int = 30,
                 env: dict | None = None, controlling: bool = True) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        child_env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERDECK_")}
        child_env.update(PAPERDECK_HOME=str(home), TERM="xterm-256color", PYTHONPATH=str(ROOT),
                         COLUMNS=str(cols), LINES=str(rows), **(env or {}))
        self.proc = subprocess.Popen([sys.executable, "-m", "reader.cli", *args], stdin=slave,
                                     stdout=slave, stderr=slave, env=child_env, cwd=ROOT,
                                     preexec_fn=_controlling_tty if controlling else os.setsid,
                                     close_fds=True)
        self._slave_name = os.ttyname(slave)
        os.close(slave)
        self.master: int | None = master
        self.output = bytearray()
        self._lock = threading.Lock()
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while self.master is not None:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self.output += data

    def seen(self, text: str) -> bool:
        with self._lock:
            return text.encode() in self.output

    def wait_for(self, text: str, timeout: float = WAIT_S) -> None:
        deadline = time.monotonic() + timeout
        while not self.seen(text):
            if time.monotonic() > deadline or self.proc.poll() is not None:
                tail = bytes(self.output[-600:])
                raise AssertionError(f"{text!r} never appeared; exit {self.proc.poll()}; "
                                     f"last output {tail!r}")
            time.sleep(0.05)

    def mark(self) -> int:
        with self._lock:
            return len(self.output)

    def wait_for_after(self, mark: int, text: str, timeout: float = WAIT_S) -> None:
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if text.encode() in self.output[mark:]:
                    return
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError(f"{text!r} never appeared after {mark}")
            time.sleep(0.05)

    def send(self, keys: str | bytes) -> None:
        assert self.master is not None
        os.write(self.master, keys.encode() if isinstance(keys, str) else keys)

    def type_slowly(self, words: list[str], every: float) -> None:
        for w in words:
            self.send(w)
            time.sleep(every)

    def stop_output(self) -> None:
        """The terminal stops taking output (ctrl+s, a stalled connection): the app's writes
        to it block, as a stopped tty's do."""
        fd = os.open(self._slave_name, os.O_RDWR | os.O_NOCTTY)
        try:
            termios.tcflow(fd, termios.TCOOFF)
        finally:
            os.close(fd)

    def close_terminal(self) -> None:
        """The terminal window closes: our end of the pty goes away."""
        master, self.master = self.master, None
        if master is not None:
            os.close(master)

    def kill(self, sig: int) -> None:
        self.proc.send_signal(sig)

    def wait(self, timeout: float = 15.0) -> int:
        return self.proc.wait(timeout=timeout)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.close_terminal()

    def __enter__(self) -> "PtyApp":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
