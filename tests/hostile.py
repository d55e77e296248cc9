"""Text that tries to reach the terminal: escape sequences, bell, C1 controls, bidi overrides.

`EVIL` retitles the window (OSC 0) and turns what follows red (SGR 31); then a C1 CSI, DEL and
bidi overrides and isolates. `evil_yaml()` is a paperdeck YAML export carrying it in every text
field; `seed_legacy()` writes it straight into the tables, as a library filled before text was
cleaned on the way in could hold it, so the TUI's own guard is what keeps it off the terminal.
"""

from __future__ import annotations

import json
import re
import sqlite3

import yaml

# Written out here, not taken from reader.text.textsafe, so the tests check the code against the rule.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

EVIL = "EVIL \x1b]0;PWNED\x07\x1b[31mRED\x9b0m\x7f \u202eOLLEH\u202c \u2067ISO\u2069"
# What is left of EVIL once cleaned: the printable characters, in stored order.
EVIL_CLEAN = "EVIL ]0;PWNED[31mRED0m OLLEH ISO"
LEGACY_ID = "2101.99999"
LEGACY_LOCAL = "local:\x1b[31mX"
T = "2026-11-01T10:00:00Z"


def unsafe(text: str | None, keep: str = "") -> list[str]:
    """The characters of `text` that must not reach a terminal, as code points (a readable
    failure); those in `keep` (newline and tab, for stored multi-line text) are allowed."""
    return [f"U+{ord(c):04X}" for c in UNSAFE.findall(text or "") if c not in keep]


def _card(key: str | None, field: str) -> dict:
    return {"source_key": key, "kind": "basic", "front": f"{field} front {EVIL}",
            "back": f"{field} back {EVIL}", "context": f"ctx {EVIL}", "group_key": None,
            "new_order": T, "state": "new", "created": T, "modified": T, "reviews": []}


def evil_export() -> dict:
    """A paperdeck YAML export with EVIL in every text field a user sees."""
    return {
        "format": "paperdeck", "version": 1,
        "papers": [
            {"id": "1211.3711", "title": EVIL, "authors": [f"Ann {EVIL}", "Bob"],
             "abstract": f"Abstract {EVIL}\nsecond line", "categories": ["cs.\x1b[31mLG"],
             "primary_category": "cs.\x1b[31mLG", "comment": f"c {EVIL}",
             "journal_ref": f"j {EVIL}", "doi": "10.1/\x1b[31m", "added": T, "tags": [],
             "passes": [{"pass": 1, "started": T}],
             "notes": {"what": f"what {EVIL}", "how": f"how {EVIL}", "why": f"why {EVIL}",
                       "text": f"text {EVIL}", "modified": T},
             "todos": [{"text": f"todo {EVIL}", "created": T}]},
            # An id carrying an escape is refused outright by an import (reader.ids); a
            # library from before that may still hold one: see seed_legacy.
            {"id": "local:0123456789ab", "title": f"local {EVIL}", "added": T},
        ],
        "cards": [_card("1211.3711:what", "what"), _card(None, "hand")],
    }


def evil_yaml() -> str:
    # safe_dump writes the control characters as YAML escapes (\e, \a, \x9B, \u202E).
    return yaml.safe_dump(evil_export(), allow_unicode=False, sort_keys=False)


def seed_legacy(conn: sqlite3.Connection) -> None:
    """EVIL in every text the TUI draws, written with plain SQL (no cleaning on the way in):
    a paper with notes, a TODO, a pass, its page text and a due card; a `local:` paper."""
    with conn:
        for pid, title in ((LEGACY_ID, EVIL), (LEGACY_LOCAL, f"local {EVIL}")):
            conn.execute(
                "INSERT INTO papers (id, title, authors, abstract, categories, primary_category,"
                " comment, journal_ref, published, added, pdf_status)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'none')",
                (pid, title, json.dumps([f"Eve {EVIL}", "Mallory"]), f"Abstract {EVIL}",
                 json.dumps(["cs.\x1b[31mLG"]), "cs.\x1b[31mLG", f"c {EVIL}", f"j {EVIL}",
                 "2021-01-01T00:00:00Z", T))
        conn.execute("INSERT INTO notes (paper_id, what, how, why, text, modified)"
                     " VALUES (?, ?, ?, ?, ?, ?)",
                     (LEGACY_ID, f"what {EVIL}", f"how {EVIL}", f"why {EVIL}", f"text {EVIL}", T))
        conn.execute("INSERT INTO todos (paper_id, text, created) VALUES (?, ?, ?)",
                     (LEGACY_ID, f"todo {EVIL}", T))
        conn.execute("INSERT INTO passes (paper_id, pass, started) VALUES (?, 1, ?)", (LEGACY_ID, T))
        conn.execute("INSERT INTO extraction (paper_id, status, page_count, updated)"
                     " VALUES (?, 'done', 1, ?)", (LEGACY_ID, T))
        conn.execute("INSERT INTO pages (paper_id, page, text) VALUES (?, 1, ?)",
                     (LEGACY_ID, f"Page text {EVIL}\nmore {EVIL}"))
        conn.execute("INSERT INTO cards (kind, front, back, context, group_key, new_order,"
                     " created, modified) VALUES ('basic', ?, ?, ?, ?, ?, ?, ?)",
                     (f"front {EVIL}", f"back {EVIL}", f"ctx {EVIL}", LEGACY_ID, T, T, T))
