"""The Skim view from the PDF-text Reading screen (issue 22): the same key (ctrl+f) and the same
view as the HTML Reading screen and `paperdeck skim`. From a PDF-only paper the view is partial
(the title, the abstract, each page's first lines, said so); Enter on a page's line comes back
to the Reading screen below at that page, rather than stacking a second one."""

from __future__ import annotations


def open_skim(screen) -> None:
    """From a Reading screen: keep the notes typed beside the text, then open the Skim view."""
    from reader.tui.widgets.notes_editor import NotesEditor

    for editor in screen.query(NotesEditor):
        editor.flush()
    screen.app.open_screen("skim", paper_id=screen.paper_id)


def back_to_pdf_page(skim, anchor: str | None) -> bool:
    """When the screen below the Skim view reads this paper's PDF text: go back to it, at page
    N for an anchor 'pN'. False when there is no such screen below (the caller opens one)."""
    stack = skim.app.screen_stack
    below = stack[-2] if len(stack) >= 2 else None
    # By name, not isinstance: reading.py imports this module (no import circle).
    if not (type(below).__name__ == "ReadingScreen" and below.paper_id == skim.paper_id):
        return False
    skim.app.pop_screen()
    if anchor and anchor[:1] == "p" and anchor[1:].isdigit():
        below.go_to(int(anchor[1:]))
    return True
