"""Fuzzy ranking: typos are forgiven, but a short word inside a longer one is not a typo."""

from reader.text.fuzzy import rank


def test_a_word_inside_another_is_not_a_typo_of_it():
    rows = [("1", "Bethe lattice rotor nodes", ("A B",), ()),
            ("2", "Living with the wrong sign", ("C D",), ()),
            ("3", "Neural transducers", ("E F",), ())]
    assert [pid for pid, _ in rank(rows, "bethe")] == ["1"]
    assert [pid for pid, _ in rank(rows, "natural")] == []
