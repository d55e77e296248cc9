"""Reading YAML from a file a user hands us, which may be malformed or hostile.

- the size is capped before anything is parsed (a 100 MB string never reaches the parser);
- the data is built straight from the parser's events, which are checked as they come: no
  aliases or anchors (alias bombs), no tags beyond YAML's plain types
  (`!!python/object/apply:os.system` and friends), no nesting deeper than a limit (a stack of
  `[[[[...` cannot exhaust the recursion limit), no key twice in one mapping, one document
  only, no number too long to convert cheaply;
- plain scalars follow the SafeLoader's rules.
Every refusal is one line naming the file and the line. `import yaml` and `config.yaml` both
read through here.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from reader.errors import UsageError

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 32
# Tags the SafeLoader resolves plain scalars and collections to; anything else is refused.
PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq")
)


def _yaml():
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_text(path: str | Path, max_bytes: int = MAX_BYTES, what: str = "an import",
              advice: str = "if it is the right file, raise the limit with --max-mb") -> str:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UsageError(f"{path} is {size / 2**20:.1f} MB, over the {max_bytes / 2**20:.0f} MB "
                             f"limit for {what}; {advice}")
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise UsageError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder, not a file") from None
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror or e}") from None
    if len(data) > max_bytes:  # grew while we looked, or a special file
        raise UsageError(f"{path} is over the {max_bytes / 2**20:.0f} MB limit for {what}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise UsageError(f"{path} line {line}: not UTF-8 text") from None


def load(text: str, source: str = "<input>", max_depth: int = MAX_DEPTH, what: str = "an import",
         hint: str = "is it a paperdeck YAML export?") -> Any:
    """Parse one YAML document into plain Python data, refusing anything but plain data.

    Builds the data straight from the C parser's events in one pass (PyYAML's Python
    constructor is ten times slower), with the SafeLoader's rules for plain scalars. A key that
    appears twice in one mapping is refused rather than silently overwritten, and so is a
    second document in the stream (`---`). `what` names the file's kind in refusals ("an
    import", "a configuration file"); `hint` follows a syntax error."""
    yaml, Loader = _yaml()
    stack: list[list] = []          # [container, key-or-_NO_KEY, line]
    root: Any = _UNSET
    line: int | str = "?"
    documents = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            mark = event.start_mark
            line = mark.line + 1 if mark else "?"
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise UsageError(f"{source} line {line}: YAML anchors and aliases are not "
                                 f"allowed in {what}")
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in PLAIN_TAGS and tag != "!":
                raise UsageError(f"{source} line {line}: YAML tag {tag!r} is not allowed; "
                                 f"{what} holds plain data only")
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise UsageError(f"{source} line {line}: more than one YAML document "
                                     f"(---); {what} is one document")
                continue
            if isinstance(event, yaml.ScalarEvent):
                value = _scalar(event, source, line)
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
        raise UsageError(f"{source}{where}: {problem}; {hint}") from None
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


MAX_NUMBER = 100  # characters in a number: no value paperdeck reads comes near it


_NUMBERS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("int", "float"))


def _scalar(event, source: str, line: int | str) -> Any:
    if event.tag in (None, "!"):
        if not event.implicit[0]:
            return event.value                  # quoted or block text
        if len(event.value) <= 64:
            return _resolve_cached(event.value)
        import yaml

        tag = _rules()[0].resolve(yaml.ScalarNode, event.value, (True, False))
    else:
        tag = event.tag
    if tag in _NUMBERS and len(event.value) > MAX_NUMBER:
        # Checked before converting: a 5,000-digit int costs quadratic time (and Python
        # refuses one over 4,300 digits with a message about its own internals).
        raise UsageError(f"{source} line {line}: a number of {len(event.value)} characters is "
                         "too long; quote it if it is text")
    return _resolve(event.value) if event.tag in (None, "!") else _construct(tag, event.value)


def load_file(path: str | Path, max_bytes: int = MAX_BYTES) -> Any:
    return load(read_text(path, max_bytes), str(path))
