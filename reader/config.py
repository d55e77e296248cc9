"""`config.yaml`: every key, its default and its check, in one table.

Keys are dotted (`arxiv.api_url`); the file nests them (`arxiv: {api_url: ...}`). Environment
variables override some keys (for mirrors, proxies and tests). The file is read as an import is
(reader.exports.safeyaml: capped, no aliases, no key twice, one document). Unknown keys are
warned about by name, in one line; a bad value stops with a line naming key and value.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from reader.errors import PaperdeckError, UsageError
from reader.store.paths import Paths


@dataclass(frozen=True)
class Key:
    default: Any
    check: Callable[[Any], bool]
    expect: str   # what a valid value looks like, for the error line
    doc: str
    env: str | None = None


def _url(v: Any) -> bool:
    return isinstance(v, str) and v.startswith(("http://", "https://"))


def _num(lo: float, hi: float) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and lo <= v <= hi


def _int(lo: int, hi: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi


def _bool(v: Any) -> bool:
    return isinstance(v, bool)


def _text_or_none(v: Any) -> bool:
    return v is None or (isinstance(v, str) and bool(v.strip()) and "\x00" not in v)


KEYS: dict[str, Key] = {
    "arxiv.api_url": Key("https://export.arxiv.org/api/query", _url, "an http(s) URL",
                         "arXiv API query endpoint (a mirror or proxy may go here)",
                         env="PAPERDECK_ARXIV_API_URL"),
    "arxiv.pdf_url": Key("https://arxiv.org/pdf/", _url, "an http(s) URL",
                         "prefix PDFs are fetched from: prefix + id + 'v' + version",
                         env="PAPERDECK_ARXIV_PDF_URL"),
    "arxiv.html_url": Key("https://arxiv.org/html/", _url, "an http(s) URL",
                          "prefix arXiv's HTML pages are fetched from: prefix + id + 'v' + "
                          "version (figures beside: .../x1.png)",
                          env="PAPERDECK_ARXIV_HTML_URL"),
    "arxiv.delay_seconds": Key(3.0, _num(0, 60), "a number of seconds 0-60",
                               "pause between API requests (arXiv asks for 3 s)"),
    "arxiv.retries": Key(3, _int(0, 10), "a whole number 0-10",
                         "retries after HTTP 429/5xx, time-outs, dropped connections and cut-off answers"),
    "arxiv.timeout_seconds": Key(30.0, _num(1, 600), "a number of seconds 1-600",
                                 "longest wait for any one read from the network"),
    "arxiv.api_deadline_seconds": Key(60.0, _num(1, 600), "a number of seconds 1-600",
                                      "longest an API request may take, retries and their "
                                      "waits included"),
    "arxiv.pdf_deadline_seconds": Key(300.0, _num(1, 3600), "a number of seconds 1-3600",
                                      "longest a PDF download may take"),
    "arxiv.api_max_mb": Key(10.0, _num(0.001, 1000), "a number of MB 0.001-1000",
                            "largest API answer accepted (100 papers take about 0.25 MB)"),
    "arxiv.pdf_max_mb": Key(100.0, _num(0.001, 10000), "a number of MB 0.001-10000",
                            "largest PDF downloaded"),
    "arxiv.backoff_seconds": Key(2.0, _num(0, 120), "a number of seconds 0-120",
                                 "first wait before a retry; doubles each time"),
    "review.desired_retention": Key(0.90, _num(0.7, 0.99), "a number between 0.70 and 0.99",
                                    "the chance of recall FSRS aims for when a card comes back"),
    "review.new_per_day": Key(20, _int(0, 9999), "a whole number 0-9999",
                              "new cards introduced per day"),
    "review.reviews_per_day": Key(200, _int(0, 99999), "a whole number 0-99999",
                                  "reviews shown per day at most"),
    "review.maximum_interval_days": Key(36500, _int(1, 36500), "a whole number of days 1-36500",
                                        "longest interval between two reviews"),
    "review.fuzz": Key(True, _bool, "true or false",
                       "spread intervals a little so cards added together do not stay together"),
    "review.day_starts_at_hour": Key(4, _int(0, 23), "an hour 0-23",
                                     "local hour at which the review day rolls over"),
    "reading.goal_papers": Key(2, _int(0, 1000), "a whole number 0-1000",
                               "papers to finish per reading period (stats screen goal)"),
    "reading.goal_days": Key(10, _int(1, 365), "a whole number of days 1-365",
                             "length of a reading period in days"),
    "backup.keep": Key(10, _int(1, 1000), "a whole number 1-1000",
                       "automatic database backups kept (oldest removed first)"),
    "sync.folder": Key(None, _text_or_none, "a folder path",
                       "the folder 'paperdeck sync' uses without one given (git, Syncthing, "
                       "Dropbox, a USB stick)"),
    "sync.device": Key(None, _text_or_none, "a name",
                       "this computer's name in the sync folder (default: the host name)"),
}


def register(name: str, key: Key) -> None:
    """Other modules add their keys here (review, reading, backup ...)."""
    KEYS[name] = key


@dataclass(frozen=True)
class Config:
    values: dict[str, Any]
    warnings: tuple[str, ...] = ()
    sources: dict[str, str] | None = None  # key -> "default" | "config.yaml" | env var name

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not isinstance(data, dict):
        return out
    for k, v in data.items():
        name = f"{prefix}{k}"
        if isinstance(v, dict) and not any(n == name for n in KEYS):
            out.update(_flatten(v, name + "."))
        else:
            out[name] = v
    return out


MAX_BYTES = 1 << 20   # a config.yaml is a few hundred bytes


def _read(path) -> dict | None:
    """The parsed config.yaml (None when absent or empty), read as an import is: size capped, no
    anchors or aliases (a 686-byte alias bomb grew every command past 1.37 GB), no key twice,
    one document. Every refusal is one line naming the file."""
    import stat

    from reader.exports import safeyaml

    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return None        # (a file in the way of the folder is told when the library opens)
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror or e}") from None
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else \
            "a named pipe (FIFO)" if stat.S_ISFIFO(mode) else "a device or socket"
        raise UsageError(f"{path} is {kind}, not a file; make it a file or remove it")
    text = safeyaml.read_text(path, MAX_BYTES, what="a configuration file",
                              advice="is it the right file?")
    data = safeyaml.load(text, str(path), what="a configuration file", hint="fix or remove it")
    if data is not None and not isinstance(data, dict):
        raise UsageError(f"{path} must be a mapping of settings (key: value)")
    return data


def _unknown(path, names: list[str], shown: int = 5) -> str:
    """One warning for every unknown key (200,000 of them printed 200,000 lines)."""
    listed = ", ".join(repr(n) for n in names[:shown])
    if len(names) <= shown:
        return f"{path}: unknown setting{'s' if len(names) > 1 else ''} ignored: {listed}"
    return f"{path}: {len(names)} unknown settings ignored: {listed} and {len(names) - shown} more"


def load(paths: Paths, environ: dict[str, str] | None = None) -> Config:
    """The effective configuration: defaults, then config.yaml, then environment variables."""
    environ = os.environ if environ is None else environ
    values = {name: key.default for name, key in KEYS.items()}
    sources = {name: "default" for name in KEYS}
    warnings: list[str] = []
    data = _read(paths.config)
    unknown = []
    for name, value in _flatten(data or {}).items():
        if name not in KEYS:
            unknown.append(name)
            continue
        values[name] = value
        sources[name] = "config.yaml"
    if unknown:
        warnings.append(_unknown(paths.config, unknown))
    for name, key in KEYS.items():
        if key.env and environ.get(key.env):
            values[name] = environ[key.env]
            sources[name] = key.env
    for name, key in KEYS.items():
        value = values[name]
        if isinstance(key.default, float) and isinstance(value, int) and not isinstance(value, bool):
            values[name] = value = float(value)
        if not key.check(value):
            raise UsageError(
                f"bad value for {name} in {sources[name]}: {value!r}; expected {key.expect}"
            )
    return Config(values, tuple(warnings), sources)


def section(name: str) -> str:
    return name.split(".", 1)[0]


def describe(config: Config) -> list[dict[str, Any]]:
    """Every key with its effective value, where the value came from, default and meaning."""
    sources = config.sources or {}
    return [
        {"key": name, "value": config.values[name], "source": sources.get(name, "default"),
         "default": key.default, "expect": key.expect, "doc": key.doc, "env": key.env}
        for name, key in sorted(KEYS.items())
    ]


def _yaml_scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


def template() -> str:
    """A config.yaml holding every key at its default, each with its meaning, commented out."""
    lines = ["# paperdeck configuration: uncomment a line to change a setting.", ""]
    current = None
    for name, key in sorted(KEYS.items()):
        head, _, leaf = name.partition(".")
        if head != current:
            if current is not None:
                lines.append("")
            lines.append(f"# {head}:")
            current = head
        lines.append(f"#   # {key.doc} ({key.expect})" + (f"; env {key.env}" if key.env else ""))
        lines.append(f"#   {leaf}: {_yaml_scalar(key.default)}")
    return "\n".join(lines) + "\n"


def reference_markdown() -> str:
    """The README's configuration table, generated from KEYS so it cannot drift."""
    rows = ["| key | default | accepted values | meaning |", "|---|---|---|---|"]
    for name, key in sorted(KEYS.items()):
        env = f" (environment: `{key.env}`)" if key.env else ""
        rows.append(f"| `{name}` | `{_yaml_scalar(key.default)}` | {key.expect} | {key.doc}{env} |")
    return "\n".join(rows) + "\n"


def backup_keep(paths: Paths) -> int | None:
    """`backup.keep` for the backup a schema upgrade takes as a library opens; None (the
    store's default) when config.yaml cannot be read: an upgrade must not fail over a typo in
    it, and the command that reads the configuration next reports the typo."""
    try:
        return int(load(paths)["backup.keep"])
    except PaperdeckError:
        return None
