"""constraints.txt, the lock CI installs from, pins every dependency pyproject.toml names to one
version inside its range (a range changed without refreshing the lock fails here, not on CI)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def pins() -> dict[str, str]:
    found = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        assert "==" in line and not line.startswith("-"), f"not an exact pin: {line!r}"
        name, version = line.split("==")
        found[canonicalize_name(name)] = version
    return found


def test_every_dependency_is_pinned_inside_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [Requirement(r) for r in project["dependencies"]]
    wanted += [Requirement(r) for extra in project["optional-dependencies"].values() for r in extra]
    locked = pins()
    assert canonicalize_name(project["name"]) not in locked  # the project itself stays editable
    for req in wanted:
        version = locked.get(canonicalize_name(req.name))
        assert version is not None, f"{req.name} is not in constraints.txt"
        assert req.specifier.contains(version, prereleases=True), f"{req.name}=={version} is outside {req}"
