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
    """JSON to stdout; json escapes control characters, so it is terminal-safe as it is.
    A list is written one compact item per line: readable, greppable, and it keeps to the C
    encoder (indent= would switch to the much slower pure-Python one)."""
    if isinstance(data, list) and data:
        sys.stdout.write("[\n" + ",\n".join(json.dumps(x, ensure_ascii=False) for x in data) + "\n]\n")
    else:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def add_json_flag(parser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
