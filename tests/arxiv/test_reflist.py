"""Finding every arXiv paper in a text: ids.scan, reflist.read_list, reflist.typed."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st

from reader.errors import UsageError
from reader.ids import ArxivId, broken_ids, parse, scan
from reader.arxiv.reflist import read_list, typed
from tests.conftest import SHARED, needs_shared

README = SHARED / "reading-lists" / "terryum-awesome-deep-learning-papers-README.md"
BIB = SHARED / "reading-lists" / "terryum-top100papers.bib"


def ids_in(text: str) -> list[str]:
    return [str(aid) for aid, _s, _e in scan(text)]


@pytest.mark.parametrize("text, expected", [
    ("[pdf](http://arxiv.org/pdf/1207.0580.pdf)", ["1207.0580"]),
    ("see (1211.3711).", ["1211.3711"]),
    ("**1603.05027v2**, and _1211.3712_", ["1603.05027v2", "1211.3712"]),
    ("arXiv:hep-th/9711200v2, arXiv: 1211.3711;", ["hep-th/9711200v2", "1211.3711"]),
    ("doi 10.48550/arXiv.2104.12255.", ["2104.12255"]),
    ("https://doi.org/10.48550/ARXIV.2104.12255", ["2104.12255"]),
    ("<https://arxiv.org/abs/1706.03762?context=cs.CL#S3>", ["1706.03762"]),
    ("https://arxiv.org/html/2310.06825v1#S2", ["2310.06825v1"]),
    ("http://export.arxiv.org/abs/math.GT/0309136", ["math/0309136"]),
    ("eprint = {cond-mat/0001001},", ["cond-mat/0001001"]),
    ("journal={arXiv preprint arXiv:1503.02531},", ["1503.02531"]),
    ("(https://arxiv.org/pdf/1503.04069.pdf?utm_content=buffereddc5&utm_medium=social)",
     ["1503.04069"]),
    ("1511.07289.pdf%5Cnhttp://arxiv.org/abs/1511.07289%5Cn", ["1511.07289", "1511.07289"]),
    # not ids: glued to something, a month that does not exist, a piece of a longer number
    ("3.1211.3711 1211.3711v x1211.3711 1211.37115.2 1213.3711 0612.1234 128.84.21.199", []),
    ("hep-th/97112001 xhep-th/9711200 Hep-th/9711200 hep-xx/9711200 hep-th/9711200v0", []),
])
def test_scan_finds_ids_whole_and_only_whole(text, expected):
    assert ids_in(text) == expected


def test_scan_reports_where_each_id_is():
    text = "a arXiv:1211.3711v2) b math.GT/0309136 c"
    assert [text[s:e] for _a, s, e in scan(text)] == ["1211.3711v2", "math.GT/0309136"]


@given(st.text(alphabet="0123456789.v/:-arXivhepth ()[]*_\n", max_size=80))
def test_every_id_scanned_is_one_parse_accepts(text):
    for aid, start, end in scan(text):
        assert parse(text[start:end]) == aid


@given(st.sampled_from(["1211.3711", "1706.03762v5", "hep-th/9711200", "math/0211159v3"]),
       st.sampled_from(["", " ", "(", "[", "**", "<", "arXiv:", "https://arxiv.org/abs/", "\n- "]),
       st.sampled_from(["", " ", ")", ").", "].", "**", ">", ",", ";", ".pdf", "#page=2", "?x=1"]))
def test_punctuation_around_an_id_is_not_part_of_it(aid, before, after):
    assert ids_in(f"word {before}{aid}{after} word") == [aid]


@pytest.mark.parametrize("text, broken", [
    ("1211.371", ["1211.371"]),
    ("12113711", ["12113711"]),
    ("typo 1211.371111 here", ["1211.371111"]),
    ("arXiv:1503.0253x", ["arXiv:1503.0253x"]),
    ("see https://arxiv.org/abs/foo.", ["https://arxiv.org/abs/foo"]),
    # a price, a date, a number in someone else's link, a good id: not broken ids
    ("2019.5 1999.123 20230101 https://example.org/c/12113711 arXiv: 1211.3711 arXiv.", []),
])
def test_broken_ids_are_named(text, broken):
    found = [w for w, _s, _e in broken_ids(text)]
    assert found == broken
    for word in found:
        with pytest.raises(UsageError):
            parse(word)


# -- reading lists ------------------------------------------------------------------------------

MARKDOWN = """# Papers
- **Sequence Transduction with RNNs** (2012), A. Graves [[pdf]](https://arxiv.org/pdf/1211.3711v1.pdf)
- **Attention is all you need** (2017) [[pdf]](https://arxiv.org/abs/1706.03762).
- **ImageNet classification** (2012) [[pdf]](http://papers.nips.cc/paper/4824.pdf)
- Again: arXiv:1211.3711, and a [[link]](https://arxiv.org/abs/1211.3711v2)
* [Contents](#contents)
Some prose naming hep-th/9711200 and a typo 1706.037.
"""


def test_markdown_list_each_paper_once_in_order_with_titles_and_skipped_entries():
    found = read_list(MARKDOWN)
    assert [str(f.id) for f in found.papers] == ["1211.3711v1", "1706.03762", "hep-th/9711200"]
    assert [f.label for f in found.papers] == ["Sequence Transduction with RNNs",
                                               "Attention is all you need", ""]
    assert found.skipped == ["ImageNet classification"]   # not the table of contents


def test_html_list():
    page = ('<ul><li><a href="https://arxiv.org/abs/1706.03762">Attention is all you need</a></li>'
            '\n<li><a href="https://papers.nips.cc/x.pdf">ImageNet &amp; more</a>\n</li>'
            '<li>arXiv&#58;1211.3711 Sequence transduction</li></ul>')
    found = read_list(page)
    assert found.ids == ["1706.03762", "1211.3711"]
    assert found.papers[0].label == "Attention is all you need"
    assert found.skipped == ["ImageNet & more"]


def test_bibtex_entries_without_an_id_are_named_by_title():
    bib = """@article{a, title={Distilling the {K}nowledge}, journal={arXiv preprint arXiv:1503.02531}}
@misc{b,
  title = "No id here",
  year = 2015
}
@misc{c, eprint = {hep-th/9711200}, archivePrefix = {arXiv}, title={Old}}
@comment{ 1211.3711 is in a comment, not an entry }
"""
    found = read_list(bib)
    assert found.ids == ["1503.02531", "hep-th/9711200", "1211.3711"]
    assert [f.label for f in found.papers[:2]] == ["Distilling the Knowledge", "Old"]
    assert found.skipped == ["No id here"]


@needs_shared
def test_the_shared_reading_lists_give_every_id_they_hold_and_nothing_else():
    readme, bib = README.read_text(encoding="utf-8"), BIB.read_text(encoding="utf-8")
    # What is there, counted another way: arxiv.org links in the README (plus one link to
    # arXiv by its IP address, 128.84.21.199), `arXiv:ID` in the BibTeX (and one `CoRR abs/ID`,
    # DBLP's name for arXiv's CS papers).
    links = re.findall(r"(?:arxiv\.org|128\.84\.21\.199)/(?:abs|pdf)/(\d{4}\.\d{4,5})", readme)
    cited = re.findall(r"(?:arXiv:|CoRR abs/)(\d{4}\.\d{4,5})", bib)
    present_md, present_bib = list(dict.fromkeys(links)), list(dict.fromkeys(cited))
    assert len(present_md) == 114 and len(present_bib) == 35
    md, bb = read_list(readme), read_list(bib)
    assert md.ids == present_md          # recall 114/114, in the order of the text
    assert bb.ids == present_bib         # recall 35/35
    assert set(bb.ids) <= set(md.ids)    # the same list: the same ids where both have one
    assert not md.broken and not bb.broken
    # Every BibTeX entry is a paper with an id or a skipped one, named by its title.
    assert len(bb.papers) + len(bb.skipped) == BIB.read_text().count("\n@") + 1
    assert "How transferable are features in deep neural networks?" in bb.skipped
    assert "How transferable are features in deep neural networks?" in md.skipped


@needs_shared
def test_readme_and_bibtex_agree_paper_by_paper():
    """Matched by title, each paper the BibTeX gives an id has the README's id for it."""
    def norm(title: str) -> str:
        return re.sub(r"[^a-z0-9]", "", title.lower())[:40]

    md = {norm(f.label): f.id.id for f in read_list(README.read_text()).papers if f.label}
    pairs = [(md.get(norm(f.label)), f.id.id) for f in read_list(BIB.read_text()).papers]
    matched = [(a, b) for a, b in pairs if a is not None]
    assert len(matched) >= 25 and all(a == b for a, b in matched)


# -- one box (the TUI's Add box) ---------------------------------------------------------------

def test_typed_ids_import_and_each_other_word_is_named():
    t = typed("1211.3711 foo, arxiv.org/abs/1706.03762 12113711 bar")
    assert t.ids == ["1211.3711", "1706.03762"] and t.unusable == ["foo", "bar"]
    assert t.broken == ["12113711"] and not t.search


def test_typed_words_alone_are_a_search_and_a_broken_id_is_not():
    assert typed("au:graves ti:transduction").search
    assert typed("attention is all you need").search
    t = typed("1211.371")
    assert not t.search and t.broken == ["1211.371"] and t.ids == []


def test_typed_pasted_list_names_entries_not_every_word():
    t = typed(MARKDOWN)
    assert t.ids == ["1211.3711v1", "1706.03762", "hep-th/9711200"]
    assert t.unusable == [] and t.skipped == ["ImageNet classification"] and t.other_words > 12


def test_scan_keeps_first_spelling_of_a_paper():
    found = read_list("1211.3711v2 then 1211.3711 then arXiv:1211.3711v1")
    assert found.papers[0].id == ArxivId("1211.3711", 2) and len(found.papers) == 1
