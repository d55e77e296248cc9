"""The arXiv id parser: every form people paste, and nothing else."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from reader.errors import UsageError
from reader.ids import ArxivId, parse


@pytest.mark.parametrize("text, expected", [
    ("1211.3711", ArxivId("1211.3711")),
    ("  1211.3711\t\n", ArxivId("1211.3711")),
    ("1211.3711v2", ArxivId("1211.3711", 2)),
    ("arXiv:1211.3711", ArxivId("1211.3711")),
    ("ARXIV: 1211.3711v3", ArxivId("1211.3711", 3)),
    ("https://arxiv.org/abs/1211.3711v2", ArxivId("1211.3711", 2)),
    ("https://arxiv.org/pdf/1211.3711v2", ArxivId("1211.3711", 2)),
    ("https://arxiv.org/pdf/1211.3711v2.pdf", ArxivId("1211.3711", 2)),
    ("http://arxiv.org/abs/1211.3711/", ArxivId("1211.3711")),
    ("https://www.arxiv.org/abs/1211.3711?context=cs", ArxivId("1211.3711")),
    ("https://export.arxiv.org/abs/1211.3711", ArxivId("1211.3711")),
    ("export.arxiv.org/pdf/1211.3711v1", ArxivId("1211.3711", 1)),
    ("2104.12255", ArxivId("2104.12255")),
    ("hep-th/9711200", ArxivId("hep-th/9711200")),
    ("hep-th/9711200v3", ArxivId("hep-th/9711200", 3)),
    ("https://arxiv.org/abs/hep-th/9711200v3", ArxivId("hep-th/9711200", 3)),
    ("math.GT/0309136", ArxivId("math/0309136")),
    ("solv-int/9901001", ArxivId("solv-int/9901001")),
    ("solv-int/9901001v2", ArxivId("solv-int/9901001", 2)),
    ("10.48550/arXiv.1211.3711", ArxivId("1211.3711")),
    ("https://doi.org/10.48550/arXiv.1211.3711", ArxivId("1211.3711")),
    ("doi:10.48550/ARXIV.2104.12255", ArxivId("2104.12255")),
])
def test_accepted_forms(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text", [
    "", "   ", "abc", "1211", "1211.371", "1211.371111", "1213.3711", "0001.3711",
    "1211.3711v0", "hep-xx/9711200", "hep-th/971120", "hep-th/9713200", "1211.3711 1211.3712",
    "https://example.org/abs/1211.3711", "10.1000/xyz", "arXiv:", "../../etc/passwd",
])
def test_refused_forms_name_the_input_and_the_forms(text):
    with pytest.raises(UsageError) as e:
        parse(text)
    message = str(e.value)
    assert "\n" not in message and "1211.3711" in message and "hep-th/9711200" in message


@given(st.text(max_size=60))
def test_never_raises_anything_but_our_error(text):
    try:
        parse(text)
    except UsageError:
        pass


new_style = st.builds(
    lambda yy, mm, num, v: ArxivId(f"{yy:02d}{mm:02d}.{num}", v),
    st.integers(7, 99), st.integers(1, 12),
    st.from_regex(r"\d{4,5}", fullmatch=True),
    st.none() | st.integers(1, 30),
).filter(lambda a: a.id[:4] >= "0704")
old_style = st.builds(
    lambda archive, yymm, num, v: ArxivId(f"{archive}/{yymm}{num:03d}", v),
    st.sampled_from(["hep-th", "math", "solv-int", "cond-mat", "astro-ph", "q-bio"]),
    st.sampled_from(["9108", "9912", "0001", "0703"]),
    st.integers(0, 999),
    st.none() | st.integers(1, 30),
)


@given(new_style | old_style)
def test_canonical_form_parses_back_to_itself(aid):
    assert parse(str(aid)) == aid
    assert parse(f"https://arxiv.org/abs/{aid}") == aid
    assert parse(f"arXiv:{aid}") == aid
