"""What is held: papers and other study items, their kinds and ids, local PDFs, and import.

May import the top-level vocabulary, store/, text/ and arxiv/; never reading/, exports/, cli/, tui/."""
