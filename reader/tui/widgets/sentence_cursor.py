"""Sentences on the laid-out page: where each sentence of a paragraph (reader.text.places) is
among the lines DocView draws, and drawing ranges over those lines (the sentence cursor, the
highlights kept on the text).

A sentence is found in its paragraph's lines by its characters other than spaces (wrapping
drops and adds spaces, nothing else), in order; one not found word for word (a citation shown
by another label) takes the stretch up to the next one found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rich.segment import Segment
from rich.style import Style

from reader.text.places import Para
from reader.tui.widgets.doc_layout import Layout

Ranges = list[tuple[int, int, int]]   # (line, start, end) pieces of one sentence


@dataclass
class SentenceMap:
    """For one layout: each paragraph's sentences as line ranges, by the paragraph's anchor."""

    layout: Layout
    ranges: dict[str, list[Ranges]] = field(default_factory=dict)

    def of(self, para: Para) -> list[Ranges]:
        found = self.ranges.get(para.anchor)
        if found is None:
            found = self.ranges[para.anchor] = sentence_ranges(self.layout, para)
        return found


def _block_lines(layout: Layout, anchor: str) -> list[int]:
    start = layout.first_line.get(anchor)
    if start is None:
        return []
    out = []
    k = start
    while k < len(layout.lines) and layout.lines[k].anchor == anchor:
        if layout.lines[k].spans:
            out.append(k)
        elif out:
            break
        k += 1
    return out


def sentence_ranges(layout: Layout, para: Para) -> list[Ranges]:
    """Each sentence of `para` as the (line, start, end) pieces it covers in `layout`."""
    chars: list[tuple[int, int]] = []
    flat = []
    for k in _block_lines(layout, para.anchor):
        for col, ch in enumerate(layout.lines[k].text):
            if not ch.isspace():
                chars.append((k, col))
                flat.append(ch)
    text = "".join(flat)
    targets = ["".join(s.text().split()) for s in para.sentences]
    spans: list[tuple[int, int] | None] = []
    pos = 0
    for t in targets:
        at = text.find(t, pos) if t else -1
        if at < 0:
            spans.append(None)
            continue
        spans.append((at, at + len(t)))
        pos = at + len(t)
    # the ones not found: from the end of the one before to the start of the one after
    for i, sp in enumerate(spans):
        if sp is None:
            start = spans[i - 1][1] if i and spans[i - 1] else 0
            after = next((s[0] for s in spans[i + 1:] if s), len(text))
            spans[i] = (start, max(start, after))
    out = []
    for start, end in spans:
        pieces: dict[int, list[int]] = {}
        for line, col in chars[start:end]:
            got = pieces.setdefault(line, [col, col + 1])
            got[1] = col + 1
        out.append([(line, s, e) for line, (s, e) in sorted(pieces.items())])
    return out


def overlaid(segments: Sequence[Segment], ranges: list[tuple[int, int, str]],
             style_of: Callable[[str], Style]) -> list[Segment]:
    """`segments` (a line's, from offset 0) with each (start, end, style name) range drawn over."""
    out: list[Segment] = []
    at = 0
    for seg in segments:
        text, style = seg.text, seg.style
        end = at + len(text)
        cuts = sorted({at, end} | {min(max(p, at), end) for s, e, _ in ranges for p in (s, e)})
        for a, b in zip(cuts, cuts[1:]):
            if a >= b:
                continue
            st = style
            for s, e, name in ranges:
                if s <= a and b <= e:
                    st = (st or Style()) + style_of(name)
            out.append(Segment(text[a - at:b - at], st))
        at = end
    return out
