"""Figures: fetched from beside the page when first needed (or by `index --figures`), kept under
papers/ beside the PDF, whole or absent; a paper whose images arXiv lacks shows captions; once
kept, reading needs no network."""

from __future__ import annotations

import os

import pytest

from tests.text_html.conftest import HTML, MOOR, STROPKAY


@pytest.fixture
def stropkay(html_arxiv, cli, conn):
    from reader.library.papers import get

    assert cli("add", STROPKAY)[0] == 0
    return get(conn, STROPKAY)


def figure_requests(server) -> list[str]:
    return [r for r in server.html_requests() if r.endswith(".png")]


def test_a_figure_is_fetched_when_first_needed_and_kept(stropkay, html_arxiv, conn, home,
                                                        settings):
    from reader.library import paper_html
    from reader.store.paths import resolve

    paths = resolve(None)
    assert not (home / "papers" / f"{STROPKAY}v1.figures").exists()   # not at add
    path = paper_html.figure(conn, paths, settings, stropkay, "x3.png")
    assert path == home / "papers" / f"{STROPKAY}v1.figures" / "x3.png"
    assert path.read_bytes() == (HTML / STROPKAY / "x3.png").read_bytes()
    assert figure_requests(html_arxiv) == [f"/html/{STROPKAY}v1/x3.png"]
    assert paper_html.figure(conn, paths, settings, stropkay, "x3.png") == path
    assert len(figure_requests(html_arxiv)) == 1                       # kept: asked once
    assert [p.name for p in path.parent.iterdir()] == ["x3.png"]       # no temporary left


@pytest.mark.parametrize("name", ["../paperdeck.db", "/etc/passwd", "data:image/png;base64,AA",
                                  "https://example.org/x.png", ".hidden.png", "a/b.png"])
def test_a_figure_name_that_is_not_a_plain_file_name_is_never_fetched(stropkay, html_arxiv,
                                                                      conn, settings, name):
    from reader.library import paper_html
    from reader.store.paths import resolve

    with pytest.raises(paper_html.FigureUnavailable, match="not a plain file name"):
        paper_html.figure(conn, resolve(None), settings, stropkay, name)
    assert figure_requests(html_arxiv) == []


def test_what_is_not_an_image_is_not_kept(stropkay, html_arxiv, conn, settings, tmp_path):
    from reader.library import paper_html
    from reader.store.paths import resolve

    fake = tmp_path / "page"
    fake.mkdir()
    (fake / "index.html").write_bytes((HTML / STROPKAY / "index.html").read_bytes())
    (fake / "x1.png").write_bytes(b"<html><body>Sign in to the network</body></html>")
    html_arxiv.serve_html(f"{STROPKAY}v1", fake)
    with pytest.raises(paper_html.FigureUnavailable, match="not an image"):
        paper_html.figure(conn, resolve(None), settings, stropkay, "x1.png")
    folder = resolve(None).papers / f"{STROPKAY}v1.figures"
    assert list(folder.iterdir()) == []


def test_a_figure_over_the_size_cap_is_not_kept(stropkay, html_arxiv, conn, settings):
    from dataclasses import replace

    from reader.library import paper_html
    from reader.store.paths import resolve

    small = replace(settings, pdf_max_mb=0.01)       # 10 kB; x1.png is 183 kB
    with pytest.raises(paper_html.FigureUnavailable, match="size cap"):
        paper_html.figure(conn, resolve(None), small, stropkay, "x1.png")
    assert list((resolve(None).papers / f"{STROPKAY}v1.figures").iterdir()) == []


def test_a_temporary_file_left_by_a_kill_is_swept(stropkay, html_arxiv, conn, settings):
    from reader.library import paper_html
    from reader.store.paths import resolve

    folder = resolve(None).papers / f"{STROPKAY}v1.figures"
    folder.mkdir(parents=True)
    (folder / ".x1.png.abc123.part").write_bytes(b"\x89PNG half")  # no process holds it
    paper_html.figure(conn, resolve(None), settings, stropkay, "x2.png")
    assert sorted(p.name for p in folder.iterdir()) == ["x2.png"]


def test_index_figures_fetches_them_all(stropkay, html_arxiv, cli, home):
    code, _, err = cli("index", "--figures")
    assert code == 0, err
    folder = home / "papers" / f"{STROPKAY}v1.figures"
    assert sorted(os.listdir(folder)) == [f"x{i}.png" for i in range(1, 6)]
    assert f"{STROPKAY}: figures: 5 fetched, 0 kept already" in err
    code, _, err = cli("index", "--figures")
    assert code == 0 and f"{STROPKAY}: figures: 0 fetched, 5 kept already" in err
    assert len(figure_requests(html_arxiv)) == 5


def test_a_paper_whose_images_arxiv_lacks_shows_captions_and_does_not_fail(html_arxiv, cli,
                                                                           home):
    """2005.12359's page names x1.png ... that arXiv does not have (404)."""
    assert cli("add", MOOR)[0] == 0
    code, _, err = cli("index", "--figures")
    assert code == 0, err
    assert f"{MOOR}: figures: 0 fetched, 0 kept already, 18 arXiv does not have" in err
    assert not list((home / "papers" / f"{MOOR}v1.figures").iterdir())
    code, out, err = cli("text", MOOR)
    assert code == 0, err
    assert "Figure 1" in out and "Table 1" in out


def test_removing_the_paper_removes_its_figures(stropkay, html_arxiv, cli, home):
    (home / "papers" / f"{STROPKAY}0v1.figures").mkdir(parents=True)   # another id's, kept
    assert cli("index", "--figures")[0] == 0
    assert (home / "papers" / f"{STROPKAY}v1.figures" / "x1.png").is_file()
    assert cli("rm", STROPKAY, "--yes")[0] == 0
    assert sorted(p.name for p in (home / "papers").iterdir()) == [f"{STROPKAY}0v1.figures"]
