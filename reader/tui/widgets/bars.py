"""Bar charts from unicode eighth blocks: `DueBars` (cards due per day, vertical bars) and
`hbar` (one horizontal bar, for the reading periods)."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.widget import Widget

EIGHTHS = " ▁▂▃▄▅▆▇█"
HEIGHTHS = " ▏▎▍▌▋▊▉█"


def hbar(value: float, top: float, width: int) -> str:
    """A horizontal bar `width` cells long at full scale (`top`), to an eighth of a cell."""
    if top <= 0 or value <= 0:
        return ""
    eighths = round(min(value, top) / top * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (HEIGHTHS[part] if part else "")


def axis_labels(days: list[date], axis: int, col: int) -> str:
    """Labels under the columns, one a week from the first day: the day of the month, with the
    month's name first and where it changes ("21 Nov", "28", "5 Dec"). A week apart they never
    crowd each other, and one- and two-digit days keep the same spacing."""
    out = [" "] * (axis + len(days) * col + 8)
    month = None
    for i in range(0, len(days), 7):
        d = days[i]
        text = str(d.day) if d.month == month else f"{d.day} {d:%b}"
        month = d.month
        pos = axis + i * col
        if i + 7 >= len(days) and pos + len(text) > axis + len(days) * col:
            break  # the last label would run past the bars
        out[pos:pos + len(text)] = list(text)
    return "".join(out)


class DueBars(Widget):
    """Cards due per day for the next days: one column per day, tallest bar = the busiest day.
    Set data with `set_data({day: count}, today)`. Columns widen with the widget."""

    COMPONENT_CLASSES = {"bars--bar", "bars--today", "bars--label"}

    DEFAULT_CSS = """
    DueBars {
        height: 9;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    DueBars > .bars--bar { color: $primary; }
    DueBars > .bars--today { color: $warning; }
    DueBars > .bars--label { color: $text-muted; }
    """

    BAR_ROWS = 6

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.data: dict[date, int] = {}
        self.today: date | None = None

    def set_data(self, data: dict[date, int], today: date) -> None:
        self.data, self.today = data, today
        self.refresh()

    def render(self) -> Text:
        if not self.data:
            return Text("")
        bar = self.get_component_rich_style("bars--bar", partial=True)
        today_style = self.get_component_rich_style("bars--today", partial=True)
        label = self.get_component_rich_style("bars--label", partial=True)
        days = sorted(self.data)
        counts = [self.data[d] for d in days]
        top = max(counts) or 1
        axis = max(len(str(top)), 1) + 1
        room = max(len(days), self.size.width - axis)
        col = max(1, min(4, room // len(days)))
        gap = 1 if col >= 2 else 0
        rows = []
        for r in range(self.BAR_ROWS, 0, -1):
            head = str(top) if r == self.BAR_ROWS else ""
            line = Text(f"{head:>{axis - 1}} ", style=label, no_wrap=True)
            for d, n in zip(days, counts):
                eighths = round(n / top * self.BAR_ROWS * 8) if n else 0
                if n and eighths == 0:
                    eighths = 1
                fill = max(0, min(8, eighths - (r - 1) * 8))
                glyph = EIGHTHS[fill]
                line.append(glyph * (col - gap), style=today_style if d == self.today else bar)
                line.append(" " * gap)
            rows.append(line)
        rows.append(Text(axis_labels(days, axis, col).rstrip(), style=label, no_wrap=True))
        total = sum(counts)
        rows.append(Text(f"{' ' * axis}{total} due in {len(days)} days · today {counts[0]}"
                         f" · busiest {top}", style=label, no_wrap=True))
        return Text("\n").join(rows)
