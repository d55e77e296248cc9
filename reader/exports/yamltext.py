"""A small, fast YAML writer for plain data (dicts, lists, text, numbers, booleans, null).

PyYAML's representer spends most of a large export in Python; this writes the same kind of
document directly, in block style with 2-space indents, multi-line text as literal blocks, and
text quoted wherever any YAML reader could take it for something else: YAML 1.1 readers (PyYAML,
ruamel in 1.1 mode: `yes`, `y`, `on`, `2024-01-01`, `1:20`) and YAML 1.2 ones (js-yaml, yaml,
gray-matter, ruamel, Obsidian: `1e3` is 1000, `0o17` is 15). Everything it writes reads back
equal through PyYAML and ruamel.yaml in both versions (property tests check it).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

# Characters a YAML reader does not accept raw, and the ones we keep out of plain text.
_ESCAPE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff\"\\\\]")
_NAMED = {"\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v",
          "\f": "\\f", "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\", "\x85": "\\N",
          "\xa0": "\\_", "\u2028": "\\L", "\u2029": "\\P"}
_PLAIN_BAD = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff#&*!|>'\"%@`{}\[\]]|: |:$| $|^[\s\-?:,]")
_BLOCK_BAD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]| \n| $|\t\n|\t$")


def _escape_char(m: re.Match[str]) -> str:
    c = m.group(0)
    if c in _NAMED:
        return _NAMED[c]
    n = ord(c)
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def quoted(s: str) -> str:
    return '"' + _ESCAPE.sub(_escape_char, s) + '"'


# Plain text some YAML reader takes for a number, date, time, boolean, null or special key:
# whatever starts like a number (a sign, a dot, a digit: 1e3, 0o17, 1_000, 1:20, 2024-01-01,
# .5), the infinities and NaN, and the words of YAML 1.1 and 1.2 in any case. Quoting a little
# more than one reader needs costs nothing; quoting less changes the value.
_NOT_TEXT = re.compile(r"[-+]?\.?[0-9]|[-+]?\.(inf|nan)$|(y|n|yes|no|on|off|true|false|null|~|=|<<)$",
                       re.IGNORECASE)


@lru_cache(maxsize=8192)
def _resolves_to_str(s: str) -> bool:
    import yaml

    if _NOT_TEXT.match(s):
        return False
    return yaml.resolver.Resolver().resolve(yaml.ScalarNode, s, (True, False)) == "tag:yaml.org,2002:str"


def scalar(value: Any) -> str:
    """One value on one line."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        text = repr(value).lower()
        if "." not in text and "e" in text:  # YAML 1.1 floats need a dot: 1e-05 -> 1.0e-05
            text = text.replace("e", ".0e", 1)
        return text
    if isinstance(value, str):
        if value and not _PLAIN_BAD.search(value) and _resolves_to_str(value):
            return value
        return quoted(value)
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


def _text(value: str, indent: int) -> str:
    """Text as a value: a literal block when it has several lines and can be one."""
    if "\n" in value and value.strip() and not value[0].isspace() and not _BLOCK_BAD.search(value):
        body = value.rstrip("\n")
        trailing = len(value) - len(body)
        chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
        pad = " " * indent
        lines = [pad + line if line else "" for line in body.split("\n")]
        lines += [""] * (trailing - 1 if trailing > 1 else 0)
        return f"|{chomp}\n" + "\n".join(lines)
    return scalar(value)


def _emit(value: Any, indent: int, out: list[str], in_list: bool = False) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        first = True
        for k, v in value.items():
            key = scalar(k)
            lead = "" if (in_list and first) else pad
            first = False
            if isinstance(v, dict) and v:
                out.append(f"{lead}{key}:")
                _emit(v, indent + 2, out)
            elif isinstance(v, list) and v:
                out.append(f"{lead}{key}:")
                _emit(v, indent + 2, out)
            elif isinstance(v, str):
                out.append(f"{lead}{key}: {_text(v, indent + 2)}")
            else:
                out.append(f"{lead}{key}: {_inline(v)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and item:
                out.append(f"{pad}- ")
                start = len(out)
                _emit(item, indent + 2, out, in_list=True)
                out[start - 1] += out.pop(start)
            elif isinstance(item, list) and item:
                out.append(f"{pad}-")
                _emit(item, indent + 2, out)
            elif isinstance(item, str):
                out.append(f"{pad}- {_text(item, indent + 2)}")
            else:
                out.append(f"{pad}- {_inline(item)}")
    else:
        out.append(pad + _inline(value))


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalar(value)


def dumps(data: Any) -> str:
    if not (isinstance(data, (dict, list)) and data):
        return (_text(data, 2) if isinstance(data, str) else _inline(data)) + "\n"
    out: list[str] = []
    _emit(data, 0, out)
    return "\n".join(out) + "\n"
