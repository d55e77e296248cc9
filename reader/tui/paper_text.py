"""What the Paper screen writes about an item: its metadata (authors, id, version, PDF, tags)
and the cards its notes make, as plain Rich text (titles and notes are never markup)."""

from __future__ import annotations

from rich.text import Text

from reader.models import Paper
from reader.store.pdf_state import PdfState
from reader.tui.data import authors_line
from reader.tui.widgets.card_text import card_back, card_text


def pdf_words(pdf: PdfState, paper: Paper) -> str:
    """The PDF line: what is on disk (reader.store.pdf_state), and what to do when it is not."""
    if pdf.present:
        return "PDF on disk (ctrl+o opens it)"
    if paper.is_local:
        return f"PDF missing: {pdf.reason} (add the file again)"
    return f"PDF missing: {pdf.reason} (ctrl+o downloads it)"


def metadata_text(paper: Paper, pdf: PdfState) -> Text:
    if not paper.is_paper:
        return item_text(paper)
    text = Text()
    text.append(authors_line(paper.authors) or "(no authors)", style="italic")
    bits = [f"{paper.id}" + (f"v{paper.version}" if paper.version else "")]
    if paper.published:
        bits.append(paper.published[:10])
    if paper.primary_category:
        bits.append(paper.primary_category)
    text.append("\n" + " · ".join(bits), style="dim")
    if paper.latest_version and paper.version and paper.latest_version > paper.version:
        text.append(f"\narXiv has v{paper.latest_version}", style="yellow")
    if paper.journal_ref:
        text.append("\n" + paper.journal_ref, style="dim")
    text.append("\n" + pdf_words(pdf, paper), style="dim" if pdf.present else "yellow")
    if paper.tags:
        text.append("\ntags: " + " ".join(paper.tags), style="dim")
    return text


def item_text(item: Paper) -> Text:
    """An item that is not a paper: who, its kind (and the course it is a part of), its link."""
    text = Text()
    text.append(authors_line(item.authors) or "(no authors)", style="italic")
    bits = [item.id, item.kind + (f", part {item.part} of {item.part_of}" if item.part_of else "")]
    if item.parts:
        bits.append(f"{item.parts} parts")
    text.append("\n" + " · ".join(bits), style="dim")
    if item.url:
        text.append("\n" + item.url, style="dim")
    if item.tags:
        text.append("\ntags: " + " ".join(item.tags), style="dim")
    return text


def cards_text(specs, by_hand: list[tuple[str, str, str]] = ()) -> Text:
    """The cards the notes make, then the cards written by hand for the paper."""
    text = Text()
    if not specs:
        text.append("No cards from notes yet. Write what, how or why (or a {{c1::cloze}}, or"
                    " Q: … / A: …) and the cards appear here.", style="dim")
    for i, s in enumerate(specs):
        if i:
            text.append("\n\n")
        text.append(f"{i + 1}. ", style="bold")
        text.append_text(card_text(s.front, style="bold"))
        text.append("\n   → ")
        text.append_text(card_back(s.front, s.back, s.kind))
    if by_hand:
        text.append("\n\nWritten by hand", style="bold underline")
        for i, (front, back, state) in enumerate(by_hand, start=len(specs) + 1):
            text.append(f"\n\n{i}. ", style="bold")
            text.append_text(card_text(front, style="bold"))
            text.append(f"  ({state})", style="dim")
            text.append("\n   → ")
            text.append_text(card_text(back))
    return text
