"""Printing for the CLI: data to stdout, messages to stderr, outside text made terminal-safe."""

from __future__ import annotations

import re
import sys

from reader.text.textsafe import clean, message

# What json.dumps(ensure_ascii=False) leaves raw but a terminal acts on (it escapes C0 itself).
_JSON_RAW = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def out(line: str = "") -> None:
    sys.stdout.write(clean(line) + "\n")


def err(line: str) -> None:
    """A message to stderr: every `paperdeck: ...` line goes through here. It echoes what the
    user typed and what came from outside, so it is cleaned and kept to one line."""
    sys.stderr.write(message(line) + "\n")


def ask(prompt: str) -> None:
    """A question to stderr, the answer to be typed after it on the same line."""
    sys.stderr.write(message(prompt) + " ")
    sys.stderr.flush()


def emit_json(data: object) -> None:
    """JSON to stdout, terminal-safe: json escapes C0 controls itself; C1 controls, DEL and bidi
    overrides get \\u escapes here (the same data to a JSON reader).
    A list is written one compact item per line: readable, greppable, and it keeps to the C
    encoder (indent= would switch to the much slower pure-Python one)."""
    import json  # here: most commands print no JSON

    if isinstance(data, list) and data:
        text = "[\n" + ",\n".join(json.dumps(x, ensure_ascii=False) for x in data) + "\n]\n"
    else:
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    sys.stdout.write(_JSON_RAW.sub(_json_escape, text))


def _json_escape(m: re.Match) -> str:
    return f"\\u{ord(m.group()):04x}"


def add_json_flag(parser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON for scripts")
