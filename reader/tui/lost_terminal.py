"""When the terminal goes away, the TUI saves and is gone within a bounded time.

A terminal window closed, an SSH connection dropped, `tmux kill-server`: the TUI gets SIGHUP,
its writes fail (EIO) and its terminal reports a hang-up. Textual 8.2.8's writer thread dies on
the first failed write, and its bounded queue (30 writes) then blocks whoever writes next, the
app's own shutdown included (`LinuxDriver.close` -> `WriterThread.stop` -> `Queue.put`;
Textualize/textual #6692, open): a TUI without a terminal, holding the library open, for good.
Worse, the kernel sends SIGCONT with the SIGHUP, and Textual answers SIGCONT by starting
application mode again: a second writer, dead at its first write.

So, for a real run (`Driver`, chosen by the app when it handles signals):
- `TerminalWriter` replaces Textual's writer: a write that fails marks the terminal lost and
  tells the app; every later write is dropped and the thread keeps emptying its queue, so no
  write ever blocks;
- SIGCONT resumes only after a stop of our own (ctrl+z), not with a hang-up;
- `ExitGuard` watches the terminal for a hang-up (poll) and, once armed (terminal lost, or a
  stop signal), ends the process itself if it is still there when its time is up: after the
  app's save, with the database closed, by `os._exit`, whatever Textual's shutdown is doing.
  The app meanwhile saves and quits the normal way, which is what happens nearly always.
"""

from __future__ import annotations

import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable

from textual.drivers import linux_driver
from textual.drivers._writer_thread import WriterThread

LOST_S = 2.0    # from a lost terminal to the process ended, at the latest (then SAVE_S more)
STOP_S = 10.0   # from SIGTERM with a live terminal: Textual gives the terminal back meanwhile
SAVE_S = 0.5    # a save still under way when the time is up is given this much more


class TerminalWriter(WriterThread):
    """Textual's writer thread, except that a terminal that refuses a write is lost: `lost()`
    is called once, and from then on writes are dropped instead of queued or written."""

    def __init__(self, file, lost: Callable[[], None]) -> None:
        super().__init__(file)
        self._lost = lost
        self.is_lost = False

    def write(self, text: str) -> None:
        if not self.is_lost:
            super().write(text)

    def run(self) -> None:
        while True:
            text = self._queue.get()
            if text is None:
                break
            if self.is_lost:
                continue  # keep emptying the queue: a writer blocked on it goes on
            try:
                self._file.write(text)
                if self._queue.qsize() == 0:
                    self._file.flush()
            except (OSError, ValueError):  # EIO, EPIPE, or a file closed under us
                self.is_lost = True
                self._lost()
        if not self.is_lost:
            try:
                self._file.flush()
            except (OSError, ValueError):
                pass


class Driver(linux_driver.LinuxDriver):
    """Textual's Linux driver with `TerminalWriter` and a SIGCONT that only undoes ctrl+z.
    The app it drives has `terminal_lost()`."""

    _stopped_by_us = False

    def start_application_mode(self) -> None:
        # Textual builds its writer from the module's name `WriterThread`: ours, for this call.
        stock = linux_driver.WriterThread
        linux_driver.WriterThread = lambda file: TerminalWriter(file, self._app.terminal_lost)
        try:
            super().start_application_mode()
        finally:
            linux_driver.WriterThread = stock

    def _sigtstp_application(self, *args) -> None:
        self._stopped_by_us = True
        super()._sigtstp_application(*args)

    def _sigcont_application(self, *args) -> None:
        if self._stopped_by_us:
            self._stopped_by_us = False
            super()._sigcont_application(*args)


class ExitGuard:
    """A daemon thread that notices the terminal hanging up (it calls `lost`) and, once armed,
    ends the process at its deadline: waits up to SAVE_S for `saved()`, calls `close`, then
    `os._exit` with the code it was armed with."""

    def __init__(self, tty: int, *, lost: Callable[[], None], close: Callable[[], None]) -> None:
        self._tty = tty
        self._lost = lost
        self._close = close
        self._deadline: float | None = None
        self._code = 1
        self._saved = threading.Event()
        self._wake_read, self._wake_write = os.pipe()
        os.set_blocking(self._wake_write, False)
        self._thread = threading.Thread(target=self._run, name="exit-guard", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def arm(self, code: int, within: float) -> None:
        """End the process with `code` `within` seconds from now (an earlier deadline already
        set stays). Safe from a signal handler and from any thread."""
        deadline = time.monotonic() + within
        if self._deadline is None or deadline < self._deadline:
            self._deadline, self._code = deadline, code
        try:
            os.write(self._wake_write, b"!")
        except OSError:  # the pipe is full: the guard has been woken already
            pass

    def stop_signal(self, signum: int) -> None:
        """Armed by SIGHUP (the terminal is gone: LOST_S) or SIGTERM (STOP_S), exit 128+signum."""
        self.arm(128 + signum, LOST_S if signum == signal.SIGHUP else STOP_S)

    def saved(self) -> None:
        """What had to be saved is saved."""
        self._saved.set()

    def _run(self) -> None:
        poller = select.poll()
        poller.register(self._tty, 0)  # hang-up and error are always reported
        poller.register(self._wake_read, select.POLLIN)
        while True:
            deadline = self._deadline
            if deadline is not None and time.monotonic() >= deadline:
                break
            wait_ms = None if deadline is None else max(1, int((deadline - time.monotonic()) * 1000))
            for fd, events in poller.poll(wait_ms):
                if fd == self._wake_read:
                    os.read(self._wake_read, 512)
                elif events & (select.POLLHUP | select.POLLERR | select.POLLNVAL):
                    poller.unregister(self._tty)
                    self._lost()
        self._saved.wait(SAVE_S)
        try:
            self._close()
        finally:
            os._exit(self._code)


def guard(app) -> ExitGuard:
    """The running guard of a real run of `app` (which has `terminal_lost` and
    `close_library`), on the terminal Textual reads."""
    exit_guard = ExitGuard(sys.__stdin__.fileno(), lost=app.terminal_lost, close=app.close_library)
    exit_guard.start()
    return exit_guard
