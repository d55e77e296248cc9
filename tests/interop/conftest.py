"""Fixtures for interop tests: a library on the temporary PAPERDECK_HOME and papers in it."""

from __future__ import annotations

import pytest

from reader import library
from reader.db import open_library, transaction
from reader.models import Paper
from reader.paths import resolve


@pytest.fixture
def paths(home):
    return resolve(home)


@pytest.fixture
def conn(paths):
    c = open_library(paths)
    yield c
    c.close()


def make_paper(n: int = 1, **fields) -> Paper:
    base = dict(
        id=f"2101.{n:05d}", title=f"A Paper Number {n}", authors=("Ada Lovelace",),
        abstract="Abstract.", version=1, latest_version=1, categories=("cs.LG",),
        primary_category="cs.LG", published="2021-01-05T10:00:00Z",
        updated="2021-01-05T10:00:00Z", added=f"2026-01-01T00:00:{n % 60:02d}Z",
    )
    base.update(fields)
    return Paper(**base)


@pytest.fixture
def add(conn):
    def add_paper(paper: Paper) -> Paper:
        with transaction(conn):
            library.insert(conn, paper)
        return library.get(conn, paper.id)

    return add_paper


GRAVES = dict(
    id="1211.3711", title="Sequence Transduction with Recurrent Neural Networks",
    authors=("Alex Graves",), primary_category="cs.NE", categories=("cs.NE", "cs.LG", "stat.ML"),
    published="2012-11-14T21:52:28Z", added="2026-01-01T00:00:00Z",
)
