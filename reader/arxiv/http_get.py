"""One HTTP GET with a total deadline, a size cap and a cancel switch.

requests' time-out bounds each read, not the request: a server that sends a byte every few
seconds keeps a request alive for ever. So a watchdog thread shuts the request's socket down
once its deadline passes (or `cancel` is set), which ends the read in progress at once; and the
body is read in chunks that stop at the cap. Callers name their deadline and cap in messages.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urljoin

CHUNK = 1 << 16
POLL_S = 0.05
MAX_REDIRECTS = 5


class NetError(Exception):
    """The request failed; str() says what happened, as a phrase for a longer message."""


class DeadlineExceeded(NetError):
    def __init__(self, received: int = 0):
        super().__init__(f"stopped after {size_text(received)}" if received else "stopped")
        self.received = received


class TooLarge(NetError):
    pass


class Cancelled(NetError):
    pass


class NoAnswer(NetError):
    """A single read waited longer than the read time-out."""


class CannotConnect(NetError):
    pass


class CutOff(NetError):
    """The connection ended before the whole answer arrived."""


@dataclass(frozen=True)
class Reply:
    status: int
    headers: Mapping[str, str]   # case-insensitive (requests' CaseInsensitiveDict)
    body: bytes                  # empty when written to `into`, or when status is not 200
    size: int                    # bytes of body received


def size_text(n: float) -> str:
    """512 bytes, 12.3 kB, 5.8 MB, 1.2 GB."""
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.3g} {unit}"
    return f"{int(n)} bytes"


def why_not(e: NetError, url: str, what: str, *, deadline_s: float, max_bytes: int) -> str:
    """A failed download in words, naming the setting that bounded it (the PDF deadline and
    size cap bound every file fetched for a paper: its PDF, its HTML page, its figures)."""
    if isinstance(e, DeadlineExceeded):
        got = f" after {size_text(e.received)}" if e.received else ""
        return (f"the {what} deadline (arxiv.pdf_deadline_seconds: {deadline_s:g} s) ran out{got} "
                f"fetching {url}")
    if isinstance(e, TooLarge):
        return (f"the {what} passed the size cap (arxiv.pdf_max_mb: {max_bytes / 1e6:g} MB): {e} "
                f"from {url}")
    if isinstance(e, Cancelled):
        return f"cancelled while fetching {url}"
    return f"{e} fetching {url}"


def get(
    url: str,
    *,
    deadline: float,
    max_bytes: int,
    read_timeout: float,
    cancel: threading.Event | None = None,
    into: BinaryIO | None = None,
) -> Reply:
    """GET `url`, finished by `deadline` (a time.monotonic() value). A 200 answer's body is
    returned, or written to `into`; any other status comes back with its headers, body unread.
    Raises a NetError subclass saying what went wrong."""
    import requests
    import urllib3.exceptions

    if cancel is not None and cancel.is_set():
        raise Cancelled("cancelled")
    left = deadline - time.monotonic()
    if left <= 0:
        raise DeadlineExceeded()
    watch = _Watch(deadline, cancel)
    session = requests.Session()
    adapter = _watched_adapter(watch)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    transfer = _Transfer(url, (min(read_timeout, left), read_timeout), max_bytes, into)
    try:
        with watch:
            try:
                reply = transfer.run(session)
            except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError) as e:
                watch.check(transfer.size)
                raise _failure(e, url, read_timeout, transfer.answered, transfer.size) from None
            except OSError:
                watch.check(transfer.size)
                raise
            watch.check(transfer.size)  # a socket shut by the watchdog looks like the body's end
            return reply
    finally:
        session.close()


class _Transfer:
    """Redirects followed by hand (requests would read a redirect's body without a cap), then
    the body read up to the cap."""

    def __init__(self, url: str, timeout: tuple[float, float], max_bytes: int,
                 into: BinaryIO | None):
        self.url, self.timeout, self.max_bytes, self.into = url, timeout, max_bytes, into
        self.answered = False  # headers arrived: a failure now is a cut-off, not a connection
        self.size = 0

    def run(self, session) -> Reply:
        url = self.url
        for _ in range(MAX_REDIRECTS + 1):
            self.answered = False
            with session.get(url, stream=True, allow_redirects=False, timeout=self.timeout) as resp:
                self.answered = True
                if resp.is_redirect:
                    url = urljoin(resp.url, resp.headers["Location"])
                    continue
                if resp.status_code != 200:
                    return Reply(resp.status_code, resp.headers, b"", 0)
                return Reply(200, resp.headers, self._body(resp), self.size)
        raise NetError(f"more than {MAX_REDIRECTS} redirects")

    def _body(self, resp) -> bytes:
        declared = _content_length(resp.headers)
        if declared is not None and declared > self.max_bytes:
            raise TooLarge(f"{size_text(declared)} announced")
        chunks: list[bytes] = []
        for chunk in _chunks(resp):
            self.size += len(chunk)
            if self.size > self.max_bytes:
                raise TooLarge(f"more than {size_text(self.max_bytes)} sent")
            if self.into is not None:
                self.into.write(chunk)
            else:
                chunks.append(chunk)
        if declared is not None and self.size < declared:
            raise CutOff(f"the connection ended after {self.size} of {declared} bytes")
        return b"".join(chunks)


def _chunks(resp):
    """The body as it arrives. urllib3 2's read1 returns what has come so far, where
    iter_content waits for a whole chunk (so a drip shows as progress, and reaches the file)."""
    raw = resp.raw
    if not hasattr(raw, "read1"):  # urllib3 1
        yield from resp.iter_content(CHUNK)
        return
    while chunk := raw.read1(CHUNK, decode_content=True):
        yield chunk


def _content_length(headers: Mapping[str, str]) -> int | None:
    try:
        n = int(headers.get("Content-Length", ""))
    except ValueError:
        return None
    return n if n >= 0 else None


def _failure(e: Exception, url: str, read_timeout: float, answered: bool, size: int) -> NetError:
    import requests
    import urllib3.exceptions

    url = url.split("?", 1)[0]  # the endpoint, not the query
    if isinstance(e, requests.exceptions.ConnectTimeout):
        return CannotConnect(f"cannot connect to {url} (no answer within {read_timeout:g} s)")
    if isinstance(e, (requests.exceptions.Timeout, urllib3.exceptions.TimeoutError)):
        return NoAnswer(f"no answer within {read_timeout:g} s")
    if answered:
        return CutOff(f"the connection dropped after {size} bytes")
    reason = e.args[0] if e.args else None
    reason = getattr(reason, "reason", reason)  # urllib3's MaxRetryError wraps the cause
    if isinstance(reason, urllib3.exceptions.NewConnectionError) or isinstance(
            e, (requests.exceptions.InvalidURL, requests.exceptions.SSLError)):
        return CannotConnect(f"cannot connect to {url}")
    if isinstance(e, requests.exceptions.ConnectionError):
        return CutOff("the connection dropped before an answer")
    return NetError(type(e).__name__)


class _Watch:
    """Within the block: once `deadline` passes or `cancel` is set, shut down every socket the
    request connected (and any it connects later). The sockets themselves are held, taken at
    connect time: urllib3 2 hands a connection's socket to the response once the headers are
    read (`conn.sock` is then None while the body is still being read from it)."""

    def __init__(self, deadline: float, cancel: threading.Event | None):
        self.deadline, self.cancel = deadline, cancel
        self.sockets: list[socket.socket] = []
        self.fired: type[NetError] | None = None
        self.done = threading.Event()

    def __enter__(self) -> _Watch:
        threading.Thread(target=self._run, name="http-deadline", daemon=True).start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.done.set()

    def _run(self) -> None:
        while not self.done.wait(self._pause()):
            if self.fired is None:
                if self.cancel is not None and self.cancel.is_set():
                    self.fired = Cancelled
                elif time.monotonic() >= self.deadline:
                    self.fired = DeadlineExceeded
            if self.fired is not None:
                for sock in list(self.sockets):
                    try:
                        # socket.socket's own shutdown: for TLS too, the fd is what blocks
                        socket.socket.shutdown(sock, socket.SHUT_RDWR)
                    except OSError:  # already closed
                        pass

    def _pause(self) -> float:
        if self.fired is not None or self.cancel is not None:
            return POLL_S
        return max(0.0, min(self.deadline - time.monotonic(), 1.0))

    def check(self, received: int) -> None:
        """Raise if the watchdog ended the request (whatever the read then reported)."""
        if self.fired is DeadlineExceeded:
            raise DeadlineExceeded(received)
        if self.fired is Cancelled:
            raise Cancelled("cancelled")


def _watched_adapter(watch: _Watch):
    """A requests adapter that hands `watch` the socket of every connection it opens, as soon
    as that connection is made."""
    import requests.adapters

    class Adapter(requests.adapters.HTTPAdapter):
        def get_connection_with_tls_context(self, *args, **kwargs):
            pool = super().get_connection_with_tls_context(*args, **kwargs)
            if not getattr(pool, "_paperdeck_watched", False):
                new_conn = pool._new_conn

                def watched_new_conn():
                    conn = new_conn()
                    connect = conn.connect

                    def watched_connect():  # http.client and urllib3 both call self.connect()
                        connect()
                        sock = conn.sock
                        if not isinstance(sock, socket.socket):  # TLS through a TLS proxy
                            sock = getattr(sock, "socket", None)
                        if isinstance(sock, socket.socket):
                            watch.sockets.append(sock)

                    conn.connect = watched_connect
                    return conn

                pool._new_conn = watched_new_conn
                pool._paperdeck_watched = True
            return pool

    return Adapter()
