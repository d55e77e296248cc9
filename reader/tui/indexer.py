"""The TUI's background reader of PDF text: after an import, the text of every paper not read
yet is extracted in a child process (reader/tui/index_proc.py), so `find`, the References tab
and "cited by" need no opening first. One child at a time; a start while one runs asks for
another round when it ends (papers imported meanwhile). Quitting the app kills the child; what
it read is kept.
"""

from __future__ import annotations

import subprocess
import sys
import threading

from textual.signal import Signal


class Indexer:
    def __init__(self, app) -> None:
        self.app = app
        # Published (on the app's thread) with a paper's id once its text is read.
        self.text_read: Signal[str] = Signal(app, "text-read")
        self._lock = threading.Lock()
        self._child: subprocess.Popen | None = None
        self._running = False
        self._again = False
        self._stopped = False
        self.done = 0
        self.total = 0

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        """Read every paper's text not read yet (from the app's thread)."""
        with self._lock:
            if self._stopped:
                return
            if self._running:
                self._again = True
                return
            self._running = True
        self.app.run_worker(self._run, thread=True, group="index", exit_on_error=False)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            child = self._child
        if child is not None and child.poll() is None:
            child.kill()

    def _run(self) -> None:
        from reader import clock

        app = self.app
        while True:
            command = [sys.executable, "-m", "reader.tui.index_proc", str(app.paths.data),
                       str(app.paths.config_dir), clock.iso(app.now())]
            try:
                child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, text=True,
                                         start_new_session=True)
            except OSError:
                break
            with self._lock:
                self._child = child
                if self._stopped:
                    child.kill()
            try:
                for line in child.stdout:
                    self._line(line.rstrip("\n"))
            finally:
                child.stdout.close()
                child.wait()
            with self._lock:
                self._child = None
                again, self._again = self._again, False
                if not again or self._stopped:
                    self._running = False
                    break
        if self.done and not self._stopped:
            n = self.done
            self._call(lambda: self._tell(
                f"The text of {n} paper{'s' if n != 1 else ''} is read: find and refs see "
                f"{'them' if n != 1 else 'it'}."))
        self.done = 0

    def _tell(self, text: str) -> None:
        screen = self.app.screen
        if getattr(screen, "SHOWS_IMPORTS", False):
            screen.note(text)  # the Add screen's log: no toast over its results
        else:
            self.app.notify(text, title="Text read", timeout=4)

    def _line(self, line: str) -> None:
        kind, _, rest = line.partition(" ")
        if kind == "todo" and rest.isdigit():
            self.total += int(rest)
        elif kind == "done" and rest:
            self.done += 1
            self._call(lambda: self.text_read.publish(rest))

    def _call(self, callback) -> None:
        try:
            self.app.call_from_thread(callback)
        except RuntimeError:
            pass  # the app has stopped meanwhile
