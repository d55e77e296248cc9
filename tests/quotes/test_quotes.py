"""Quotes, clozes and highlights from the text (paperdeck quote / highlights): the issue's case
on 2005.12359 §3, places that do not exist, anchoring that survives a re-parse and a newer
version of the page, orphans listed, and both a quote and a cloze through export yaml -> import
yaml into a new library, the cloze coming up in review."""

from __future__ import annotations

import io
import json
import re
import sys

from reader.store import db
from reader.store import paths as paths_mod
from reader.text.html import html_store
from tests.quotes.conftest import HTML, MOOR, STROPKAY

FORMULA = r"$f=(f_{1},\dots,f_{d})\colon[a,b]\to\mathbb{R}^{d}$"
CLOZE_SENTENCE = "In brief, the signature transform may be interpreted as extracting"


def notes_of(cli, pid):
    code, out, err = cli("show", pid, "--json")
    assert code == 0, err
    return json.loads(out)["notes"]


def test_a_sentence_with_a_formula_becomes_a_quote_in_how(added, cli):
    code, out, err = cli("quote", MOOR, "3:1:1", "--into", "how")
    assert code == 0, err
    assert out.splitlines()[0] == "added to how (a quote):"
    line = out.splitlines()[1]
    assert line == f"> Let {FORMULA} be a continuous, piecewise differentiable path. [§3 ¶1 s1]"
    assert line in notes_of(cli, MOOR)["how"]
    # the place names §3 and a paragraph number; the formula is TeX, not its rendering
    assert re.search(r"\[§3 ¶\d+", line) and "ℝ" not in line


def test_a_whole_paragraph_and_the_abstract(added, cli):
    code, out, _ = cli("quote", MOOR, "3:2", "--into", "why")
    assert code == 0 and out.splitlines()[1].startswith("> This definition can be extended")
    assert out.rstrip().endswith("[§3 ¶2]")
    code, out, _ = cli("quote", MOOR, "abstract:1:2")
    assert code == 0 and out.rstrip().endswith("[Abstract ¶1 s2]")
    assert "Abstract ¶1 s2" in notes_of(cli, MOOR)["text"]     # --into defaults to the notes


def test_a_place_that_does_not_exist_names_the_sections(added, cli):
    code, out, err = cli("quote", MOOR, "9:1")
    assert code == 2 and out == ""
    assert err == ("paperdeck: there is no section '9'; the sections are: abstract, 1, 2, 3, 4, "
                   "5, 6, 7, Broader Impact, 8, A, A.1, A.2, A.3, A.4, A.4.1, A.5, A.6, A.6.1\n")
    for place, says in (("3:40", "3 has 13 paragraphs, not 40"),
                        ("3:1:9", "3:1 has 2 sentences, not 9"),
                        ("3:x", "not a place"), ("3:1:2-1", "not a sentence range"),
                        ("p4", "there is no page 4 of PDF text")):
        code, out, err = cli("quote", MOOR, place)
        assert code == 2 and says in err and err.count("\n") == 1, (place, err)
    code, _, err = cli("quote", MOOR, "3:1:1", "--into", "title")
    assert code == 2 and "use what, how, why or notes" in err
    assert notes_of(cli, MOOR)["text"] == "" and cli("highlights", MOOR, "--json")[1] == "[]\n"


def test_a_cloze_is_a_note_line_and_its_card(added, cli):
    code, out, err = cli("quote", MOOR, "3:2:2", "--cloze", "order and area")
    assert code == 0, err
    assert out.splitlines()[1] == ("In brief, the signature transform may be interpreted as "
                                   "extracting information about {{c1::order and area}} of a "
                                   "path. [§3 ¶2 s2]")
    code, out, err = cli("quote", MOOR, "3:1:1", "--cloze", "piecewise differentiable")
    assert code == 0 and "{{c2::piecewise differentiable}}" in out     # the next number
    code, out, _ = cli("cards", "--json")
    keys = {c["source_key"] for c in json.loads(out)}
    assert {f"{MOOR}:cloze:text:1", f"{MOOR}:cloze:text:2"} <= keys
    code, _, err = cli("quote", MOOR, "3:2:2", "--cloze", "not in it")
    assert code == 2 and "'not in it' is not in §3 ¶2 s2" in err


def test_highlights_survive_a_reparse_and_a_newer_version(added, cli, home):
    assert cli("quote", MOOR, "3:2:2", "--highlight")[0] == 0
    assert cli("quote", MOOR, "3:1:1", "--into", "how")[0] == 0
    assert cli("quote", MOOR, "7:1:1", "--highlight")[0] == 0
    before = json.loads(cli("highlights", MOOR, "--json")[1])
    assert [h["place"] for h in before] == ["§3 ¶2 s2", "§3 ¶1 s1", "§7 ¶1 s1"]
    conn = db.open_library(paths_mod.resolve(None))
    try:
        # a re-parse: the stored model is stale, the page is parsed again
        conn.execute("UPDATE html_pages SET model_version = -1 WHERE paper_id = ?", (MOOR,))
        assert json.loads(cli("highlights", MOOR, "--json")[1]) == before
        # a newer version: a paragraph added before §3's first, §7's sentence rewritten
        page = (HTML / MOOR / "index.html").read_text(encoding="utf-8")
        first = page.index('<div id="S3.SS0.SSS0.Px1.p1"')
        newer = page[:first] + ('<div class="ltx_para" id="S3.new"><p class="ltx_p">A new '
                                'opening paragraph.</p></div>') + page[first:]
        old = "The signature transform has recently gained attention for being"
        assert newer.count(old) == 1
        newer = newer.replace(old, "Entirely different words")
        html_store.store_page(conn, MOOR, 2, newer.encode("utf-8"))
    finally:
        conn.close()
    code, out, err = cli("highlights", MOOR, "--json")
    after = json.loads(out)
    assert [(h["place"], h["orphaned"]) for h in after] == [
        ("§3 ¶3 s2", False), ("§3 ¶2 s1", False), (None, True)]
    assert after[0]["text"] == before[0]["text"] and after[2]["tex"] == before[2]["tex"]
    code, out, err = cli("highlights", MOOR)
    assert code == 0 and "orphaned (was §7 ¶1 s1)" in out and "1 orphaned" in err
    assert "highlight  §3 ¶3 s2 (was §3 ¶2 s2)" in out


def test_quote_and_cloze_survive_export_and_import_into_a_new_library(added, cli, home,
                                                                      tmp_path, monkeypatch):
    assert cli("quote", MOOR, "3:1:1", "--into", "how")[0] == 0
    assert cli("quote", MOOR, "3:2:2", "--cloze", "order and area")[0] == 0
    assert cli("quote", STROPKAY, "1:1:1", "--highlight")[0] == 0
    assert cli("fivecs", MOOR, "--category", "methods paper")[0] == 0
    backup = tmp_path / "library.yaml"
    code, _, err = cli("export", "yaml", "-o", str(backup))
    assert code == 0, err
    quotes_before = json.loads(cli("highlights", MOOR, "--json")[1])
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "config.yaml").write_text((home / "config.yaml").read_text())
    monkeypatch.setenv("PAPERDECK_HOME", str(fresh))
    code, _, err = cli("import", "yaml", str(backup))
    assert code == 0, err
    restored = json.loads(cli("highlights", MOOR, "--json")[1])
    # no HTML is in a backup: the kept places stand until `index` fetches the page again
    assert [(q["place"], q["tex"], q["checked"]) for q in restored] == \
        [(q["place"], q["tex"], False) for q in quotes_before]
    assert cli("index", MOOR)[0] == 0
    assert json.loads(cli("highlights", MOOR, "--json")[1]) == quotes_before
    assert f"{FORMULA}" in notes_of(cli, MOOR)["how"]
    assert json.loads(cli("fivecs", MOOR, "--json")[1])["category"] == "methods paper"
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n3\n" * 6 + "q\n"))
    code, out, err = cli("review", "--plain")
    assert code == 0, err
    assert CLOZE_SENTENCE in out and "order and area" in out    # the front, then its answer


def test_a_quote_from_pdf_text_is_placed_by_page(recorded_arxiv, cli):
    assert cli("add", "1111.2011")[0] == 0
    code, _, err = cli("quote", "1111.2011", "3:1")
    assert code == 2 and "give a page of its PDF text, as p4" in err
    assert cli("index", "1111.2011")[0] == 0
    code, out, err = cli("quote", "1111.2011", "p2:1:1", "--into", "what")
    assert code == 0, err
    assert out.splitlines()[1].startswith("> ") and out.rstrip().endswith("[p. 2 ¶1 s1]")
    (q,) = json.loads(cli("highlights", "1111.2011", "--json")[1])
    assert q["page"] == 2 and q["place"] == "p. 2 ¶1 s1" and not q["orphaned"]
    code, _, err = cli("quote", "1111.2011", "p99")
    assert code == 2 and "there is no page 99 of PDF text; pages 1-8" in err
