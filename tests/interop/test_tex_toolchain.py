"""The BibTeX export through the real TeX programs: bibtex in five classic styles, pdflatex, and
biblatex with biber. They are not Python packages and CI does not install TeX (hundreds of MB),
so each test skips where its programs are absent; install them with
`apt-get install texlive-latex-base texlive-bibtex-extra biber` to run these."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from .conftest import make_paper


def need(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (TeX is not a test dependency CI installs)")


# Titles and names each defect of the BibTeX export was seen with, and a few that always worked.
ENTRIES = [
    dict(title="Protests under the #MeToo Banner", authors=("Martin Luther King Jr.",),
         journal_ref="Adv.Theor.Math.Phys.2:231-252,1998", published="1997-12-01T00:00:00Z"),
    dict(title="Sorting in $\\mathcal{O}(n \\log n)$ Time with $\\alpha$-Stable Noise for "
               "ω-Regular Games",
         authors=("Łukasz Kaiser", "Zoë Tešanović"), journal_ref="ICML Workshop 2012"),
    dict(title="R&D at 100% of $5B: {Braces}, ~Tildes~ and \\Backslashes",
         authors=("Jan Müller-Øberg", "Ludwig van Beethoven III", "ATLAS Collaboration")),
    dict(title="Costs $5 and $10, $\\input{/etc/passwd}$ and $a % b$",
         authors=("King, Jr., Martin Luther",)),
]


@pytest.fixture
def bib(conn, add, cli, tmp_path):
    for n, fields in enumerate(ENTRIES, 1):
        add(make_paper(n, **fields))
    code, _, err = cli("export", "bibtex", "-o", str(tmp_path / "refs.bib"))
    assert code == 0, err
    return tmp_path


def run(cwd, *command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("style", ["plain", "unsrt", "abbrv", "alpha", "ieeetr"])
def test_bibtex_styles_keep_case_math_and_family_names(bib, style):
    need("bibtex")
    (bib / "doc.aux").write_text(f"\\citation{{*}}\n\\bibstyle{{{style}}}\n\\bibdata{{refs}}\n")
    result = run(bib, "bibtex", "doc")
    blg = (bib / "doc.blg").read_text()
    assert result.returncode == 0 and "error message" not in blg and "Warning--" not in blg, blg
    bbl = " ".join((bib / "doc.bbl").read_text().split())
    assert "{\\#MeToo}" in bbl                  # not `\#metoo`
    assert "{$\\mathcal{O}(n \\log n)$}" in bbl and "{$\\alpha$}" in bbl
    assert "King, Jr." in bbl and "Jr.~King" not in bbl  # family King, suffix Jr.
    assert "Beethoven, III" in bbl
    printed = re.sub(r"\\bibitem(\[[^]]*\])?\{[^}]*\}", "", bbl)  # the keys keep arXiv's year
    assert "Adv.Theor.Math.Phys." in printed and "1998" in printed and "1997" not in printed
    assert "\\textbackslash{}input" in bbl      # not math: printed, never run


def _pdf_text(path) -> str:
    import pypdf

    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())


def test_pdflatex_with_bibtex_compiles_and_prints_the_titles(bib):
    need("pdflatex", "bibtex")
    (bib / "doc.tex").write_text(
        "\\documentclass{article}\\usepackage{amsmath,amssymb}\\begin{document}"
        "\\nocite{*}\\bibliographystyle{plain}\\bibliography{refs}\\end{document}\n")
    for step in (("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc"),
                 ("bibtex", "doc"),
                 ("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc")):
        result = run(bib, *step)
        assert result.returncode == 0, result.stdout[-2000:]
    text = _pdf_text(bib / "doc.pdf")
    assert "#MeToo" in text and "O(nlogn)" in text.replace(" ", "")
    assert "\\input{/etc/passwd}" in text.replace(" ", "")


def test_biblatex_with_biber_reads_names_and_keeps_case_under_sentence_case(bib):
    need("pdflatex", "biber")
    result = run(bib, "biber", "--tool", "--validate-datamodel", "refs.bib")
    assert result.returncode == 0 and not re.search(r"^(WARN|ERROR)", result.stdout, re.M), \
        result.stdout
    (bib / "doc.tex").write_text(
        "\\documentclass{article}\\usepackage{amsmath,amssymb}"
        "\\usepackage[backend=biber,style=numeric]{biblatex}"
        "\\DeclareFieldFormat{titlecase}{\\MakeSentenceCase*{#1}}\\addbibresource{refs.bib}"
        "\\begin{document}\\nocite{*}\\printbibliography\\end{document}\n")
    for step in (("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc"),
                 ("biber", "doc"),
                 ("pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc")):
        result = run(bib, *step)
        assert result.returncode == 0, result.stdout[-2000:]
    assert "WARN" not in (bib / "doc.blg").read_text()
    bbl = (bib / "doc.bbl").read_text()
    assert bbl.count("family={King}") == 2 and bbl.count("suffix={Jr.}") == 2
    assert "family={Jr.}" not in bbl
    text = _pdf_text(bib / "doc.pdf")
    assert "#MeToo" in text and "#metoo" not in text
