"""Shared fixtures: a temporary PAPERDECK_HOME, the local arXiv server, the CLI, shared data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.arxiv_server import FakeArxiv

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "fixtures"
HAVE_SHARED = SHARED.is_dir()
needs_shared = pytest.mark.skipif(
    not HAVE_SHARED, reason="../shared/fixtures is absent (a user's clone); CI has it"
)

# Recorded API responses (../shared/fixtures/arxiv-atom) by the id_list they answer.
RECORDED_ID_LISTS = {
    "1605.08386": ("id_list_1605.08386.xml", 200),
    "1707.08567": ("id_list_1707.08567.xml", 200),
    "2104.12255v1": ("id_list_versioned_2104.12255v1.xml", 200),
    "astro-ph/0601001": ("id_list_oldstyle_astro-ph_0601001.xml", 200),
    "quant-ph/0201082v1": ("id_list_oldstyle_versioned_quant-ph_0201082v1.xml", 200),
    "0808.05394,1707.08567": ("id_list_two_ids_one_missing_0808.05394_1707.08567.xml", 200),
    "0808.05394": ("empty_id_list_0808.05394.xml", 200),
    "1111.2011v2": ("legacy2016_id_list_1111.2011v2.xml", 200),
    "1111.2011": ("legacy2016_id_list_1111.2011v2.xml", 200),
    "1312.2021": ("pubs2019_id_list_1312.2021.xml", 200),
    "1710.08557": ("pubs2019_id_list_1710.08557.xml", 200),
    "astro-ph/9812133": ("pubs2019_id_list_oldstyle_astro-ph_9812133.xml", 200),
    "math/0211159": ("pubs2019_id_list_oldstyle_math_0211159.xml", 200),
    "math/9501234": ("pubs2019_id_list_oldstyle_math_9501234.xml", 200),
}
RECORDED_SEARCHES = {
    ("testing", 0, 10): "search_testing_start0_max10.xml",
    ("testing", 10, 10): "search_testing_start10_max10.xml",
    ("testing", 0, 100): "search_testing_start0_max100.xml",
    ("au:del_maestro", 0, 10): "legacy2016_search_au_del_maestro.xml",
    ("au:del_maestro AND ti:checkerboard", 0, 10): "legacy2016_search_del_maestro_AND_checkerboard.xml",
}


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """An empty PAPERDECK_HOME with a config that keeps the network settings fast for tests."""
    h = tmp_path / "home"
    h.mkdir()
    (h / "config.yaml").write_text(
        "arxiv:\n  delay_seconds: 0\n  backoff_seconds: 0.01\n  retries: 2\n  timeout_seconds: 2\n"
    )
    monkeypatch.setenv("PAPERDECK_HOME", str(h))
    monkeypatch.delenv("PAPERDECK_NOW", raising=False)
    monkeypatch.delenv("PAPERDECK_ARXIV_API_URL", raising=False)
    monkeypatch.delenv("PAPERDECK_ARXIV_PDF_URL", raising=False)
    # No test reaches arxiv.org for a page: a closed local port, unless arxiv_server is used.
    monkeypatch.setenv("PAPERDECK_ARXIV_HTML_URL", "http://127.0.0.1:9/html/")
    return h


@pytest.fixture
def arxiv_server(home, monkeypatch):
    """The local arXiv, empty: tests add the responses they need. PAPERDECK_ARXIV_* point at it."""
    server = FakeArxiv().start()
    monkeypatch.setenv("PAPERDECK_ARXIV_API_URL", server.api_url)
    monkeypatch.setenv("PAPERDECK_ARXIV_PDF_URL", server.pdf_url)
    monkeypatch.setenv("PAPERDECK_ARXIV_HTML_URL", server.html_url)
    yield server
    server.stop()


@pytest.fixture
def recorded_arxiv(arxiv_server):
    """The local arXiv serving the recorded responses and PDFs in ../shared/fixtures."""
    if not HAVE_SHARED:
        pytest.skip("../shared/fixtures is absent (a user's clone); CI has it")
    for id_list, (name, status) in RECORDED_ID_LISTS.items():
        arxiv_server.id_lists[id_list] = (status, (SHARED / "arxiv-atom" / name).read_bytes())
    arxiv_server.id_lists["abc"] = (400, (SHARED / "arxiv-atom/error_id_list_abc_http400.xml").read_bytes())
    for key, name in RECORDED_SEARCHES.items():
        arxiv_server.searches[key] = (200, (SHARED / "arxiv-atom" / name).read_bytes())
    arxiv_server.pdfs["1111.2011v2"] = (SHARED / "arxiv-pdf/1111.2011v2.pdf").read_bytes()
    return arxiv_server


@pytest.fixture
def cli(home, capsys):
    """Run `paperdeck ARGS` in-process; returns (exit code, stdout, stderr)."""
    from reader.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as e:  # argparse usage errors and --help
            code = e.code if isinstance(e.code, int) else 1
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture(autouse=True)
def _no_process_left(tmp_path_factory):
    """Fails the test that leaves a process running (its own children, or a tmux server or
    TUI naming this run's temporary folder), and kills what it left (tests/leaks.py)."""
    if not Path("/proc/self/stat").exists():
        yield
        return
    from tests import leaks

    watch = leaks.Watch(tmp_path_factory.getbasetemp())
    yield
    left = watch.left_after_grace()
    if left:
        said = "\n".join(p.describe() for p in left)
        leaks.kill(left)
        pytest.fail(f"left running after the test:\n{said}", pytrace=False)


@pytest.fixture
def snap_compare(snap_compare):
    """pytest-textual-snapshot's, the picture taken once the app has settled (every worker
    done) with every cursor shown steady: no picture depends on when it is taken."""
    import inspect

    from tests.waiting import settled, steady_cursors

    def compare(app, press=(), terminal_size=(80, 24), run_before=None):
        async def before(pilot):
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            await pilot.press(*press)
            await settled(pilot)
            steady_cursors(pilot.app)

        return snap_compare(app, terminal_size=terminal_size, run_before=before)

    return compare
