"""How fast the `paperdeck` command answers, as a whole process, against a bare interpreter.

    .venv/bin/python bench/bench_cli.py [--runs 21] [--papers 100] [--clock wall|cpu]
                                        [--no-bytecode]

Each command runs as its own process (the console script, as a user runs it) on a fresh
PAPERDECK_HOME: `due` and `show ID` on a library of one paper with one card, `list` on a library
of --papers papers, `--help` and `--version` with no library. The runs are interleaved with
`python -c "import sqlite3"` (the floor: an interpreter that can open a database), so a busy
machine slows both alike. Byte code is written to a temporary PYTHONPYCACHEPREFIX by a first,
untimed run, so the timed runs load compiled modules as an installed copy does, whatever
PYTHONDONTWRITEBYTECODE says; --no-bytecode writes none, so paperdeck's modules are compiled on
every run (a checkout run with PYTHONDONTWRITEBYTECODE=1, as issue 19's figures were taken).
Prints one line per command:

    command median_ms worst_ms ratio

where ratio is the command's median over the floor's median in the same run. Targets (issue 19):
`due`, `show`, `list` <= 3x the floor; `--help` <= 2x. `--clock cpu` times the CPU the process
used (user + system) instead of the wall clock: on a machine busy with other work the wall clock
mostly measures the wait for a core, and the longer a process runs the more it waits, so the
ratios grow with the load; CPU time keeps them. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth_library import make_library  # noqa: E402

EXE = str(Path(sys.executable).with_name("paperdeck"))
FLOOR = [sys.executable, "-c", "import sqlite3"]


def _run(cmd: list[str], env: dict, clock: str = "wall") -> float:
    """Milliseconds of one run of cmd: wall clock, or CPU (user + system) of the process."""
    with tempfile.TemporaryFile() as errors:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(p.pid, 0)
        wall = (time.perf_counter() - t) * 1000
        p.returncode = os.waitstatus_to_exitcode(status)
        if p.returncode != 0:
            errors.seek(0)
            said = errors.read().decode()[-300:]
            raise SystemExit(f"{' '.join(cmd)} failed ({p.returncode}): {said}")
    return wall if clock == "wall" else (usage.ru_utime + usage.ru_stime) * 1000


def _one_card_library(home: str) -> str:
    """One paper with a What note, hence one card."""
    make_library(home, 1)
    env = {**os.environ, "PAPERDECK_HOME": home}
    pid = subprocess.run([EXE, "list"], env=env, capture_output=True, text=True,
                         check=True).stdout.split()[0]
    subprocess.run([EXE, "note", pid, "--what", "transduces sequences"], env=env,
                   capture_output=True, check=True)
    return pid


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=21,
                    help="runs of each command (the median is kept)")
    ap.add_argument("--papers", type=int, default=100, help="papers in the library `list` prints")
    ap.add_argument("--clock", choices=("wall", "cpu"), default="wall",
                    help="time the wall clock (what a user waits) or the CPU the process used")
    ap.add_argument("--no-bytecode", action="store_true",
                    help="write no byte code (PYTHONDONTWRITEBYTECODE=1): modules without it "
                    "compile on every run")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as one, tempfile.TemporaryDirectory() as many, \
            tempfile.TemporaryDirectory() as empty, tempfile.TemporaryDirectory() as pyc:
        base = {k: v for k, v in os.environ.items()
                if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
        if a.no_bytecode:   # what is compiled already (the standard library's) is used
            base["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            base["PYTHONPYCACHEPREFIX"] = pyc
        pid = _one_card_library(one)
        make_library(many, a.papers)
        cases = {
            "floor": (FLOOR, base),
            "due": ([EXE, "due"], {**base, "PAPERDECK_HOME": one}),
            "show": ([EXE, "show", pid], {**base, "PAPERDECK_HOME": one}),
            f"list({a.papers})": ([EXE, "list"], {**base, "PAPERDECK_HOME": many}),
            "--help": ([EXE, "--help"], {**base, "PAPERDECK_HOME": empty}),
            "--version": ([EXE, "--version"], {**base, "PAPERDECK_HOME": empty}),
        }
        for cmd, env in cases.values():   # warm the page cache and the .pyc files
            _run(cmd, env)
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(a.runs):
            for name, (cmd, env) in cases.items():
                times[name].append(_run(cmd, env, a.clock))
    floor = statistics.median(times["floor"])
    print(f"# {a.runs} runs each, interleaved, {a.clock} clock, byte code "
          f"{'compiled every run' if a.no_bytecode else 'cached'}; "
          "floor = python -c 'import sqlite3'")
    print("command median_ms worst_ms ratio")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name} {med:.1f} {max(ts):.1f} {med / floor:.2f}")


if __name__ == "__main__":
    main()
