"""A real HTTP server on 127.0.0.1 that answers like arXiv: the API from recorded responses
(with their real status codes) and PDFs by `/pdf/<id>v<N>`. Tests point paperdeck at it through
PAPERDECK_ARXIV_API_URL / PAPERDECK_ARXIV_PDF_URL, the same settings a user behind a mirror sets.

Failures are scripted per test:
- `fail_next`: statuses to answer before the real one (with `retry_after` as Retry-After);
- `hang`: seconds to wait before answering;
- `drip`: {"api" or "pdf": seconds}: send those answers one byte every so many seconds
  (`drip_headers`: the headers too);
- `connection_close`: answer with `Connection: close`, as many servers do; urllib3 2 then hands
  the socket from the connection to the response once the headers are read;
- `endless`: {"api", "pdf"}: answer with a body that never ends (no Content-Length);
- `cut_pdfs`: send half a PDF and drop the connection; its Content-Length is the whole PDF
  ("close"), half of it ("short") or absent ("no-length"); True means "close";
- `api_reply`: (status, content type, body) to answer every API request with (HTML, garbage);
- `redirects`: {path: location} answered with HTTP 302.

arXiv's HTML pages by `/html/<id>v<N>` and their figures by `/html/<id>v<N>/x1.png`, from a
folder holding `index.html` and the images (`serve_html`, e.g. ../shared/fixtures/arxiv-html/
<id>/); any other page is a 404 with arXiv's message (written after what arXiv says, "does not
have an HTML version": no recorded 404 page is in the fixtures). Scripted per page, in
`html_faults` {"<id>v<N>": fault}: "cut" (half the page, then the connection drops; its
Content-Length is the whole page), "cut-no-length" (half the page, no Content-Length, then the
end), "hang" (no answer for `html_hang` seconds), "placeholder" (arXiv's "No content available"
page), "no-article" (an HTML page with no `article.ltx_document`). `drip` and `endless` take
"html" too.
"""

from __future__ import annotations

import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

EMPTY_FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
  <title>arXiv Query</title><id>http://arxiv.org/api/empty</id><updated>2026-01-01T00:00:00Z</updated>
  <opensearch:totalResults>0</opensearch:totalResults>
  <opensearch:startIndex>0</opensearch:startIndex>
  <opensearch:itemsPerPage>0</opensearch:itemsPerPage>
</feed>
"""

NO_HTML_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>HTML is not available for the source</title></head>
<body><main><h1>No HTML for '{name}'</h1>
<p>arXiv does not have an HTML version of this paper. Its PDF and source are on its abstract
page.</p></main></body></html>
"""
PLACEHOLDER_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><title>No content available</title></head>
<body><div class="ltx_page_main"><div class="ltx_page_content">
<article class="ltx_document"><div class="ltx_para"><p class="ltx_p">No content available</p></div>
</article></div></div></body></html>
"""
NO_ARTICLE_PAGE = b"""<!DOCTYPE html>
<html lang="en"><head><title>Sign in</title></head>
<body><form action="/login"><p>Sign in to continue to the network.</p></form></body></html>
"""


class FakeArxiv:
    def __init__(self) -> None:
        self.id_lists: dict[str, tuple[int, bytes]] = {}
        self.searches: dict[tuple[str, int, int], tuple[int, bytes]] = {}
        self.pdfs: dict[str, bytes] = {}
        self.fail_next: list[int] = []
        self.hang = 0.0
        self.cut_pdfs: bool | str = False
        self.drip: dict[str, float] = {}
        self.drip_headers = False
        self.connection_close = False
        self.endless: set[str] = set()
        self.retry_after: str | None = None
        self.api_reply: tuple[int, str, bytes] | None = None
        self.redirects: dict[str, str] = {}
        self.html_pages: dict[str, Path] = {}      # "<id>v<N>" -> folder with index.html
        self.html_faults: dict[str, str] = {}
        self.html_hang = 0.0
        self.requests: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._server.handle_error = self._handle_error
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        return self.base + "/api/query"

    @property
    def pdf_url(self) -> str:
        return self.base + "/pdf/"

    @property
    def html_url(self) -> str:
        return self.base + "/html/"

    def serve_html(self, name: str, folder: Path) -> None:
        """Serve `folder`/index.html at /html/<name> (name: "<id>v<N>"), its images beside it."""
        self.html_pages[name] = Path(folder)

    def html_requests(self) -> list[str]:
        return [r for r in self.requests if r.startswith("/html/")]

    def api_requests(self) -> list[str]:
        return [r for r in self.requests if r.startswith("/api/")]

    def _handle_error(self, request, client_address) -> None:
        """A client that went away between two requests (a size cap, a deadline) is no error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            ThreadingHTTPServer.handle_error(self._server, request, client_address)

    def start(self) -> FakeArxiv:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                fake.requests.append(self.path)
                try:
                    self._answer()
                except OSError:  # the client went away (its deadline, a kill): nothing to do
                    self.close_connection = True

            def _answer(self) -> None:
                self.kind = ""
                if fake.hang:
                    time.sleep(fake.hang)
                if fake.fail_next:
                    extra = {"Retry-After": fake.retry_after} if fake.retry_after else {}
                    self._send(fake.fail_next.pop(0), b"unavailable", "text/plain", extra)
                    return
                if self.path in fake.redirects:
                    self._send(302, b"", "text/plain", {"Location": fake.redirects[self.path]})
                    return
                url = urlsplit(self.path)
                kind = self.kind = ("api" if url.path == "/api/query" else
                                    "html" if url.path.startswith("/html/") else "pdf")
                if kind in fake.endless:
                    self._endless(b"%PDF-1.4\n" if kind == "pdf" else b"<?xml version='1.0'?><feed>")
                elif url.path == "/api/query" and fake.api_reply:
                    self._send(fake.api_reply[0], fake.api_reply[2], fake.api_reply[1])
                elif url.path == "/api/query":
                    self._api(parse_qs(url.query))
                elif url.path.startswith("/pdf/"):
                    self._pdf(url.path[len("/pdf/"):])
                elif kind == "html":
                    self._html(url.path[len("/html/"):].strip("/"))
                else:
                    self._send(404, b"not found", "text/plain")

            def _api(self, q: dict[str, list[str]]) -> None:
                id_list = q.get("id_list", [""])[0]
                if id_list:
                    status, body = fake.id_lists.get(id_list, (200, EMPTY_FEED))
                else:
                    key = (q.get("search_query", [""])[0], int(q.get("start", ["0"])[0]),
                           int(q.get("max_results", ["10"])[0]))
                    status, body = fake.searches.get(key, (200, EMPTY_FEED))
                self._send(status, body, "application/atom+xml; charset=utf-8")

            def _pdf(self, name: str) -> None:
                body = fake.pdfs.get(name)
                if body is None:
                    self._send(404, b"no such PDF", "text/plain")
                    return
                if fake.cut_pdfs:
                    half = body[: len(body) // 2]
                    length = {"no-length": None, "short": len(half)}.get(fake.cut_pdfs, len(body))
                    self.send_response(200)
                    self.send_header("Content-Type", "application/pdf")
                    if length is not None:
                        self.send_header("Content-Length", str(length))
                    self.end_headers()
                    self.wfile.write(half)
                    self.wfile.flush()
                    self.close_connection = True
                    return
                self._send(200, body, "application/pdf")

            def _html(self, path: str) -> None:
                name, _, file = path.partition("/")
                folder = fake.html_pages.get(name)
                if folder is not None and file:  # a figure: a plain name in the folder
                    image = folder / file
                    if "/" not in file and not file.startswith(".") and image.is_file():
                        self._send(200, image.read_bytes(), "image/png")
                    else:
                        self._send(404, b"Not Found", "text/html")
                    return
                fault = fake.html_faults.get(name)
                if fault == "hang":
                    time.sleep(fake.html_hang)
                if fault == "placeholder":
                    self._send(200, PLACEHOLDER_PAGE, "text/html; charset=utf-8")
                elif fault == "no-article":
                    self._send(200, NO_ARTICLE_PAGE, "text/html; charset=utf-8")
                elif folder is None:
                    page = NO_HTML_PAGE.format(name=name).encode()
                    self._send(404, page, "text/html; charset=utf-8")
                elif fault in ("cut", "cut-no-length"):
                    body = (folder / "index.html").read_bytes()
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html; charset=utf-8")
                    if fault == "cut":
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                else:
                    self._send(200, (folder / "index.html").read_bytes(), "text/html; charset=utf-8")

            def _endless(self, head: bytes) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.end_headers()
                self.close_connection = True
                self.wfile.write(head)
                block = b"0" * (1 << 16)
                while True:
                    self.wfile.write(block)

            def _send(self, status: int, body: bytes, ctype: str, extra: dict | None = None) -> None:
                head = [f"HTTP/1.1 {status} {self.responses.get(status, ('',))[0]}",
                        f"Content-Type: {ctype}", f"Content-Length: {len(body)}",
                        *[f"{k}: {v}" for k, v in (extra or {}).items()]]
                if fake.connection_close:
                    head.append("Connection: close")
                    self.close_connection = True
                data = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
                drip = fake.drip.get(getattr(self, "kind", ""), 0.0)
                if not drip:
                    self.wfile.write(data)
                    return
                if not fake.drip_headers:
                    split = data.index(b"\r\n\r\n") + 4
                    self.wfile.write(data[:split])
                    data = data[split:]
                for i in range(len(data)):
                    self.wfile.write(data[i : i + 1])
                    self.wfile.flush()
                    time.sleep(drip)

        return Handler
