"""The README documents every configuration key with its default, and keeps its two set-up
commands (one to run paperdeck, one to run the tests) true to what .ci/run does."""

from __future__ import annotations

from pathlib import Path

from reader import config

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_config_key_is_documented_with_its_default():
    assert config.reference_markdown().strip() in README


def test_ci_runs_the_readme_test_command():
    test_command = next(line for line in README.splitlines() if "pytest" in line and "pip install" in line)
    assert test_command.strip() in (ROOT / ".ci/run").read_text(encoding="utf-8")
