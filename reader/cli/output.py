"""Printing for the CLI: data to stdout, messages to stderr, outside text made terminal-safe."""

from __future__ import annotations

import json
import sys

from ..textsafe import clean


def out(line: str = "") -> None:
    sys.stdout.write(clean(line) + "\n")


def err(line: str) -> None:
    sys.stderr.write(clean(line) + "\n")


def emit_json(data: object) -> None:
    """JSON to stdout. json escapes control characters, so it is terminal-safe as it is."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def add_json_flag(parser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
