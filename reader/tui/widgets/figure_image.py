"""Figures drawn in the terminal as half-cell blocks, where the output is a terminal.

Each cell shows two pixels, one above the other: "▀" in the upper pixel's colour on the lower
one's, in true colour, which every colour terminal can show; nothing needs to be asked of the
terminal. That is the one way of textual-image's that fits here, and it is drawn here with
Pillow (as textual-image drew it): importing textual-image's renderables asks the terminal
for Sixel and the Kitty graphics protocol and waits up to 0.1 s for each answer that never
comes from most terminals, which was most of the time `paperdeck` took to show its first
screen (bench/bench_tui.py). Its Kitty and Sixel renderers are not used: Kitty's writes to the
terminal itself while it is rendered (from the layout worker here, racing Textual's own
writes), and Sixel needs textual-image's own widget, which cannot live in a scrolled line view.

The reading screen draws a paper on Textual's Line API, one line of segments at a time, so a
figure is drawn as rows of segments. Pillow is imported when the first figure is drawn, in the
layout worker, never on the way to the first screen.
"""

from __future__ import annotations

from pathlib import Path

from rich.segment import Segment

MAX_ROWS = 18        # a figure never takes more than this many lines of the screen
MAX_COLUMNS = 72

mode: str | None = None          # "halfcell" once probe() found a terminal that can draw
why_not = "figures are drawn only in a terminal (not probed)"


def probe() -> str | None:
    """The drawing mode where the output is a terminal and Pillow is installed, else None (and
    `why_not` says why). Asks the terminal nothing; safe to call more than once; never raises."""
    global mode, why_not
    if mode is not None:
        return mode
    import importlib.util
    import sys

    out = sys.__stdout__
    try:
        tty = out is not None and out.isatty()
    except (OSError, ValueError):
        tty = False
    if not tty:
        why_not = "the output is not a terminal"
        return None
    if importlib.util.find_spec("PIL") is None:
        why_not = "Pillow is not installed"
        return None
    mode = "halfcell"
    return mode


def rows(path: Path, width: int, draw: str | None) -> list[list[Segment]] | None:
    """The image at `path` drawn `width` cells wide at most (and MAX_ROWS high), or None when it
    cannot be drawn here (no drawing mode, no such file, not an image)."""
    if draw != "halfcell" or not path.is_file():
        return None
    try:
        from PIL import Image as PILImage
        from rich.color import Color
        from rich.style import Style

        with PILImage.open(path) as im:
            im.load()
            image = im.convert("RGB")
        cells = min(width, MAX_COLUMNS)
        # Cells are about twice as high as wide, and a half-cell row holds two pixel rows.
        high = max(1, round(cells * image.height / image.width / 2))
        if high > MAX_ROWS:
            cells, high = max(1, round(cells * MAX_ROWS / high)), MAX_ROWS
        pixels = image.resize((cells, high * 2)).load()
        styles: dict[tuple, Style] = {}
        out = []
        for row in range(high):
            line = []
            for x in range(cells):
                pair = (pixels[x, 2 * row], pixels[x, 2 * row + 1])
                style = styles.get(pair)
                if style is None:
                    style = styles[pair] = Style(color=Color.from_rgb(*pair[0]),
                                                 bgcolor=Color.from_rgb(*pair[1]))
                line.append(Segment("▀", style))
            out.append(line)
        return out
    except Exception:  # noqa: BLE001 - a broken image file: the caption stands in for it
        return None

