"""Reading YAML from a file a user hands us, which may be malformed or hostile.

- the size is capped before anything is parsed (a 100 MB string never reaches the parser);
- the event stream is checked first, without building anything: no aliases or anchors (alias
  bombs), no tags beyond YAML's plain types (`!!python/object/apply:os.system` and friends), no
  nesting deeper than a limit (a stack of `[[[[...` cannot exhaust the recursion limit);
- then `yaml.load` with the (C) SafeLoader builds plain dicts, lists and scalars.
Every refusal is one line naming the file and the line.
"""

from __future__ import annotations

from functools import lru_cache
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
            raise UsageError(f"{path} is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB "
                             "limit for an import; if it is the right file, raise the limit "
                             "with --max-mb")
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise UsageError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder, not a file") from None
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror or e}") from None
    if len(data) > max_bytes:  # grew while we looked, or a special file
        raise UsageError(f"{path} is over the {max_bytes / 2**20:.0f} MB limit for an import")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise UsageError(f"{path} line {line}: not UTF-8 text") from None


def load(text: str, source: str = "<input>", max_depth: int = MAX_DEPTH) -> Any:
    """Parse one YAML document into plain Python data, refusing anything but plain data.

    Builds the data straight from the C parser's events in one pass (PyYAML's Python
    constructor is ten times slower), with the SafeLoader's rules for plain scalars. A key that
    appears twice in one mapping is refused rather than silently overwritten."""
    yaml, Loader = _yaml()
    stack: list[list] = []          # [container, key-or-_NO_KEY, line]
    root: Any = _UNSET
    line: int | str = "?"
    try:
        for event in yaml.parse(text, Loader=Loader):
            mark = event.start_mark
            line = mark.line + 1 if mark else "?"
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise UsageError(f"{source} line {line}: YAML anchors and aliases are not "
                                 "allowed in an import")
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in PLAIN_TAGS and tag != "!":
                raise UsageError(f"{source} line {line}: YAML tag {tag!r} is not allowed; "
                                 "an import holds plain data only")
            if isinstance(event, yaml.ScalarEvent):
                value = _scalar(event)
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= max_depth:
                    raise UsageError(f"{source} line {line}: nested more than {max_depth} "
                                     "levels deep")
                value = {} if isinstance(event, yaml.MappingStartEvent) else []
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                continue
            else:  # stream and document start/end
                continue
            if not stack:
                root = value
            else:
                top = stack[-1]
                container = top[0]
                if isinstance(container, list):
                    container.append(value)
                elif top[1] is _NO_KEY:
                    if isinstance(value, (dict, list)):
                        raise UsageError(f"{source} line {line}: a mapping key must be a plain "
                                         "value")
                    if value in container:
                        raise UsageError(f"{source} line {line}: key {str(value)[:40]!r} "
                                         "appears twice in one mapping")
                    top[1] = value
                    continue
                else:
                    container[top[1]] = value
                    top[1] = _NO_KEY
            if isinstance(value, (dict, list)):
                stack.append([value, _NO_KEY])
        return None if root is _UNSET else root
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        parts = [getattr(e, "context", None), getattr(e, "problem", None)]
        problem = ", ".join(p for p in parts if p) or "not valid YAML"
        raise UsageError(f"{source}{where}: {problem}; is it a paperdeck YAML export?") from None
    except (ValueError, TypeError, OverflowError) as e:  # a scalar the safe rules reject
        raise UsageError(f"{source} line {line}: {e}") from None


_UNSET = object()
_NO_KEY = object()
STR = "tag:yaml.org,2002:str"


@lru_cache(maxsize=1)
def _rules():
    import yaml

    return yaml.resolver.Resolver(), yaml.constructor.SafeConstructor()


def _resolve(value: str) -> Any:
    """A plain (unquoted) scalar by YAML 1.1's rules, except that a timestamp stays the text
    it is (paperdeck stores times as text)."""
    import yaml

    tag = _rules()[0].resolve(yaml.ScalarNode, value, (True, False))
    if tag in (STR, "tag:yaml.org,2002:timestamp"):
        return value
    return _construct(tag, value)


_resolve_cached = lru_cache(maxsize=8192)(_resolve)


def _construct(tag: str, value: str) -> Any:
    import yaml

    if tag == STR:
        return value
    _, constructor = _rules()
    node = yaml.ScalarNode(tag, value)
    build = constructor.yaml_constructors.get(tag)
    if build is None or tag not in PLAIN_TAGS:
        raise ValueError(f"YAML tag {tag!r} is not allowed; an import holds plain data only")
    return build(constructor, node)


def _scalar(event) -> Any:
    if event.tag in (None, "!"):
        if not event.implicit[0]:
            return event.value                  # quoted or block text
        return _resolve_cached(event.value) if len(event.value) <= 64 else _resolve(event.value)
    return _construct(event.tag, event.value)


def load_file(path: str | Path, max_bytes: int = MAX_BYTES) -> Any:
    return load(read_text(path, max_bytes), str(path))
