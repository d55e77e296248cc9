"""Figures drawn in the terminal with textual-image, where the terminal can show them.

textual-image asks the terminal what it can do when it is imported (Sixel? the Kitty graphics
protocol? a tty at all?), which only works before Textual owns the terminal, so `probe()` is
called by the CLI just before the app runs, never at import time. Its import raises on a pty
that reports a 0x0 size (ZeroDivisionError in its cell-size probe), and would fail without
Pillow: either way figures then show as their caption and the key that opens the image file.

The reading screen draws a paper on Textual's Line API, one line of segments at a time, so a
figure is drawn as rows of segments: textual-image's half-cell renderable (two pixels per cell,
in colour) fits that and is used wherever the terminal is a tty. Its Kitty and Sixel renderers
are not used: Kitty's sends the image by writing to the terminal itself while it is rendered
(from the layout worker here, racing Textual's own writes), and Sixel needs textual-image's own
widget, which cannot live inside a scrolled line view.
"""

from __future__ import annotations

from pathlib import Path

from rich.segment import Segment

MAX_ROWS = 18        # a figure never takes more than this many lines of the screen
MAX_COLUMNS = 72

mode: str | None = None          # "halfcell" once probe() found a terminal that can draw
why_not = "figures are drawn only in a terminal (not probed)"


def probe() -> str | None:
    """Import textual-image while the terminal can still answer it; the drawing mode, or None
    (and `why_not` says why). Safe to call more than once; never raises."""
    global mode, why_not
    if mode is not None:
        return mode
    import os

    if os.environ.get("TMUX"):
        # textual-image's import asks the terminal for Kitty graphics; tmux does not pass the
        # question on, and takes it for the window's title (seen: "Gi=…;AAAA" as the title).
        why_not = "inside tmux, which cannot be asked what it can draw"
        return None
    try:
        import textual_image.renderable as renderable
        import textual_image.widget  # noqa: F401 - its import fills the cell-size cache
    except ZeroDivisionError:
        why_not = "the terminal reports no size, so textual-image cannot measure its cells"
        return None
    except Exception as e:  # noqa: BLE001 - no Pillow, a terminal that answers garbage: no images
        why_not = f"textual-image is not usable here ({type(e).__name__}: {e})"
        return None
    if renderable.Image.__name__ == "Image" and renderable.Image.__module__.endswith("unicode"):
        why_not = "the output is not a terminal"
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
        from rich.console import Console
        from textual_image.renderable.halfcell import Image as Halfcell

        with PILImage.open(path) as im:
            im.load()
            image = im.convert("RGB")
        cells = min(width, MAX_COLUMNS)
        # Cells are about twice as high as wide, and a half-cell row holds two pixel rows.
        high = max(1, round(cells * image.height / image.width / 2))
        if high > MAX_ROWS:
            cells, high = max(1, round(cells * MAX_ROWS / high)), MAX_ROWS
        console = Console(width=cells, height=high, color_system="truecolor", file=_Null(),
                          legacy_windows=False)
        options = console.options.update(width=cells, height=high)
        lines = console.render_lines(Halfcell(image, width=cells, height=high), options, pad=False)
        return [[s for s in line if s.text] for line in lines[:high]]
    except Exception:  # noqa: BLE001 - a broken image file: the caption stands in for it
        return None


class _Null:
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

