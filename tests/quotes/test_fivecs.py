"""The five Cs of a first pass: stored as five fields, set and cleared from the CLI, in the
Markdown export (with the quotes as Obsidian callouts), the YAML backup, the journal's post and
find; a paper whose pass 1 is done and whose five Cs are empty says so in `next`."""

from __future__ import annotations

import json

from tests.quotes.conftest import MOOR, STROPKAY


def test_fivecs_set_show_clear(added, cli):
    code, out, _ = cli("fivecs", MOOR)
    assert code == 0 and out.splitlines()[0] == "Category       —"
    code, out, _ = cli("fivecs", MOOR, "--category", "empirical study",
                       "--contributions", "signatures need a path imputation\x1b[31m")
    assert code == 0 and "Category       empirical study" in out and "\x1b" not in out
    cs = json.loads(cli("fivecs", MOOR, "--json")[1])
    assert cs["category"] == "empirical study" and cs["context"] == "" and cs["modified"]
    cli("fivecs", MOOR, "--category", "")
    assert json.loads(cli("fivecs", MOOR, "--json")[1])["category"] == ""
    code, _, err = cli("fivecs", "0000.00000")
    assert code != 0 and err.count("\n") == 1


def test_the_queue_says_when_pass_1_is_done_without_five_cs(added, cli):
    assert cli("pass", MOOR, "1")[0] == 0
    assert cli("pass", STROPKAY, "1")[0] == 0
    cli("fivecs", STROPKAY, "--category", "a method")
    items = {i["id"]: i for i in json.loads(cli("next", "--json")[1])}
    assert items[MOOR]["five_cs_missing"] and "five Cs empty" in items[MOOR]["why"]
    assert not items[STROPKAY]["five_cs_missing"]
    code, out, _ = cli("next")
    (line,) = [line for line in out.splitlines() if MOOR in line]
    assert "five Cs empty" in line


def test_five_cs_and_quotes_in_the_markdown_export(added, cli, tmp_path):
    cli("fivecs", MOOR, "--category", "empirical study", "--clarity", "clear")
    cli("quote", MOOR, "3:1:1", "--into", "how")
    cli("quote", MOOR, "7:1:1", "--highlight")
    code, _, err = cli("export", "markdown", MOOR, "-o", str(tmp_path / "md"))
    assert code == 0, err
    (page,) = (tmp_path / "md").glob("*.md")
    text = page.read_text()
    assert "## Five Cs\n\n- **Category:** empirical study\n- **Context:** _(empty)_" in text
    assert "- **Clarity:** clear" in text
    assert "> [!quote] quote · §3 ¶1 s1 → [[#How]]\n> Let $f=" in text
    assert "> [!quote] highlight · §7 ¶1 s1\n> The signature transform" in text


def test_five_cs_in_the_post_and_in_find(added, cli):
    cli("fivecs", MOOR, "--context", "builds on rough path theory", "--category", "empirical")
    assert cli("pass", MOOR, "1")[0] == 0
    code, out, err = cli("log", "--week", "--markdown")
    assert code == 0, err
    assert "**Five Cs:** Category: empirical; Context: builds on rough path theory" in out
    code, out, err = cli("find", "rough", "path", "theory", "--json")
    assert code == 0, err
    hits = json.loads(out)
    assert hits[0]["id"] == MOOR and hits[0]["where"] == "context"


def test_five_cs_in_the_yaml_backup(added, cli, tmp_path):
    cli("fivecs", MOOR, "--correctness", "assumptions stated")
    backup = tmp_path / "b.yaml"
    assert cli("export", "yaml", "-o", str(backup))[0] == 0
    text = backup.read_text()
    assert "five_cs:" in text and "correctness: assumptions stated" in text
    assert "quotes: []" in text and "html_pages" not in text
