"""Reading YAML from a file a user hands us, which may be malformed or hostile.

- the size is capped before anything is parsed (a 100 MB string never reaches the parser);
- the event stream is checked first, without building anything: no aliases or anchors (alias
  bombs), no tags beyond YAML's plain types (`!!python/object/apply:os.system` and friends), no
  nesting deeper than a limit (a stack of `[[[[...` cannot exhaust the recursion limit);
- then `yaml.load` with the (C) SafeLoader builds plain dicts, lists and scalars.
Every refusal is one line naming the file and the line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import UsageError

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 32
# Tags the SafeLoader resolves plain scalars and collections to; anything else is refused.
PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")
)


def _yaml():
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_text(path: str | Path, max_bytes: int = MAX_BYTES) -> str:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UsageError(f"{path} is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB "
                             "limit for an import; is it the right file?")
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise UsageError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder, not a file") from None
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror or e}") from None
    if len(data) > max_bytes:  # grew while we looked, or a special file
        raise UsageError(f"{path} is over the {max_bytes / 1e6:.0f} MB limit for an import")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise UsageError(f"{path} line {line}: not UTF-8 text") from None


def load(text: str, source: str = "<input>", max_depth: int = MAX_DEPTH) -> Any:
    """Parse one YAML document into plain Python data, refusing anything but plain data."""
    yaml, Loader = _yaml()
    depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            line = event.start_mark.line + 1 if event.start_mark else "?"
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise UsageError(f"{source} line {line}: YAML anchors and aliases are not "
                                 "allowed in an import")
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in PLAIN_TAGS and tag != "!":
                raise UsageError(f"{source} line {line}: YAML tag {tag!r} is not allowed; "
                                 "an import holds plain data only")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > max_depth:
                    raise UsageError(f"{source} line {line}: nested more than {max_depth} "
                                     "levels deep")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
        return yaml.load(text, Loader=Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        parts = [getattr(e, "context", None), getattr(e, "problem", None)]
        problem = ", ".join(p for p in parts if p) or "not valid YAML"
        raise UsageError(f"{source}{where}: {problem}; is it a paperdeck YAML export?") from None


def load_file(path: str | Path, max_bytes: int = MAX_BYTES) -> Any:
    return load(read_text(path, max_bytes), str(path))
