"""The inline half of reading LaTeXML's HTML (reader.text.html.latexml): a run of page nodes made into
the model's inline runs — text, emphasis, math, citations, references, footnote marks, links —
and the small helpers on selectolax nodes both halves use.

Footnotes are met inline (LaTeXML puts `span.ltx_note` where the mark stands): the mark becomes a
FootnoteMark run and the note itself a Footnote block, held in `notes` until the block walk
places it after the block that called it.
"""

from __future__ import annotations

import re

from reader.text.html import mathtext
from reader.text import textsafe
from reader.text.document import (
    Cite, Emph, Footnote, FootnoteMark, Link, Math, Ref, Runs, Text,
)

SPACES = re.compile(r"\s+")
_EMPHASIS = frozenset(("em", "i", "b", "strong"))
_EMPH_CLASSES = ("ltx_font_italic", "ltx_font_bold", "ltx_emph")
_SKIPPED = frozenset(("-comment", "annotation", "annotation-xml", "script", "style", "img", "button"))
_SPACED = frozenset(("td", "th", "p", "div", "li", "tr"))
# Unicode has a superscript / subscript for these only (for text such as 15<sup>th</sup>).
_SUP = dict(zip("0123456789+-=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ"))
_SUP.update(zip("abcdefghjklmoprstuvwxyz", "ᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"))
_SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))


# ---- helpers on selectolax nodes ----------------------------------------------------------------


def kids(node):
    child = node.child
    while child is not None:
        yield child
        child = child.next


def classes(node) -> list[str]:
    return (node.attributes.get("class") or "").split()


def node_id(node) -> str | None:
    found = node.attributes.get("id")
    return textsafe.one_line(found) if found else None


def plain(node) -> str:
    """The node's text, made safe, whitespace folded."""
    return textsafe.one_line(node.text(deep=True))


def plain_runs(runs) -> str:
    return "".join(run.plain() for run in runs).strip()


def is_note(node) -> bool:
    return "ltx_note" in classes(node)


def math_run(node) -> Math:
    return Math(textsafe.one_line(mathtext.tex_of(node)), textsafe.one_line(mathtext.render(node)))


def normalise(runs: list) -> Runs:
    """Adjacent plain runs merged, spaces folded across run boundaries, the ends stripped."""
    merged: list = []
    for run in runs:
        if merged and type(run) in (Text, Emph) and type(merged[-1]) is type(run):
            merged[-1] = type(run)(merged[-1].text + run.text)
        else:
            merged.append(run)
    out: list = []
    for run in merged:
        if type(run) in (Text, Emph):
            text = SPACES.sub(" ", run.text)
            if text.startswith(" ") and (not out or _ends_space(out[-1])):
                text = text[1:]
            if not text:
                continue
            run = type(run)(text)
        out.append(run)
    while out and type(out[-1]) in (Text, Emph) and out[-1].text.endswith(" "):
        stripped = out[-1].text.rstrip()
        out[-1:] = [type(out[-1])(stripped)] if stripped else []
    return tuple(out)


def _ends_space(run) -> bool:
    return type(run) in (Text, Emph) and run.text.endswith(" ")


def _script(text: str, table: dict[str, str]) -> str | None:
    out = [table.get(c) for c in text]
    return None if not text or None in out else "".join(out)


# ---- inline runs --------------------------------------------------------------------------------


class Inline:
    """Turns page nodes into runs; collects the footnotes met on the way in `notes`."""

    def __init__(self):
        self.notes: list[Footnote] = []

    def runs(self, node) -> Runs:
        out: list = []
        self.children(node, out, False)
        return normalise(out)

    def children(self, node, out: list, emph: bool) -> None:
        for child in kids(node):
            self.node(child, out, emph)

    def take_notes(self) -> list[Footnote]:
        notes, self.notes = self.notes, []
        return notes

    def node(self, node, out: list, emph: bool) -> None:
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if text:
                text = SPACES.sub(" ", textsafe.clean(text))
                out.append(Emph(text) if emph else Text(text))
            return
        if tag in _SKIPPED:
            return
        if tag == "math":
            out.append(math_run(node))
            return
        cls = classes(node)
        if "ltx_ERROR" in cls:
            return  # LaTeXML's own failure, counted once for the document
        if "ltx_note" in cls:
            self.footnote(node, out)
        elif tag == "cite":
            self.cite(node, out)
        elif tag == "a":
            self.link(node, out)
        elif tag == "br":
            out.append(Text(" "))
        elif tag in ("sup", "sub") and self.script(node, tag, out):
            pass
        elif tag == "table" and ("ltx_equation" in cls or "ltx_equationgroup" in cls):
            for math in node.css("math"):  # a display equation where only text may stand
                out.append(math_run(math))
        else:
            inner = emph or tag in _EMPHASIS or any(c in cls for c in _EMPH_CLASSES)
            for child in kids(node):
                self.node(child, out, inner)
            if tag in _SPACED:
                out.append(Text(" "))

    def cite(self, node, out: list) -> None:
        targets = tuple(
            textsafe.one_line(href[1:]) for href in
            (a.attributes.get("href") or "" for a in node.css("a")) if href.startswith("#")
        )
        label = plain_runs(self.runs(node))
        if targets:
            out.append(Cite(targets, label))
        elif label:
            out.append(Text(label))

    def link(self, node, out: list) -> None:
        href = node.attributes.get("href") or ""
        label = plain_runs(self.runs(node))
        if href.startswith("#") and len(href) > 1:
            target = textsafe.one_line(href[1:])
            out.append(Cite((target,), label) if target.startswith("bib.") else Ref(target, label))
        elif href:
            url = textsafe.one_line(href)
            out.append(Link(url, label or url))
        elif label:
            out.append(Text(label))

    def script(self, node, tag: str, out: list) -> bool:
        """A text superscript or subscript as Unicode script characters, when all have one."""
        if node.css_first("math, a, cite, span.ltx_note") is not None:
            return False
        script = _script(plain(node), _SUP if tag == "sup" else _SUB)
        if script is None:
            return False
        out.append(Text(script))
        return True

    def footnote(self, node, out: list) -> None:
        note_id = node_id(node) or f"footnote.x{len(self.notes) + 1}"
        mark_node = node.css_first("sup.ltx_note_mark")
        mark = plain(mark_node) if mark_node is not None else ""
        out.append(FootnoteMark(note_id, mark))
        content = node.css_first("span.ltx_note_content")
        body: list = []
        if content is not None:
            for child in kids(content):
                if child.tag[0] != "-" and any(
                        c in ("ltx_note_mark", "ltx_tag_note", "ltx_tag") for c in classes(child)):
                    continue
                self.node(child, body, False)
        self.notes.append(Footnote(note_id, mark, normalise(body)))
