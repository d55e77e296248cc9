"""The shape DESIGN.md asks for: packages in layers, each importing only those below it; no import
circles; the core imports neither textual nor rich, and the CLI imports heavy packages only in the
verbs that need them (so `paperdeck --help` and `due` start fast)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import reader

ROOT = Path(__file__).resolve().parents[1]


def _imported_after(code: str) -> set[str]:
    probe = code + "\nimport sys; print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    r = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(r.stdout.split())


def test_core_modules_import_neither_textual_nor_rich():
    core = [m.name for m in pkgutil.walk_packages(reader.__path__, "reader.")
            if not m.name.startswith(("reader.tui", "reader.cli"))]
    assert "reader.library.papers" in core and "reader.library.importer" in core
    loaded = _imported_after("\n".join(f"import {name}" for name in core))
    assert not loaded & {"textual", "rich"}


def test_help_loads_no_heavy_package():
    loaded = _imported_after("from reader.cli import build_parser; build_parser()")
    assert not loaded & {"textual", "rich", "arxiv", "requests", "pypdf", "fsrs", "rapidfuzz",
                         "yaml", "genanki", "platformdirs"}


def _import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports (anywhere in it, function-level included)."""
    import ast

    files = {}
    for pkg in ("reader", "decks"):
        for path in (ROOT / pkg).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            files[".".join(parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in files.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = ".".join((package[: len(package) - node.level + 1] if node.level else [])
                                + ([node.module] if node.module else []))
                for a in node.names:
                    found.add(f"{base}.{a.name}" if f"{base}.{a.name}" in files else base)
        # A module importing its own package's __init__ is how Python works, not a circle.
        graph[name] = {m for m in found if m in files and m != name and not name.startswith(m + ".")}
    return graph


def test_no_import_circles():
    """Each module can be understood before the ones that use it: no two modules import each
    other, directly or round a longer loop (notes hands saved notes to cardgen, one way)."""
    graph = _import_graph()
    assert "reader.reading.cardgen" in graph["reader.reading.notes"]
    state: dict[str, int] = {}   # 1: on the current path, 2: done
    path: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        path.append(m)
        for n in sorted(graph[m]):
            if state.get(n) == 1:
                return path[path.index(n):] + [n]
            if n not in state and (loop := visit(n)):
                return loop
        path.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state:
            loop = visit(m)
            assert loop is None, " -> ".join(loop)


# The layers of reader/, lowest first. A module may import its own layer and those below it,
# never one above: the tree reads as the architecture, and a lower layer can be understood (and
# tested) without the ones that use it. Settings reach the lower layers as values; config sits
# above everything it configures. decks/ is the review engine beside reader/ and imports none of it.
LAYERS = [
    ("reader", "reader.errors", "reader.models", "reader.clock", "reader.ids", "reader.item_ids",
     "reader.limits"),
    ("reader.store",),
    ("reader.text",),
    ("reader.arxiv",),
    ("reader.library",),
    ("reader.reading",),
    ("reader.exports",),
    ("reader.sync",),
    ("reader.config",),
    ("reader.cli", "reader.tui"),
]


def _layer(module: str) -> int | None:
    best = None
    for rank, names in enumerate(LAYERS):
        for name in names:
            if (module == name or module.startswith(name + ".")) and \
                    (best is None or len(name) > len(best[1])):
                best = (rank, name)
    return None if best is None else best[0]


def test_every_reader_module_has_a_layer():
    graph = _import_graph()
    homeless = [m for m in graph if m.startswith("reader.") and _layer(m) in (None, 0)
                and m not in LAYERS[0]]
    assert homeless == [], "give these a package (or a place in LAYERS): " + ", ".join(homeless)


def test_layers_import_only_downwards():
    graph = _import_graph()
    upward = []
    for m, targets in graph.items():
        if m.startswith("decks"):
            upward += [f"{m} -> {t}" for t in targets if t.startswith("reader")]
            continue
        for t in targets:
            if t.startswith("reader") and _layer(t) > _layer(m):
                upward.append(f"{m} -> {t}")
    assert upward == [], "imports that run up the layers:\n" + "\n".join(sorted(upward))


def test_cli_and_tui_stay_apart_and_on_top():
    graph = _import_graph()
    crossed = [f"{m} -> {t}" for m, targets in graph.items() for t in targets
               if (m.startswith("reader.cli") and t.startswith("reader.tui"))
               or (m.startswith("reader.tui") and t.startswith("reader.cli"))]
    # The CLI opens the TUI (`paperdeck`, `read ID`) and the TUI reuses nothing of the CLI.
    allowed = {"reader.cli -> reader.tui.app", "reader.cli.screens -> reader.tui.app"}
    assert [c for c in crossed if c not in allowed] == []
