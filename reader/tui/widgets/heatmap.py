"""A year of reviews at a glance: weeks as columns, weekdays as rows, shaded by count."""

from __future__ import annotations

from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

WEEKDAYS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
GLYPHS = ("·", "░", "▒", "▓", "█")
LABEL = 4  # width of the weekday labels column


def levels(counts: list[int]) -> list[int]:
    """Upper bounds of shading levels 1-4 from the quartiles of the non-zero counts."""
    nz = sorted(c for c in counts if c > 0)
    if not nz:
        return [1, 1, 1, 1]
    return [nz[min(len(nz) - 1, (len(nz) * q) // 4)] for q in (1, 2, 3)] + [nz[-1]]


def level_of(count: int, bounds: list[int]) -> int:
    if count <= 0:
        return 0
    for i, b in enumerate(bounds, start=1):
        if count <= b:
            return i
    return 4


class ReviewHeatmap(Widget):
    """Set `data` ({study day: answers}) and `today`. Cells are 1 character wide, 2 when the
    widget is wide enough for every week at 2; the year is clipped on the left when too narrow."""

    COMPONENT_CLASSES = {"heatmap--label", "heatmap--empty", "heatmap--l1", "heatmap--l2",
                         "heatmap--l3", "heatmap--l4", "heatmap--today"}

    DEFAULT_CSS = """
    ReviewHeatmap {
        height: 9;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    ReviewHeatmap > .heatmap--label { color: $text-muted; }
    ReviewHeatmap > .heatmap--empty { color: $panel-lighten-2; }
    ReviewHeatmap > .heatmap--l1 { color: $success 40%; }
    ReviewHeatmap > .heatmap--l2 { color: $success 60%; }
    ReviewHeatmap > .heatmap--l3 { color: $success 80%; }
    ReviewHeatmap > .heatmap--l4 { color: $success; }
    ReviewHeatmap > .heatmap--today { text-style: reverse; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.data: dict[date, int] = {}
        self.today: date | None = None

    def set_data(self, data: dict[date, int], today: date) -> None:
        self.data, self.today = data, today
        self.refresh()

    def render(self) -> Text:
        if not self.data or self.today is None:
            return Text("")
        styles = {name: self.get_component_rich_style(f"heatmap--{name}", partial=True)
                  for name in ("label", "empty", "l1", "l2", "l3", "l4", "today")}
        first = min(self.data)
        start = first - timedelta(days=first.weekday())     # the Monday of the first week
        n_weeks = (self.today - start).days // 7 + 1
        room = max(1, self.size.width - LABEL)
        cell = 2 if room >= 2 * n_weeks else 1
        shown = min(n_weeks, room // cell)
        start += timedelta(weeks=n_weeks - shown)
        bounds = levels(list(self.data.values()))
        lines = [self._months(start, shown, cell, styles["label"])]
        for row in range(7):
            line = Text(f"{WEEKDAYS[row]:<{LABEL}}", style=styles["label"], no_wrap=True)
            for w in range(shown):
                d = start + timedelta(weeks=w, days=row)
                if d > self.today:
                    line.append(" " * cell)  # the rest of this week is still to come
                    continue
                # Every past day of a shown week gets a cell (days before the data as empty),
                # so the seven rows line up week by week.
                lvl = level_of(self.data.get(d, 0), bounds)
                style = styles["empty"] if lvl == 0 else styles[f"l{lvl}"]
                if d == self.today:
                    style = style + styles["today"]
                line.append(GLYPHS[lvl] * (cell - 1 if cell > 1 else 1), style=style)
                if cell > 1:
                    line.append(" ")
            lines.append(line)
        legend = Text(" " * LABEL + "less ", style=styles["label"], no_wrap=True)
        for lvl in range(5):
            legend.append(GLYPHS[lvl], style=styles["empty"] if lvl == 0 else styles[f"l{lvl}"])
        legend.append(" more", style=styles["label"])
        legend.append(f"   (per day; darkest ≥ {bounds[2] + 1})" if bounds[2] < bounds[3] else "",
                      style=styles["label"])
        lines.append(legend)
        return Text("\n").join(lines)

    def _months(self, start: date, shown: int, cell: int, style: Style) -> Text:
        out = [" "] * (LABEL + shown * cell + 4)
        last_month = None
        for w in range(shown):
            monday = start + timedelta(weeks=w)
            if monday.month != last_month:
                last_month = monday.month
                if w == 0 and monday.day > 7:
                    continue  # a partial first month: no label
                name = monday.strftime("%b")
                pos = LABEL + w * cell
                if all(c == " " for c in out[max(0, pos - 1):pos + len(name)]):
                    out[pos:pos + len(name)] = list(name)
        return Text("".join(out).rstrip(), style=style, no_wrap=True)
