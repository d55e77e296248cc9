"""Benchmark the TUI's frames. Prints figures (median and worst of 5 runs), asserts nothing.

    .venv/bin/python bench/bench_tui.py [--papers 10000,100000] [--runs 5] [--profile]

For each library size (synthetic, bench/synth_library.py):
- first screen painted after start: `python -m reader.cli` (what the `paperdeck` script runs) in
  a fresh process on a pseudo-terminal, from its start to the output that holds the newest
  paper's row: interpreter start, imports, the figure probe, opening the library, the first
  rows, the first paint of the table [<= 0.8 s];
- a keystroke in the library, from the key to the frame that shows its result: a filter key
  (the table holds the newly ranked rows) and a cursor key in the table [<= 16 ms];
and on the 10,000-paper library, the longest event-loop stall (a 5 ms ticker on the UI thread)
[no frame blocked > 50 ms; aim 16 ms]:
- while a 39-page PDF (pages of ../shared's 1111.2011v2.pdf, joined) is extracted on the Reading
  screen, from the key that opens it to the last page;
- while the Reading screen opens on that paper, its 39 pages already extracted;
- while an import of 20 papers with PDFs runs and ends (the library updated), against a local
  arXiv in its own process;
- while an import of 100 papers runs and the background reader (reader/tui/indexer.py) then
  reads their text.
`--profile` prints, for each stall over 30 ms, what the UI thread was doing (bench/tui_stalls.py).
The machine is shared: a stall with little process CPU means the OS ran someone else.

The first line says how fast the machine is (`machine cpu_loop_s=… cpus=… load=…`: a fixed CPU
loop, median of 5); each scenario ends with one line a script can read:
`summary NAME median_ms=… worst_ms=… ui_cpu_ms=… load=…` (ui_cpu_ms: the UI thread's CPU in the
worst run's longest stall; `-` where the scenario times something else).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tui_stalls import LoopLag  # noqa: E402

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)
REAL_PDF = ROOT.parent / "shared" / "fixtures" / "arxiv-pdf" / "1111.2011v2.pdf"
LONG_PAGES = 39
PROFILE = False

def summary(values: list[float], unit: str = "ms", scale: float = 1000.0) -> str:
    xs = [v * scale for v in values]
    fmt = ".0f" if unit == "ms" and max(xs) >= 100 else ".1f" if unit == "ms" else ".3f"
    return f"median {statistics.median(xs):{fmt}} {unit}, worst {max(xs):{fmt}} {unit}"


def machine_line() -> str:
    """How fast this machine is, so that figures from two machines can be compared: a fixed
    CPU loop (median of 5), the CPUs, the load average (1, 5, 15 minutes) when measured."""
    took = []
    for _ in range(5):
        t0 = time.perf_counter()
        sum(i * i for i in range(3_000_000))
        took.append(time.perf_counter() - t0)
    load = os.getloadavg()
    return (f"machine cpu_loop_s={statistics.median(took):.3f} cpus={os.cpu_count()} "
            f"load={load[0]:.2f},{load[1]:.2f},{load[2]:.2f} python={sys.version.split()[0]}")


def summary_line(scenario: str, values: list[float], ui_cpu: float | None = None) -> None:
    """One line per scenario a script can read: `summary NAME median_ms=… worst_ms=…
    ui_cpu_ms=… load=…` (ui_cpu_ms: the UI thread's CPU in the worst run's longest stall,
    `-` where the scenario has none)."""
    xs = [v * 1000 for v in values]
    cpu = f"{ui_cpu * 1000:.1f}" if ui_cpu is not None else "-"
    print(f"summary {scenario} median_ms={statistics.median(xs):.1f} worst_ms={max(xs):.1f} "
          f"ui_cpu_ms={cpu} load={os.getloadavg()[0]:.2f}")


def show_stalls(lag: LoopLag) -> None:
    if PROFILE:
        text = lag.report()
        if text:
            print(text)


# -- first paint -----------------------------------------------------------------------------


def first_paint(home: Path, runs: int) -> list[tuple[float, float, int]]:
    """(first rows painted, whole library in, rows) in seconds from the process's start: the
    real start path (`python -m reader.cli`, as the `paperdeck` script runs it) on a pseudo-
    terminal, 120x40, timed to the output that holds the newest paper's title (the table's
    first paint with rows), then to the count of the whole library ("10000/10000"). The pty
    answers no query (the worst case for a program that asks the terminal something and waits)."""
    import fcntl
    import select
    import signal
    import sqlite3
    import struct
    import termios

    from reader.store import paths

    conn = sqlite3.connect(paths.resolve(home).db)
    title, total = conn.execute("SELECT title, (SELECT count(*) FROM papers) FROM papers "
                                "ORDER BY added DESC, id DESC LIMIT 1").fetchone()
    conn.close()
    newest, whole = title[:24].encode(), f"{total}/{total}".encode()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAPERDECK_")}
    env.update(PAPERDECK_HOME=str(home), TERM="xterm-256color", PYTHONPATH=str(ROOT))
    env.pop("TMUX", None)
    out = []
    for _ in range(runs):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        t0 = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "reader.cli"], stdin=slave, stdout=slave,
                                 stderr=slave, env=env, cwd=ROOT, start_new_session=True)
        os.close(slave)
        seen, first, all_in = bytearray(), None, None
        try:
            while all_in is None and time.perf_counter() - t0 < 30:
                if select.select([master], [], [], 0.05)[0]:
                    try:
                        seen += os.read(master, 1 << 16)
                    except OSError:
                        break
                    if first is None and newest in seen:
                        first = time.perf_counter() - t0
                    if first is not None and whole in seen:
                        all_in = time.perf_counter() - t0
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait()
            os.close(master)
        if first is None or all_in is None:
            print(bytes(seen[-2000:]).decode(errors="replace"))
            raise SystemExit("first-paint probe: the table never showed the newest paper")
        out.append((first, all_in, total))
    return out


# -- keystrokes ------------------------------------------------------------------------------


def _app(home: Path):
    from reader import config
    from reader.store import paths
    from reader.tui.app import make_app

    p = paths.resolve(home)
    return make_app(p, config.load(p), now=NOW)


async def _painted(app) -> float:
    """Wait for the next frame to be drawn; its time."""
    done = asyncio.get_running_loop().create_future()
    app.screen.call_after_refresh(lambda: done.done() or done.set_result(time.perf_counter()))
    return await done


def send_key(app, name: str) -> None:
    """The key as the terminal driver would post it (what Pilot.press does, without its waits)."""
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _get_unicode_name_from_key

    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(name, name)))
    except KeyError:
        char = name if len(name) == 1 else None
    event = events.Key(name, char)
    event.set_sender(app)
    app._driver.send_message(event)


async def keystrokes(home: Path, query: str, runs: int) -> dict:
    """Typing `query` into the filter `runs` times, then cursor keys in the table. Each key is
    posted as the terminal would, and timed to the frame that shows it (Pilot.press would add
    its own waits): for a filter key, the frame with the letter in the box (echo) and the frame
    with the table's rows for it; for a cursor key, the frame with the cursor moved. Also the
    longest stall of the UI while typing, a key every 30 ms as a fast typist."""
    from reader.tui.screens.library import LibraryScreen

    app = _app(home)
    echo: list[float] = []
    typed: list[float] = []
    moved: list[float] = []
    stalls: list[float] = []
    worst_ui = 0.0
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, LibraryScreen) and app.screen.loaded):
            await asyncio.sleep(0.01)
        await pilot.pause(0.5)
        screen = app.screen
        table = screen.query_one("PaperTable")
        filt = screen.query_one("#library-filter")
        loop = asyncio.get_running_loop()
        waiting: list[asyncio.Future] = []

        def updated() -> None:  # the table took in the key's result: time the next frame
            if waiting and not waiting[-1].done():
                fut = waiting[-1]
                screen.call_after_refresh(lambda: fut.done() or fut.set_result(time.perf_counter()))

        original_set_rows, original_watch = table.set_rows, table.watch_cursor
        table.set_rows = lambda *a, **k: (original_set_rows(*a, **k), updated())[0]

        def watch_cursor(old: int, new: int) -> None:
            original_watch(old, new)
            updated()

        table.watch_cursor = watch_cursor

        async def key(name: str, shows: str | None = None) -> float:
            waiting.append(loop.create_future())
            t0 = time.perf_counter()
            send_key(app, name)
            if shows is not None:   # the letter is in the box: time that frame
                while filt.value != shows:
                    await asyncio.sleep(0)
                echo.append(await _painted(app) - t0)
            try:
                return await asyncio.wait_for(waiting[-1], 5) - t0
            except asyncio.TimeoutError:
                raise SystemExit(f"no frame after the key {name!r}") from None

        for _ in range(runs):
            screen.set_focus(filt)
            filt.value = ""
            await pilot.pause(0.3)
            lag = LoopLag(app, sample=PROFILE)
            for i, ch in enumerate(query):
                typed.append(await key(ch if ch != " " else "space", query[:i + 1]))
                await asyncio.sleep(0.03)
            stalls.append(lag.stop())
            if lag.worst >= max(stalls):
                worst_ui = lag.worst_ui_cpu
            show_stalls(lag)
            shown = table.row_count
            screen.set_focus(table)
            await pilot.pause()
            for name in ("down",) * 5 + ("pagedown", "end", "home"):
                moved.append(await key(name))
                await asyncio.sleep(0.03)
    return {"echo": echo, "typed": typed, "moved": moved, "stalls": stalls, "shown": shown,
            "worst_ui": worst_ui}


# -- the Reading screen ----------------------------------------------------------------------


def make_long_pdf(dest: Path, pages: int = LONG_PAGES) -> None:
    """A real paper's pages repeated to `pages` pages (text, fonts and layout as arXiv makes them)."""
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(REAL_PDF))
    writer = PdfWriter()
    for i in range(pages):
        writer.add_page(reader.pages[i % len(reader.pages)])
    with dest.open("wb") as f:
        writer.write(f)


def give_pdf(home: Path, pdf: Path) -> str:
    """The first paper of the library gets `pdf`, its text not yet extracted; its id."""
    from reader.library import papers as library
    from reader.store import db
    from reader.store import paths

    p = paths.resolve(home)
    conn = db.open_library(p)
    pid = conn.execute("SELECT id FROM papers ORDER BY id LIMIT 1").fetchone()[0]
    p.papers.mkdir(exist_ok=True)
    dest = p.pdf_for(pid)
    dest.write_bytes(pdf.read_bytes())
    library.update_fields(conn, pid, pdf_status="ok", pdf_path=str(dest.relative_to(p.data)))
    forget_text(conn, pid)
    conn.close()
    return pid


def forget_text(conn, pid: str) -> None:
    from reader.store import db

    with db.transaction(conn):
        conn.execute("DELETE FROM pages WHERE paper_id = ?", (pid,))
        conn.execute("DELETE FROM extraction WHERE paper_id = ?", (pid,))


async def reading(home: Path, pid: str, fresh: bool) -> dict[str, float]:
    """Open the Reading screen on `pid` (its text extracted now if `fresh`, else cached) from a
    warmed-up library; the stall is watched from the key that opens it to the last page."""
    from reader.store import db
    from reader.store import paths

    if fresh:
        conn = db.connect(paths.resolve(home).db)
        forget_text(conn, pid)
        conn.close()
    app = _app(home)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause(1.5)      # the library is up, imports warmed: now open the paper
        await app.workers.wait_for_complete()
        lag = LoopLag(app, sample=PROFILE)
        t0 = time.perf_counter()
        app.call_later(app.open_screen, "read", pid)
        while type(app.screen).__name__ != "ReadingScreen" or not app.screen.is_mounted:
            await asyncio.sleep(0.002)
            if time.perf_counter() - t0 > 30:
                raise SystemExit("the Reading screen did not open")
        mounted = time.perf_counter() - t0
        first = None
        while time.perf_counter() - t0 < 120:
            screen = app.screen
            if first is None and 1 in screen.pages:
                first = await _painted(app) - t0
            if not screen.extracting:
                break
            await asyncio.sleep(0.005)
        await pilot.pause(0.2)
        total = time.perf_counter() - t0
        worst = lag.stop()
        pages = len(screen.pages)
    show_stalls(lag)
    return {"stall": worst, "cpu": lag.worst_cpu, "ui": lag.worst_ui_cpu, "first": first or total, "total": total,
            "mounted": mounted, "pages": pages}


# -- an import -------------------------------------------------------------------------------

SERVER = r"""
import sys
sys.path.insert(0, sys.argv[1])
from tests.arxiv_server import FakeArxiv
from tests.selfmade import Entry, atom_feed, tiny_pdf
ids = [f"2601.{n:05d}" for n in range(int(sys.argv[2]))]
server = FakeArxiv()
entries = [Entry(f"{i}v1", f"Imported paper {i}", ["Ada Lovelace"]) for i in ids]
for start in range(0, len(ids), 100):   # one request per 100 ids
    server.id_lists[",".join(ids[start:start + 100])] = (200, atom_feed(entries[start:start + 100]))
pdf = tiny_pdf([f"page {k} of a paper about sequence transduction and attention" for k in range(30)])
for i in ids:
    server.pdfs[f"{i}v1"] = pdf
server.start()
print(server.api_url, server.pdf_url, flush=True)
sys.stdin.read()
"""


async def import_lag(home: Path, n: int = 20, read_text: bool = False) -> dict[str, float]:
    """An import of `n` papers with PDFs (30 pages each), from its start to the table holding
    them all, or with `read_text` until the background reader has read their text too. The
    local arXiv runs in its own process, as the real one would (its threads would otherwise
    compete with the UI for the interpreter lock and spoil the figure)."""
    from reader.store import db
    from reader.store import paths

    log = tempfile.TemporaryFile(mode="w+")   # the server's messages: shown only if it fails
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(ROOT), str(n)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=log, text=True)
    try:
        api_url, pdf_url = server.stdout.readline().split()
    except ValueError:
        server.wait()
        log.seek(0)
        raise SystemExit(f"the local arXiv did not start:\n{log.read()[-2000:]}") from None
    ids = [f"2601.{k:05d}" for k in range(n)]
    os.environ["PAPERDECK_ARXIV_API_URL"] = api_url
    os.environ["PAPERDECK_ARXIV_PDF_URL"] = pdf_url
    os.environ["PAPERDECK_ARXIV_HTML_URL"] = pdf_url.replace("/pdf/", "/html/")  # 404s: PDF text
    p = paths.resolve(home)
    p.config.write_text("arxiv:\n  delay_seconds: 0\n")
    app = _app(home)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause(1.5)   # imports warmed
            await app.workers.wait_for_complete()
            table = app.screen.query_one("PaperTable")
            before = table.row_count
            lag = LoopLag(app, sample=PROFILE)
            t0 = time.perf_counter()
            app.start_import(ids)
            while app.importing or table.row_count < before + n:
                await asyncio.sleep(0.005)
                if time.perf_counter() - t0 > 300:
                    raise SystemExit("the import did not end in 5 minutes")
            shown = await _painted(app) - t0
            while read_text and (app.indexer.running or not app.indexer.total):
                await asyncio.sleep(0.01)
                if time.perf_counter() - t0 > 600:
                    raise SystemExit("the text was not read in 10 minutes")
            total = time.perf_counter() - t0
            await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            worst = lag.stop()
        show_stalls(lag)
        conn = db.connect(p.db)
        added = conn.execute("SELECT count(*) FROM papers WHERE id LIKE '2601.%'").fetchone()[0]
        read = conn.execute("SELECT count(*) FROM extraction WHERE paper_id LIKE '2601.%' "
                            "AND status = 'done'").fetchone()[0]
        with db.transaction(conn):
            conn.execute("DELETE FROM pages WHERE paper_id LIKE '2601.%'")
            conn.execute("DELETE FROM extraction WHERE paper_id LIKE '2601.%'")
            conn.execute("DELETE FROM papers WHERE id LIKE '2601.%'")
        conn.close()
    finally:
        server.stdin.close()
        server.wait()
        log.close()
        p.config.unlink(missing_ok=True)
    return {"stall": worst, "cpu": lag.worst_cpu, "ui": lag.worst_ui_cpu, "shown": shown,
            "total": total, "added": added, "read": read}


def runs_of(n: int, fn, *args) -> list[dict[str, float]]:
    return [asyncio.run(fn(*args)) for _ in range(n)]


def report_stalls(scenario: str, name: str, results: list[dict[str, float]], extra: str = "") -> None:
    stalls = [r["stall"] for r in results]
    worst_run = max(results, key=lambda r: r["stall"])
    print(f"{name}: longest UI stall {summary(stalls)} (in the worst, CPU of the UI thread "
          f"{worst_run['ui'] * 1000:.0f} ms, of the process {worst_run['cpu'] * 1000:.0f} ms) "
          f"[<= 50 ms; aim 16 ms]{extra}")
    summary_line(scenario, stalls, worst_run["ui"])


def main() -> None:
    global PROFILE
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--papers", default="10000,100000", help="library sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true", help="print what each long stall was spent on")
    parser.add_argument("--only", default="", help="comma-separated: paint,keys,extract,open,import,index")
    args = parser.parse_args()
    PROFILE = args.profile
    only = set(filter(None, args.only.split(",")))
    want = lambda name: not only or name in only  # noqa: E731
    sizes = [int(n) for n in args.papers.split(",")]
    runs = args.runs

    from synth_library import make_library

    sys.stdout.reconfigure(line_buffering=True)   # each line whole, as it is measured
    print(machine_line())
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp) / "home"
            home.mkdir()
            os.environ["PAPERDECK_HOME"] = str(home)
            t0 = time.perf_counter()
            make_library(home, n)
            print(f"\n{n:,} papers (generated in {time.perf_counter() - t0:.1f} s)")

            if want("paint"):
                paints = first_paint(home, runs)
                print(f"first screen painted, from the process's start: "
                      f"{summary([f for f, _, _ in paints], 's', 1)} [<= 0.8 s]; the whole library "
                      f"({paints[0][2]:,} rows) in: {summary([w for _, w, _ in paints], 's', 1)}")
                summary_line(f"first_paint_{n}", [f for f, _, _ in paints])
                summary_line(f"library_in_{n}", [w for _, w, _ in paints])
            if want("keys"):
                for query in ("transduction graves", "quantum"):
                    k = asyncio.run(keystrokes(home, query, runs))
                    print(f"filter '{query}' ({k['shown']:,} rows), {len(k['typed'])} keys: key -> "
                          f"letter shown {summary(k['echo'])} [<= 16 ms]; key -> rows shown "
                          f"{summary(k['typed'])}; longest UI stall while typing {summary(k['stalls'])}")
                    word = query.split()[0]
                    summary_line(f"filter_echo_{word}_{n}", k["echo"])
                    summary_line(f"filter_rows_{word}_{n}", k["typed"])
                    summary_line(f"filter_stall_{word}_{n}", k["stalls"], k["worst_ui"])
                print(f"cursor key in the table -> frame, {len(k['moved'])} keys: {summary(k['moved'])} [<= 16 ms]")
                summary_line(f"cursor_{n}", k["moved"])
            if n != sizes[0]:
                continue  # the stall figures do not depend on the library's size
            if not REAL_PDF.is_file():
                print("Reading screen and PDF extraction: skipped (../shared/fixtures absent)")
            elif want("extract") or want("open"):
                long_pdf = Path(tmp) / "long.pdf"
                make_long_pdf(long_pdf)
                pid = give_pdf(home, long_pdf)
                if want("extract"):
                    res = runs_of(runs, reading, home, pid, True)
                    report_stalls("pdf_extract", f"PDF extracted ({LONG_PAGES} pages)", res,
                                  f"; first page shown {summary([r['first'] for r in res])}, "
                                  f"all pages {summary([r['total'] for r in res], 's', 1)}")
                if want("open"):
                    asyncio.run(reading(home, pid, True))  # extracted once, then cached
                    res = runs_of(runs, reading, home, pid, False)
                    report_stalls("pdf_open", f"Reading screen opened ({LONG_PAGES} pages cached)", res,
                                  f"; first page shown {summary([r['first'] for r in res])}")
            if want("import"):
                res = runs_of(runs, import_lag, home)
                report_stalls("import_20", f"import of {int(res[0]['added'])} papers with PDFs, running and ending", res,
                              f"; all in the table {summary([r['shown'] for r in res], 's', 1)}")
            if want("index"):
                res = runs_of(runs, import_lag, home, 100, True)
                report_stalls("import_100_read", f"import of {int(res[0]['added'])} papers, then their text read in the "
                              f"background ({int(res[0]['read'])} read)", res,
                              f"; all in the table {summary([r['shown'] for r in res], 's', 1)}, "
                              f"all read {summary([r['total'] for r in res], 's', 1)}")


if __name__ == "__main__":
    main()
