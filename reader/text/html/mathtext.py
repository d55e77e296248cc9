"""Formulas made readable in a terminal, from the page's Presentation MathML.

LaTeXML writes every formula twice: its TeX (`alttext`) and Presentation MathML, in which it has
already resolved the authors' macros (`\\mathbb{R}` is an `<mi>ℝ</mi>`, `\\mathbf{x}` an `<mi>𝐱</mi>`).
Walking the MathML therefore leaves no raw `\\macro` where a TeX-to-Unicode converter leaves the
ones it does not know (measured on 1,082 formulas, issue 21). The rendering:
- scripts as Unicode sub/superscript characters when every character has one (ℝᵈ, ∑ₛ₌₁ˢ),
  else `_x` for one character and `_(…)` for more (𝐳_(s,k));
- limits of big operators (∑, ∏, lim, arg min) as scripts; accents as combining marks (x̂, x̄);
- fractions `a/b`, a side in brackets when it is more than one term ((a+b)/2);
- relations and binary operators spaced outside scripts (`f = (f₁,…,f_d)`), invisible
  operators (function application, invisible times) dropped;
- roots √x, matrices and cases as [a, b; c, d].
"""

from __future__ import annotations

import re

_CONTINUATION = re.compile(r"%[ \t]*\n[ \t]*")
_SPACES = re.compile(r"\s+")
_EM = re.compile(r"(-?[\d.]+)\s*(em|ex|pt|mu)?")

_SUP = dict(zip("0123456789+-−=()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾"))
_SUP.update(zip("abcdefghijklmnoprstuvwxyz", "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"))
_SUP.update(zip("ABDEGHIJKLMNOPRTUVW", "ᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂ"))
_SUP.update(zip("αβγδεθιφχ⊤", "ᵅᵝᵞᵟᵋᶿᶥᵠᵡᵀ"))
_SUB = dict(zip("0123456789+-−=()", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎"))
_SUB.update(zip("aehijklmnoprstuvx", "ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
_SUB.update(zip("βγρφχ", "ᵦᵧᵨᵩᵪ"))
# Superscripts that read as themselves, written straight after their base: f′, x*, A†.
_PLAIN_SUP = frozenset(("′", "″", "‴", "*", "∗", "†", "‡", "∘", "'"))
_ACCENTS = {  # the accent character LaTeXML writes over (or under) its base -> combining mark
    "^": "\u0302", "ˆ": "\u0302", "\u0302": "\u0302", "~": "\u0303", "˜": "\u0303",
    "\u0303": "\u0303", "¯": "\u0304", "‾": "\u0305", "\u0304": "\u0304", "˙": "\u0307",
    "¨": "\u0308", "→": "\u20d7", "⃗": "\u20d7", "ˇ": "\u030c", "˘": "\u0306", "´": "\u0301",
    "`": "\u0300", "˚": "\u030a",
}
_UNDER = {"¯": "\u0332", "_": "\u0332", "‾": "\u0332", "~": "\u0330", "˜": "\u0330"}
_WORDS = {"\u0302": "hat", "\u0303": "tilde", "\u0304": "bar", "\u0305": "bar", "\u20d7": "vec",
          "\u0307": "dot", "\u0308": "ddot", "\u030c": "check", "\u0306": "breve"}
_INVISIBLE = frozenset(("\u2061", "\u2062", "\u2063", "\u2064", "\u200b", ""))
_RELATIONS = frozenset("=<>≤≥≈≠≡∈∉∋⊂⊆⊃⊇⊊→←↦⇒⇐⇔↔⟶⟹∼≃≅∝≪≫≺≻⪯⪰⊥∣∥≔≐⊢⊨") | {":=", "=:"}
_BINARY = frozenset("+−-±∓×÷·⋅∘⊗⊕⊙∪∩∖∧∨⋆")
_OPENERS = frozenset(("(", "[", "{", "⟨", "⌊", "⌈", "‖"))
_CLOSERS = frozenset((")", "]", "}", "⟩", "⌋", "⌉"))
_BRACES = frozenset(("⏞", "⏟", "︷", "︸", "⎴", "⎵"))
_CLOSED = _CLOSERS | _INVISIBLE
_BIG = frozenset("∑∏∐∫∬∭∮⋃⋂⨁⨂⋁⋀")
_LIMITS = frozenset(("lim", "max", "min", "sup", "inf", "argmax", "argmin", "arg max",
                     "arg min", "limsup", "liminf", "det", "Pr", "max ", "min "))
_BIG_OR_LIMIT = _BIG | _LIMITS
_DOUBLE_STRUCK = dict(zip("CHNPQRZ", "ℂℍℕℙℚℝℤ"))
_BOLD = {c: chr(0x1D400 + i) for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")}
_BOLD.update({str(d): chr(0x1D7CE + d) for d in range(10)})
_SIMPLE = re.compile(r"^[\w.′″‴*∗†∞∂∇ℓ…⋯\u0300-\u036f\u20d0-\u20ff]+$")


def tex_of(math) -> str:
    """The formula's TeX from `alttext` (or its TeX annotation), LaTeXML's `%`-newline line
    continuations removed and whitespace folded."""
    tex = math.attributes.get("alttext")
    if tex is None:
        for node in math.css("annotation"):
            if node.attributes.get("encoding") == "application/x-tex":
                tex = node.text(deep=True)
                break
    return _SPACES.sub(" ", _CONTINUATION.sub("", tex or "")).strip()


def render(math) -> str:
    """The formula (a <math> node) as one line of Unicode text; its TeX when its MathML nests
    too deeply to walk."""
    try:
        return _tidy(_Renderer().node(math, False))
    except RecursionError:
        return tex_of(math)


def from_mathml(markup: str) -> str:
    """The rendering of a MathML fragment given as text (for tests and tools)."""
    from selectolax.lexbor import LexborHTMLParser

    math = LexborHTMLParser(f"<html><body>{markup}</body></html>").css_first("math")
    return render(math) if math is not None else ""


_INSIDE = re.compile(r"(?<=[(\[{⟨]) +| +(?=[)\]}⟩,;])| +(?=: )")


def tidy(text: str) -> str:
    """Spaces folded, none just inside brackets, before a comma or before a colon's space."""
    return _INSIDE.sub("", _SPACES.sub(" ", text)).strip()


_tidy = tidy


def _elements(node) -> list:
    """The element children that are part of the formula (not its annotations)."""
    out = []
    child = node.child
    while child is not None:
        tag = child.tag
        if tag[0] != "-" and tag != "annotation" and tag != "annotation-xml":
            out.append(child)
        child = child.next
    return out


def _token_text(node) -> str:
    return node.text(deep=True).strip()


def _script(text: str, table: dict[str, str], mark: str) -> str:
    """A script: Unicode script characters if all have one, else _x / _(…)."""
    text = _tidy(text)
    if not text:
        return ""
    packed = text.replace(" ", "")
    if table is _SUP and all(c in _PLAIN_SUP for c in packed):
        return packed
    converted = [table.get(c) for c in packed]
    if None not in converted:
        return "".join(converted)
    if len(packed) == 1 or _is_wrapped(text):
        return mark + text
    return f"{mark}({text})"


def _is_wrapped(text: str) -> bool:
    """Whether the text is one bracketed group: (…), […], {…} whose opener closes at its end."""
    pairs = {"(": ")", "[": "]", "{": "}", "⟨": "⟩", "|": "|"}
    if len(text) < 2 or text[0] not in pairs or text[-1] != pairs[text[0]]:
        return False
    depth = 0
    for i, c in enumerate(text):
        if c == text[0] and (c != "|" or i == 0):
            depth += 1
        elif c == pairs[text[0]]:
            depth -= 1
            if depth == 0 and i != len(text) - 1:
                return False
    return True


def _bracket(text: str) -> str:
    """Brackets around a side of a fraction (or a root's radicand) that is more than one term."""
    text = _tidy(text)
    if not text or _SIMPLE.match(text) or _is_wrapped(text):
        return text
    if re.fullmatch(r"[\w.]+(?:_\w|_\([^()]*\)|\^\w|\^\([^()]*\))*", text):
        return text  # a symbol with its scripts: x_(ij), x^(n)
    return f"({text})"


def _space(node, side: str, least: float = 0.2) -> bool:
    """Whether a spacing attribute is wide enough to show as a space (\\, is 0.167em)."""
    value = node.attributes.get(side)
    if not value:
        return False
    m = _EM.fullmatch(value.strip())
    if not m:
        return False
    size = float(m[1]) / {"pt": 10.0, "mu": 18.0, "ex": 2.0}.get(m[2], 1.0)
    return size >= least


class _Renderer:
    def __init__(self):
        self.depth = 0  # brackets open where the walk stands: a comma outside all is spaced

    def node(self, node, in_script: bool) -> str:
        tag = node.tag
        handler = _HANDLERS.get(tag)
        if handler is not None:
            return handler(self, node, in_script)
        if tag[0] == "-":
            return ""
        return self.row(node, in_script)

    def row(self, node, in_script: bool) -> str:
        kids = _elements(node)
        out: list[str] = []
        for i, kid in enumerate(kids):
            if kid.tag == "mo":
                out.append(self.operator(kid, in_script, i, kids))
            elif kid.tag == "mfrac" and (_juxtaposed(kids, i, -1) or _juxtaposed(kids, i, 1)):
                out.append(_bracket(self.node(kid, in_script)))  # (1/S)∑…, not 1/S∑…
            else:
                out.append(self.node(kid, in_script))
        return "".join(out)

    def operator(self, node, in_script: bool, at: int = 0, siblings: list | None = None) -> str:
        text = _token_text(node)
        if text in _OPENERS:
            self.depth += 1
        elif text in _CLOSERS and self.depth > 0:
            self.depth -= 1
        if text in _INVISIBLE:
            if text == "\u2061" and siblings is not None and at + 1 < len(siblings):
                if not _starts_with_fence(siblings[at + 1]):
                    return " "  # log x, not logx
            return " " if not in_script and _space(node, "lspace", 0.16) else ""  # arg min
        if in_script:
            return text
        first = at == 0
        prev_op = siblings is not None and at > 0 and siblings[at - 1].tag == "mo" \
            and _token_text(siblings[at - 1]) not in _CLOSED
        if text == ":" and (_space(node, "lspace") or _space(node, "rspace")):
            return ": "  # \colon: f: A → B
        if text in _RELATIONS:
            return f"{'' if first else ' '}{text} "
        if text in _BINARY and not first and not prev_op:
            return f" {text} "
        if text in (",", ";"):
            if text == "," and _digit_group(siblings, at):
                return ","  # 643{,}041
            return text + (" " if self.depth == 0 else "")
        if text in _BIG:
            return f" {text}"
        left = " " if not first and _space(node, "lspace", 0.16) else ""
        right = " " if _space(node, "rspace", 0.16) else ""
        return f"{left}{text}{right}"

    # -- tokens --

    def identifier(self, node, in_script: bool) -> str:
        return _variant(_token_text(node), node.attributes.get("mathvariant"))

    def token(self, node, in_script: bool) -> str:
        return _variant(_token_text(node), node.attributes.get("mathvariant"))

    def text(self, node, in_script: bool) -> str:
        return _SPACES.sub(" ", node.text(deep=True))

    def space(self, node, in_script: bool) -> str:
        return " " if _space(node, "width", 0.16) and not in_script else ""

    def nothing(self, node, in_script: bool) -> str:
        return ""

    # -- scripts and limits --

    def sub(self, node, in_script: bool) -> str:
        kids = _elements(node)
        if len(kids) < 2:
            return self.row(node, in_script)
        return _after_limits(self.base(kids[0], in_script) + _script(self.node(kids[1], True), _SUB, "_"),
                             kids[0], in_script)

    def sup(self, node, in_script: bool) -> str:
        kids = _elements(node)
        if len(kids) < 2:
            return self.row(node, in_script)
        return _after_limits(self.base(kids[0], in_script) + _script(self.node(kids[1], True), _SUP, "^"),
                             kids[0], in_script)

    def subsup(self, node, in_script: bool) -> str:
        kids = _elements(node)
        if len(kids) < 3:
            return self.row(node, in_script)
        return _after_limits(self.base(kids[0], in_script) + _script(self.node(kids[1], True), _SUB, "_")
                             + _script(self.node(kids[2], True), _SUP, "^"), kids[0], in_script)

    def base(self, node, in_script: bool) -> str:
        text = self.node(node, in_script)
        if node.tag in ("mrow", "mfrac") and not _SIMPLE.match(text.strip()) and not _is_wrapped(text.strip()) \
                and len(text.strip()) > 1:
            return f"({text.strip()})"
        return text.strip() if node.tag == "mo" else text

    def under(self, node, in_script: bool) -> str:
        kids = _elements(node)
        if len(kids) < 2:
            return self.row(node, in_script)
        base, under = kids[0], kids[1]
        mark = _token_text(under) if under.tag == "mo" else None
        if mark in _BRACES:
            return self.node(base, in_script)
        if mark in _UNDER and (node.attributes.get("accentunder") == "true" or under.tag == "mo"):
            return _combine(self.node(base, in_script), _UNDER[mark], "underline")
        return _after_limits(self.limit_base(base, in_script) + _script(self.node(under, True), _SUB, "_"), base, in_script)

    def over(self, node, in_script: bool) -> str:
        kids = _elements(node)
        if len(kids) < 2:
            return self.row(node, in_script)
        base, over = kids[0], kids[1]
        mark = _token_text(over) if over.tag == "mo" else None
        if mark in _BRACES:
            return self.node(base, in_script)
        if mark in _ACCENTS:
            return _combine(self.node(base, in_script), _ACCENTS[mark], _WORDS.get(_ACCENTS[mark], "accent"))
        return _after_limits(self.limit_base(base, in_script) + _script(self.node(over, True), _SUP, "^"), base, in_script)

    def underover(self, node, in_script: bool) -> str:
        kids = _elements(node)
        if len(kids) < 3:
            return self.row(node, in_script)
        return _after_limits(self.limit_base(kids[0], in_script) + _script(self.node(kids[1], True), _SUB, "_")
                             + _script(self.node(kids[2], True), _SUP, "^"), kids[0], in_script)

    def limit_base(self, node, in_script: bool) -> str:
        """A big operator or limit word: written as is, its limits follow as scripts."""
        text = _tidy(self.node(node, in_script))
        if all(c in _BIG or c in "⋯… " for c in text) or text in _LIMITS:
            text = text.replace(" ", "") if text not in _LIMITS else text
            return f" {text}" if not in_script else text
        if _SIMPLE.match(text) or _is_wrapped(text):
            return text
        return self.base(node, in_script)

    def multiscripts(self, node, in_script: bool) -> str:
        kids = _elements(node)
        if not kids:
            return ""
        out, pre = [self.node(kids[0], in_script)], False
        before: list[str] = []
        for i, kid in enumerate(kids[1:]):
            if kid.tag == "mprescripts":
                pre = True
                continue
            if kid.tag == "none":
                continue
            script = _script(self.node(kid, True), _SUB if i % 2 == 0 else _SUP, "_" if i % 2 == 0 else "^")
            (before if pre else out).append(script)
        return "".join(before) + "".join(out)

    # -- fractions, roots, tables --

    def fraction(self, node, in_script: bool) -> str:
        kids = _elements(node)
        if len(kids) < 2:
            return self.row(node, in_script)
        num, den = (_tidy(self.node(k, in_script)) for k in kids[:2])
        if (node.attributes.get("linethickness") or "").strip() in ("0", "0pt", "0em", "0px"):
            return f"{num} choose {den}" if not in_script else f"{num};{den}"
        return f"{_bracket(num)}/{_bracket(den)}"

    def sqrt(self, node, in_script: bool) -> str:
        return "√" + _bracket(self.row(node, in_script))

    def root(self, node, in_script: bool) -> str:
        kids = _elements(node)
        if len(kids) < 2:
            return self.sqrt(node, in_script)
        index = _tidy(self.node(kids[1], True))
        script = _script(index, _SUP, "")
        return f"{script if script != index or len(index) == 1 else '(' + index + ')'}√" \
               + _bracket(self.node(kids[0], in_script))

    def table(self, node, in_script: bool) -> str:
        rows = []
        for tr in _elements(node):
            cells = [_tidy(self.node(td, in_script)) for td in _elements(tr) if td.tag in ("mtd", "mlabeledtr")] \
                if tr.tag in ("mtr", "mlabeledtr") else [_tidy(self.node(tr, in_script))]
            rows.append(", ".join(c for c in cells if c))
        body = "; ".join(r for r in rows if r)
        prev = node.prev
        while prev is not None and prev.tag[0] == "-":
            prev = prev.prev
        fenced = prev is not None and prev.tag == "mo" and _token_text(prev) in _OPENERS
        return body if len(rows) == 1 or fenced else f"[{body}]"  # a matrix in ( ) or { } has its own


def _after_limits(text: str, base, in_script: bool) -> str:
    """A space after a big operator with its limits: ∑ₛ₌₁ˢ ℓ(…), not ∑ₛ₌₁ˢℓ(…)."""
    return text + " " if not in_script and base.tag == "mo" and _token_text(base) in _BIG_OR_LIMIT else text


def _digit_group(kids: list | None, at: int) -> bool:
    """A comma between digit groups (643,041), not a list of numbers."""
    if kids is None or at == 0 or at + 1 >= len(kids) or kids[at - 1].tag != "mn" or kids[at + 1].tag != "mn":
        return False
    before, after = _token_text(kids[at - 1]), _token_text(kids[at + 1])
    return len(after) == 3 and after.isdigit() and 1 <= len(before) <= 3 and before.isdigit()


def _juxtaposed(kids: list, at: int, step: int) -> bool:
    """Whether kids[at] stands against a term on that side (directly or by invisible times)."""
    i = at + step
    if not 0 <= i < len(kids):
        return False
    kid = kids[i]
    if kid.tag != "mo":
        return True
    text = _token_text(kid)
    if text == "\u2062":  # invisible times: against what stands beyond it
        return 0 <= i + step < len(kids)
    return text in _BIG or (text in _OPENERS and step > 0)


def _variant(text: str, variant: str | None) -> str:
    """ASCII letters and digits in their mathematical style where LaTeXML left them plain:
    \\mathbf{98.1} (a table's best result) as 𝟗𝟖.𝟏, \\mathbb{R} as ℝ."""
    if variant == "bold":
        return "".join(_BOLD.get(c, c) for c in text)
    if variant == "double-struck":
        return "".join(_DOUBLE_STRUCK.get(c, c) for c in text)
    return text


def _starts_with_fence(node) -> bool:
    while node is not None and node.tag == "mrow":
        kids = _elements(node)
        node = kids[0] if kids else None
    return node is not None and node.tag == "mo" and _token_text(node) in ("(", "[", "{", "|", "⟨")


def _combine(base: str, mark: str, word: str) -> str:
    """An accent on its base: a combining mark after one character (x̂); over longer bases a
    bar or underline marks every character, another accent is written as a word: hat(xy)."""
    base = _tidy(base)
    if len(base) == 1:
        return base + mark
    if mark in ("\u0304", "\u0305", "\u0332", "\u0330"):
        line = "\u0305" if mark == "\u0304" else mark
        return "".join(c + line if not c.isspace() else c for c in base)
    return f"{word}({base})"


_HANDLERS = {
    "mi": _Renderer.identifier, "mn": _Renderer.token, "mo": _Renderer.operator,
    "mtext": _Renderer.text, "ms": _Renderer.text, "mspace": _Renderer.space,
    "msub": _Renderer.sub, "msup": _Renderer.sup, "msubsup": _Renderer.subsup,
    "munder": _Renderer.under, "mover": _Renderer.over, "munderover": _Renderer.underover,
    "mmultiscripts": _Renderer.multiscripts,
    "mfrac": _Renderer.fraction, "msqrt": _Renderer.sqrt, "mroot": _Renderer.root,
    "mtable": _Renderer.table,
    "annotation": _Renderer.nothing, "annotation-xml": _Renderer.nothing,
    "mphantom": _Renderer.nothing, "none": _Renderer.nothing, "mprescripts": _Renderer.nothing,
}
