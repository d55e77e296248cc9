"""The shape DESIGN.md asks for: the core imports neither textual nor rich, and the CLI imports
heavy packages only in the verbs that need them (so `paperdeck --help` and `due` start fast)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import reader

ROOT = Path(__file__).resolve().parents[1]


def _imported_after(code: str) -> set[str]:
    probe = code + "\nimport sys; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    r = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(r.stdout.split())


def test_core_modules_import_neither_textual_nor_rich():
    core = [m.name for m in pkgutil.walk_packages(reader.__path__, "reader.")
            if not m.name.startswith(("reader.tui", "reader.cli"))]
    assert "reader.library" in core and "reader.importer" in core
    loaded = _imported_after("\n".join(f"import {name}" for name in core))
    assert not loaded & {"textual", "rich"}


def test_help_loads_no_heavy_package():
    loaded = _imported_after("from reader.cli import build_parser; build_parser()")
    assert not loaded & {"textual", "rich", "arxiv", "requests", "pypdf", "fsrs", "rapidfuzz",
                         "yaml", "genanki", "platformdirs"}
