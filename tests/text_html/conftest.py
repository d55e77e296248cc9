"""The two LaTeXML papers of ../shared/fixtures/arxiv-html served by the local arXiv: their
HTML at /html/<id>v1, figures beside it, PDFs at /pdf/<id>v1, and metadata feeds built from
their titles and authors (no Atom response for them was recorded; SOURCES.md names them).
Any other id asked for is a paper titled after its id."""

from __future__ import annotations

import pytest

from tests.conftest import HAVE_SHARED, SHARED
from tests.selfmade import Entry, atom_feed

HTML = SHARED / "arxiv-html"
MOOR = "2005.12359"        # math-heavy; its figures' images are not in the fixtures
STROPKAY = "2510.21958"    # five figures, x1.png ... x5.png
PAPERS = {
    MOOR: Entry(f"{MOOR}v1", "Path Imputation Strategies for Signature Models of Irregular Time "
                "Series", ["Michael Moor", "Max Horn", "Christian Bock", "Karsten Borgwardt",
                           "Bastian Rieck"],
                published="2020-05-25T00:00:00Z", primary="cs.LG", categories=["cs.LG"]),
    STROPKAY: Entry(f"{STROPKAY}v1", "A Stylometric Application of Large Language Models",
                    ["Harrison F. Stropkay", "Jiayi Chen", "Mohammad J. Latifi",
                     "Daniel N. Rockmore", "Jeremy R. Manning"],
                    published="2025-10-24T00:00:00Z", primary="cs.CL", categories=["cs.CL"]),
}


class _Known(dict):
    """id_lists answering any ids asked for, alone or together: the fixture papers with their
    own titles and authors, any other paper titled after its id (as tests.test_add_from's
    AnyIds does)."""

    def get(self, key, default=None):
        entries = []
        for given in key.split(","):
            plain, _, v = given.partition("v") if "/" not in given else (given, "", "")
            entries.append(PAPERS.get(plain) or Entry(f"{plain}v{v or 1}", f"Paper {plain}",
                                                      ["A. Author"]))
        return (200, atom_feed(entries))


@pytest.fixture
def html_arxiv(arxiv_server):
    """The local arXiv serving both fixture papers (HTML, figures, PDFs, metadata)."""
    if not HAVE_SHARED:
        pytest.skip("../shared/fixtures is absent (a user's clone); CI has it")
    ids = _Known()
    for pid in PAPERS:
        arxiv_server.pdfs[f"{pid}v1"] = (HTML / pid / "paper.pdf").read_bytes()
        arxiv_server.serve_html(f"{pid}v1", HTML / pid)
    arxiv_server.id_lists = ids
    return arxiv_server


@pytest.fixture
def conn(home):
    """A second connection to the test library (as the TUI's worker has its own)."""
    from reader.store import db
    from reader.store import paths as paths_mod

    c = db.open_library(paths_mod.resolve(None))
    yield c
    c.close()


@pytest.fixture
def settings(html_arxiv):
    """The arXiv settings the CLI would use (config.yaml and PAPERDECK_ARXIV_*): the local one."""
    from reader.arxiv.api import Settings
    from reader.config import load
    from reader.store import paths as paths_mod

    return Settings.from_config(load(paths_mod.resolve(None)))
