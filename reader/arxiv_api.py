"""Talking to the arXiv API through the `arxiv` package.

One `arxiv.Client` per process and endpoint, so its politeness delay holds across calls. The
package retries at once and has no time-out, so we ask it for no retries and wrap each request
in our own loop: retry with exponential backoff on HTTP 429/5xx, time-outs, dropped connections
and empty pages; after the last try, one line saying what failed.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass

from . import clock
from .config import Config
from .errors import PaperdeckError
from .ids import ArxivId
from .models import Paper
from .textsafe import clean, one_line

MAX_IDS_PER_REQUEST = 100
RETRY_STATUSES = {429, 500, 502, 503, 504}


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

    @classmethod
    def from_config(cls, config: Config) -> Settings:
        return cls(
            api_url=config["arxiv.api_url"],
            pdf_url=config["arxiv.pdf_url"],
            delay_seconds=config["arxiv.delay_seconds"],
            retries=config["arxiv.retries"],
            timeout_seconds=config["arxiv.timeout_seconds"],
            backoff_seconds=config["arxiv.backoff_seconds"],
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


class ArxivClient:
    def __init__(self, settings: Settings):
        import arxiv  # heavy (requests): imported only when the network is used

        self.settings = settings
        # Set by `cancel()` (the TUI quitting): waits end at once and no new request starts.
        self.cancelled = threading.Event()
        self._lock = threading.Lock()  # one request at a time keeps the politeness delay
        self._client = arxiv.Client(
            page_size=MAX_IDS_PER_REQUEST, delay_seconds=settings.delay_seconds, num_retries=0
        )
        self._client.query_url_format = settings.api_url.split("?", 1)[0] + "?{}"
        # arxiv.Client has no time-out setting; give its session an adapter that sets one.
        adapter = _timeout_adapter(settings.timeout_seconds)
        self._client._session.mount("http://", adapter)
        self._client._session.mount("https://", adapter)

    def fetch(self, wanted: Iterable[ArxivId]) -> dict[str, Paper]:
        """Metadata for these ids, keyed by id without version; ids arXiv does not know are
        simply absent. One request per 100 ids."""
        import arxiv

        wanted = list(dict.fromkeys(wanted))
        found: dict[str, Paper] = {}
        for start in range(0, len(wanted), MAX_IDS_PER_REQUEST):
            chunk = wanted[start : start + MAX_IDS_PER_REQUEST]
            search = arxiv.Search(id_list=[str(i) for i in chunk], max_results=len(chunk))
            for paper in self._run(search, what=f"looking up {', '.join(map(str, chunk[:3]))}"
                                   + (" ..." if len(chunk) > 3 else "")):
                found[paper.id] = paper
        return found

    def search(self, query: str, max_results: int = 20) -> list[Paper]:
        """arXiv search (its query syntax: `au:graves ti:transduction`), most relevant first."""
        import arxiv

        search = arxiv.Search(
            query=query, max_results=max_results, sort_by=arxiv.SortCriterion.Relevance
        )
        return self._run(search, what=f"searching arXiv for {query!r}")

    def _run(self, search, what: str) -> list[Paper]:
        import arxiv
        import requests

        s = self.settings
        for attempt in range(s.retries + 1):
            last = attempt == s.retries
            if self.cancelled.is_set():
                raise ArxivUnavailable(f"cancelled while {what}; nothing more was fetched")
            got: list = []
            try:
                with self._lock:
                    # Ask for no more than needed: 100 ids, or the search's page.
                    self._client.page_size = min(search.max_results or 100, MAX_IDS_PER_REQUEST)
                    for result in self._client.results(search):
                        got.append(result)
                return _papers(got)
            except arxiv.HTTPError as e:
                if e.status not in RETRY_STATUSES:
                    raise ArxivUnavailable(
                        f"arXiv refused the request while {what} (HTTP {e.status}); "
                        "check the ids or the query"
                    ) from None
                problem = f"HTTP {e.status}"
            except arxiv.UnexpectedEmptyPageError:
                if got:  # arXiv sometimes ends a long result list early: keep what came
                    return _papers(got)
                problem = "an empty page"
            except requests.exceptions.Timeout:
                problem = f"no answer within {s.timeout_seconds:g} s"
            except requests.exceptions.ConnectionError:
                problem = f"cannot connect to {s.api_url}"
                last = last or attempt >= 1  # a refused connection rarely heals in seconds
            except requests.exceptions.RequestException as e:
                problem = f"{type(e).__name__}"
            if last:
                tries = f"{attempt + 1} tries" if attempt else "1 try"
                raise ArxivUnavailable(
                    f"arXiv did not answer while {what}: {problem} after {tries}; "
                    "check the network or arxiv.api_url, then try again"
                )
            self.cancelled.wait(s.backoff_seconds * (2**attempt))
        raise AssertionError("unreachable")

    def cancel(self) -> None:
        """Stop: the current request ends by its time-out at most, no retry or new one starts."""
        self.cancelled.set()


def _timeout_adapter(timeout: float):
    """A requests adapter whose requests time out after `timeout` s unless told otherwise."""
    import requests.adapters

    class TimeoutAdapter(requests.adapters.HTTPAdapter):
        def send(self, request, **kwargs):  # type: ignore[override]
            if kwargs.get("timeout") is None:
                kwargs["timeout"] = timeout
            return super().send(request, **kwargs)

    return TimeoutAdapter()


_VERSION = re.compile(r"^(?P<id>.+?)v(?P<v>\d+)$")
_PARAGRAPH = re.compile(r"\n\s*\n")


def _papers(results) -> list[Paper]:
    return [p for p in (to_paper(r) for r in results) if p is not None]


def to_paper(result) -> Paper | None:
    """An arxiv.Result as a Paper (text cleaned); None for the API's `Error` entries."""
    if "/api/errors" in result.entry_id:
        return None
    short = result.get_short_id()
    m = _VERSION.match(short)
    arxiv_id, version = (m["id"], int(m["v"])) if m else (short, None)
    return Paper(
        id=arxiv_id,
        version=version,
        latest_version=version,
        title=one_line(result.title),
        authors=tuple(one_line(a.name) for a in result.authors),
        abstract=_abstract(result.summary),
        categories=tuple(result.categories),
        primary_category=result.primary_category or None,
        published=_iso(result.published),
        updated=_iso(result.updated),
        doi=one_line(result.doi) or None,
        journal_ref=one_line(result.journal_ref) or None,
        comment=one_line(result.comment) or None,
        added="",
    )


def _abstract(text: str) -> str:
    """arXiv hard-wraps abstracts: join lines, keep paragraph breaks."""
    paragraphs = _PARAGRAPH.split(clean(text).strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _iso(t) -> str | None:
    if t is None or t.year <= 1:
        return None
    return clock.iso(t)
