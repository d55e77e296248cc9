"""Issue 20.7: a link planted at a temporary file's predictable name is never followed; every
temporary file is created exclusively in the folder it is renamed within. A papers/ or drafts/
folder that is itself a link is resolved once (a PDF folder on another disk is a real setup):
the file goes into the folder it points to, never through a link inside it."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone


from tests.selfmade import tiny_pdf

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)


def _victim(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    return victim


def test_add_pdf_does_not_follow_a_link_at_its_part_name(cli, home, tmp_path):
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(tiny_pdf(["Some Heading Here", "body"], title="A Local Paper About Things"))
    key = "local_" + hashlib.sha256(pdf.read_bytes()).hexdigest()[:12]
    victim = _victim(tmp_path)
    (home / "papers").mkdir()
    (home / "papers" / f"{key}.pdf.part").symlink_to(victim)
    code, out, err = cli("add", str(pdf))
    assert code == 0, err
    assert victim.read_text() == "precious\n"
    stored = home / "papers" / f"{key}.pdf"
    assert not stored.is_symlink() and stored.read_bytes() == pdf.read_bytes()


def test_a_conflict_draft_does_not_follow_a_link_at_its_part_name(home, tmp_path):
    from reader.store import drafts

    victim = _victim(tmp_path)
    stamp = NOW.astimezone().strftime("%Y%m%d-%H%M%S")
    folder = home / "drafts"
    folder.mkdir()
    (folder / f"notes-1211.3711-what-conflict-{stamp}.txt.part").symlink_to(victim)
    kept = drafts.keep_conflict(home, "1211.3711", "what", "my text that lost", NOW)
    assert victim.read_text() == "precious\n"
    assert kept.read_text() == "my text that lost\n" and not kept.is_symlink()
    assert kept.parent == folder


def test_the_editor_draft_does_not_follow_a_link_at_its_part_name(cli, home, tmp_path, monkeypatch):
    code, _, err = cli("add", "--kind", "book", "--title", "A book")
    assert code == 0, err
    victim = _victim(tmp_path)
    folder = home / "drafts"
    folder.mkdir()
    for name in ("notes-book.yaml.part", "notes-book.base.yaml.part"):
        (folder / name).symlink_to(victim)
    editor = tmp_path / "editor.py"
    editor.write_text("import sys\np = sys.argv[1]\nt = open(p).read()\n"
                      "open(p, 'w').write(t.replace('what: |\\n', 'what: |\\n  typed\\n', 1))\n")
    monkeypatch.setenv("EDITOR", f"python3 {editor}")
    code, _, err = cli("note", "book")
    assert code == 0, err
    assert victim.read_text() == "precious\n"
    code, out, _ = cli("show", "book")
    assert "typed" in out


def test_a_download_does_not_follow_a_link_at_its_part_name(arxiv_server, tmp_path):
    from reader.arxiv import pdfs

    arxiv_server.pdfs["1211.3711v1"] = tiny_pdf(["page one"])
    victim = _victim(tmp_path)
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "1211.3711.pdf.part").symlink_to(victim)
    dest = pdfs.download(arxiv_server.pdf_url + "1211.3711v1", folder / "1211.3711.pdf",
                         deadline_s=30, timeout=5)
    assert victim.read_text() == "precious\n"
    assert not dest.is_symlink() and dest.read_bytes().startswith(b"%PDF-")


def test_a_papers_folder_that_is_a_link_is_resolved_once(cli, home, tmp_path):
    elsewhere = tmp_path / "big-disk" / "papers"
    elsewhere.mkdir(parents=True)
    (home / "papers").symlink_to(elsewhere)
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(tiny_pdf(["Some Heading Here", "body"], title="A Local Paper About Things"))
    code, out, err = cli("add", str(pdf))
    assert code == 0, err
    key = out.strip().replace(":", "_")
    assert (elsewhere / f"{key}.pdf").read_bytes() == pdf.read_bytes()
    assert not [p for p in elsewhere.iterdir() if p.name.endswith(".part")]
    code, out, err = cli("text", out.strip(), "--page", "1")
    assert code == 0 and "Some Heading Here" in out, err


def test_a_drafts_folder_that_is_a_link_is_resolved_once(home, tmp_path):
    from reader.store import drafts

    elsewhere = tmp_path / "drafts-elsewhere"
    elsewhere.mkdir()
    (home / "drafts").symlink_to(elsewhere)
    kept = drafts.keep_conflict(home, "1211.3711", "why", "text", NOW)
    # The path told to the user is where the text really is.
    assert kept.parent == elsewhere and kept.read_text() == "text\n"
    assert not [p for p in elsewhere.iterdir() if p.name.endswith(".part")]
