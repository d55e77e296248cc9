"""`paperdeck sync` as a user runs it: a folder, sync.folder, --status, git as the transport."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(home: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAPERDECK_", "GIT_"))}
    env.update(PAPERDECK_HOME=str(home), PAPERDECK_ARXIV_HTML_URL="http://127.0.0.1:9/html/",
               GIT_CONFIG_GLOBAL=str(home.parent / "gitconfig"), GIT_CONFIG_NOSYSTEM="1")
    return subprocess.run([sys.executable, "-c", "import sys; from reader.cli import main; sys.exit(main(sys.argv[1:]))", *args], env=env, capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=120)


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60,
                   env={**os.environ, "GIT_CONFIG_GLOBAL": str(cwd.parent / "gitconfig"),
                        "GIT_CONFIG_NOSYSTEM": "1"})


def yaml_of(home: Path) -> str:
    p = run(home, "export", "yaml")
    assert p.returncode == 0, p.stderr
    # past the header and the schema line's neighbours, up to the clocks each library keeps
    # for merging YAML files (its own: reader.sync.exchange)
    return p.stdout.split("\n", 3)[3].split("\nmerge:\n")[0]


def test_sync_folder_from_config_and_status(tmp_path):
    a, b, folder = tmp_path / "a", tmp_path / "b", tmp_path / "folder"
    for home in (a, b):
        home.mkdir()
        (home / "config.yaml").write_text(f"sync:\n  folder: {folder}\n  device: {home.name}-pc\n")
    p = run(a, "add", "--kind", "post", "--title", "A post on sync", "--id", "sync-post")
    assert p.returncode == 0, p.stderr
    assert "1 change" in run(a, "sync", "--status").stdout or "waiting to go out" in \
        run(a, "sync", "--status").stdout
    p = run(a, "sync")
    assert p.returncode == 0, p.stderr
    assert "out" in p.stderr
    assert (folder / "devices").is_dir()
    p = run(b, "sync")
    assert p.returncode == 0, p.stderr
    assert "sync-post" in run(b, "list").stdout
    status = run(b, "sync", "--status")
    assert status.returncode == 0
    assert "waiting to go out: 0 changes" in status.stdout
    assert "b-pc" in status.stdout


def test_bad_folders_say_so_in_one_line(tmp_path):
    home = tmp_path / "h"
    home.mkdir()
    p = run(home, "sync")
    assert p.returncode != 0 and "no sync folder" in p.stderr and "Traceback" not in p.stderr
    (tmp_path / "file").write_text("x")
    p = run(home, "sync", str(tmp_path / "file"))
    assert p.returncode != 0 and "not a folder" in p.stderr
    p = run(home, "sync", str(tmp_path / "no" / "such"))
    assert p.returncode != 0 and "does not exist" in p.stderr
    p = run(home, "sync", str(home / "inside"))
    assert p.returncode != 0 and "inside the library" in p.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_through_git_a_bare_repository_and_two_clones(tmp_path):
    (tmp_path / "gitconfig").write_text("[user]\n\tname = T\n\temail = t@example.invalid\n"
                                        "[init]\n\tdefaultBranch = main\n")
    bare = tmp_path / "remote.git"
    git("init", "-q", "--bare", str(bare), cwd=tmp_path)
    clones = []
    for name in ("ca", "cb"):
        git("clone", "-q", str(bare), name, cwd=tmp_path)
        clones.append(tmp_path / name)
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    assert run(a, "add", "--kind", "post", "--title", "From A", "--id", "from-a").returncode == 0
    assert run(b, "add", "--kind", "post", "--title", "From B", "--id", "from-b").returncode == 0
    # A pushes first; B's push needs A's commit first (each writes only its own files)
    for home, clone in ((a, clones[0]), (b, clones[1]), (a, clones[0]), (b, clones[1])):
        p = run(home, "sync", str(clone))
        assert p.returncode == 0, p.stderr
    assert "from-a" in run(b, "list").stdout and "from-b" in run(a, "list").stdout
    assert yaml_of(a) == yaml_of(b)
    log = subprocess.run(["git", "-C", str(bare), "log", "--oneline"], capture_output=True,
                         text=True).stdout
    assert "paperdeck sync" in log
    # nothing new: no new commit
    before = log.count("\n")
    assert run(a, "sync", str(clones[0])).returncode == 0
    after = subprocess.run(["git", "-C", str(bare), "log", "--oneline"], capture_output=True,
                           text=True).stdout.count("\n")
    assert after == before


def test_a_git_work_tree_without_a_remote_says_so(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "gitconfig").write_text("[user]\n\tname = T\n\temail = t@example.invalid\n")
    folder = tmp_path / "repo"
    folder.mkdir()
    git("init", "-q", cwd=folder)
    home = tmp_path / "h"
    home.mkdir()
    p = run(home, "sync", str(folder))
    assert p.returncode == 0, p.stderr
    assert "without a remote" in p.stderr
