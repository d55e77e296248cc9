"""Issue 19, item 7: a server that sends its headers and then drips the body (one byte every
so often, `Connection: close`) kept `paperdeck add --no-pdf` running for minutes past the API
deadline: urllib3 2 hands the socket from the connection to the response once the headers are
read, so the watchdog found `sock = None` and had nothing to shut. The deadlines are made short
through config.yaml, the setting a user has; each run is a whole process with a ceiling."""

from __future__ import annotations

import json
import time

import pytest

from tests.processes import run_cli
from tests.selfmade import Entry, atom_feed, tiny_pdf

GRAVES = Entry("1211.3711v1", "Sequence Transduction with Recurrent Neural Networks", ["Alex Graves"])


@pytest.fixture
def dripping(arxiv_server, home):
    """Headers at once, then the body a byte at a time, and `Connection: close`. The per-read
    time-out (2 s in the test home) never trips: a byte comes every 0.5 s."""
    arxiv_server.id_lists["1211.3711"] = (200, atom_feed([GRAVES]))
    arxiv_server.pdfs["1211.3711v1"] = tiny_pdf(["Sequence transduction page one", "Page two"])
    arxiv_server.connection_close = True
    arxiv_server.drip_headers = False
    return arxiv_server


def _env(server) -> dict[str, str]:
    return {"PAPERDECK_ARXIV_API_URL": server.api_url, "PAPERDECK_ARXIV_PDF_URL": server.pdf_url}


def test_an_api_answer_dripping_after_its_headers_ends_at_the_api_deadline(dripping, home):
    with open(home / "config.yaml", "a") as f:
        f.write("arxiv.api_deadline_seconds: 1\n")
    dripping.drip = {"api": 0.5}
    t = time.monotonic()
    code, out, err = run_cli(home, "add", "--no-pdf", "1211.3711", env=_env(dripping), timeout=30)
    took = time.monotonic() - t
    assert code == 1 and out == "", err
    assert "within the API deadline (arxiv.api_deadline_seconds: 1 s)" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert took < 15  # the whole process, start-up included, on a busy machine
    assert len(dripping.api_requests()) == 1


def test_a_pdf_dripping_after_its_headers_ends_at_the_pdf_deadline(dripping, home, cli):
    with open(home / "config.yaml", "a") as f:
        f.write("arxiv.pdf_deadline_seconds: 1\n")
    dripping.drip = {"pdf": 0.5}
    code, out, err = run_cli(home, "add", "1211.3711", env=_env(dripping), timeout=30)
    assert code == 1 and out.split() == ["1211.3711"], err
    assert "PDF missing: the PDF deadline (arxiv.pdf_deadline_seconds: 1 s) ran out after" in err
    assert "Traceback" not in err
    papers = home / "papers"
    assert not papers.exists() or list(papers.iterdir()) == []  # no .part is left
    shown = json.loads(run_cli(home, "show", "1211.3711", "--json")[1])
    assert shown["pdf_status"] == "missing"
