"""A hybrid logical clock: wall time in milliseconds, a counter, the device.

Its stamps order every change on every device: a stamp is always later than every stamp this
device made or read before, even when the wall clock goes back (a laptop's clock may be wrong),
and close to the wall time otherwise. As text (`0001767225600000-000000-<device>`) stamps sort as
they order, the device breaking ties, so "the latest change" means one thing everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Stamp", "Clock", "parse"]


@dataclass(frozen=True, order=True)
class Stamp:
    wall_ms: int
    counter: int
    device: str

    def __str__(self) -> str:
        return f"{self.wall_ms:016d}-{self.counter:06d}-{self.device}"


def parse(text: str) -> Stamp:
    """A stamp from its text; ValueError when it is not one."""
    wall, counter, device = text.split("-", 2)
    if len(wall) != 16 or not wall.isdigit() or not counter.isdigit() or not device:
        raise ValueError(f"not a clock stamp: {text[:60]!r}")
    return Stamp(int(wall), int(counter), device)


class Clock:
    """This device's clock; `last` is its newest stamp (made or received)."""

    def __init__(self, device: str, last: Stamp | None = None):
        self.device = device
        self.last = last or Stamp(0, 0, device)

    def tick(self, now_ms: int) -> Stamp:
        """A new stamp for a local change at wall time `now_ms`."""
        wall = max(self.last.wall_ms, now_ms)
        counter = self.last.counter + 1 if wall == self.last.wall_ms else 0
        self.last = Stamp(wall, counter, self.device)
        return self.last

    def receive(self, remote: Stamp, now_ms: int) -> None:
        """Advance past a stamp read from another device, so later local changes order after it."""
        wall = max(self.last.wall_ms, remote.wall_ms, now_ms)
        if wall == self.last.wall_ms == remote.wall_ms:
            counter = max(self.last.counter, remote.counter) + 1
        elif wall == self.last.wall_ms:
            counter = self.last.counter + 1
        elif wall == remote.wall_ms:
            counter = remote.counter + 1
        else:
            counter = 0
        self.last = Stamp(wall, counter, self.device)
