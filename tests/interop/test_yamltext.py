"""The YAML writer: whatever it writes reads back equal, with PyYAML and with our safe reader."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
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


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(keys, documents, max_size=5))
def test_reads_back_equal(doc):
    text = dumps(doc)
    assert yaml.safe_load(text) == doc
    assert safeyaml.load(text, max_depth=100) == doc


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
