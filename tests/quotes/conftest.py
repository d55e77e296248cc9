"""The fixture papers of ../shared/fixtures/arxiv-html, added through the local arXiv (as
tests/text_html does): quotes and the Skim view read their stored document models."""

from __future__ import annotations

import pytest

from tests.text_html.conftest import HTML, MOOR, STROPKAY, conn, html_arxiv, settings  # noqa: F401


@pytest.fixture
def added(html_arxiv, cli):  # noqa: F811
    code, _, err = cli("add", MOOR, STROPKAY)
    assert code == 0, err
    return html_arxiv
