"""The `merge:` section of a YAML export: what `import yaml` needs to merge by the rules of sync
(issue 23: "it is the same merge, from a snapshot"), checked here like the rest of the file.

```yaml
merge:
  device: 3f9c0a1b2c3d4e5f            # the library that wrote the file (reader.sync's device)
  clocks:                             # a cell's key (reader.sync.changes) -> the clock of its
    0001770000000000-000000-3f9c…:    # last change, grouped by clock (one fold makes many)
    - '["p","2101.00001","tag","rnn"]'
  removed:                            # tombstones: [key, clock, base] (base: for a paper, the
  - ['["p","2101.00002"]', 0001770…, 0001769…]   # newest change under it its remover had seen)
  notes:                              # every change to a note field: [id, key, clock, text,
  - [0001770…/3, '["p","2101.00001","notes","why"]', 0001770…, '', Why, first.]  # base]
```
The values themselves are the document's own (papers, cards, ...): the section only says when
each was last changed, what was removed, and what each note edit started from. A file without
the section (written before it, or by hand) is merged by `restore`'s rules alone.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from reader.limits import MAX_TEXT
from reader.text.textsafe import clean

__all__ = ["Clocks", "check_clocks"]

_STAMP = re.compile(r"\d{16}-\d{6}-[0-9A-Za-z_-]{1,64}")
_KINDS = {"p", "c", "a", "s", "u", "j"}


@dataclass
class Clocks:
    device: str
    clocks: dict[tuple, str] = field(default_factory=dict)
    removed: list[tuple[tuple, str, str | None]] = field(default_factory=list)
    notes: list[tuple[str, tuple, str, str, str | None]] = field(default_factory=list)


def _stamp(value: Any, path: str, fail) -> str:
    if not isinstance(value, str) or not _STAMP.fullmatch(value):
        fail(path, f"not a clock stamp: {str(value)[:60]!r}")
    return value


def _key(value: Any, path: str, fail) -> tuple:
    try:
        key = json.loads(value) if isinstance(value, str) and len(value) <= 4096 else None
    except ValueError:
        key = None
    if (not isinstance(key, list) or not 1 <= len(key) <= 6 or key[0] not in _KINDS
            or not all(isinstance(k, (str, int)) and not isinstance(k, bool) for k in key)):
        fail(path, f"not a cell's key: {str(value)[:60]!r}")
    return tuple(key)


def _text(value: Any, path: str, fail, nullable: bool = False) -> str | None:
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        fail(path, "expected text")
    if len(value) > MAX_TEXT:
        fail(path, f"text of {len(value)} characters is over the {MAX_TEXT} limit")
    if "\x00" in value:
        fail(path, "text holds a NUL character")
    return clean(value)


def check_clocks(data: Any, fail) -> Clocks:
    """The checked section; `fail(path, message)` raises, naming the place."""
    if not isinstance(data, dict):
        fail("merge", "expected a mapping")
    unknown = set(data) - {"device", "clocks", "removed", "notes"}
    if unknown:
        fail(f"merge.{sorted(map(str, unknown))[0]}", "unknown key; expected one of: device, "
             "clocks, removed, notes")
    device = data.get("device")
    if not isinstance(device, str) or not re.fullmatch(r"[0-9A-Za-z_-]{1,64}", device):
        fail("merge.device", "expected the id of the library that wrote the file")
    out = Clocks(device)
    clocks = data.get("clocks") or {}
    if not isinstance(clocks, dict):
        fail("merge.clocks", "expected a mapping of clock -> keys")
    for stamp, keys in clocks.items():
        path = f"merge.clocks.{str(stamp)[:40]}"
        _stamp(stamp, path, fail)
        if not isinstance(keys, list):
            fail(path, "expected a list of keys")
        for i, k in enumerate(keys):
            key = _key(k, f"{path}[{i}]", fail)
            if key in out.clocks:
                fail(f"{path}[{i}]", "this key has two clocks")
            out.clocks[key] = stamp
    for i, entry in enumerate(_list(data.get("removed"), "merge.removed", fail)):
        path = f"merge.removed[{i}]"
        if not isinstance(entry, list) or len(entry) != 3:
            fail(path, "expected [key, clock, base]")
        base = entry[2]
        if base not in (None, ""):      # "": a paper whose remover had seen nothing under it
            _stamp(base, f"{path}[2]", fail)
        out.removed.append((_key(entry[0], path, fail), _stamp(entry[1], path, fail), base))
    for i, entry in enumerate(_list(data.get("notes"), "merge.notes", fail)):
        path = f"merge.notes[{i}]"
        if not isinstance(entry, list) or len(entry) != 5:
            fail(path, "expected [id, key, clock, text, base]")
        change_id, key, stamp = entry[0], _key(entry[1], path, fail), _stamp(entry[2], path, fail)
        if not isinstance(change_id, str) or not re.fullmatch(re.escape(stamp) + r"/\d{1,9}",
                                                              change_id):
            fail(path, "expected the change's id: its clock, '/', a number")
        if len(key) != 4 or key[0] != "p" or key[2] != "notes":
            fail(path, "not a note field's key")
        out.notes.append((change_id, key, stamp, _text(entry[3], path, fail),
                          _text(entry[4], path, fail, nullable=True)))
    return out


def _list(value: Any, path: str, fail) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        fail(path, "expected a list")
    return value
