"""Issue 20.1: `-o` pointed at the library's own files (the database, its -wal/-shm, a backup, a
PDF, a draft) is refused in one line before anything is written, for every verb that takes -o;
a link to one of them (symbolic or hard) is refused alike."""

from __future__ import annotations

import os
import sqlite3

import pytest


def _library(cli, home):
    code, _, err = cli("add", "--kind", "book", "--title", "A book")
    assert code == 0, err
    code, _, err = cli("note", "book", "--what", "What it does")
    assert code == 0, err
    code, out, err = cli("backup")
    assert code == 0, err
    return home


def _fingerprint(home):
    """Every file under the home, with its bytes: nothing may change."""
    found = {}
    for root, _dirs, files in os.walk(home):
        for name in files:
            p = os.path.join(root, name)
            if name.endswith(("-wal", "-shm")):
                found[p] = os.path.getsize(p) >= 0   # SQLite itself writes these
            else:
                with open(p, "rb") as f:
                    found[p] = f.read()
    return found


def _targets(home):
    (home / "papers").mkdir(exist_ok=True)
    (home / "papers" / "local_0123456789ab.pdf").write_bytes(b"%PDF-1.4 not really\n%%EOF\n")
    (home / "drafts").mkdir(exist_ok=True)
    (home / "drafts" / "notes-book.yaml").write_text("what: |\n  kept\n")
    backup = next((home / "backups").glob("paperdeck-*.db"))
    return {
        "db": home / "paperdeck.db",
        "wal": home / "paperdeck.db-wal",
        "shm": home / "paperdeck.db-shm",
        "backup": backup,
        "pdf": home / "papers" / "local_0123456789ab.pdf",
        "draft": home / "drafts" / "notes-book.yaml",
    }


FILE_VERBS = {
    "bibtex": ("export", "bibtex", "-o"),
    "yaml": ("export", "yaml", "-o"),
    "anki": ("export", "anki", "-o"),
    "post": ("log", "--markdown", "-o"),
    "backup": ("backup", "-o"),
}


@pytest.mark.parametrize("verb", sorted(FILE_VERBS))
@pytest.mark.parametrize("target", ["db", "wal", "shm", "backup", "pdf", "draft"])
def test_a_file_output_over_the_librarys_own_files_is_refused(cli, home, verb, target):
    _library(cli, home)
    path = _targets(home)[target]
    before = _fingerprint(home)
    code, out, err = cli(*FILE_VERBS[verb], str(path))
    assert code != 0
    assert len(err.strip().splitlines()) == 1, err
    assert "paperdeck" in err and ("librar" in err or "paperdeck's" in err), err
    assert _fingerprint(home) == before
    assert not list(home.rglob("*.part"))
    code, out, err = cli("list")
    assert code == 0 and "A book" in out, err


@pytest.mark.parametrize("verb", ["bibtex", "backup", "yaml"])
@pytest.mark.parametrize("link", ["symlink", "hardlink", "dotdot"])
def test_a_link_to_the_database_is_refused(cli, home, tmp_path, verb, link):
    _library(cli, home)
    db = home / "paperdeck.db"
    other = tmp_path / "elsewhere"
    other.mkdir()
    if link == "symlink":
        target = other / "refs.bib"
        target.symlink_to(db)
    elif link == "hardlink":
        target = other / "refs.bib"
        os.link(db, target)
    else:
        target = other / ".." / "home" / "paperdeck.db"
    before = db.read_bytes()
    code, _, err = cli(*FILE_VERBS[verb], str(target))
    assert code != 0 and len(err.strip().splitlines()) == 1, err
    assert db.read_bytes() == before
    sqlite3.connect(db).execute("PRAGMA quick_check").fetchone()


@pytest.mark.parametrize("folder", ["papers", "drafts", "backups", "."])
def test_markdown_into_the_librarys_folders_is_refused(cli, home, folder):
    _library(cli, home)
    _targets(home)
    before = _fingerprint(home)
    code, _, err = cli("export", "markdown", "-o", str(home / folder))
    assert code != 0 and len(err.strip().splitlines()) == 1, err
    assert _fingerprint(home) == before


def test_markdown_file_that_links_to_the_database_is_refused(cli, home, tmp_path):
    _library(cli, home)
    out_dir = tmp_path / "notes"
    code, _, err = cli("export", "markdown", "-o", str(out_dir))
    assert code == 0, err
    (written,) = out_dir.iterdir()
    written.unlink()
    written.symlink_to(home / "paperdeck.db")
    before = (home / "paperdeck.db").read_bytes()
    code, _, err = cli("export", "markdown", "-o", str(out_dir))
    assert code != 0 and len(err.strip().splitlines()) == 1, err
    assert (home / "paperdeck.db").read_bytes() == before


def test_outputs_elsewhere_still_work(cli, home, tmp_path):
    _library(cli, home)
    for verb in FILE_VERBS.values():
        target = tmp_path / f"out-{verb[-2]}"
        code, _, err = cli(*verb, str(target))
        assert code == 0, err
        assert target.stat().st_size > 0
    code, _, err = cli("export", "markdown", "-o", str(tmp_path / "md"))
    assert code == 0, err
    # A folder of the user's own inside the home is not one of paperdeck's.
    code, _, err = cli("export", "markdown", "-o", str(home / "my-notes"))
    assert code == 0, err
