"""Formulas made readable in a terminal, from the page's Presentation MathML.

First version: the formula's characters in order, scripts as _(…)/^(…). The full rendering
(Unicode scripts, fractions, accents, fences) replaces it.
"""

from __future__ import annotations

import re

_CONTINUATION = re.compile(r"%\n[ \t]*")
_SPACES = re.compile(r"\s+")


def tex_of(math) -> str:
    """The formula's TeX from `alttext` (or its TeX annotation), LaTeXML's `%`-newline line
    continuations removed."""
    tex = math.attributes.get("alttext")
    if tex is None:
        note = math.css_first('annotation[encoding="application/x-tex"]')
        tex = note.text(deep=True) if note is not None else ""
    return _SPACES.sub(" ", _CONTINUATION.sub("", tex)).strip()


def render(math) -> str:
    """The formula as Unicode text."""
    out: list[str] = []
    _walk(math, out)
    return _SPACES.sub(" ", "".join(out)).strip()


def _walk(node, out: list[str]) -> None:
    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            out.append(child.text_content or "")
        elif tag == "annotation" or tag == "annotation-xml":
            pass
        elif tag in ("msub", "msup"):
            kids = [k for k in _elements(child)]
            if kids:
                _walk_one(kids[0], out)
                for k in kids[1:]:
                    out.append("_(" if tag == "msub" else "^(")
                    _walk_one(k, out)
                    out.append(")")
        else:
            _walk(child, out)
        child = child.next


def _walk_one(node, out: list[str]) -> None:
    if node.tag == "-text":
        out.append(node.text_content or "")
    else:
        _walk(node, out)


def _elements(node):
    child = node.child
    while child is not None:
        if child.tag != "-text" and not child.tag.startswith("-"):
            yield child
        child = child.next
