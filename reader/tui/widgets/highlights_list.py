"""A paper's quotes, clozes and highlights, each with its place in the text as the library has
it now (reader.reading.quotes.resolve); one whose text is gone is listed as orphaned with its
quote, never dropped. Enter on one says `Chosen` with its paragraph's anchor."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class HighlightsList(OptionList):
    class Chosen(Message):
        def __init__(self, anchor: str | None) -> None:
            super().__init__()
            self.anchor = anchor

    def __init__(self, paper_id: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paper_id = paper_id
        self.placed: list = []

    def show(self) -> int:
        """Read them again from the library; their number."""
        from reader.reading import quotes

        conn = self.app.conn
        _doc, paras = quotes.paragraphs(conn, self.paper_id)
        self.placed = quotes.resolve(quotes.for_paper(conn, self.paper_id), paras)
        at = self.highlighted
        self.clear_options()
        if not self.placed:
            self.add_option(Option(Text("No highlights or quotes yet: on the reading screen, s "
                                        "chooses a sentence, then h highlights it, q quotes it.",
                                        style="dim"), disabled=True))
            return 0
        for i, p in enumerate(self.placed):
            q = p.quote
            head = Text(q.kind, style="bold")
            if q.field:
                head.append(f" → {({'text': 'notes'}).get(q.field, q.field)}")
            head.append("  ")
            if p.orphaned:
                head.append(f"orphaned (was {q.place})", style="red")
            else:
                head.append(p.place or q.place, style="green" if p.checked else "")
            head.append("\n" + q.tex)
            self.add_option(Option(head, id=str(i)))
        if at is not None and at < len(self.placed):
            self.highlighted = at
        return len(self.placed)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(self.placed[int(event.option.id)].anchor))
