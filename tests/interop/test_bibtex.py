"""BibTeX export: parsed back with bibtexparser 2.x (LaTeX decoded with pylatexenc)."""

from __future__ import annotations

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware

from reader.exports import bibtex
from reader.exports.latex import escape, fold_ascii, protect_capitals

from .conftest import GRAVES, make_paper

HOSTILE = "50% of $x_1$ & #2 {braces} ~ ^ \\cmd _under"


def parse(text: str, decode: bool = True):
    layers = [LatexDecodingMiddleware()] if decode else []
    lib = bibtexparser.parse_string(text, append_middleware=layers)
    assert not lib.failed_blocks, [b.error for b in lib.failed_blocks]
    return lib


def strip_protect(s: str) -> str:
    return s.replace("{", "").replace("}", "")


def test_graves_entry_has_every_field(conn, add, cli):
    add(make_paper(**GRAVES, doi="10.1000/xyz_1", journal_ref="ICML Workshop 2012"))
    code, out, err = cli("export", "bibtex")
    assert code == 0, err
    lib = parse(out, decode=False)
    (entry,) = lib.entries
    assert entry.key == "graves2012sequence"
    assert entry.entry_type == "article"  # a journal reference makes it an article
    f = {k: v for k, v in entry.fields_dict.items()}
    assert {k: f[k].value for k in f} == {
        "title": "{Sequence} {Transduction} with {Recurrent} {Neural} {Networks}",
        "author": "Alex Graves",
        "year": "2012",
        "journal": "ICML Workshop 2012",
        "doi": "10.1000/xyz_1",
        "eprint": "1211.3711",
        "archivePrefix": "arXiv",
        "primaryClass": "cs.NE",
        "url": "https://arxiv.org/abs/1211.3711",
    }


def test_preprint_without_journal_is_misc_without_doi_or_journal(conn, add, cli):
    add(make_paper(**GRAVES))
    _, out, _ = cli("export", "bibtex")
    (entry,) = parse(out).entries
    assert entry.entry_type == "misc"
    assert "journal" not in entry.fields_dict and "doi" not in entry.fields_dict


@pytest.mark.parametrize("title", [
    "Schrödinger's Cat: Ça Marche, Naïve Bayes über Łódź and Ærøskøbing",
    HOSTILE,
    "Attention Is All You Need",
    "Étude of ß-VAE—a “survey” – of α-divergences",
])
def test_titles_round_trip_through_latex(conn, add, cli, title):
    add(make_paper(1, title=title, authors=("José Nuñez-García", "Zoë O'Brien-Čech", "Bjørn Ødegård")))
    _, out, _ = cli("export", "bibtex")
    (entry,) = parse(out).entries
    decoded = strip_protect(entry.fields_dict["title"].value)
    expect = title.replace("—", "---").replace("–", "--").replace("“", "``").replace("”", "''")
    # pylatexenc turns ``/'' and ---/-- back into typographic characters.
    assert _typo(decoded) == _typo(strip_protect(expect))
    assert entry.fields_dict["author"].value == "José Nuñez-García and Zoë O'Brien-Čech and Bjørn Ødegård"
    assert all(c.isascii() or c == "α" for c in out)  # accents as LaTeX, Greek kept as UTF-8


def _typo(s: str) -> str:
    for a, b in (("ˆ", "^"), ("---", "—"), ("--", "–"), ("``", "“"), ("''", "”")):
        s = s.replace(a, b)
    return s


def test_escape_specials_and_accents():
    assert escape("50% & $5 _x #1") == r"50\% \& \$5 \_x \#1"
    assert escape("é è ê ë ç ñ å č ő") == r"{\'e} {\`e} {\^e} {\"e} {\c c} {\~n} {\r a} {\v c} {\H o}"
    assert escape("{a}\\") == r"\textbraceleft{}a\textbraceright{}\textbackslash{}"
    assert escape("ß ø Ł") == r"{\ss} {\o} {\L}"
    assert escape("bad\x1b[31m\nline") == "bad[31m line"  # control characters dropped
    assert protect_capitals("Deep LSTM models") == "{Deep} {LSTM} models"
    assert fold_ascii("Schölkopf Łukasz Straße") == "Scholkopf Lukasz Strasse"


def test_braces_in_output_are_balanced(conn, add, cli):
    add(make_paper(1, title=HOSTILE, authors=(HOSTILE,), journal_ref=HOSTILE))
    _, out, _ = cli("export", "bibtex")
    depth = 0
    for c in out:
        depth += {"{": 1, "}": -1}.get(c, 0)
        assert depth >= 0
    assert depth == 0
    (entry,) = parse(out, decode=False).entries
    assert set(entry.fields_dict) >= {"title", "author", "journal"}


def test_keys_ascii_unique_deterministic_and_stable(conn, add, cli):
    # Three papers with the same first author, year and title word.
    for n in (3, 1, 2):
        add(make_paper(n, title=f"Learning things {n}", authors=("Jürgen Schmidhuber",),
                       published="2015-01-01T00:00:00Z"))
    add(make_paper(4, title="On the Theory of Everything", authors=("Ana Çelik Jr.",),
                   published="2020-01-01T00:00:00Z"))
    add(make_paper(5, title="", authors=(), published=None))
    _, out, _ = cli("export", "bibtex")
    keys = [e.key for e in parse(out).entries]
    assert keys == ["schmidhuber2015learning", "schmidhuber2015learninga",
                    "schmidhuber2015learningb", "celik2020theory", "anon"]
    assert all(k.isascii() and k.isalnum() for k in keys)
    # The same paper keeps its key when exported alone.
    _, one, _ = cli("export", "bibtex", "2101.00003")
    assert [e.key for e in parse(one).entries] == ["schmidhuber2015learningb"]
    assert cli("export", "bibtex")[1] == out


def test_suffixes_never_collide_with_other_keys():
    papers = [make_paper(i, title="Graph", authors=("A B",), published="2020-01-01T00:00:00Z")
              for i in range(1, 30)]
    papers.append(make_paper(99, title="Grapha", authors=("A B",), published="2020-01-01T00:00:00Z",
                             added="2025-01-01T00:00:00Z"))
    keys = bibtex.citation_keys(papers)
    assert len(set(keys.values())) == len(papers)
    assert keys["2101.00099"] == "b2020grapha"
    assert "b2020graphaa" in keys.values()


def test_filters_tag_status_and_ids(conn, add, cli, tmp_path):
    add(make_paper(1, tags=("rnn",)))
    add(make_paper(2))
    _, out, _ = cli("export", "bibtex", "--tag", "rnn")
    assert [e["eprint"] for e in parse(out).entries] == ["2101.00001"]
    _, out, _ = cli("export", "bibtex", "--status", "unread")
    assert len(parse(out).entries) == 2
    _, out, _ = cli("export", "bibtex", "--status", "pass3")
    assert parse(out).entries == []
    code, _, err = cli("export", "bibtex", "--status", "skimmed")
    assert code == 2 and "unknown status 'skimmed'" in err
    code, _, err = cli("export", "bibtex", "2101.99999")
    assert code == 1 and "not in the library" in err
    target = tmp_path / "out" / "refs.bib"
    code, out, err = cli("export", "bibtex", "arXiv:2101.00002v1", "-o", str(target))
    assert code == 2 and "out does not exist" in err and not target.parent.exists()
    target.parent.mkdir()
    code, out, err = cli("export", "bibtex", "arXiv:2101.00002v1", "-o", str(target))
    assert code == 0 and out == "" and str(target) in err
    assert [e["eprint"] for e in parse(target.read_text()).entries] == ["2101.00002"]


def test_local_paper_has_no_eprint(conn, add, cli):
    add(make_paper(1, id="local:abc", version=None, primary_category=None))
    _, out, _ = cli("export", "bibtex")
    (entry,) = parse(out).entries
    assert "eprint" not in entry.fields_dict and "archivePrefix" not in entry.fields_dict


def test_status_filter_uses_finished_passes(filled, cli):
    # 1211.3711 finished pass 1 (pass 2 only started); the others are unread.
    _, out, _ = cli("export", "bibtex", "--status", "pass 1")
    assert [e.key for e in parse(out).entries] == ["graves2012sequence"]
    _, out, _ = cli("export", "bibtex", "--status", "p2")
    assert parse(out).entries == []
    _, out, _ = cli("export", "bibtex", "--status", "unread")
    assert len(parse(out).entries) == 2
