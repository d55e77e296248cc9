"""The YAML writer: whatever it writes reads back equal, with PyYAML and with our safe reader."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from ruamel.yaml import YAML
from hypothesis import strategies as st

from reader.exports import safeyaml
from reader.exports.yamltext import dumps

scalars = st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.text() | \
    st.floats(allow_nan=False) | st.sampled_from(["yes", "No", "null", "~", "1e3", "0x1F", "1_0",
                                                  "2026-01-01", "a: b", "#x", "- x", "|", ">", "",
                                                  " lead", "trail ", "x\n", "\n\nx", "a\r\nb",
                                                  "tab\t\nx", "\ufeff", "\u2028", "\x85", "=", "<<"])
keys = st.text(min_size=1, max_size=12).filter(lambda k: k != "<<")
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                         | st.dictionaries(keys, inner, max_size=4), max_leaves=20)


def ruamel_load(text: str, version: tuple[int, int]):
    """ruamel.yaml reading as YAML 1.2 (its default, like js-yaml, yaml, gray-matter and
    Obsidian) or as YAML 1.1 (like PyYAML, plus `y`/`n` booleans PyYAML leaves out)."""
    reader = YAML(typ="safe", pure=True)
    reader.version = version
    return reader.load(text)


def read_everywhere(text: str) -> list:
    return [yaml.safe_load(text), safeyaml.load(text, max_depth=100),
            ruamel_load(text, (1, 2)), ruamel_load(text, (1, 1))]


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(keys, documents, max_size=5))
def test_reads_back_equal(doc):
    text = dumps(doc)
    assert read_everywhere(text) == [doc] * 4


# Text some YAML reader took for something else when written plain: YAML 1.2 numbers (1e3 is
# 1000 and 0o17 is 15 in js-yaml, yaml, gray-matter, ruamel), YAML 1.1 words and forms (y, n,
# on, 1:20, 1_000, dates), and the special keys.
NOT_TEXT = ["1e3", "1E-3", "0o17", "0x1F", "0b101", "1_000", "1:20", "12:30:00", "+1", "-1",
            ".5", "-.5e3", "1.", "012", "2024-01-01", "2024-01-01 10:00:00", "2024-01-01T10:00Z",
            ".inf", "-.Inf", "+.INF", ".nan", ".NaN", "y", "Y", "n", "N", "yes", "No", "ON", "off",
            "True", "FALSE", "null", "Null", "NULL", "~", "=", "<<"]


@pytest.mark.parametrize("value", NOT_TEXT)
def test_text_every_reader_could_take_for_a_value_is_quoted(value):
    text = dumps({value: [value], "k": value})
    assert read_everywhere(text) == [{value: [value], "k": value}] * 4


def test_readable_shape():
    text = dumps({"papers": [{"id": "1211.3711", "tags": ["rnn"], "notes": {"what": "a\nb"}}]})
    assert text == ('papers:\n  - id: "1211.3711"\n    tags:\n      - rnn\n'
                    '    notes:\n      what: |-\n        a\n        b\n')


def test_bidi_overrides_are_escaped_not_written_raw():
    """A file shown in a terminal or an editor must not reorder itself (old uncleaned rows may
    hold these); the value still reads back unchanged."""

    for value in ("a\u202eevil", "x\u2066y\u2069", "plain\u202a"):
        text = dumps({"t": value})
        assert not any("\u202a" <= c <= "\u202e" or "\u2066" <= c <= "\u2069" for c in text)
        assert yaml.safe_load(text) == {"t": value}
