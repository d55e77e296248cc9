"""Opening a PDF with pypdf under a watchdog: a time limit on opening and on each page, and a
cancel switch, since pypdf can spin for minutes on a hostile file; its errors told in words."""

from __future__ import annotations

import ctypes
import logging
import threading
import time
import warnings
from pathlib import Path

OPEN_TIMEOUT_S = 30.0       # opening and counting pages

# pypdf reports what it repairs through logging and warnings; a user needs none of it.
logging.getLogger("pypdf").addHandler(logging.NullHandler())
logging.getLogger("pypdf").propagate = False
warnings.filterwarnings("ignore", module=r"pypdf(\.|$)")




def _open(path: Path):
    from pypdf import PdfReader

    reader = PdfReader(str(path), strict=False)
    if reader.is_encrypted:
        try:
            reader.decrypt("")       # many PDFs are "encrypted" with an empty user password
        except Exception:  # noqa: BLE001
            pass
    return reader


# pypdf's refusals, said in words (its exception names mean nothing to a reader).
_DAMAGED = frozenset({"PdfReadError", "PdfStreamError", "ParseError", "EmptyFileError",
                      "WrongPasswordError"})


def _describe(e: BaseException) -> str:
    message = " ".join(str(e).split())[:160]
    name = type(e).__name__
    lower = message.lower()
    if name == "FileNotDecryptedError" or "decrypt" in lower and "decompress" not in lower:
        return "the PDF is encrypted"
    if name == "LimitReachedError":
        if "decompress" in lower or "size" in lower or "length" in lower:
            return ("its content inflates past the size pypdf reads safely (a decompression "
                    "bomb, or a damaged file); the PDF viewer may still show it")
        if "loop" in lower or "cycl" in lower or "self reference" in lower:
            return "the PDF refers to itself in a loop (a damaged file)"
        return "the PDF is larger or more deeply nested than pypdf reads safely"
    if name in _DAMAGED:
        return f"the PDF is damaged: {message[:1].lower() + message[1:]}" if message else \
            "the PDF is damaged"
    return f"{name}: {message}" if message else name


# -- a watchdog that interrupts pypdf (pure Python) in whichever thread runs it --------------

class _Interrupt(BaseException):
    """Raised into the extracting thread; BaseException so pypdf's `except Exception` lets it by."""


class _Cancelled(_Interrupt):
    pass


class _TimedOut(_Interrupt):
    pass


_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)


def _raise_in(ident: int, exc: type[BaseException] | None) -> None:
    _set_async_exc(ctypes.c_ulong(ident), ctypes.py_object(exc) if exc else ctypes.py_object())


class _Watchdog:
    """Within the block, raise _TimedOut after `limit` seconds or _Cancelled once `cancel` is
    set, into the thread that entered it."""

    POLL_S = 0.02

    def __init__(self, limit: float | None, cancel: threading.Event | None):
        self.limit, self.cancel = limit, cancel
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.fired = False

    def __enter__(self) -> _Watchdog:
        if self.limit is None and self.cancel is None:
            return self
        self.ident = threading.get_ident()
        self.deadline = time.monotonic() + (self.limit if self.limit is not None else float("inf"))
        threading.Thread(target=self._watch, name="pdftext-watchdog", daemon=True).start()
        return self

    def _watch(self) -> None:
        while True:
            left = self.deadline - time.monotonic()
            timeout = left if self.cancel is None else min(self.POLL_S, left)
            if self.done.wait(max(timeout, 0)):
                return
            exc: type[BaseException] | None = None
            if self.cancel is not None and self.cancel.is_set():
                exc = _Cancelled
            elif time.monotonic() >= self.deadline:
                exc = _TimedOut
            if exc is not None:
                with self.lock:
                    if not self.done.is_set():
                        self.fired = True
                        _raise_in(self.ident, exc)
                return

    def __exit__(self, *exc_info) -> bool:
        with self.lock:
            self.done.set()
            if self.fired:
                _raise_in(self.ident, None)    # drop it if it has not been raised yet
        return False
