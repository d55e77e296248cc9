"""decks is a library of its own: it never imports reader, textual or rich."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_decks_imports_neither_reader_nor_ui():
    code = (
        "import sys, decks.cards, decks.queue, decks.reviews, decks.stats, decks.optimize, "
        "decks.scheduler, decks.settings, decks.schema\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('reader', 'textual', 'rich')]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
