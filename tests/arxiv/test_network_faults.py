"""A bad network against `paperdeck add`, through the real local HTTP server: servers that drip,
never stop, cut off, or send something else than asked. Every request ends by its deadline or its
size cap with one line saying which, no `.part` file survives, and a bad PDF is "PDF missing".
Deadlines and caps are set low through config.yaml, as a user would."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED, needs_shared
from tests.selfmade import Entry, atom_feed, tiny_pdf
from tests.waiting import When, settled, wait_for

GRAVES = Entry("1211.3711v1", "Sequence Transduction with Recurrent Neural Networks", ["Alex Graves"])
PDF = tiny_pdf(["Sequence transduction page one", "Page two", "Page three"])


@pytest.fixture
def graves(arxiv_server):
    arxiv_server.id_lists["1211.3711"] = (200, atom_feed([GRAVES]))
    arxiv_server.pdfs["1211.3711v1"] = PDF
    return arxiv_server


def configure(home: Path, **keys) -> None:
    """Add `arxiv.KEY: VALUE` lines to the test home's config.yaml."""
    with open(home / "config.yaml", "a") as f:
        for key, value in keys.items():
            f.write(f"arxiv.{key}: {value}\n")


def stored(cli, key="1211.3711") -> dict:
    return json.loads(cli("show", key, "--json")[1])


def leftovers(home: Path) -> list[str]:
    papers = home / "papers"
    return sorted(p.name for p in papers.iterdir()) if papers.exists() else []


# -- deadlines ---------------------------------------------------------------------------------

@pytest.mark.parametrize("headers", [False, True], ids=["body", "headers-too"])
def test_an_api_that_drips_is_stopped_by_the_api_deadline(graves, cli, home, headers):
    configure(home, api_deadline_seconds=1)  # the per-read time-out (2 s) never trips on a drip
    graves.drip = {"api": 0.2}
    graves.drip_headers = headers
    t = time.monotonic()
    code, out, err = cli("add", "1211.3711")
    assert time.monotonic() - t < 3
    assert code == 1 and out == ""
    assert "within the API deadline (arxiv.api_deadline_seconds: 1 s)" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert len(graves.api_requests()) == 1  # a deadline that ran out is not tried again
    assert json.loads(cli("list", "--json")[1]) == []


def test_a_pdf_that_drips_is_stopped_by_the_pdf_deadline(graves, cli, home):
    configure(home, pdf_deadline_seconds=1)
    graves.drip = {"pdf": 0.1}
    t = time.monotonic()
    code, out, err = cli("add", "1211.3711")
    assert time.monotonic() - t < 3
    assert code == 1 and out.split() == ["1211.3711"]
    assert "PDF missing: the PDF deadline (arxiv.pdf_deadline_seconds: 1 s) ran out after" in err
    assert stored(cli)["pdf_status"] == "missing"
    assert leftovers(home) == []
    graves.drip = {}
    code, _, err = cli("add", "1211.3711")
    assert code == 0 and "PDF downloaded" in err


def test_the_deadline_ends_a_download_that_is_cancelled(graves, home):
    """The TUI quitting mid-download: the watchdog ends the read in progress at once."""
    import threading

    from reader.arxiv.pdfs import DownloadFailed, download

    graves.drip = {"pdf": 0.5}
    cancel = threading.Event()
    cancelled = When(lambda: "/pdf/1211.3711v1" in graves.requests, cancel.set)  # mid-download
    with pytest.raises(DownloadFailed, match="cancelled"):
        download(graves.pdf_url + "1211.3711v1", home / "x.pdf", cancel=cancel)
    assert cancelled.held and time.monotonic() - cancelled.at < 1.5
    assert list(home.glob("x.pdf*")) == []


# -- size caps ---------------------------------------------------------------------------------

def test_an_endless_pdf_stops_at_the_cap(graves, cli, home):
    configure(home, pdf_max_mb=0.5)
    graves.endless = {"pdf"}
    code, out, err = cli("add", "1211.3711")
    assert code == 1 and out.split() == ["1211.3711"]
    assert "PDF missing: the PDF passed the size cap (arxiv.pdf_max_mb: 0.5 MB): more than 500 kB" in err
    assert leftovers(home) == []
    assert stored(cli)["pdf_status"] == "missing"


def test_an_endless_api_answer_stops_at_the_cap_and_is_not_cannot_connect(graves, cli, home):
    configure(home, api_max_mb=0.5)
    graves.endless = {"api"}
    code, out, err = cli("add", "1211.3711")
    assert code == 1 and out == ""
    assert "passed the size cap (arxiv.api_max_mb: 0.5 MB): more than 500 kB sent" in err
    assert "cannot connect" not in err and err.count("\n") == 1
    assert len(graves.api_requests()) == 1


def test_a_pdf_announced_larger_than_the_cap_is_not_fetched(graves, cli, home):
    configure(home, pdf_max_mb=0.001)  # 1 kB; the PDF says how long it is
    code, _, err = cli("add", "1211.3711")
    assert code == 1 and f"{len(PDF) / 1000:.3g} kB announced" in err
    assert leftovers(home) == []


# -- what arrived ------------------------------------------------------------------------------

@pytest.mark.parametrize("cut", ["no-length", "short", "close"])
def test_a_pdf_cut_short_is_missing_and_the_next_add_fetches_it(graves, cli, home, cut):
    graves.cut_pdfs = cut
    code, out, err = cli("add", "1211.3711")
    assert code == 1 and out.split() == ["1211.3711"]
    assert "PDF missing" in err and ("cut short" in err or "connection" in err)
    assert stored(cli)["pdf_status"] == "missing" and leftovers(home) == []
    graves.cut_pdfs = False
    code, _, err = cli("add", "1211.3711")
    assert code == 0 and "PDF downloaded" in err
    assert (home / "papers" / "1211.3711.pdf").read_bytes() == PDF
    code, out, _ = cli("text", "1211.3711", "--page", "3")
    assert code == 0 and "Page three" in out


def test_a_pdf_that_does_not_open_is_missing(graves, cli, home):
    graves.pdfs["1211.3711v1"] = b"%PDF-1.4\n" + b"not a PDF body\n" * 100 + b"%%EOF\n"
    code, _, err = cli("add", "1211.3711")
    assert code == 1 and "PDF missing: " in err and "a PDF that cannot be opened" in err
    assert leftovers(home) == []


@needs_shared
@pytest.mark.parametrize("name", ["qpdf_bad2.pdf", "qpdf_bad7.pdf", "qpdf_bad11.pdf", "docling_corrupted.pdf"])
def test_real_broken_pdfs_are_missing(graves, cli, home, name):
    graves.pdfs["1211.3711v1"] = (SHARED / "broken-pdf" / name).read_bytes()
    code, _, err = cli("add", "1211.3711")
    assert code == 1 and "PDF missing: " in err and "Traceback" not in err
    assert stored(cli)["pdf_status"] == "missing" and leftovers(home) == []


def test_a_stored_pdf_cut_short_by_an_older_paperdeck_is_fetched_again(graves, cli, home):
    assert cli("add", "1211.3711")[0] == 0
    pdf = home / "papers" / "1211.3711.pdf"
    pdf.write_bytes(PDF[: len(PDF) // 2])  # what 0.1.0 stored as "ok"
    code, _, err = cli("add", "1211.3711")
    assert code == 0 and "PDF downloaded" in err and "already in the library" in err
    assert pdf.read_bytes() == PDF


def test_redirects_are_followed_within_reason(graves, cli, home):
    graves.pdfs["moved"] = PDF
    graves.redirects["/pdf/1211.3711v1"] = "/pdf/moved"
    code, _, err = cli("add", "1211.3711")
    assert code == 0, err
    assert (home / "papers" / "1211.3711.pdf").read_bytes() == PDF
    graves.redirects.update({"/pdf/1706.03762v7": "/pdf/loop", "/pdf/loop": "/pdf/1706.03762v7"})
    graves.id_lists["1706.03762"] = (200, atom_feed([Entry("1706.03762v7", "Attention", ["A. V."])]))
    code, _, err = cli("add", "1706.03762")
    assert code == 1 and "PDF missing: more than 5 redirects" in err


@pytest.mark.parametrize("ctype, body, says", [
    ("text/html", b"<!DOCTYPE html><html><head><title>Sign in to the network</title></head></html>",
     "arXiv sent an HTML page titled 'Sign in to the network' instead of a feed"),
    ("application/atom+xml", b"\x00\x01garbage<<<>>>", "bytes that are not XML (line 1"),
    ("application/xml", b"<?xml version='1.0'?><rss><channel/></rss>", "an XML document <rss>"),
    ("application/atom+xml", b"", "arXiv sent an empty answer"),
])
def test_what_is_not_a_feed_is_said_not_no_such_paper(graves, cli, ctype, body, says):
    graves.api_reply = (200, ctype, body)
    code, out, err = cli("add", "1211.3711")
    assert code == 1 and out == ""
    assert says in err and "no such paper" not in err and err.count("\n") == 1
    assert len(graves.api_requests()) == 1  # a login page does not heal in seconds


def test_a_feed_cut_off_is_retried_then_said(graves, cli):
    graves.api_reply = (200, "application/atom+xml", atom_feed([GRAVES])[:700])
    code, out, err = cli("add", "1211.3711")
    assert code == 1 and out == ""
    assert "a feed cut off after 700 bytes after 3 tries" in err and "no such paper" not in err
    assert len(graves.api_requests()) == 3


def test_control_characters_in_categories_and_fields_are_cleaned(arxiv_server, cli):
    feed = atom_feed([Entry("1211.3712v1", "Plain &#27;]0;PWNED&#7;title &#155;31m", ["Eve &#27;[31m"],
                            primary="cs.LG&#27;]0;PWNED&#7;",
                            categories=["cs.LG&#27;]0;PWNED&#7;", "&#x1b;[31m", "math.&#x9b;CO"])])
    feed = feed.replace(b"&amp;#", b"&#")  # atom_feed escapes titles; arXiv's bytes would not be
    arxiv_server.id_lists["1211.3712"] = (200, feed)
    code, _, err = cli("add", "--no-pdf", "1211.3712")
    assert code == 0, err
    paper = stored(cli, "1211.3712")
    assert paper["primary_category"] == "cs.LG]0;PWNED"
    assert paper["categories"] == ["cs.LG]0;PWNED", "[31m", "math.CO"]
    assert paper["title"] == "Plain ]0;PWNEDtitle 31m" and paper["authors"] == ["Eve [31m"]
    for text in (cli("show", "1211.3712")[1], cli("list")[1], json.dumps(paper, ensure_ascii=False)):
        assert not any(ord(c) < 32 and c not in "\n\t" or 0x7f <= ord(c) <= 0x9f for c in text)


# -- retries say so ----------------------------------------------------------------------------

def test_a_busy_arxiv_is_announced_while_retrying(graves, cli):
    graves.fail_next = [503, 503]
    code, _, err = cli("add", "--no-pdf", "1211.3711")
    assert code == 0
    assert err.splitlines()[:2] == ["arXiv busy (503); retry 1 of 2 in 0.01 s",
                                    "arXiv busy (503); retry 2 of 2 in 0.02 s"]


def test_retry_after_is_honoured(graves, cli):
    graves.fail_next = [429]
    graves.retry_after = "1"
    t = time.monotonic()
    code, _, err = cli("add", "--no-pdf", "1211.3711")
    assert code == 0 and time.monotonic() - t >= 1
    assert err.splitlines()[0] == "arXiv busy (429); retry 1 of 2 in 1 s"


def test_retry_after_past_the_deadline_stops_at_once(graves, cli, home):
    configure(home, api_deadline_seconds=30)
    graves.fail_next = [503]
    graves.retry_after = "120"
    t = time.monotonic()
    code, out, err = cli("add", "--no-pdf", "1211.3711")
    assert time.monotonic() - t < 2 and code == 1 and out == ""
    assert ("arXiv busy (503), and the wait of 120 s before another try (Retry-After) passes the "
            "API deadline (arxiv.api_deadline_seconds: 30 s)") in err
    assert len(graves.api_requests()) == 1


def test_search_says_it_is_retrying(arxiv_server, cli):
    arxiv_server.searches[("au:graves", 0, 5)] = (200, atom_feed([GRAVES], total=1))
    arxiv_server.fail_next = [502]
    code, out, err = cli("search", "au:graves", "--max", "5")
    assert code == 0 and out.startswith("1211.3711")
    assert err == "arXiv busy (502); retry 1 of 2 in 0.01 s\n"


def test_the_tui_add_screen_shows_the_retry(graves, home):
    import asyncio

    from reader import config as config_mod
    from reader.store import paths as paths_mod
    from reader.tui.app import make_app

    graves.fail_next = [503]
    paths = paths_mod.resolve(home)
    app = make_app(paths, config_mod.load(paths))

    async def run():
        async with app.run_test(size=(120, 40)) as pilot:
            await settled(pilot)
            await pilot.press("a")
            assert type(app.screen).__name__ == "AddScreen"
            await pilot.press(*"1211.3711", "enter")
            await settled(pilot)
            log = "\n".join(line.text for line in app.screen.query_one("#add-log").lines)
            return log

    log = asyncio.run(run())
    assert "… arXiv busy (503); retry 1 of 2 in 0.01 s" in log
    assert "✓ added 1211.3711v1" in log


# -- no .part survives ---------------------------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="flock")
def test_a_stale_part_is_swept_at_the_next_import_but_a_live_one_is_not(graves, cli, home):
    import fcntl

    papers = home / "papers"
    papers.mkdir()
    stale = papers / "1706.03762.pdf.part"
    stale.write_bytes(b"%PDF-1.4 left by a kill -9")
    live = papers / "1412.6980.pdf.part"
    with open(live, "wb") as f:  # another paperdeck downloading right now holds its lock
        fcntl.flock(f, fcntl.LOCK_EX)
        assert cli("add", "1211.3711")[0] == 0
        assert not stale.exists() and live.exists()
    assert leftovers(home) == ["1211.3711.pdf", "1412.6980.pdf.part"]


@pytest.mark.skipif(sys.platform == "win32", reason="signals")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_killed_add_leaves_no_part_after_the_next_start(graves, home, cli, sig):
    graves.drip = {"pdf": 0.05}  # the download would take minutes
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-m", "reader.cli", "add", "1211.3711"], cwd=ROOT,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    part = home / "papers" / "1211.3711.pdf.part"
    try:
        # Until the PDF is on its way (or the child ended: its stderr says why).
        wait_for(lambda: child.poll() is not None
                 or ("/pdf/1211.3711v1" in graves.requests and part.exists()),
                 what="the download under way")
        assert part.exists(), child.stderr.read() if child.poll() is not None else "no .part"
        child.send_signal(sig)
        out, err = child.communicate(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == (143 if sig == signal.SIGTERM else -9)
    if sig == signal.SIGTERM:
        assert not part.exists()  # cleaned on the way out
        assert "stopped by SIGTERM" in err and "Traceback" not in err
    assert stored(cli)["pdf_status"] == "missing"
    graves.drip = {}
    graves.id_lists["1706.03762"] = (200, atom_feed([Entry("1706.03762v7", "Attention", ["A. V."])]))
    assert cli("add", "--no-pdf", "1706.03762")[0] == 0  # the next start sweeps what was left
    assert leftovers(home) == []
    code, _, err = cli("add", "1211.3711")  # and the next add fetches the PDF again
    assert code == 0 and "PDF downloaded" in err
    assert leftovers(home) == ["1211.3711.pdf"]
