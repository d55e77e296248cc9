"""Talking to the arXiv API: one client per process and endpoint, so the politeness delay holds
across calls.

Each request has a total deadline (`arxiv.api_deadline_seconds`, waits between its tries
included) and a cap on the answer's size (`arxiv.api_max_mb`); the answer is read strictly
(reader.arxiv.atom), so an HTML page or a cut-off feed is reported as what it is. HTTP 429/5xx,
time-outs and dropped connections are retried with exponential backoff, honouring Retry-After
within the deadline; each retry is announced through `notify`. After the last try, one line
saying what failed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode

from reader import clock
from reader.arxiv import atom
from reader.arxiv import http_get
from reader.config import Config
from reader.errors import PaperdeckError
from reader.arxiv.http_get import size_text
from reader.ids import ArxivId
from reader.models import Paper

MAX_IDS_PER_REQUEST = 100
RETRY_STATUSES = {429, 500, 502, 503, 504}

Notify = Callable[[str], None]  # one line for the user: "arXiv busy (503); retry 1 of 3 in 2 s"


class ArxivUnavailable(PaperdeckError):
    """arXiv (or the configured endpoint) could not be used; the message says why."""


@dataclass(frozen=True)
class Settings:
    api_url: str
    pdf_url: str
    delay_seconds: float = 3.0
    retries: int = 3
    timeout_seconds: float = 30.0
    backoff_seconds: float = 2.0
    api_deadline_seconds: float = 60.0
    pdf_deadline_seconds: float = 300.0
    api_max_mb: float = 10.0
    pdf_max_mb: float = 100.0
    # Where arXiv's HTML pages are (arxiv.html_url); empty: HTML is not fetched (a Settings
    # made without it, in a script or a test, never reaches arxiv.org by surprise).
    html_url: str = ""

    @classmethod
    def from_config(cls, config: Config) -> Settings:
        return cls(
            api_url=config["arxiv.api_url"],
            pdf_url=config["arxiv.pdf_url"],
            delay_seconds=config["arxiv.delay_seconds"],
            retries=config["arxiv.retries"],
            timeout_seconds=config["arxiv.timeout_seconds"],
            backoff_seconds=config["arxiv.backoff_seconds"],
            api_deadline_seconds=config["arxiv.api_deadline_seconds"],
            pdf_deadline_seconds=config["arxiv.pdf_deadline_seconds"],
            api_max_mb=config["arxiv.api_max_mb"],
            pdf_max_mb=config["arxiv.pdf_max_mb"],
            html_url=config["arxiv.html_url"],
        )

    def pdf_link(self, arxiv_id: str, version: int | None) -> str:
        base = self.pdf_url if self.pdf_url.endswith("/") else self.pdf_url + "/"
        return f"{base}{arxiv_id}" + (f"v{version}" if version else "")


_clients: dict[Settings, ArxivClient] = {}
_clients_lock = threading.Lock()


def client_for(settings: Settings) -> ArxivClient:
    """The process's client for these settings (created on first use)."""
    with _clients_lock:
        if settings not in _clients:
            _clients[settings] = ArxivClient(settings)
        return _clients[settings]


def cancel_all() -> None:
    """Cancel every client of this process (the TUI quitting while an import runs)."""
    with _clients_lock:
        for client in _clients.values():
            client.cancel()


@dataclass(eq=False)
class _Retry(Exception):
    """A try failed in a way another try may mend."""

    problem: str                 # for the final message: "HTTP 503", "no answer within 30 s"
    notice: str = ""             # for the retry line, when it differs: "arXiv busy (503)"
    after: float | None = None   # Retry-After, seconds
    tries_left_cap: int | None = None  # a refused connection: one more try at most


class ArxivClient:
    def __init__(self, settings: Settings):
        self.settings = settings
        # Set by `cancel()` (the TUI quitting): waits end at once and no new request starts.
        self.cancelled = threading.Event()
        self._lock = threading.Lock()  # one request at a time keeps the politeness delay
        self._last_request: float | None = None
        self._endpoint = settings.api_url.split("?", 1)[0]

    def fetch(self, wanted: Iterable[ArxivId], notify: Notify | None = None) -> dict[str, Paper]:
        """Metadata for these ids, keyed by id without version; ids arXiv does not know are
        simply absent. One request per 100 ids."""
        wanted = list(dict.fromkeys(wanted))
        found: dict[str, Paper] = {}
        for start in range(0, len(wanted), MAX_IDS_PER_REQUEST):
            chunk = wanted[start : start + MAX_IDS_PER_REQUEST]
            what = f"looking up {', '.join(map(str, chunk[:3]))}" + (" ..." if len(chunk) > 3 else "")
            params = {"search_query": "", "id_list": ",".join(map(str, chunk)),
                      "start": 0, "max_results": len(chunk)}
            for paper in self._request(params, what, notify).papers:
                found[paper.id] = paper
        return found

    def search(self, query: str, max_results: int = 20,
               notify: Notify | None = None) -> list[Paper]:
        """arXiv search (its query syntax: `au:graves ti:transduction`), most relevant first."""
        return self.search_page(query, 0, max_results, notify).papers

    def search_page(self, query: str, start: int = 0, count: int = 20,
                    notify: Notify | None = None) -> atom.Feed:
        """Results start .. start+count-1 of an arXiv search, most relevant first, and the total
        arXiv reports for the query (`Feed.total`); requests of at most 100 results."""
        results: list[Paper] = []
        total = 0
        position = start
        while len(results) < count:
            page = min(count - len(results), MAX_IDS_PER_REQUEST)
            params = {"search_query": query, "id_list": "", "sortBy": "relevance",
                      "sortOrder": "descending", "start": position, "max_results": page}
            feed = self._request(params, f"searching arXiv for {query!r}", notify)
            total = max(total, feed.total)  # an empty page past an early end says 0
            if not feed.papers:  # arXiv sometimes ends a long result list early: keep what came
                break
            results += feed.papers
            position += len(feed.papers)
            if position >= feed.total:
                break
        return atom.Feed(total, results[:count])

    def cancel(self) -> None:
        """Stop: the current request ends at once, no retry or new one starts."""
        self.cancelled.set()

    # -- one request, its tries and waits -----------------------------------------------------

    def _request(self, params: Mapping[str, object], what: str, notify: Notify | None) -> atom.Feed:
        s = self.settings
        url = f"{self._endpoint}?{urlencode(params)}"
        deadline: float | None = None  # starts with the first try, after the politeness pause
        tries = s.retries + 1
        for attempt in range(s.retries + 1):
            with self._lock:
                self._polite_pause()
                self._stop_if_cancelled(what)
                deadline = deadline or time.monotonic() + s.api_deadline_seconds
                try:
                    return self._try(url, deadline, what)
                except _Retry as r:
                    retry = r
                finally:
                    self._last_request = time.monotonic()
            if retry.tries_left_cap is not None:
                tries = min(tries, attempt + 1 + retry.tries_left_cap)
            if attempt + 1 >= tries:
                done = f"{attempt + 1} tries" if attempt else "1 try"
                raise ArxivUnavailable(
                    f"arXiv did not answer while {what}: {retry.problem} after {done}; "
                    "check the network or arxiv.api_url, then try again"
                )
            wait = max(s.backoff_seconds * (2**attempt), retry.after or 0.0)
            left = deadline - time.monotonic()
            if wait >= left:
                asked = " (Retry-After)" if retry.after is not None and retry.after >= wait else ""
                raise ArxivUnavailable(
                    f"arXiv did not answer while {what}: {retry.notice or retry.problem}, and the "
                    f"wait of {wait:g} s before another try{asked} passes the API deadline "
                    f"(arxiv.api_deadline_seconds: {s.api_deadline_seconds:g} s); try again later"
                )
            if notify is not None:
                notify(f"{retry.notice or retry.problem}; retry {attempt + 1} of {tries - 1} "
                       f"in {wait:g} s")
            self.cancelled.wait(wait)
        raise AssertionError("unreachable")

    def _try(self, url: str, deadline: float, what: str) -> atom.Feed:
        s = self.settings
        try:
            reply = http_get.get(url, deadline=deadline, max_bytes=int(s.api_max_mb * 1e6),
                                 read_timeout=s.timeout_seconds, cancel=self.cancelled)
        except http_get.Cancelled:
            raise ArxivUnavailable(f"cancelled while {what}; nothing more was fetched") from None
        except http_get.DeadlineExceeded as e:
            got = f" ({size_text(e.received)} had arrived)" if e.received else ""
            raise ArxivUnavailable(
                f"arXiv did not finish answering within the API deadline "
                f"(arxiv.api_deadline_seconds: {s.api_deadline_seconds:g} s) while {what}{got}; "
                "try again later, or raise the deadline"
            ) from None
        except http_get.TooLarge as e:
            raise ArxivUnavailable(
                f"arXiv's answer while {what} passed the size cap (arxiv.api_max_mb: "
                f"{s.api_max_mb:g} MB): {e}; check arxiv.api_url"
            ) from None
        except http_get.CannotConnect as e:
            raise _Retry(str(e), tries_left_cap=1) from None  # a refused connection rarely heals
        except http_get.NetError as e:
            raise _Retry(str(e)) from None
        if reply.status in RETRY_STATUSES:
            raise _Retry(f"HTTP {reply.status}", notice=f"arXiv busy ({reply.status})",
                         after=_retry_after(reply.headers))
        if reply.status != 200:
            raise ArxivUnavailable(
                f"arXiv refused the request while {what} (HTTP {reply.status}); "
                "check the ids or the query"
            )
        try:
            return atom.parse(reply.body)
        except atom.NotAFeed as e:
            if e.cut_off:
                raise _Retry(str(e)) from None
            raise ArxivUnavailable(
                f"arXiv sent {e} instead of a feed while {what}; check arxiv.api_url and the "
                "network (a proxy's login page?), then try again"
            ) from None

    def _polite_pause(self) -> None:
        if self._last_request is not None:
            pause = self.settings.delay_seconds - (time.monotonic() - self._last_request)
            if pause > 0:
                self.cancelled.wait(pause)

    def _stop_if_cancelled(self, what: str) -> None:
        if self.cancelled.is_set():
            raise ArxivUnavailable(f"cancelled while {what}; nothing more was fetched")


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date."""
    value = (headers.get("Retry-After") or "").strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - clock.now()).total_seconds())
