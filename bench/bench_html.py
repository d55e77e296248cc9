"""Reading arXiv's LaTeXML HTML (reader.text.html.latexml). Prints figures, asserts nothing.

    pip install lxml html5lib   # only to compare parsers
    python bench/bench_html.py [--runs 9] [--width 100]

For each page in ../shared/fixtures/arxiv-html/:
- the HTML parsers side by side (selectolax's Lexbor, lxml; html5lib, the reference): parse
  time alone, and whether each gives the same tree of the article as html5lib (tags,
  attributes, text with whitespace folded);
- parse + model (reader.text.html.latexml.parse, math rendering included), median of --runs;
- the model's size as JSON (raw, zlib) beside the HTML's (raw, zlib): what a paper stores;
- how many formulas still show a raw `\\macro` in their rendering (the goal: none);
- rendering the model to lines (reader.text.render) at --width columns, when render exists.
Target: parse + model of 2005.12359 (423 KB, 752 formulas) <= 150 ms.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.text.html import latexml  # noqa: E402
from reader.text.document import Equation, Math  # noqa: E402

SHARED = ROOT.parent / "shared" / "fixtures" / "arxiv-html"
RAW_MACRO = re.compile(r"\\[A-Za-z]+")
_SPACES = re.compile(r"\s+")


def median_ms(fn, runs: int) -> float:
    return timed(fn, runs)[0]


def timed(fn, runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process, in ms (on a busy machine the CPU
    time is the steadier figure)."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


# ---- the same tree? Each parser's article as a flat list of tokens --------------------------


def _tokens_lexbor(raw: bytes) -> list:
    from selectolax.lexbor import LexborHTMLParser

    out: list = []

    def walk(node):
        child = node.child
        while child is not None:
            if child.tag == "-text":
                out.append(child.text_content or "")
            elif child.tag[0] != "-":
                out.append(("<", child.tag, tuple(sorted(child.attributes.items()))))
                walk(child)
                out.append((">", child.tag))
            child = child.next

    article = LexborHTMLParser(raw).css_first("article.ltx_document")
    walk(article)
    return _fold(out)


def _tokens_etree(root) -> list:
    out: list = []

    def name(tag) -> str:
        return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""

    def walk(el):
        if el.text:
            out.append(el.text)
        for child in el:
            tag = name(child.tag)
            if tag:  # comments and processing instructions have no string tag
                attrs = tuple(sorted((name(k), v) for k, v in child.attrib.items()))
                out.append(("<", tag, attrs))
                walk(child)
                out.append((">", tag))
            if child.tail:
                out.append(child.tail)

    for el in root.iter():
        if name(el.tag) == "article" and "ltx_document" in (el.get("class") or ""):
            walk(el)
            break
    return _fold(out)


def _fold(tokens: list) -> list:
    """Adjacent texts joined, whitespace folded, empty texts dropped."""
    out: list = []
    for token in tokens:
        if isinstance(token, str):
            if out and isinstance(out[-1], str):
                out[-1] += token
            else:
                out.append(token)
        else:
            out.append(token)
    folded = []
    for token in out:
        if isinstance(token, str):
            token = _SPACES.sub(" ", token).strip()
            if not token:
                continue
        folded.append(token)
    return folded


def _first_difference(a: list, b: list) -> str:
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return f"token {i}: {str(x)[:60]!r} vs {str(y)[:60]!r}"
    return f"lengths {len(a)} vs {len(b)}"


def parsers(raw: bytes, runs: int) -> None:
    """The candidates side by side; lxml and html5lib are not dependencies (install them to
    compare: pip install lxml html5lib)."""
    from selectolax.lexbor import LexborHTMLParser

    try:
        import html5lib
        import lxml.html
    except ImportError as exc:
        print(f"  (parser comparison skipped: {exc.name} is not installed)")
        return

    reference = _tokens_etree(html5lib.parse(raw, treebuilder="etree", namespaceHTMLElements=False))
    rows = [
        ("selectolax (lexbor)", lambda: LexborHTMLParser(raw), _tokens_lexbor(raw)),
        ("lxml.html", lambda: lxml.html.document_fromstring(raw),
         _tokens_etree(lxml.html.document_fromstring(raw))),
        ("html5lib (reference)", lambda: html5lib.parse(raw, treebuilder="etree"), reference),
    ]
    for name, fn, tokens in rows:
        same = "same as html5lib" if tokens == reference else "DIFFERS: " + _first_difference(tokens, reference)
        ms = median_ms(fn, max(3, runs // 3) if "html5lib" in name else runs)
        print(f"  {name:<22} parse {ms:7.1f} ms   {len(tokens):6,} tokens   {same}")


def formulas(doc) -> list[tuple[str, str]]:
    """(tex, rendering) of every formula in the model: inline math and equation rows."""
    found: list[tuple[str, str]] = []

    def runs(seq):
        for run in seq:
            if isinstance(run, Math):
                found.append((run.tex, run.text))

    def block(b):
        if isinstance(b, Equation):
            found.extend((r.tex, r.text) for r in b.rows)
        for name in ("runs", "caption"):
            runs(getattr(b, name, ()))
        for row in getattr(b, "rows", ()):
            if isinstance(row, tuple):
                for cell in row:
                    runs(cell)
        for part in getattr(b, "parts", ()):
            block(part)
        for item in getattr(b, "items", ()):
            for inner in item.blocks:
                block(inner)
        for line in getattr(b, "lines", ()):
            runs(line)

    for _, b in doc.blocks():
        block(b)
    return found


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--width", type=int, default=100)
    args = ap.parse_args()
    pages = sorted(SHARED.glob("*/index.html"))
    if not pages:
        sys.exit(f"no pages in {SHARED} (../shared/fixtures is absent)")
    for page in pages:
        raw = page.read_bytes()
        print(f"{page.parent.name}: {len(raw) / 1024:.0f} KB of HTML, {raw.count(b'<math'):,} <math>")
        parsers(raw, args.runs)
        ms, cpu = timed(lambda: latexml.parse(raw), args.runs)
        doc = latexml.parse(raw)
        print(f"  parse + model (math rendered)  {ms:7.1f} ms wall, {cpu:6.1f} ms CPU  median of {args.runs}")
        stored = json.dumps(doc.to_json(), ensure_ascii=False, separators=(",", ":")).encode()
        print(f"  model JSON {len(stored) / 1024:7.1f} KB, zlib {len(zlib.compress(stored, 6)) / 1024:6.1f} KB;"
              f"  HTML zlib {len(zlib.compress(raw, 6)) / 1024:6.1f} KB")
        found = formulas(doc)
        raw_left = [(tex, text) for tex, text in found if RAW_MACRO.search(text)]
        print(f"  formulas {len(found):,}; still showing a raw \\macro: {len(raw_left)}")
        for tex, text in raw_left[:5]:
            print(f"    {tex[:60]!r} -> {text[:60]!r}")
        try:
            from reader.text import render
        except ImportError:
            continue
        ms2, cpu2 = timed(lambda: render.render(doc, args.width), args.runs)
        lines = render.render(doc, args.width)
        print(f"  render to {args.width} columns         {ms2:7.1f} ms wall, {cpu2:6.1f} ms CPU  ({len(lines):,} lines)")
        print(f"  parse + model + render          {ms + ms2:7.1f} ms wall, {cpu + cpu2:6.1f} ms CPU")


if __name__ == "__main__":
    main()
