"""reader.text.textsafe: what counts as unsafe for a terminal, and how it is dropped."""

from __future__ import annotations

import pytest

from reader.text.textsafe import clean, message, one_line
from tests.hostile import EVIL, EVIL_CLEAN, unsafe

CONTROLS = [chr(c) for c in [*range(0x00, 0x09), *range(0x0b, 0x20), *range(0x7f, 0xa0)]]
BIDI = [chr(c) for c in [*range(0x202a, 0x202f), *range(0x2066, 0x206a)]]


@pytest.mark.parametrize("ch", CONTROLS + BIDI, ids=lambda c: f"U+{ord(c):04X}")
def test_every_control_and_bidi_override_is_dropped(ch):
    assert clean(f"a{ch}b") == "ab"
    assert one_line(f"a{ch}b") == "ab"
    assert message(f"a{ch}b") == "ab"


def test_clean_keeps_newlines_tabs_and_ordinary_text():
    text = "Schrödinger\tψ → ∞\n日本語 😀 \u200e(LRM) \u00a0nbsp"
    assert clean(text) == text


def test_evil_is_left_as_its_printable_characters_in_stored_order():
    assert clean(EVIL) == EVIL_CLEAN
    assert unsafe(clean(EVIL)) == []


def test_message_is_one_line_and_keeps_the_spacing_inside_it():
    assert message("added 1211.3711  A title\nsecond line\r\n\tthird\u2028fourth\n") == \
        "added 1211.3711  A title second line third fourth"
    assert message("  indented progress line") == "  indented progress line"
    assert "\n" not in message(f"x\n{EVIL}\n")
