"""The Paper screen's stored cards, one line each (state, due, the front, and for a what/how/
why card how its typed recall changed), to pick one and manage it (enter). Fronts are drawn
as card text (titles in italics), never parsed as markup."""

from __future__ import annotations

from datetime import datetime, tzinfo

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.tui.widgets.card_text import card_text


class CardManager(OptionList):
    DEFAULT_CSS = """
    CardManager {
        height: auto;
        max-height: 16;
        margin-top: 1;
    }
    """

    class Chosen(Message):
        """A card was picked to manage."""

        def __init__(self, card_id: int) -> None:
            super().__init__()
            self.card_id = card_id

    def show(self, cards: list, now: datetime, tz: tzinfo) -> None:
        """`cards`: (Card, recall trend) pairs, as deck_data.paper_cards gives them."""
        keep = self.highlighted_option.id if self.highlighted_option is not None else None
        self.clear_options()
        options = []
        for card, trend in cards:
            line = Text(no_wrap=True, overflow="ellipsis")
            state = card.state + (" · suspended" if card.suspended else "")
            line.append(f"{state:<22}", style="dim")
            due = card.due.astimezone(tz).strftime("%d %b") if card.due else "-"
            line.append(f"{due:<8}", style="dim")
            line.append_text(card_text(" ".join(card.front.split())[:90]))
            if not card.hand_written:
                line.append("  (from a note)", style="dim")
            if trend:
                line.append(f"  {trend}", style="bold")
            options.append(Option(line, id=str(card.id)))
        self.add_options(options)
        if keep is not None and any(o.id == keep for o in options):
            self.highlighted = next(i for i, o in enumerate(options) if o.id == keep)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Chosen(int(event.option.id)))
