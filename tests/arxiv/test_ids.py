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


# -- library keys and their file names ---------------------------------------------------------

@pytest.mark.parametrize("text, key", [
    ("1211.3711v2", "1211.3711"),
    ("hep-th/9711200", "hep-th/9711200"),
    ("local:054848230deb", "local:054848230deb"),
    (" LOCAL:054848230DEB ", "local:054848230deb"),
])
def test_library_key(text, key):
    from reader.ids import is_library_key, library_key

    assert library_key(text) == key and is_library_key(key)


@pytest.mark.parametrize("text", [
    "local_054848230deb", "hep-th_9711200", "local:", "local:xyz", "local:054848230deb0",
    "local:../../etc", "local:\x1b[31mX",
])
def test_other_spellings_are_not_library_keys(text):
    from reader.ids import is_library_key, library_key

    with pytest.raises(UsageError) as e:
        library_key(text)
    assert "\x1b" not in str(e.value) and "\n" not in str(e.value)
    assert not is_library_key(text)


@pytest.mark.parametrize("key, name", [
    ("1211.3711", "1211.3711"), ("2104.12255", "2104.12255"),
    ("hep-th/9901001", "hep-th_9901001"), ("solv-int/9901001", "solv-int_9901001"),
    ("local:054848230deb", "local_054848230deb"),
])
def test_file_names_of_library_keys_are_the_ones_libraries_hold(key, name):
    from reader.store.paths import safe_filename

    assert safe_filename(key) == name


def test_two_spellings_never_share_a_file_name():
    from reader.store.paths import safe_filename

    pairs = [("local:054848230deb", "local_054848230deb"), ("hep-th/9711200", "hep-th_9711200")]
    for key, other in pairs:
        assert safe_filename(key) != safe_filename(other)
        assert safe_filename(other).startswith("_") and len(safe_filename(other)) == 33


_KEYS = st.one_of(
    st.from_regex(r"\A(0[7-9]|1[0-9]|2[0-9])(0[1-9]|1[0-2])\.[0-9]{4,5}\Z"),
    st.from_regex(r"\A(hep-th|math|cs|solv-int)/(9[1-9]|0[0-7])(0[1-9]|1[0-2])[0-9]{3}\Z"),
    st.from_regex(r"\Alocal:[0-9a-f]{12}\Z"),
    st.text(st.sampled_from("abc-_/:.019lo"), max_size=20),
)


@given(st.lists(_KEYS, min_size=2, max_size=30, unique=True))
def test_the_file_name_mapping_is_one_to_one(keys):
    from reader.store.paths import safe_filename

    names = [safe_filename(k) for k in keys]
    assert len(set(names)) == len(keys)
    assert all("/" not in n and ":" not in n and n not in (".", "..") for n in names)
