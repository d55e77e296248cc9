"""Running `paperdeck` in its own process, with a deadline and a memory ceiling: for inputs
whose bug is a hang or an endless allocation, which must fail a test rather than hang it or
take the machine's memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def run_cli(home: Path, *args: str, timeout: float = 20, memory: int = 2 << 30,
            env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of `paperdeck ARGS` on PAPERDECK_HOME=home; fails the test
    when it runs past `timeout` seconds."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))

    full = {**os.environ, "PAPERDECK_HOME": str(home), "PYTHONPATH": str(ROOT), **(env or {})}
    try:
        done = subprocess.run([sys.executable, "-m", "reader.cli", *args], env=full,
                              capture_output=True, text=True, timeout=timeout, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        pytest.fail(f"paperdeck {' '.join(args)} still running after {timeout} s")
    return done.returncode, done.stdout, done.stderr
