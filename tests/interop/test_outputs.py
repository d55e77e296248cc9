"""Every -o of every export verb and of `backup`: a clear line for a wrong kind of target or a
missing folder, no folders made for single files, normal permissions, nothing partial left."""

from __future__ import annotations

import os
import sqlite3
import stat

import pytest

from reader.store import outfile

from .conftest import make_paper

SINGLE_FILE = [
    (("export", "bibtex"), "BibTeX export"),
    (("export", "yaml"), "YAML export"),
    (("export", "anki"), "Anki export"),
]


def listing(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize("verb,what", SINGLE_FILE)
def test_single_file_export_into_an_existing_folder_is_one_clear_line(conn, add, cli, tmp_path,
                                                                     verb, what):
    add(make_paper(1))
    folder = tmp_path / "md"
    folder.mkdir()
    code, out, err = cli(*verb, "-o", str(folder))
    assert code == 2, err
    assert err == f"paperdeck: {folder} is a folder; {what} writes one file: give -o FILE\n"
    assert "unexpected" not in err and listing(folder) == []


@pytest.mark.parametrize("verb,what", SINGLE_FILE)
def test_single_file_export_refuses_a_missing_folder_and_creates_none(conn, add, cli, tmp_path,
                                                                     verb, what):
    add(make_paper(1))
    target = tmp_path / "nonexistent" / "dir" / "x.out"
    code, _, err = cli(*verb, "-o", str(target))
    assert code == 2
    assert err.startswith(f"paperdeck: the folder {target.parent} does not exist")
    assert err.count("\n") == 1
    assert not (tmp_path / "nonexistent").exists()


def test_markdown_into_an_existing_file_is_one_clear_line(conn, add, cli, tmp_path, monkeypatch):
    add(make_paper(1))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "refs.bib").write_text("@misc{x}\n")
    code, _, err = cli("export", "markdown", "-o", "refs.bib")
    assert code == 2
    assert err == "paperdeck: refs.bib is a file; markdown export writes a folder: give -o DIR\n"
    assert (tmp_path / "refs.bib").read_text() == "@misc{x}\n"
    assert listing(tmp_path) == ["home", "refs.bib"]


def test_markdown_makes_its_folder_but_not_missing_parents(conn, add, cli, tmp_path):
    add(make_paper(1))
    code, _, err = cli("export", "markdown", "-o", str(tmp_path / "a" / "b"))
    assert code == 2 and f"the folder {tmp_path / 'a'} does not exist" in err
    assert not (tmp_path / "a").exists()
    code, _, err = cli("export", "markdown", "-o", str(tmp_path / "notes"))
    assert code == 0, err
    assert "wrote 1 Markdown file to" in err
    assert len(listing(tmp_path / "notes")) == 1


def test_markdown_failure_leaves_nothing_behind(conn, add, tmp_path, monkeypatch):
    from reader.exports import markdown

    for n in (1, 2, 3):
        add(make_paper(n))
    calls = []
    real_open = open

    def failing_open(path, *args, **kwargs):
        if str(path).endswith(".part"):
            calls.append(path)
            if len(calls) == 2:
                raise OSError(28, "No space left on device")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing_open)
    from reader.errors import PaperdeckError
    from reader.library.papers import all_papers

    with pytest.raises(PaperdeckError, match=r"the disk is full \(.*notes\): nothing was written"):
        markdown.export(conn, all_papers(conn), tmp_path / "notes")
    assert not (tmp_path / "notes").exists()
    existing = tmp_path / "kept"
    existing.mkdir()
    calls.clear()
    with pytest.raises(PaperdeckError):
        markdown.export(conn, all_papers(conn), existing)
    assert listing(existing) == []


@pytest.mark.parametrize("verb", [("export", "bibtex"), ("export", "yaml"), ("export", "anki"),
                                  ("backup",)])
def test_written_files_get_normal_permissions(filled, cli, tmp_path, umask_022, verb):
    target = tmp_path / "out.file"
    code, _, err = cli(*verb, "-o", str(target))
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert listing(tmp_path) == ["home", "out.file"]


def test_markdown_files_get_normal_permissions(filled, cli, tmp_path, umask_022):
    code, _, err = cli("export", "markdown", "-o", str(tmp_path / "md"))
    assert code == 0, err
    modes = {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "md").iterdir()}
    assert modes == {0o644}
    assert not [p for p in (tmp_path / "md").iterdir() if p.name.startswith(".")]


def test_replacing_a_file_keeps_its_mode(filled, cli, tmp_path):
    target = tmp_path / "refs.bib"
    target.write_text("old")
    target.chmod(0o600)
    code, _, err = cli("export", "bibtex", "-o", str(target))
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and "@" in target.read_text()


def test_backup_into_a_folder_writes_a_named_copy_inside(conn, add, cli, tmp_path):
    add(make_paper(1))
    folder = tmp_path / "x"
    folder.mkdir()
    code, out, err = cli("backup", "-o", str(folder))
    assert code == 0, err
    (copy,) = folder.iterdir()
    assert copy.name.startswith("paperdeck-") and copy.suffix == ".db"
    assert out.strip() == str(copy)
    c = sqlite3.connect(copy)
    assert c.execute("SELECT count(*) FROM papers").fetchone()[0] == 1
    c.close()
    code, out, _ = cli("backup", "-o", str(folder))
    assert code == 0 and len(listing(folder)) == 2  # a second copy, never over the first


def test_backup_refuses_a_missing_folder(conn, cli, tmp_path):
    code, _, err = cli("backup", "-o", str(tmp_path / "nope" / "copy.db"))
    assert code == 2 and f"the folder {tmp_path / 'nope'} does not exist" in err
    assert not (tmp_path / "nope").exists()


def test_failed_write_leaves_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "out.yaml"
    target.write_text("old")

    def boom(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outfile, "_fsync", boom)
    from reader.errors import PaperdeckError

    with pytest.raises(PaperdeckError, match=r"the disk is full \(.*out.yaml\): nothing was written"):
        outfile.write_file(target, "new")
    assert target.read_text() == "old" and listing(tmp_path) == ["out.yaml"]


def test_write_to_a_device_writes_through(tmp_path):
    outfile.write_file(os.devnull, "text")  # -o /dev/null: not replaced by a regular file
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_single_file_output_through_a_symlink_writes_the_file_it_points_to(tmp_path):
    real = tmp_path / "real.bib"
    real.write_text("old")
    link = tmp_path / "link.bib"
    link.symlink_to(real)
    outfile.write_file(link, "new")
    assert link.is_symlink() and real.read_text() == "new"


def _null_device(path):
    """A character device node like /dev/null, made in a test folder (so that a bug replaces it,
    not the system's /dev/null); skips where device nodes cannot be made (not root)."""
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except (PermissionError, OSError) as e:
        pytest.skip(f"cannot make a device node here: {e}")
    return path


def _read_fifo_in_a_thread(fifo):
    import threading

    got = {}

    def read():
        with open(fifo, "rb") as f:
            got["data"] = f.read()

    t = threading.Thread(target=read, daemon=True)
    t.start()
    return t, got


PIPED = [("backup",), ("export", "anki")]


@pytest.mark.parametrize("verb", PIPED)
def test_a_fifo_target_is_written_into_not_replaced(filled, cli, tmp_path, verb):
    fifo = tmp_path / "out.pipe"
    os.mkfifo(fifo)
    reader, got = _read_fifo_in_a_thread(fifo)
    code, _, err = cli(*verb, "-o", str(fifo))
    reader.join(10)
    assert code == 0, err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    magic = b"SQLite format 3\x00" if verb == ("backup",) else b"PK\x03\x04"
    assert got["data"].startswith(magic)
    assert listing(tmp_path) == ["home", "out.pipe"]          # no temporary left beside it
    if verb == ("backup",):
        copy = tmp_path / "copy.db"
        copy.write_bytes(got["data"])
        c = sqlite3.connect(copy)
        assert c.execute("SELECT count(*) FROM papers").fetchone()[0] == 3
        c.close()


@pytest.mark.parametrize("verb", PIPED + [("export", "yaml"), ("export", "bibtex")])
def test_a_device_target_is_written_into_not_replaced(filled, cli, tmp_path, verb):
    dev = _null_device(tmp_path / "null")
    link = tmp_path / "link"
    link.symlink_to(dev)
    for target in (dev, link):
        code, _, err = cli(*verb, "-o", str(target))
        assert code == 0, err
        assert stat.S_ISCHR(os.lstat(dev).st_mode) and link.is_symlink()
    assert listing(tmp_path) == ["home", "link", "null"]


def test_a_fifo_nobody_reads_is_one_line_not_a_hang(filled, cli, tmp_path, monkeypatch):
    monkeypatch.setattr(outfile, "READER_WAIT_S", 0.2)
    fifo = tmp_path / "out.pipe"
    os.mkfifo(fifo)
    for verb in PIPED + [("export", "yaml")]:
        code, _, err = cli(*verb, "-o", str(fifo))
        assert code == 1
        assert err == (f"paperdeck: cannot write {fifo}: nobody read from the pipe within "
                       "0.2 s; nothing was written\n")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and listing(tmp_path) == ["home", "out.pipe"]
