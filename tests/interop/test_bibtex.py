"""BibTeX export: parsed back with bibtexparser 2.x (LaTeX decoded with pylatexenc)."""

from __future__ import annotations

import re

import bibtexparser
import pytest
from bibtexparser.middlewares import LatexDecodingMiddleware

from bibtexparser.middlewares import SeparateCoAuthors, SplitNameParts

from reader.exports import bibtex, citekeys
from reader.exports.latex import escape, fold_ascii, protect_capitals

from reader.library import papers as library
from reader.store.db import transaction

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
    assert entry.entry_type == "misc"  # a reference without a clear journal/volume stays a note
    f = {k: v for k, v in entry.fields_dict.items()}
    assert {k: f[k].value for k in f} == {
        "title": "{Sequence} {Transduction} with {Recurrent} {Neural} {Networks}",
        "author": "Alex Graves",
        "year": "2012",
        "note": "ICML Workshop 2012",
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


# Journal references as arXiv holds them (../shared/fixtures/arxiv-atom), and what they become.
REFS = [
    ("Adv.Theor.Math.Phys.2:231-252,1998", "1997",
     {"journal": "Adv.Theor.Math.Phys.", "volume": "2", "pages": "231--252", "year": "1998"}),
    ("ActaAstron.56:1-50,2006", "2006",
     {"journal": "ActaAstron.", "volume": "56", "pages": "1--50", "year": "2006"}),
    ("JHEP 0712:029,2007", "2007", {"journal": "JHEP", "volume": "0712", "pages": "029", "year": "2007"}),
    ("Phys. Rev. B 85, 115117 (2012)", "2011",
     {"journal": "Phys. Rev. B", "volume": "85", "pages": "115117", "year": "2012"}),
    ("Int. J. Mod. Phys. B, 26, 1244002 (2012)", "2012",
     {"journal": "Int. J. Mod. Phys. B", "volume": "26", "pages": "1244002", "year": "2012"}),
    ("Physical Review B 82, 060515(R) (2010)", "2010",
     {"journal": "Physical Review B", "volume": "82", "pages": "060515(R)", "year": "2010"}),
    ("Annals of Physics 324, 523 (2009).", "2008",
     {"journal": "Annals of Physics", "volume": "324", "pages": "523", "year": "2009"}),
    ("Phys.Rev. D76 (2007) 013009", "2007",
     {"journal": "Phys.Rev. D", "volume": "76", "pages": "013009", "year": "2007"}),
    ("J. Algebraic Combin. 6 (1997), no. 3, 253--257", "1995",
     {"journal": "J. Algebraic Combin.", "volume": "6", "number": "3", "pages": "253--257",
      "year": "1997"}),
    ("J. Things 1 (2020)", "2019", {"journal": "J. Things", "volume": "1", "year": "2020"}),
    # No clear form: the whole reference is a note, and the one year is the reference's.
    ("Proc. 2023 IEEE International Conference on Software Testing, Verification and Validation "
     "Workshops (ICSTW), pp. 66-69", "2022", {"year": "2023"}),
    ("In Proc. ACM SIGSOFT International Symposium on Software Testing and Analysis (ISSTA "
     "2020), pages 14-26. ACM, 2020", "2020", {"year": "2020"}),
    ("Journal of NeuroEngineering and Rehabilitation, 2017", "2017", {"year": "2017"}),
    ("ICML Workshop", "2012", {"year": "2012"}),
]


@pytest.mark.parametrize("ref, arxiv_year, expect", REFS, ids=[r[0][:30] for r in REFS])
def test_journal_reference_split_or_kept_as_note_with_one_year(conn, add, cli, ref, arxiv_year, expect):
    add(make_paper(1, journal_ref=ref, published=f"{arxiv_year}-06-01T00:00:00Z"))
    _, out, _ = cli("export", "bibtex")
    (entry,) = parse(out, decode=False).entries
    got = {k: f.value for k, f in entry.fields_dict.items()
           if k in ("journal", "volume", "number", "pages", "year", "note")}
    if "journal" in expect:
        assert entry.entry_type == "article" and got == expect
    else:
        assert entry.entry_type == "misc"
        assert got == {"note": escape(ref), **expect}
    # Never two years that disagree: every year the entry mentions is its `year`.
    assert set(re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", " ".join(got.values()))) == {got["year"]}


@pytest.mark.parametrize("written, first, last, jr", [
    ("Martin Luther King Jr.", ["Martin", "Luther"], ["King"], ["Jr."]),
    ("Martin Luther King, Jr.", ["Martin", "Luther"], ["King"], ["Jr."]),
    ("King, Jr., Martin Luther", ["Martin", "Luther"], ["King"], ["Jr."]),
    ("Ludwig van Beethoven III", ["Ludwig"], ["Beethoven"], ["III"]),
    ("Alex Graves", ["Alex"], ["Graves"], []),
    ("Graves, Alex", ["Alex"], ["Graves"], []),
    ("Łukasz Kaiser", ["Łukasz"], ["Kaiser"], []),
])
def test_names_split_as_bibtex_reads_them_and_key_uses_the_family_name(conn, add, cli, written,
                                                                        first, last, jr):
    add(make_paper(1, authors=(written, "Zoë Tešanović"), title="Letters", published="2020-01-01"))
    _, out, _ = cli("export", "bibtex")
    lib = bibtexparser.parse_string(out, append_middleware=[
        LatexDecodingMiddleware(), SeparateCoAuthors(), SplitNameParts()])
    (entry,) = lib.entries
    name, other = entry["author"]
    assert (name.first, name.last, name.jr) == (first, last, jr)
    assert (other.first, other.last) == (["Zoë"], ["Tešanović"])
    assert entry.key == fold_ascii(last[-1]).lower() + "2020letters"


def test_special_character_groups_are_protected_and_math_kept():
    """A group at depth 0 that starts with a backslash is a "special character": BibTeX and
    biblatex change case inside it (`{\\#MeToo}` -> `#metoo`, see test_tex_toolchain.py for the
    real programs). Such words get double braces; a harmless `$...$` span stays math."""
    title = "$\\mathcal{O}(n^2)$ Sorting for #MeToo, $5B & R&D at 100% ~ $x$-Rays"
    value = bibtex.fields(make_paper(1, title=title))[0][1]
    assert value == ("{$\\mathcal{O}(n^2)$} {Sorting} for {{\\#MeToo,}} {{\\$5B}} \\& {R\\&D} at "
                     "100\\% \\textasciitilde{} {$x$}{-Rays}")
    assert _depth0_groups_start_with_backslash(value) == []


def _depth0_groups_start_with_backslash(value: str) -> list[str]:
    """Groups at depth 0 that BibTeX would take for special characters and that hold a letter
    outside a control word (those letters would change case)."""
    found, depth, start = [], 0, 0
    for i, c in enumerate(value):
        if c == "{" and (i == 0 or value[i - 1] != "\\"):
            if depth == 0:
                start = i
            depth += 1
        elif c == "}" and value[i - 1] != "\\":
            depth -= 1
            if depth == 0 and value[start + 1:start + 2] == "\\":
                group = value[start:i + 1]
                if re.search(r"[A-Z]", re.sub(r"\\[A-Za-z]+", "", group)):
                    found.append(group)
    return found


@pytest.mark.parametrize("title, kept", [
    ("$\\mathcal{O}(n \\log n)$ Sorting", ["$\\mathcal{O}(n \\log n)$"]),
    ("$\\alpha$-Stable Laws on $\\mathbb{R}^d$", ["$\\alpha$", "$\\mathbb{R}^d$"]),
    ("Costs $5 and $10", []),                         # dollars, not math (Pandoc's rule)
    ("$\\input{/etc/passwd}$ Leak", []),              # file access: escaped, printed as text
    ("$\\def\\x{1}$ and $\\csname x\\endcsname$", []),  # definitions
    ("$^^5cinput x$", []),                           # ^^5c spells a backslash
    ("$a % b$ and $a # b$ and $a & b$", []),          # comment, parameter, alignment tab
    ("$a\\% b$", ["$a\\% b$"]),                        # escaped, fine
    ("$\\{a$ and $\\}$", []),                          # unbalanced braces (BibTeX counts them)
    ("$a \\\\ b$", []),                                # line break
    ("$ü$", []),                                     # non-ASCII: not for math mode
])
def test_math_spans_kept_only_when_harmless(conn, add, cli, title, kept):
    add(make_paper(1, title=title))
    _, out, _ = cli("export", "bibtex")
    (entry,) = parse(out, decode=False).entries
    value = entry["title"]
    assert re.findall(r"\{(\$[^$]*\$)\}", value) == kept
    # Outside the kept spans nothing is TeX: no unescaped $, and every backslash starts one of
    # our escapes.
    rest = re.sub(r"\{\$[^$]*\$\}", "", value)
    assert not re.search(r"(?<!\\)\$", rest)
    assert not re.search(r"\\(?!textbackslash\{\}|textbraceleft\{\}|textbraceright\{\}|"
                         r"textasciitilde\{\}|textasciicircum\{\}|[&%$_#]|[\"'`^~=.uvHrcdbk] ?|ss|o|O|l|L|ae)",
                         rest)


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
    expect = expect.replace("α", "$\\alpha$")  # Greek is written as math, and read back as such
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
    assert set(entry.fields_dict) >= {"title", "author", "note"}


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
    keys, _ = citekeys.choose(papers, {})
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


def test_a_key_once_exported_is_the_papers_for_good(conn, add, cli):
    """Removing one of two colliding papers used to rename the other (x12024batcha became
    x12024batch), breaking every \\cite of it; a changed title did too."""
    batch = dict(authors=("X 1",), published="2024-01-01T00:00:00Z")
    add(make_paper(1, title="Batch norm", **batch))
    add(make_paper(2, title="Batching", **batch))
    _, out, _ = cli("export", "bibtex")
    assert [e.key for e in parse(out).entries] == ["x12024batch", "x12024batching"]
    add(make_paper(3, title="Batch", **batch))
    add(make_paper(4, title="Batch", **batch))
    _, out, _ = cli("export", "bibtex", "2101.00004")       # exporting one fixes every key
    assert [e.key for e in parse(out).entries] == ["x12024batchb"]
    code, _, err = cli("rm", "--yes", "2101.00001")
    assert code == 0, err
    with transaction(conn):
        library.update_fields(conn, "2101.00003", title="Renamed entirely")
    _, out, _ = cli("export", "bibtex")
    assert [e.key for e in parse(out).entries] == ["x12024batching", "x12024batcha", "x12024batchb"]
    add(make_paper(5, title="Batch", **batch))               # a new collision: the free key
    _, out, _ = cli("export", "bibtex", "2101.00005")
    assert [e.key for e in parse(out).entries] == ["x12024batch"]


def test_keys_survive_a_yaml_round_trip_and_a_merge_conflict_is_settled(conn, add, cli, tmp_path):
    add(make_paper(1, title="Graph", authors=("A B",), published="2020-01-01T00:00:00Z"))
    cli("export", "bibtex")
    code, _, err = cli("export", "yaml", "-o", str(tmp_path / "a.yaml"))
    assert code == 0, err
    with transaction(conn):
        conn.execute("DELETE FROM papers")
    # Another paper takes the key, then the backup comes back: both hold it now.
    add(make_paper(2, title="Graph", authors=("A B",), published="2020-01-01T00:00:00Z"))
    _, out, _ = cli("export", "bibtex")
    assert [e.key for e in parse(out).entries] == ["b2020graph"]
    code, _, err = cli("import", "yaml", str(tmp_path / "a.yaml"))
    assert code == 0, err
    code, out, err = cli("export", "bibtex")
    assert code == 0
    # 2101.00001 was given the key first (it is older in the table), so it keeps it.
    assert {e["eprint"]: e.key for e in parse(out).entries} == {
        "2101.00001": "b2020graph", "2101.00002": "b2020grapha"}
    assert "2101.00002 had the citation key 'b2020graph'" in err
    assert "now 'b2020grapha'" in err
    _, _, err = cli("export", "bibtex")
    assert err == ""                                          # settled for good
