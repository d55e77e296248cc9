"""Plain text made safe for a BibTeX field: LaTeX specials escaped, accents as `{\\'e}`.

Text from a paper is plain text, never markup, with one exception: in a title, a balanced
`$...$` span is math to every arXiv author and every BibTeX user (`$\\mathcal{O}(n^2)$`), so
`title()` keeps such a span as math when it is harmless (see `math_span`); everything else is
escaped. Greek letters become math (`{$\\omega$}`), which pdflatex sets without extra packages;
other characters without an ASCII LaTeX spelling (CJK, symbols) are kept as UTF-8, which biber,
bibtexu and BibTeX with inputenc read.
"""

from __future__ import annotations

import re
import unicodedata

from reader.text.textsafe import one_line

# Characters LaTeX treats specially. Braces become commands rather than `\{`: BibTeX counts
# every brace when it matches a field's delimiters, escaped or not.
SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "_": r"\_",
    "#": r"\#",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}

# Combining marks (after NFD) and their LaTeX accent commands.
ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
    "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d",
    "\u0327": "c", "\u0328": "k", "\u0331": "b",
}

# Letters that are not a base letter plus a mark.
LETTERS = {
    "ß": r"{\ss}", "ø": r"{\o}", "Ø": r"{\O}", "æ": r"{\ae}", "Æ": r"{\AE}", "œ": r"{\oe}",
    "Œ": r"{\OE}", "ł": r"{\l}", "Ł": r"{\L}", "ı": r"{\i}", "đ": r"{\dj}", "Đ": r"{\DJ}",
    "þ": r"{\th}", "Þ": r"{\TH}", "ð": r"{\dh}", "Ð": r"{\DH}",
}

# Greek letters, as math: pdflatex has no text Greek without extra packages, and in braces no
# bibliography style changes their case.
GREEK = {c: f"{{$\\{name}$}}" for c, name in zip(
    "αβγδεζηθικλμνξπρστυφχψωΓΔΘΛΞΠΣΥΦΨΩϵϑϕϱϖµ",
    "alpha beta gamma delta varepsilon zeta eta theta iota kappa lambda mu nu xi pi rho sigma "
    "tau upsilon varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega "
    "epsilon vartheta phi varrho varpi mu".split())}
GREEK["ς"] = "{$\\varsigma$}"

# Typography arXiv metadata often carries.
PUNCTUATION = {"\u2013": "--", "\u2014": "---", "\u2018": "`", "\u2019": "'", "\u201c": "``",
               "\u201d": "''", "\u00a0": "~"}

# ASCII folding for citation keys and file names.
FOLD = {"ß": "ss", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ł": "l",
        "Ł": "L", "ı": "i", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D"}


def escape(text: str | None) -> str:
    """One line of plain text as the body of a LaTeX/BibTeX field."""
    out: list[str] = []
    for cluster in _clusters(unicodedata.normalize("NFD", one_line(text))):
        base, marks = cluster[0], cluster[1:]
        if base in SPECIALS:
            piece = SPECIALS[base]
        elif base in LETTERS:
            piece = LETTERS[base]
        elif base in PUNCTUATION:
            piece = PUNCTUATION[base]
        elif base in GREEK and not marks:
            piece = GREEK[base]
        else:
            piece = base
        unknown = ""
        for mark in marks:
            if mark in ACCENTS:
                cmd = ACCENTS[mark]
                sep = " " if cmd.isalpha() else ""
                piece = f"{{\\{cmd}{sep}{piece}}}"
            else:
                unknown += mark
        out.append(unicodedata.normalize("NFC", piece + unknown))
    return "".join(out)


def _clusters(text: str) -> list[str]:
    """Split NFD text into a base character followed by its combining marks."""
    clusters: list[str] = []
    for ch in text:
        if clusters and unicodedata.combining(ch):
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


_WORD = re.compile(r"\S+")


def protect_capitals(text: str | None) -> str:
    """Escape plain text and wrap each word holding a capital letter in braces, so that a
    bibliography style that lowercases titles keeps `{LSTM}`, `{Graves}` and `{Bayesian}`.

    A brace group that starts with a backslash is a "special character" to BibTeX and biblatex:
    they change the case inside it anyway (`{\\#MeToo}` prints as `#metoo`). Such a word gets a
    second pair of braces, `{{\\#MeToo}}`, which protects it (the inner group is no longer at
    depth 0, so it is no longer special); other words keep the single pair."""
    return _WORD.sub(_protect_word, one_line(text))


def _protect_word(m: re.Match[str]) -> str:
    word = m.group(0)
    text = escape(word)
    if not any(c.isupper() for c in word):
        return text
    return f"{{{{{text}}}}}" if text.startswith("\\") else f"{{{text}}}"


def title(text: str | None) -> str:
    """A title field: balanced, harmless `$...$` spans kept as math inside braces (so that no
    style changes their case), the text around them as `protect_capitals` writes it."""
    text = one_line(text)
    out: list[str] = []
    done = 0
    for start, end in math_spans(text):
        out.append(_WORD.sub(_protect_word, text[done:start]))
        out.append("{" + text[start:end] + "}")
        done = end
    out.append(_WORD.sub(_protect_word, text[done:]))
    return "".join(out)


# Math: Pandoc's rule for `$` (an opening `$` is followed by a non-space, a closing one follows a
# non-space and is not followed by a digit), so "costs $5 and $10" stays text.
_DOLLAR = re.compile(r"(?<![\\$])\$(?=[^\s$])(?P<body>(?:[^$\\]|\\.)+?)(?<=[^\s\\])\$(?!\d)")
# What a kept span may hold: printable ASCII (no `%` comment, `#` parameter or `&` tab unless
# escaped, no `^^` character code that could spell a command), and only the commands below.
_MATH_CHAR = re.compile(r"[A-Za-z0-9 +\-=<>()\[\]{}|/.,;:!?'*^_~\\@\"`%#&]*")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
MATH_COMMANDS = frozenset("""
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi
varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi
Pi Sigma Upsilon Phi Psi Omega
mathcal mathbb mathbf mathrm mathit mathsf mathtt mathfrak boldsymbol text textrm textit textbf
operatorname
frac dfrac tfrac sqrt binom log ln exp sin cos tan sinh cosh tanh arg det dim ker lim liminf
limsup max min sup inf Pr gcd deg mod bmod pmod
sum prod int oint iint coprod bigcup bigcap bigoplus bigotimes
infty partial nabla ell hbar aleph emptyset varnothing forall exists neg lnot Re Im wp
times cdot cdots ldots dots vdots ddots circ bullet ast star pm mp div oplus otimes odot wedge
vee cap cup setminus
leq le geq ge neq ne ll gg approx sim simeq cong equiv propto prec succ preceq succeq
subset subseteq supset supseteq in notin ni mid nmid parallel perp
to rightarrow leftarrow Rightarrow Leftarrow leftrightarrow Leftrightarrow mapsto implies iff
uparrow downarrow longrightarrow longmapsto
langle rangle lfloor rfloor lceil rceil vert Vert lvert rvert lVert rVert left right big Big bigg
Bigg
hat tilde bar vec dot ddot widehat widetilde overline underline prime
quad qquad
""".split())
_MATH_SYMBOLS = frozenset(",;:! {}|_%#&$")


def math_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each `$...$` span in `text` that is kept as math: balanced dollars, braces
    that balance, and nothing a LaTeX document could do harm with (no file access, no
    definitions: only the commands in MATH_COMMANDS and escaped symbols)."""
    return [(m.start(), m.end()) for m in _DOLLAR.finditer(text) if math_span(m["body"])]


def math_span(body: str) -> bool:
    if not _MATH_CHAR.fullmatch(body) or "^^" in body:
        return False
    for m in _COMMAND.finditer(body):
        name = m.group(1)
        if name not in MATH_COMMANDS and name not in _MATH_SYMBOLS:
            return False
    bare = _COMMAND.sub(lambda m: "" if m.group(1) in _MATH_SYMBOLS else "x", body)
    if any(c in bare for c in "%#&"):
        return False
    # Every brace counts for BibTeX, escaped or not; unescaped ones must balance for TeX.
    return _balanced(body) and _balanced(bare)


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def fold_ascii(text: str) -> str:
    """`Schölkopf` -> `Scholkopf`, `Łukasz` -> `Lukasz`: letters without marks, ASCII only."""
    text = "".join(FOLD.get(c, c) for c in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and not unicodedata.combining(c))
