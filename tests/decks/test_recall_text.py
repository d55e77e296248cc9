"""The words typed from memory against the answer; a card's emphasis and cloze spans."""

from decks.recall import compare
from decks.text import cloze_answer_span, emphasis_spans

NOTE = "A transcription network and a prediction network, joined by a joint network."


def words(text, ws):
    return [text[w.start:w.end] for w in ws]


def test_missed_words_are_the_content_words_not_written():
    r = compare("Transcription networks and the JOINT net", NOTE)
    assert words(NOTE, r.missed) == ["prediction", "joined"]
    assert (r.recalled, r.content) == (5, 7) and r.share == 5 / 7
    assert compare("", NOTE).recalled == 0 and compare("", "the of a").share is None
    assert compare("café", "Cafe").share == 1.0          # accents and case do not matter


def test_emphasis_spans():
    def spans(t):
        return [t[a:b] for a, b in emphasis_spans(t)]

    assert spans("What does *Sequence Transduction* (Graves, 2012) do?") == [
        "*Sequence Transduction*"]
    assert spans("What does *A* search* (Hart, 1968) do?") == ["*A* search*"]
    assert spans("*a* and *b*\n*c*") == ["*a*", "*b*", "*c*"]
    assert spans("2 * 3 * 4 and x*y") == []


def test_cloze_answer_span():
    front, back = "It uses a [...] pass.", "It uses a forward-backward pass."
    a, b = cloze_answer_span(front, back)
    assert back[a:b] == "forward-backward"
    assert "Words first"[slice(*cloze_answer_span("[hint] first", "Words first"))] == "Words"
    assert cloze_answer_span("no marker", "no marker") is None
