"""A paper read from its HTML: the document laid out (doc_layout) once per width, drawn line by
line on Textual's Line API, with a cursor over its links and search matches highlighted.

Laying out is the costly part (2005.12359: 750 formulas, 46 references), so it runs in a worker
thread and the view keeps showing the old lines until the new ones are in; drawing a frame then
touches only the ~40 lines on screen. A resize or a change of math mode keeps the place read:
the block at the top and how far into it.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from reader.text.document import Document
from reader.tui.gc_pauses import bulk_build
from reader.tui.widgets.doc_layout import ImageRows, Layout, LinkAt, lay_out
from reader.tui.widgets.text_scroll import TextScroll

STYLES = ("title", "authors", "h1", "h2", "h3", "emph", "math", "cite", "ref", "link", "fnmark",
          "eqno", "frame", "label", "caption", "footnote", "image")
Place = tuple[str, int]   # (anchor of the block at the top, lines into it)
Match = tuple[tuple[int, int, int], ...]   # a search match's pieces: (line, start, end) each


class DocView(TextScroll, can_focus=True):
    """Give it a document with `show(doc)`; it lays it out for its width and says `Moved` as the
    place read changes and `Follow` when Enter is pressed on a link."""

    BINDINGS = [
        # Tab and shift+tab as in a browser: this widget is the only focusable thing where the
        # text is read, so focus moving (the Screen's tab) has nothing to lose here.
        Binding("tab", "link(1)", "Link", id="doc.next_link"),
        Binding("shift+tab", "link(-1)", "Prev link", show=False, id="doc.prev_link"),
        Binding("enter", "follow", "Follow", show=False, id="doc.follow"),
    ]
    COMPONENT_CLASSES = {f"doc-view--{s}" for s in STYLES} | {
        "doc-view--cursor", "doc-view--match", "doc-view--current", "doc-view--message",
        "doc-view--highlight", "doc-view--sentence"}
    DEFAULT_CSS = """
    DocView { padding: 0 1; overflow-x: hidden; scrollbar-gutter: stable; }
    DocView > .doc-view--title { text-style: bold; color: $text-primary; }
    DocView > .doc-view--authors { text-style: italic; }
    DocView > .doc-view--h1 { text-style: bold; color: $text-primary; }
    DocView > .doc-view--h2 { text-style: bold; }
    DocView > .doc-view--h3 { text-style: bold italic; }
    DocView > .doc-view--emph { text-style: italic; }
    DocView > .doc-view--math { color: $text-accent; }
    DocView > .doc-view--cite { color: $text-secondary; text-style: underline; }
    DocView > .doc-view--ref { color: $text-secondary; text-style: underline; }
    DocView > .doc-view--link { color: $text-secondary; text-style: underline; }
    DocView > .doc-view--fnmark { color: $text-secondary; }
    DocView > .doc-view--eqno { color: $text-muted; }
    DocView > .doc-view--frame { color: $text-muted; }
    DocView > .doc-view--label { text-style: bold; }
    DocView > .doc-view--caption { }
    DocView > .doc-view--footnote { color: $text-muted; }
    DocView > .doc-view--image { color: $text-secondary; text-style: underline; }
    DocView > .doc-view--cursor { text-style: reverse bold; }
    DocView > .doc-view--match { text-style: reverse; }
    DocView > .doc-view--current { text-style: reverse bold; color: $text-warning; }
    DocView > .doc-view--message { text-style: italic; color: $text-muted; }
    DocView > .doc-view--highlight { background: $warning-muted; }
    DocView > .doc-view--sentence { text-style: reverse; }
    """

    class Moved(Message):
        """The line at the top changed (scrolling, a jump, a new layout)."""

        def __init__(self, view: "DocView") -> None:
            super().__init__()
            self.view = view

    class Follow(Message):
        def __init__(self, target: str) -> None:
            super().__init__()
            self.target = target

    class LaidOut(Message):
        """A layout for the current width and math mode is shown."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.document: Document | None = None
        self.tex = False
        self.images: ImageRows | None = None
        self.doc_layout: Layout | None = None
        self.message = ""
        self.link: int | None = None             # index into layout.links
        self.matches: list[Match] = []
        self.current_match: int | None = None
        self._marks: dict[int, list[tuple[int, int, bool]]] = {}   # line -> (start, end, current)
        self._wanted: Place | None = None        # where to be once the next layout is in
        self._arriving: Place | None = None      # the place a new layout scrolls to next
        self._generation = 0
        self._styles: dict[str, Style] | None = None
        self._strips: dict[int, Strip] = {}
        self._last_top: int | None = None
        # Ranges drawn over the text (highlights, the sentence cursor: widgets/sentence_cursor):
        # line -> (start, end, style name), set with set_overlays.
        self.overlays: dict[int, list[tuple[int, int, str]]] = {}

    # -- content -------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        self.message = text
        self.doc_layout = None
        self.virtual_size = Size(self._width(), len(text.splitlines()) or 1)
        self._strips.clear()
        self.refresh()

    def show(self, doc: Document, *, tex: bool = False, images: ImageRows | None = None,
             place: Place | None = None) -> None:
        """Lay `doc` out (in a worker) and show it at `place` (default: the top)."""
        self.document, self.tex, self.images = doc, tex, images
        self._wanted = place
        self._relayout()

    def set_tex(self, tex: bool) -> None:
        if tex != self.tex and self.document is not None:
            self.tex = tex
            self._wanted = self._wanted or self.place()
            self._relayout()

    def relayout(self) -> None:
        """Lay the document out again (its figures changed), keeping the place."""
        if self.document is not None:
            self._wanted = self._wanted or self.place()
            self._relayout()

    def _width(self) -> int:
        return self.scrollable_content_region.width or self.size.width or 80

    def _relayout(self) -> None:
        if self.document is None:
            return
        self._generation += 1
        self._lay_out(self.document, self._width(), self.tex, self.images, self._generation)

    @work(thread=True, exclusive=True, group="doc-layout", exit_on_error=False)
    def _lay_out(self, doc: Document, width: int, tex: bool, images, generation: int) -> None:
        try:
            # Thousands of lines kept as long as the paper is open: built out of the cyclic
            # collector's sight (gc_pauses), else its next full pass walks them on the UI thread
            # (a 60 ms first scroll step, bench/bench_reading_html.py). They hold no cycles.
            with bulk_build():
                layout = lay_out(doc, width, tex=tex, images=images)
        except Exception as e:  # noqa: BLE001 - a model this build cannot lay out: say so
            layout = f"This paper could not be laid out: {type(e).__name__}: {e}"
        try:
            self.app.call_from_thread(self._take, layout, generation)
        except RuntimeError:
            pass  # the app has gone meanwhile

    def _take(self, layout: Layout | str, generation: int) -> None:
        if generation != self._generation or not self.is_mounted:
            return  # a newer width or mode is being laid out
        if isinstance(layout, str):
            self.show_message(layout)
            return
        if self.doc_layout is not None and self._wanted is None:
            self._wanted = self.place()
        old_link = self.link_target()
        self.doc_layout, self.message = layout, ""
        self._strips.clear()
        self.link = None
        if old_link is not None:
            self.link = next((i for i, ln in enumerate(layout.links) if ln.target == old_link), None)
        self.matches, self.current_match, self._marks = [], None, {}
        self.virtual_size = Size(layout.width, len(layout.lines))
        wanted, self._wanted = self._wanted, None
        # Scrolling waits for the new height to be laid out (before, it would stop at the old);
        # meanwhile that is the place (a resize now must not take the top of the old lines).
        self._arriving = wanted or ("title", 0)
        self.call_after_refresh(self._arrive)

    def _arrive(self) -> None:
        place, self._arriving = self._arriving, None
        if place is None:
            return
        self.go_to_place(place)
        self.refresh()
        self.post_message(self.LaidOut())

    def on_resize(self) -> None:
        if self.doc_layout is not None and self._width() != self.doc_layout.width:
            if self._wanted is None:   # (a layout still on its way keeps the place it was given)
                self._wanted = self.place()
            self._relayout()

    # -- places --------------------------------------------------------------------------------

    @property
    def top(self) -> int:
        return int(self.scroll_y)

    def place(self) -> Place:
        """The block at the top of the view and how many of its lines are above the top."""
        lay = self.doc_layout
        if self._arriving is not None:
            return self._arriving
        if lay is None or not lay.lines:
            return self._wanted or ("title", 0)
        y = min(self.top, len(lay.lines) - 1)
        anchor = lay.lines[y].anchor
        return anchor, max(0, y - lay.first_line.get(anchor, y))

    def line_of(self, anchor: str) -> int | None:
        return None if self.doc_layout is None else self.doc_layout.first_line.get(anchor)

    def go_to_place(self, place: Place) -> bool:
        anchor, offset = place
        line = self.line_of(anchor)
        if line is None:
            return False
        self.scroll_to(y=line + offset, animate=False, immediate=True, force=True)
        self._moved()
        return True

    def go_to_anchor(self, anchor: str, above: int = 1) -> bool:
        """Put the anchor's first line near the top (`above` lines of context before it)."""
        line = self.line_of(anchor)
        if line is None:
            return False
        self.scroll_to(y=max(0, line - above), animate=False, immediate=True, force=True)
        self._moved()
        return True

    def section(self) -> str | None:
        """The section being read: the one the line under the top line (after a jump, the
        line jumped to) is in."""
        return None if self.doc_layout is None else self.doc_layout.section_at(self.top + 1)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._moved()

    def _moved(self) -> None:
        if self.top != self._last_top:
            self._last_top = self.top
            self.post_message(self.Moved(self))

    # -- links ---------------------------------------------------------------------------------

    def link_at(self) -> LinkAt | None:
        if self.doc_layout is None or self.link is None or self.link >= len(self.doc_layout.links):
            return None
        return self.doc_layout.links[self.link]

    def link_target(self) -> str | None:
        at = self.link_at()
        return at.target if at else None

    def action_link(self, step: int) -> None:
        """The next (or previous) link; from the top of the view when the cursor is off screen."""
        lay = self.doc_layout
        if lay is None or not lay.links:
            return
        height = max(1, self.scrollable_content_region.height)
        top = self.top
        at = self.link_at()
        if at is None or not top <= at.line < top + height:
            line = top if step > 0 else top + height - 1
            ahead = [i for i, ln in enumerate(lay.links) if (ln.line >= line if step > 0 else ln.line <= line)]
            new = (ahead[0] if step > 0 else ahead[-1]) if ahead else (0 if step > 0 else len(lay.links) - 1)
        else:
            new = (self.link + step) % len(lay.links)
        self.set_link(new)

    def set_link(self, index: int | None) -> None:
        old = self.link_at()
        self.link = index
        at = self.link_at()
        for line in {x.line for x in (old, at) if x is not None}:
            self._strips.pop(line, None)
        if at is not None:
            self._reveal(at.line)
        self.refresh()

    def link_to(self, target: str) -> None:
        """Put the cursor on a link to `target` on screen (none there: no cursor)."""
        if self.doc_layout is None:
            return
        height = max(1, self.scrollable_content_region.height)
        hits = [i for i, ln in enumerate(self.doc_layout.links)
                if ln.target == target and self.top <= ln.line < self.top + height]
        self.set_link(hits[0] if hits else None)

    def _reveal(self, line: int) -> None:
        height = max(1, self.scrollable_content_region.height)
        if not self.top <= line < self.top + height:
            self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True, force=True)
            self._moved()

    def action_follow(self) -> None:
        target = self.link_target()
        if target is not None:
            self.post_message(self.Follow(target))

    # -- search matches ------------------------------------------------------------------------

    def set_matches(self, matches: list[Match], current: int | None) -> None:
        """Highlight `matches` (from find_matches), `current` the one to show."""
        self.matches, self.current_match = matches, current
        self._marks = {}
        for k, match in enumerate(matches):
            for line, s, e in match:
                self._marks.setdefault(line, []).append((s, e, k == current))
        self._strips.clear()
        if current is not None and 0 <= current < len(matches):
            self._reveal(matches[current][0][0])
        self.refresh()

    def set_overlays(self, overlays: dict[int, list[tuple[int, int, str]]]) -> None:
        changed = set(self.overlays) | set(overlays)
        self.overlays = overlays
        for line in changed:
            self._strips.pop(line, None)
        self.refresh()

    # -- drawing -------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._strips.clear()

    def _style(self, name: str) -> Style:
        if self._styles is None:
            self._styles = {}
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(f"doc-view--{name}", partial=True)
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = self.top + y
        if self.doc_layout is None:
            lines = self.message.splitlines()
            text = lines[index] if index < len(lines) else ""
            return Strip([Segment(text, base + self._style("message"))]).adjust_cell_length(width, base)
        if index >= len(self.doc_layout.lines):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None:
            if len(self._strips) > 400:
                self._strips.clear()
            strip = self._strips[index] = Strip(self._segments(index, base)).adjust_cell_length(width, base)
        return strip

    def _segments(self, index: int, base: Style) -> list[Segment]:
        line = self.doc_layout.lines[index]
        cursor = self.link_at()
        cursor_span = cursor.span if cursor is not None and cursor.line == index else None
        marks = self._marks.get(index)
        out: list[Segment] = []
        at = 0
        for i, span in enumerate(line.spans):
            style = base + self._style(span.style) if span.style else base
            if i == cursor_span:
                style += self._style("cursor")
            if not marks:
                out.append(Segment(span.text, style))
            else:
                out.extend(_marked(span.text, at, style, marks, self._style("match"), self._style("current")))
            at += len(span.text)
            if i == 0 and line.drawn is not None:
                out.extend(line.drawn)
        over = self.overlays.get(index)
        if over and line.drawn is None:
            from reader.tui.widgets.sentence_cursor import overlaid

            out = overlaid(out, over, self._style)
        return out


def _marked(text: str, at: int, style: Style, marks, match: Style, current: Style) -> list[Segment]:
    """`text` (starting at offset `at` of its line) split where search matches begin and end."""
    out, pos, end = [], 0, len(text)
    for s, e, is_current in marks:
        s, e = max(s - at, pos), min(e - at, end)
        if s >= e:
            continue
        if s > pos:
            out.append(Segment(text[pos:s], style))
        out.append(Segment(text[s:e], style + (current if is_current else match)))
        pos = e
    if pos < end:
        out.append(Segment(text[pos:], style))
    return out


def find_matches(layout: Layout, needle: str) -> list[Match]:
    """Case-insensitive matches of `needle` in the laid-out text, each as its pieces (line,
    start, end): a phrase broken across two lines of a block is found, and marked on both."""
    import re

    if not needle or layout is None:
        return []
    pattern = re.compile(re.escape(needle).replace(r"\ ", r"\s+"), re.IGNORECASE)
    out: list[Match] = []
    lines = layout.lines
    i = 0
    while i < len(lines):
        j = i   # one block: consecutive lines with the same anchor, joined by a space
        while j + 1 < len(lines) and lines[j + 1].anchor == lines[i].anchor and lines[j + 1].spans:
            j += 1
        texts = [lines[k].text for k in range(i, j + 1)]
        starts, pos = [], 0
        for t in texts:
            starts.append(pos)
            pos += len(t) + 1
        joined = " ".join(texts)
        for m in pattern.finditer(joined):
            pieces = []
            for k, t in enumerate(texts):
                s, e = max(m.start(), starts[k]), min(m.end(), starts[k] + len(t))
                if s < e:
                    pieces.append((i + k, s - starts[k], e - starts[k]))
            if pieces:
                out.append(tuple(pieces))
        i = j + 1
    return out
