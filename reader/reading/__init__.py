"""What the user does: passes, notes, the reading log and journal, units, the reading queue, cards made.

May import the top-level vocabulary, store/, text/, arxiv/, library/ and decks/; never exports/, cli/, tui/."""
