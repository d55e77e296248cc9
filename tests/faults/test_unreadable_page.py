"""Issue 20.8: `text ID --page N` on a page pypdf refuses (a decompression bomb) fails: non-zero
exit, one line in words, without pypdf's exception names."""

from __future__ import annotations



from tests.conftest import SHARED, needs_shared
from tests.faults.bomb import bomb_pdf


def _add(cli, tmp_path, data, name="bomb.pdf"):
    pdf = tmp_path / name
    pdf.write_bytes(data)
    code, out, err = cli("add", str(pdf))
    assert code == 0, err
    return out.strip()


def test_a_page_pypdf_refuses_is_a_failure_in_words(cli, home, tmp_path):
    key = _add(cli, tmp_path, bomb_pdf())
    code, out, err = cli("text", key, "--page", "1")
    assert code != 0
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert "page 1" in err and "Error" not in err, err
    assert "inflate" in err or "limit" in err, err
    # The page that reads still does, and the whole text says which page failed.
    code, out, err = cli("text", key, "--page", "2")
    assert code == 0 and "a plain second page" in out, err
    code, out, err = cli("text", key)
    assert "a plain second page" in out and "Error" not in err, err
    assert not (home / "crash.log").exists()


@needs_shared
def test_a_page_that_loops_is_said_in_words(cli, home, tmp_path):
    key = _add(cli, tmp_path, (SHARED / "broken-pdf" / "qpdf_issue-117.pdf").read_bytes(),
               "loop.pdf")
    code, out, err = cli("text", key, "--page", "1")
    assert code != 0 and len(err.strip().splitlines()) == 1, err
    assert "LimitReachedError" not in err and "IndirectObject" not in err, err
