"""Markdown export: one file per paper with front matter, sections, TODO boxes, reading log."""

from __future__ import annotations

import frontmatter
import pytest
import yaml

from reader.exports.markdown import escape, file_name, obsidian_tag

from .conftest import make_paper
from .test_yamltext import NOT_TEXT, ruamel_load


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


# Titles a YAML front matter has to quote or escape, each read back by every reader below.
HOSTILE_TITLES = NOT_TEXT + [
    "@handle", "`code`", "#hashtag", "- dash", "? question", ": colon", "a: b", "a #b", "!tag",
    "&anchor", "*alias", "|pipe", ">fold", "%directive", "'single'", '"double"', "{flow: 1}",
    "[flow]", "---", "...", "tab\tin", "Ünïcödé “quotes”", "back\\slash", "50%% off ==hot==",
]


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_front_matter_reads_back_the_same_everywhere(conn, add, cli, tmp_path, title):
    """PyYAML, python-frontmatter (Obsidian-style front matter parsing over PyYAML) and
    ruamel.yaml as YAML 1.2 and 1.1 all read the title, tags and aliases as written."""
    add(make_paper(1, title=title, tags=(title.replace(" ", "")[:20] or "x", "2024")))
    code, _, err = cli("export", "markdown", "-o", str(tmp_path / "out"))
    assert code == 0, err
    (path,) = (tmp_path / "out").iterdir()
    text = path.read_text(encoding="utf-8")
    head = text[4:].partition("\n---\n")[0]
    readings = [yaml.safe_load(head), frontmatter.loads(text).metadata,
                ruamel_load(head, (1, 2)), ruamel_load(head, (1, 1))]
    expect = title.replace("\t", " ")
    for meta in readings:
        assert meta["title"] == expect and meta["aliases"][0] == expect
        assert meta["id"] == "2101.00001" and meta["aliases"][-1] == "2101.00001"
        assert "2024" in meta["paperdeck_tags"] and "_2024" in meta["tags"]
        assert meta == readings[0]


@pytest.mark.parametrize("tag, valid", [
    ("2024", "_2024"), ("c++", "c__"), ("a,b", "a_b"), ("#rnn", "rnn"),
    ("machine learning", "machine-learning"), ("nlp/parsing", "nlp/parsing"), ("a//b/", "a/b"),
    ("日本語", "日本語"), ("1e3", "1e3"), ("#", ""),
])
def test_tags_obsidian_accepts(tag, valid):
    assert obsidian_tag(tag) == valid
    # Obsidian's rule: letters, digits, _, - and / only, and not digits alone.
    assert all(c.isalnum() or c in "_-/" for c in valid)
    assert not valid or not valid.replace("/", "").isdigit()


def test_obsidian_properties_and_heading(conn, add, cli, tmp_path):
    add(make_paper(1, title="Attention Is All You Need: %%hidden%% and ==marked== Transformers "
                   "for Sequence Transduction at Scale", tags=("c++", "2024", "C++", "nlp")))
    cli("export", "markdown", "-o", str(tmp_path / "out"))
    (path,) = (tmp_path / "out").iterdir()
    text = path.read_text(encoding="utf-8")
    meta = front_matter(text)
    assert meta["paperdeck_tags"] == ["2024", "C++", "c++", "nlp"]
    assert meta["tags"] == ["_2024", "C__", "nlp"]              # once each, as Obsidian compares
    assert meta["aliases"] == [meta["title"], "Attention Is All You Need", "2101.00001"]
    heading = next(line for line in text.splitlines() if line.startswith("# "))
    assert "\\%\\%hidden\\%\\%" in heading and "\\=\\=marked\\=\\=" in heading
    assert "%%" not in heading.replace("\\%", "") and "==" not in heading.replace("\\=", "")


def test_reading_log_in_time_order_started_before_finished(conn, add, cli, tmp_path):
    from datetime import datetime, timezone

    from reader.reading import passes

    add(make_paper(1))
    t = datetime(2026, 3, 1, 12, tzinfo=timezone.utc)
    passes.start(conn, "2101.00001", 1, t)
    passes.finish(conn, "2101.00001", 1, t)               # the same second
    passes.start(conn, "2101.00001", 2, t)
    cli("export", "markdown", "-o", str(tmp_path / "out"))
    (path,) = (tmp_path / "out").iterdir()
    log = path.read_text(encoding="utf-8").split("## Reading log\n\n", 1)[1].splitlines()
    assert [line[13:] for line in log[:3]] == ["started pass 1", "finished pass 1", "started pass 2"]
