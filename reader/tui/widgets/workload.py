"""What a desired retention costs, as simulated for a year (decks.workload): one row per
retention, the one in use marked. Set data with `set_data(workload, desired_retention)` or
`set_message(text)`."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget


class WorkloadPanel(Widget):
    COMPONENT_CLASSES = {"workload--label", "workload--current"}

    DEFAULT_CSS = """
    WorkloadPanel {
        height: auto;
        width: 1fr;
        text-wrap: nowrap;
        text-overflow: clip;
    }
    WorkloadPanel > .workload--label { color: $text-muted; }
    WorkloadPanel > .workload--current { color: $success; text-style: bold; }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.workload = None
        self.desired = 0.9
        self.message = "simulating…"

    def set_data(self, workload, desired: float) -> None:
        self.workload, self.desired, self.message = workload, desired, ""
        self.refresh(layout=True)

    def set_message(self, text: str) -> None:
        self.workload, self.message = None, text
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return 1 if self.workload is None else len(self.workload.rows) + 4

    def render(self) -> Text:
        label = self.get_component_rich_style("workload--label", partial=True)
        w = self.workload
        if w is None:
            return Text(self.message, style=label)
        current = self.get_component_rich_style("workload--current", partial=True)
        rows = [Text(f"{'desired':>7} {'reviews/day':>11} {'busiest':>7} {'min/day':>7} "
                     f"{'recalled':>8} {'remembered':>10}", style=label, no_wrap=True)]
        for r in w.rows:
            mine = abs(r.desired_retention - self.desired) < 1e-9
            recalled = f"{r.retention:.1%}" if r.retention is not None else "-"
            # The mark goes in front: after the row it was cut off where the panel is half of
            # a 120-column screen.
            rows.append(Text(
                f"{'▸' if mine else ' '}{r.desired_retention:>6.2f} {r.reviews_per_day:>11.1f} "
                f"{r.peak_reviews:>7} {r.minutes_per_day:>7.1f} {recalled:>8} {r.memorized:>10,.0f}",
                style=current if mine else "", no_wrap=True))
        rows.append(Text(f"{w.cards:,} cards learned from new, {w.days} days, fsrs-rs-python",
                         style=label, no_wrap=True))
        rows.append(Text("remembered: on the last day", style=label, no_wrap=True))
        rows.append(Text("▸ yours: review.desired_retention", style=label, no_wrap=True))
        return Text("\n").join(rows)
