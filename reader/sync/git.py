"""git as the transport: when the sync folder is a git work tree with a remote, pull before,
commit and push after, with the user's own `git` (its credentials, its hooks).

Each device writes only its own files, so two devices never conflict: a rejected push (the
remote moved on) pulls and tries again. No git, no remote, a merge git cannot make: one line
each (`GitProblem`), the library untouched by git's trouble.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from reader.errors import PaperdeckError

__all__ = ["is_repo", "pull", "publish", "GitProblem"]

TIMEOUT_S = 120
TRIES = 3


class GitProblem(PaperdeckError):
    pass


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("git")
    if exe is None:
        raise GitProblem(f"{folder} is a git work tree but no git command is installed; install "
                         "git, or sync through a plain folder")
    try:
        return subprocess.run([exe, "-C", str(folder), *args], capture_output=True, text=True,
                              timeout=TIMEOUT_S, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise GitProblem(f"git {args[0]} in {folder} took over {TIMEOUT_S} s; nothing pushed; "
                         "try again") from None


def _line(p: subprocess.CompletedProcess) -> str:
    text = (p.stderr or p.stdout or "").strip().splitlines()
    return text[-1][:200] if text else f"exit {p.returncode}"


def is_repo(folder: Path) -> bool:
    """The folder is the top of a git work tree (a `.git` folder or file in it)."""
    return (Path(folder) / ".git").exists()


def _remote(folder: Path) -> str | None:
    p = _git(folder, "remote")
    names = p.stdout.split()
    return names[0] if p.returncode == 0 and names else None


def pull(folder: Path) -> str | None:
    """Bring the remote's commits in; None, or a line saying why sync goes on without them."""
    if _remote(folder) is None:
        return f"{folder} is a git work tree without a remote: synced locally only (add one " \
               "with 'git remote add origin URL')"
    p = _git(folder, "pull", "-q", "--no-rebase", "--no-edit")
    if p.returncode != 0:
        if "couldn't find remote ref" in (p.stderr or "") or "no such ref" in (p.stderr or ""):
            return None
        _git(folder, "merge", "--abort")
        raise GitProblem(f"git pull in {folder} failed ({_line(p)}); nothing synced; resolve it "
                         "with git, then sync again")
    return None


def publish(folder: Path, message: str) -> str | None:
    """Commit the folder's changes and push them (a rejected push pulls and tries again);
    None, or a line saying what was not done."""
    _git(folder, "add", "-A", ".")
    if _git(folder, "diff", "--cached", "--quiet").returncode != 0:
        who = [] if _git(folder, "config", "user.email").stdout.strip() else [
            "-c", "user.name=paperdeck", "-c", "user.email=paperdeck@localhost"]
        p = _git(folder, *who, "commit", "-q", "-m", message)
        if p.returncode != 0:
            raise GitProblem(f"git commit in {folder} failed ({_line(p)}); the changes are in the "
                             "folder, uncommitted")
    remote = _remote(folder)
    if remote is None:
        return None
    branch = _git(folder, "rev-parse", "--abbrev-ref", "HEAD").stdout.strip() or "HEAD"
    for _ in range(TRIES):
        p = _git(folder, "push", "-q", remote, f"HEAD:{branch}")
        if p.returncode == 0:
            return None
        q = _git(folder, "pull", "-q", "--no-rebase", "--no-edit", remote, branch)
        if q.returncode != 0:
            _git(folder, "merge", "--abort")
            raise GitProblem(f"git could not merge {remote}/{branch} into {folder} ({_line(q)}); "
                             "resolve it with git, then sync again")
    return f"git push to {remote} was refused {TRIES} times ({_line(p)}); committed locally, " \
           "pushed next sync"
