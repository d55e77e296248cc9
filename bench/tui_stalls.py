"""Find what stalls the TUI's event loop: a ticker on the UI thread and a sampling thread.

    lag = LoopLag(app, sample=True)   # inside a Pilot run
    ... the work to watch ...
    worst = lag.stop()
    print(lag.report())               # the stalls over 20 ms and what the UI thread was doing

The ticker (a 5 ms Textual timer) records the largest gap between its ticks: a frame the UI could
not draw. With `sample=True` a thread looks at the UI thread's stack every millisecond while a
gap is open, so each stall comes with the functions it was spent in (a poor man's profiler that
needs nothing installed). Used by bench/bench_tui.py.
"""

from __future__ import annotations

import gc
import sys
import threading
import time
from collections import Counter

TICK_S = 0.005
SAMPLE_AFTER_S = 0.015  # start sampling once a gap is this long (a frame already late)


def _where(frame, depth: int = 40) -> tuple[str, ...]:
    """The stack as 'module:function' entries, innermost first, our code and Textual's only
    (asyncio's loop frames say nothing)."""
    out = []
    while frame is not None and len(out) < depth:
        code = frame.f_code
        name = frame.f_globals.get("__name__", "?")
        if not name.startswith(("asyncio", "selectors", "threading", "concurrent")):
            out.append(f"{name}:{code.co_name}:{frame.f_lineno}")
        frame = frame.f_back
    return tuple(out)


class Stall:
    def __init__(self, start: float) -> None:
        self.start = start
        self.length = 0.0
        self.cpu = 0.0      # the whole process (all threads)
        self.ui_cpu = 0.0   # the UI thread alone
        self.samples: Counter[tuple[str, ...]] = Counter()
        self.workers: set[str] = set()   # workers running at its start or end
        self.gc: list[tuple[int, float]] = []   # (generation, seconds) of collections in it


class LoopLag:
    """Largest gap between ticks of a 5 ms timer on the UI thread (a stalled frame), with the CPU
    time the UI thread and the whole process used during that gap: a gap with little CPU means
    the machine was busy with other processes (the OS did not schedule us); process CPU well
    above the UI thread's means another thread of ours held the interpreter lock."""

    def __init__(self, app, sample: bool = False, keep_over: float = 0.020) -> None:
        self.app = app
        self.worst = 0.0
        self.worst_cpu = 0.0
        self.worst_ui_cpu = 0.0
        self.keep_over = keep_over
        self.stalls: list[Stall] = []
        self.last = time.perf_counter()
        self.last_cpu = time.process_time()
        self.last_ui = time.thread_time()
        self._open: Stall | None = None
        self._running: set[str] = set()
        self._gc: list[tuple[int, float]] = []
        self._gc_start = 0.0
        gc.callbacks.append(self._on_gc)
        self._stop = threading.Event()
        self._main = threading.get_ident()
        self.timer = app.set_interval(TICK_S, self.tick)
        self._sampler = None
        if sample:
            self._sampler = threading.Thread(target=self._sample, daemon=True)
            self._sampler.start()

    def tick(self) -> None:
        t, cpu, ui = time.perf_counter(), time.process_time(), time.thread_time()
        gap = t - self.last - TICK_S
        stall, self._open = self._open, None
        running = {w.group + ":" + w.name for w in self.app.workers if w.is_running}
        if gap > self.keep_over:
            stall = stall or Stall(self.last)
            stall.length, stall.cpu, stall.ui_cpu = gap, cpu - self.last_cpu, ui - self.last_ui
            stall.workers = running | self._running
            stall.gc = self._gc
            self.stalls.append(stall)
        self._running = running
        self._gc = []
        if gap > self.worst:
            self.worst, self.worst_cpu, self.worst_ui_cpu = gap, cpu - self.last_cpu, ui - self.last_ui
        self.last, self.last_cpu, self.last_ui = t, cpu, ui

    def _on_gc(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._gc_start = time.perf_counter()
        elif threading.get_ident() == self._main:
            self._gc.append((info["generation"], time.perf_counter() - self._gc_start))

    def _sample(self) -> None:
        while not self._stop.is_set():
            time.sleep(0.001)
            since = self.last
            if time.perf_counter() - since > TICK_S + SAMPLE_AFTER_S:
                frame = sys._current_frames().get(self._main)
                if frame is None:
                    continue
                stall = self._open
                if stall is None or stall.start != since:
                    stall = self._open = Stall(since)
                stall.samples[_where(frame)] += 1

    def stop(self) -> float:
        self.timer.stop()
        if self._on_gc in gc.callbacks:
            gc.callbacks.remove(self._on_gc)
        self._stop.set()
        if self._sampler is not None:
            self._sampler.join()
        return self.worst

    def report(self, over: float = 0.030, top: int = 3) -> str:
        """The stalls longer than `over`, each with the stacks sampled most often."""
        lines = []
        for s in sorted(self.stalls, key=lambda s: -s.length):
            if s.length < over:
                continue
            lines.append(f"  stall {s.length * 1000:.0f} ms (UI thread CPU {s.ui_cpu * 1000:.0f} ms, process "
                         f"{s.cpu * 1000:.0f} ms), "
                         f"{sum(s.samples.values())} samples; workers running: "
                         f"{', '.join(sorted(s.workers)) or 'none'}")
            collections = [f"gen {g} {t * 1000:.0f} ms" for g, t in s.gc if t > 0.002]
            if collections:
                lines.append(f"    garbage collection on the UI thread: {', '.join(collections)}")
            for stack, n in s.samples.most_common(top):
                lines.append(f"    {n:>3} x " + " < ".join(_short(stack)))
        return "\n".join(lines)


def _short(stack: tuple[str, ...], keep: int = 8) -> list[str]:
    """The innermost frames, then the first of ours (reader.*) if it is deeper."""
    head = list(stack[:keep])
    ours = next((f for f in stack[keep:] if f.startswith(("reader", "decks"))), None)
    if ours:
        head.append("… " + ours)
    return head


class SlowSteps:
    """Every step of the event loop (a callback, or a task running until its next await) that
    took longer than `over`, with the task's name and the messages it dispatched meanwhile:

        with SlowSteps() as steps:
            ...
        print(steps.report())

    Cheap enough to leave on while measuring (two clock reads per step)."""

    def __init__(self, over: float = 0.012) -> None:
        self.over = over
        self.steps: list[tuple[float, str, list[str]]] = []
        self._seen: list[str] = []

    def __enter__(self) -> "SlowSteps":
        import asyncio.events

        from textual.message_pump import MessagePump

        self._handle_run = run = asyncio.events.Handle._run
        self._dispatch = dispatch = MessagePump._dispatch_message
        steps, seen, over = self.steps, self._seen, self.over

        def timed_run(handle):
            seen.clear()
            t0, c0 = time.perf_counter(), time.thread_time()
            run(handle)
            took = time.perf_counter() - t0
            if took > over:
                seen.append(f"[UI thread CPU {(time.thread_time() - c0) * 1000:.0f} ms]")
                owner = getattr(handle._callback, "__self__", None)
                name = owner.get_name() if hasattr(owner, "get_name") else repr(handle._callback)[:80]
                steps.append((took, name, list(seen)))

        async def traced_dispatch(pump, message):
            seen.append(f"{type(pump).__name__}<-{type(message).__name__}")
            return await dispatch(pump, message)

        asyncio.events.Handle._run = timed_run
        MessagePump._dispatch_message = traced_dispatch
        return self

    def __exit__(self, *exc) -> None:
        import asyncio.events

        from textual.message_pump import MessagePump

        asyncio.events.Handle._run = self._handle_run
        MessagePump._dispatch_message = self._dispatch

    def report(self, top: int = 12) -> str:
        lines = []
        for took, name, seen in sorted(self.steps, key=lambda s: -s[0])[:top]:
            what = ", ".join(dict.fromkeys(seen)) or "-"
            lines.append(f"  step {took * 1000:5.1f} ms  {name}: {what[:300]}")
        return "\n".join(lines)
