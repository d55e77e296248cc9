"""Markdown export: one file per paper with front matter, sections, TODO boxes, reading log."""

from __future__ import annotations

import yaml

from reader.exports.markdown import escape, file_name

from .conftest import make_paper


def front_matter(text: str) -> dict:
    assert text.startswith("---\n")
    head, _, _ = text[4:].partition("\n---\n")
    return yaml.safe_load(head)


def test_one_file_per_paper_with_everything(filled, cli, tmp_path):
    out = tmp_path / "notes"
    code, _, err = cli("export", "markdown", "-o", str(out))
    assert code == 0 and "wrote 3 Markdown files" in err
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "1211.3711-Sequence_Transduction_with_Recurrent_Neural_Networks.md",
        "2101.00002-Unicode_quotes_html_stars.md",
        "hep-th_9901001-Old_Style.md",
    ]
    text = (out / names[0]).read_text(encoding="utf-8")
    meta = front_matter(text)
    assert meta["id"] == "1211.3711" and meta["status"] == "pass 1"
    assert meta["authors"] == ["Alex Graves"] and meta["tags"] == ["rnn", "speech"]
    assert meta["published"] == "2012-11-14" and meta["added"] == "2026-01-01"
    assert meta["pass_1_finished"] == "2026-02-02" and meta["pass_2_started"] == "2026-02-03"
    assert meta["arxiv"] == "https://arxiv.org/abs/1211.3711"
    body = text.split("\n---\n", 1)[1]
    for heading in ("## What", "## How", "## Why", "## Notes", "## TODOs", "## Reading log"):
        assert f"\n{heading}\n" in body
    assert "Maps one sequence to another.\nWithout alignment." in body
    assert "{{c1::transducer}}" in body  # notes as written
    assert "- [x] implement it\n- [ ] read CTC paper" in body
    log = body.split("## Reading log\n\n", 1)[1]
    assert log.splitlines()[:4] == [
        "- 2026-02-02 started pass 1", "- 2026-02-02 finished pass 1",
        "- 2026-02-03 started pass 2", "- 2026-02-04 ticked off: implement it"]


def test_outside_text_is_escaped_and_front_matter_stays_valid(filled, cli, tmp_path):
    cli("export", "markdown", "-o", str(tmp_path))
    text = (tmp_path / "2101.00002-Unicode_quotes_html_stars.md").read_text(encoding="utf-8")
    assert front_matter(text)["title"] == "Ünïcode: “quotes” & <html> *stars*"
    assert "# Ünïcode: “quotes” \\& \\<html\\> \\*stars\\*" in text
    assert escape("[link](x) `code` #tag") == "\\[link\\](x) \\`code\\` \\#tag"


def test_status_filter_and_unread_paper(filled, cli, tmp_path):
    out = tmp_path / "unread"
    code, _, _ = cli("export", "markdown", "--status", "unread", "-o", str(out))
    assert code == 0
    files = sorted(out.iterdir())
    assert [p.name[:10] for p in files] == ["2101.00002", "hep-th_990"]
    assert {front_matter(p.read_text())["status"] for p in files} == {"unread"}


def test_file_names_are_safe():
    hostile = make_paper(1, id="local:../../etc/passwd", title="../../CON <>:\"|?* ..")
    name = file_name(hostile)
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert name.isascii() and name.endswith(".md")
    assert file_name(make_paper(2, title="")) == "2101.00002.md"
    assert file_name(make_paper(3, id="hep-th/9901001", title="x" * 300)).startswith("hep-th_9901001-")
    assert len(file_name(make_paper(3, title="y" * 300))) < 100
