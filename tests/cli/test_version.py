"""Release 0.2.0: `paperdeck --version` says it, and the version is written in one place
(reader.__version__), which the package's metadata takes through pyproject.toml."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import tomllib
from pathlib import Path

import reader

ROOT = Path(__file__).resolve().parents[2]


def test_version_prints_the_release():
    r = subprocess.run([sys.executable, "-m", "reader.cli", "--version"], capture_output=True,
                       text=True, cwd=ROOT, timeout=60)
    assert (r.returncode, r.stdout, r.stderr) == (0, "paperdeck 0.2.0\n", "")


def test_the_version_is_written_once():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "reader.__version__"}
    installed = importlib.metadata.version("paperdeck")
    assert installed == reader.__version__, (
        f"the installed metadata says {installed}: install again (pip install -e .)")
