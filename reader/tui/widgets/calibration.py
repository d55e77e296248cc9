"""Calibration as a chart: for each band of predicted recall, a bar of the share actually
recalled with a marker where the prediction was, so an honest scheduler's bars end at their
markers. Set data with `set_data(decks.stats.Calibration)`."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from reader.tui.widgets.bars import hbar

LABEL = 11   # "0.85–0.90  "
COUNT = 7    # " 1,014"


class CalibrationChart(Widget):
    """Predicted recall (rows, in bands) against recall that happened (bars); ┃ marks the mean
    prediction of the band on the same scale."""

    COMPONENT_CLASSES = {"calibration--bar", "calibration--mark", "calibration--label"}

    DEFAULT_CSS = """
    CalibrationChart {
        height: auto;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    CalibrationChart > .calibration--bar { color: $primary; }
    CalibrationChart > .calibration--mark { color: $warning; text-style: bold; }
    CalibrationChart > .calibration--label { color: $text-muted; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.data = None

    def set_data(self, calibration) -> None:
        self.data = calibration
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return 1 if self.data is None or not self.data.bins else len(self.data.bins) + 3

    def render(self) -> Text:
        cal = self.data
        label = self.get_component_rich_style("calibration--label", partial=True)
        if cal is None:
            return Text("computing…", style=label)
        if not cal.bins:
            return Text("No review a day or more after the previous one yet: nothing to "
                        "compare.", style=label)
        bar_style = self.get_component_rich_style("calibration--bar", partial=True)
        mark_style = self.get_component_rich_style("calibration--mark", partial=True)
        width = max(10, self.size.width - LABEL - COUNT - 8)
        rows = [Text(f"{'predicted':<{LABEL}}{'recalled (bar) vs predicted (┃)':<{width}}"
                     f"{'actual':>7}{'n':>{COUNT}}", style=label, no_wrap=True)]
        for b in cal.bins:
            line = Text(f"{b.low:.2f}–{b.high:.2f}  ", style=label, no_wrap=True)
            bar = list(f"{hbar(b.actual, 1.0, width):<{width}}")
            mark = min(width - 1, round(b.predicted * width))
            styles = [bar_style] * width
            bar[mark] = "┃"
            styles[mark] = mark_style
            for ch, st in zip(bar, styles):
                line.append(ch, style=st)
            line.append(f"{b.actual:>7.0%}", style="")
            line.append(f"{b.count:>{COUNT},}", style=label)
            rows.append(line)
        rows.append(Text(f"{cal.reviews:,} reviews · log loss {cal.log_loss:.3f} · "
                         f"RMSE(bins) {cal.rmse_bins:.3f}", style=label, no_wrap=True))
        rows.append(Text("a bar ending at its ┃: predictions come true", style=label,
                         no_wrap=True))
        return Text("\n").join(rows)
