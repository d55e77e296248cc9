"""Re-run the fault-injection trials of issue 9's "Files and PDFs", "YAML and config" and
"Honest messages" sections against this build; print a table of trials and failures.

    python bench/faults_files.py [--trials N] [--code DIR]

`--code DIR` runs the CLI from another checkout (e.g. the release, for the "before" figures).

Each trial runs the real CLI in its own process (deadline 30 s, 2 GB memory ceiling) and
counts as a failure when it hangs, exits 0 where it must refuse, prints a traceback or an
"unexpected error", takes more than one line to say what was wrong, or leaves something
behind. Trials needing a real full disk or a read-only file system mount a small tmpfs and
are skipped when not run as root. Prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CODE = ROOT          # where the CLI under test is imported from (--code)

from tests.selfmade import surrogate_pdf, tiny_pdf  # noqa: E402

DEADLINE_S = 30
CEILING = 2 << 30
ROWS: list[tuple[str, int, int, str]] = []


def run(home: Path, *args: str, env: dict | None = None, wrap: list[str] | None = None):
    """(exit code or 'hang', stdout, stderr, seconds) of `paperdeck ARGS`."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (CEILING, CEILING))

    full = {**os.environ, "PAPERDECK_HOME": str(home), "PYTHONPATH": str(CODE)}
    full.pop("PAPERDECK_NOW", None)
    full.update(env or {})
    start = time.monotonic()
    proc = subprocess.Popen([*(wrap or []), sys.executable, "-m", "reader.cli", *args], env=full,
                            cwd=CODE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=limit)
    timer = threading.Timer(DEADLINE_S, proc.kill)
    timer.start()
    out, err = proc.communicate()
    timer.cancel()
    took = time.monotonic() - start
    code = "hang" if took >= DEADLINE_S else proc.returncode
    return code, out, err, took


def clean_refusal(result, code: int = 2) -> bool:
    got, out, err, _ = result
    return (got == code and out == "" and err.count("\n") == 1 and "Traceback" not in err
            and "unexpected error" not in err)


def row(name: str, trials: int, failures: int, note: str = "") -> None:
    ROWS.append((name, trials, failures, note))
    print(f"  {name}: {trials} trials, {failures} failures {note}", file=sys.stderr)


def fresh(tmp: Path, name: str) -> Path:
    home = tmp / name
    home.mkdir(parents=True)
    return home


# -- Files and PDFs --------------------------------------------------------------------------

def pdf_text(tmp: Path, n: int) -> None:
    home = fresh(tmp, "surrogates")
    pdf = tmp / "surrogates.pdf"
    pdf.write_bytes(surrogate_pdf(12))
    key = run(home, "add", str(pdf))[1].strip()
    fails = 0
    for _ in range(n):
        code, out, err, _ = run(home, "text", key)
        fails += code != 0 or "unexpected" in err or out.count("\ufffd") != 11
    row("text on a PDF whose pages 2-12 hold lone surrogates", n, fails)
    broken = ROOT.parent / "shared/fixtures/broken-pdf"
    found = sorted(broken.glob("index-list-out-of-range*.pdf"))
    if found:
        key = run(home, "add", str(found[0]))[1].strip()
        fails = sum(run(home, "text", key)[0] != 0 for _ in range(n))
        row(f"text on {found[0].name}", n, fails)


def special_files(tmp: Path, n: int) -> None:
    home = fresh(tmp, "special")
    fails, worst = 0, 0.0
    kinds = ["fifo", "/dev/zero", "/dev/urandom", "folder"]
    for i in range(n):
        for kind in kinds:
            x = tmp / f"x{i}-{kind.strip('/').replace('/', '_')}.pdf"
            if kind == "fifo":
                os.mkfifo(x)
            elif kind == "folder":
                x.mkdir()
            else:
                x.symlink_to(kind)
            result = run(home, "add", str(x))
            worst = max(worst, result[3])
            fails += not clean_refusal(result)
    row("add x.pdf: a FIFO, links to /dev/zero and /dev/urandom, a folder", n * len(kinds), fails,
        f"(slowest {worst:.2f} s)")


def special_outputs(tmp: Path, n: int) -> None:
    home = fresh(tmp, "outputs")
    run(home, "card", "add", "--front", "f", "--back", "b")
    fails = trials = 0
    for i in range(n):
        for verb in (("backup",), ("export", "anki")):
            fifo = tmp / f"out{i}-{verb[0]}.pipe"
            os.mkfifo(fifo)
            got = {}

            def read(f=fifo):
                with open(f, "rb") as r:
                    got["data"] = r.read()

            t = threading.Thread(target=read, daemon=True)
            t.start()
            result = run(home, *verb, "-o", str(fifo))
            t.join(10)
            trials += 1
            fails += (result[0] != 0 or not fifo.is_fifo() or not got.get("data"))
            if os.geteuid() == 0:
                dev = tmp / f"null{i}-{verb[0]}"
                os.mknod(dev, 0o666 | 0o020000, os.makedev(1, 3))
                link = tmp / f"link{i}-{verb[0]}"
                link.symlink_to(dev)
                for target in (dev, link):
                    result = run(home, *verb, "-o", str(target))
                    trials += 1
                    fails += result[0] != 0 or not dev.is_char_device()
    row("backup -o / export anki -o onto a FIFO, a device, a link to a device", trials, fails)


def second_spellings(tmp: Path, n: int) -> None:
    fails = trials = 0
    for i in range(n):
        home = fresh(tmp, f"spell{i}")
        pdf = tmp / f"mine{i}.pdf"
        pdf.write_bytes(tiny_pdf([f"My Own Paper Number {i}", "body"]))
        key = run(home, "add", str(pdf))[1].strip()
        for other in (key.replace(":", "_"), "hep-th_9711200", key.upper()[:-1]):
            doc = tmp / f"spell{i}.yaml"
            doc.write_text(f"format: paperdeck\nversion: 1\npapers:\n- id: '{other}'\n  title: T\n"
                           "  added: '2026-01-01T00:00:00Z'\n")
            trials += 1
            fails += not clean_refusal(run(home, "import", "yaml", str(doc)))
        stored = home / "papers" / (key.replace(":", "_") + ".pdf")
        fails += not stored.exists()
    row("import yaml of local_…, hep-th_…, LOCAL:… beside local:…", trials, fails)


# -- YAML and config ---------------------------------------------------------------------------

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} {{{', '.join(f'k{j}: *{chr(97 + i)}' for j in range(9))}}}\n"
    for i in range(8))


def config_files(tmp: Path, n: int) -> None:
    cases = {
        "alias bomb": BOMB,
        "duplicate key": "review:\n  new_per_day: 5\n  new_per_day: 6\n",
        "5,000-digit number": "arxiv:\n  retries: " + "9" * 5000 + "\n",
        "two documents": "review:\n  fuzz: true\n---\nreview:\n  fuzz: false\n",
        "200,000 unknown keys": "".join(f"k{i}: 1\n" for i in range(200_000)),
    }
    for name, text in cases.items():
        fails, worst = 0, 0.0
        for i in range(n):
            home = fresh(tmp, f"config-{name[:5]}-{i}".replace(" ", "_"))
            (home / "config.yaml").write_text(text)
            result = run(home, "list")
            worst = max(worst, result[3])
            fails += not clean_refusal(result)
        row(f"config.yaml: {name} ({len(text.encode())} bytes)", n, fails,
            f"(slowest {worst:.2f} s)")
    fails = 0
    for i in range(n):
        home = fresh(tmp, f"config-many-{i}")
        (home / "config.yaml").write_text("".join(f"k{j}: 1\n" for j in range(60_000)))
        code, out, err, _ = run(home, "config")
        fails += code != 0 or err.count("\n") != 1 or "60000 unknown settings" not in err
    row("config.yaml: 60,000 unknown keys -> one warning line", n, fails)


def hostile_imports(tmp: Path, n: int) -> None:
    """The 37 values paperdeck cannot write, each imported through the CLI into a library that
    must then still answer `due`, `cards` and `export anki`: tests/interop/test_yaml.py holds
    them (they build on its `filled` library), run here as they are (this checkout only)."""
    if CODE != ROOT:
        row("import yaml: values paperdeck cannot write", 0, 0, "(run with this checkout only)")
    else:
        _hostile_values()
    home = fresh(tmp, "settings")
    path = tmp / "many.yaml"
    path.write_text("format: paperdeck\nversion: 1\nsettings:\n"
                    + "".join(f"  k{i}: 1\n" for i in range(300_000)))
    worst, fails = 0.0, 0
    for _ in range(n):
        result = run(home, "import", "yaml", str(path))
        worst = max(worst, result[3])
        fails += not clean_refusal(result)
    row("import yaml: 300,000 names under settings", n, fails, f"(slowest {worst:.2f} s)")


def _hostile_values() -> None:
    done = subprocess.run([sys.executable, "-m", "pytest", "-o", "addopts=", "-q",
                           "-p", "no:cacheprovider",
                           "tests/interop/test_yaml.py", "-k",
                           "values_paperdeck_could_not_write or two_documents"],
                          cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": f"{CODE}:{ROOT}"})
    tail = done.stdout.strip().splitlines()[-1]
    passed = int(tail.split(" passed")[0].split()[-1]) if " passed" in tail else 0
    failed = int(tail.split(" failed")[0].split()[-1]) if " failed" in tail else 0
    row("import yaml: values paperdeck cannot write, two documents (then due, cards, anki)",
        passed + failed, failed)


# -- Honest messages -------------------------------------------------------------------------

def _mount(where: Path, options: str) -> bool:
    where.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)],
                          capture_output=True).returncode == 0


def full_disk(tmp: Path, n: int) -> None:
    disk = tmp / "disk"
    if os.geteuid() != 0 or not _mount(disk, "size=2m"):
        row("full disk", 0, 0, "(skipped: needs root to mount a tmpfs)")
        return
    try:
        home = disk / "home"
        for i in range(3):
            run(home, "card", "add", "--front", f"front {i}", "--back", "b")
        pdf = tmp / "full.pdf"
        pdf.write_bytes(tiny_pdf(["A Paper On A Full Disk", "body"]))
        key = run(home, "add", str(pdf))[1].strip()
        filler = disk / "filler"
        fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"\0" * 4096)
        except OSError:
            pass
        os.close(fd)
        writes = [("card", "add", "--front", "x", "--back", "y"), ("tag", key, "+a"),
                  ("pass", key, "1"), ("backup",)]
        reads = [("list",), ("cards",), ("due",), ("config",), ("text", key)]
        fails = trials = 0
        for _ in range(n):
            for verb in writes:
                code, out, err, _ = run(home, *verb)
                trials += 1
                last = err.strip().splitlines()[-1] if err.strip() else ""
                fails += code != 1 or "unexpected" in err or "the disk is full" not in last
            for verb in reads:
                code, out, err, _ = run(home, *verb)
                trials += 1
                fails += code != 0 or "unexpected" in err
        row("full disk (2 MB tmpfs): CLI writes and reads", trials, fails)
        filler.unlink()
        listed = run(home, "cards")[1]
        shown = run(home, "show", key)
        row("full disk: nothing lost once there is room", 1,
            int(listed.count("front ") != 3 or shown[0] != 0))
    finally:
        subprocess.run(["umount", "-l", str(disk)])


def environment(tmp: Path, n: int) -> None:
    fails = trials = 0
    for i in range(n):
        f = tmp / f"homefile{i}"
        f.write_text("x")
        for verb in ("list", "due"):
            trials += 1
            fails += not clean_refusal(run(f, verb))
        home = fresh(tmp, f"now{i}")
        for bad in ("yesterday", "0001-01-01", "9999-12-31T00:00:00"):
            trials += 1
            fails += not clean_refusal(run(home, "due", env={"PAPERDECK_NOW": bad}))
    row("PAPERDECK_HOME a file; PAPERDECK_NOW bad or out of range", trials, fails)
    home = fresh(tmp, "rodb")
    run(home, "card", "add", "--front", "f", "--back", "b")
    (home / "paperdeck.db").chmod(0o444)
    drop = "-dac_override,-dac_read_search"
    wrap = ["setpriv", f"--inh-caps={drop}", f"--bounding-set={drop}"] \
        if os.geteuid() == 0 and shutil.which("setpriv") else []
    fails = trials = 0
    for _ in range(n):
        trials += 2
        fails += run(home, "cards", wrap=wrap)[0] != 0
        fails += not clean_refusal(run(home, "card", "add", "--front", "x", "--back", "y",
                                       wrap=wrap), code=1)
    row("read-only database: read, then a write", trials, fails)
    ro = tmp / "rofs"
    if os.geteuid() == 0 and _mount(ro, "size=4m"):
        try:
            home = ro / "home"
            run(home, "card", "add", "--front", "f", "--back", "b")
            subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
            fails = trials = 0
            for _ in range(n):
                trials += 2
                fails += run(home, "cards")[0] != 0
                code, _, err, _ = run(home, "card", "add", "--front", "x", "--back", "y")
                fails += code != 1 or "read-only file system" not in err or "unexpected" in err
            row("read-only file system: read, then a write", trials, fails)
        finally:
            subprocess.run(["umount", "-l", str(ro)])


def killed_backups(tmp: Path, n: int) -> None:
    """kill -9 at a random moment of `import yaml` (which backs up first) on a library of
    40,000 papers; then: is the library whole, and does the next backup sweep the parts?"""
    from bench.synth_library import make_library

    home = fresh(tmp, "killed")
    make_library(home, 40_000)
    doc = tmp / "one.yaml"
    doc.write_text("format: paperdeck\nversion: 1\npapers:\n- id: '2601.00001'\n  title: New\n"
                   "  added: '2026-01-01T00:00:00Z'\n")
    env = {**os.environ, "PAPERDECK_HOME": str(home), "PYTHONPATH": str(CODE)}
    env.pop("PAPERDECK_NOW", None)
    whole = run(home, "import", "yaml", str(doc))[3]     # how long one import takes
    c = sqlite3.connect(home / "paperdeck.db")
    c.execute("DELETE FROM papers WHERE id = '2601.00001'")
    c.commit()
    c.close()
    broken = left = parts_seen = 0
    rng = random.Random(9)
    for _ in range(n):
        proc = subprocess.Popen([sys.executable, "-m", "reader.cli", "import", "yaml", str(doc)],
                                env=env, cwd=CODE, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, whole))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        c = sqlite3.connect(home / "paperdeck.db")
        ok = c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        c.execute("DELETE FROM papers WHERE id = '2601.00001'")   # the next trial imports again
        c.commit()
        c.close()
        broken += not ok
        parts = list((home / "backups").glob(".paperdeck-*")) if (home / "backups").is_dir() else []
        parts_seen += bool(parts)
        for p in parts:
            os.utime(p, (time.time() - 3600, time.time() - 3600))   # an hour later
    run(home, "backup")
    # One killed backup leaves its .part and perhaps a -journal beside it: counted once.
    left = len({p.name.split(".part")[0] for p in (home / "backups").glob(".paperdeck-*")})
    row("kill -9 at a random moment of import yaml (40,000 papers, 160 MB)", n, broken + left,
        f"(killed mid-backup {parts_seen} times; .part files left after the next backup: {left})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose CLI is run")
    args = parser.parse_args(argv)
    global CODE
    CODE = args.code.resolve()
    tmp = Path(tempfile.mkdtemp(prefix="paperdeck-faults-"))
    try:
        for step in (pdf_text, special_files, special_outputs, second_spellings, config_files,
                     hostile_imports, full_disk, environment, killed_backups):
            step(tmp, args.trials)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("| trial | trials | failures | note |")
    print("|---|---|---|---|")
    for name, trials, failures, note in ROWS:
        print(f"| {name} | {trials} | {failures} | {note.strip('()')} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
