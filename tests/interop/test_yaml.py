"""Full YAML backup: round trip, merge without duplicates, and refusing bad files whole."""

from __future__ import annotations

import sqlite3

import pytest
import yaml

from reader.store.db import open_library
from reader.exports import introspect, restore, safeyaml, snapshot
from reader.store.paths import Paths

from .conftest import make_paper


def dump(conn) -> str:
    return snapshot.dumps(snapshot.export(conn))


def counts(conn) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("papers", "tags", "passes", "notes", "todos", "cards", "review_log",
                      "deck_settings")}


@pytest.fixture
def other(tmp_path):
    """A second, empty library."""
    p = Paths(data=tmp_path / "other", config_dir=tmp_path / "other")
    c = open_library(p)
    yield c
    c.close()


def test_round_trip_through_an_empty_library_is_identical(filled, other, cli, tmp_path):
    first = tmp_path / "one.yaml"
    code, _, err = cli("export", "yaml", "-o", str(first))
    assert code == 0, err
    restore.restore(other, safeyaml.load_file(first))
    # the same document, up to the clocks the exporting library keeps for merges (last)
    assert dump(other) == first.read_text(encoding="utf-8").split("\nmerge:\n")[0] + "\n"
    assert counts(other) == counts(filled)


def test_document_is_readable_and_complete(filled):
    text = dump(filled)
    assert text.startswith("# paperdeck YAML export")
    data = yaml.safe_load(text)
    assert list(data)[:2] == ["format", "version"] and data["format"] == "paperdeck"
    assert [p["id"] for p in data["papers"]] == ["1211.3711", "2101.00002", "hep-th/9901001"]
    graves = data["papers"][0]
    assert graves["authors"] == ["Alex Graves"] and graves["tags"] == ["rnn", "speech"]
    assert [(p["pass"], p["finished"] is not None) for p in graves["passes"]] == [(1, True), (2, False)]
    assert graves["notes"]["how"] == "The {{c1::transducer}} joins a {{c2::prediction network}}."
    assert [(t["text"], t["done"] is not None) for t in graves["todos"]] == [
        ("implement it", True), ("read CTC paper", False)]
    assert "pdf_path" not in graves and "id" not in graves["todos"][0]
    what = next(c for c in data["cards"] if c["source_key"] == "1211.3711:what")
    assert [r["rating"] for r in what["reviews"]] == [3, 1]
    assert "id" not in what and "card_id" not in what["reviews"][0]
    assert any(c["source_key"] is None and c["front"] == "Hand-written front" for c in data["cards"])
    assert len(data["settings"]["parameters"]["parameters"]) == 21
    assert "      what: |-\n        Maps one sequence to another.\n        Without alignment.\n" in text
    assert safeyaml.load(text) == data  # our own export passes the import checks (no anchors...)


def test_every_table_is_exported_or_declared_derived(conn):
    lay = introspect.layout(conn)  # raises for a table it cannot place
    placed = {"papers", "cards", "review_log", "deck_settings", *(c.name for c in lay.children),
              *lay.derived, *introspect.PLANS}
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == placed


def test_import_twice_changes_nothing(filled, tmp_path):
    data = snapshot.export(filled)
    before = dump(filled)
    result = restore.restore(filled, data)
    assert result.count("papers").new == 0 and result.count("reviews").new == 0
    assert result.count("cards").updated == 0
    assert dump(filled) == before


def test_merge_into_a_library_holding_some_of_it(filled, other):
    from datetime import timedelta

    from decks.cards import get_card_by_source
    from decks.reviews import answer, verify_card
    from decks.settings import DeckSettings, load_parameters
    from reader.reading import notes
    from reader.library import papers as library
    from reader.store.db import transaction

    from .conftest import T0, GRAVES

    with transaction(other):
        library.insert(other, make_paper(**GRAVES, tags=("mine",)))
        library.insert(other, make_paper(9))
    notes.save(other, "1211.3711", T0 - timedelta(days=1), what="older text")
    # The other library reviewed the same card once, at a time of its own, later than the file.
    card = get_card_by_source(other, "1211.3711:what")
    answer(other, card.id, 3, T0 + timedelta(days=10))
    result = restore.restore(other, snapshot.export(filled))
    assert result.count("papers").new == 2 and result.count("papers").same == 1
    assert counts(other)["papers"] == 4
    tags = [r[0] for r in other.execute("SELECT tag FROM tags WHERE paper_id = '1211.3711' ORDER BY tag")]
    assert tags == ["mine", "rnn", "speech"]
    # Both wrote What, neither text holds the other: the library keeps its own (nothing is
    # overwritten), the file's text is handed back to be kept, and the card follows the notes.
    assert notes.get(other, "1211.3711").what == "older text"
    assert [(p, f, t[:17]) for p, f, t in result.conflicts] == [("1211.3711", "what", "Maps one sequence")]
    assert get_card_by_source(other, "1211.3711:what").back == "older text"
    merged = get_card_by_source(other, "1211.3711:what")
    log = [(r["rating"], r["reviewed_at"]) for r in other.execute(
        "SELECT rating, reviewed_at FROM review_log WHERE card_id = ? ORDER BY id", (merged.id,))]
    assert log == [(3, "2026-02-03T09:00:00Z"), (1, "2026-02-05T09:00:00Z"),  # the file's
                   (3, "2026-02-12T09:00:00Z")]  # then the library's own: one log, in time order
    exported = next(c for c in snapshot.export(other)["cards"] if c["source_key"] == "1211.3711:what")
    assert [r["reviewed_at"][:10] for r in exported["reviews"]] == ["2026-02-03", "2026-02-05", "2026-02-12"]
    # The card's state is its merged log's, replayed: the library's own review came last.
    assert merged.last_review.isoformat().startswith("2026-02-12") and merged.reps == 3
    assert verify_card(other, merged.id, DeckSettings(parameters=load_parameters(other)))
    n = counts(other)
    restore.restore(other, snapshot.export(filled))
    assert counts(other) == n  # a second merge adds nothing


def test_merge_never_drops_a_note_field(filled, cli, conn, tmp_path, home):
    """`import yaml` is a writer of notes too: a field both sides changed keeps the library's
    text, the file's goes to drafts/, one line says so, exit 1; a text that holds the other whole
    replaces it."""
    from reader.reading import notes

    from .conftest import T0

    path = tmp_path / "all.yaml"
    path.write_text(dump(filled))  # `filled` is this library: exported, then changed here
    what, how = notes.get(conn, "1211.3711").what, notes.get(conn, "1211.3711").how
    assert what and how
    notes.save(conn, "1211.3711", T0, what="rewritten here", how="")
    code, _, err = cli("import", "yaml", str(path))
    assert code == 1, err
    assert notes.get(conn, "1211.3711").what == "rewritten here"
    (kept,) = (home / "drafts").glob("notes-1211.3711-what-conflict-*.txt")
    assert kept.read_text() == what + "\n" and str(kept) in err
    # The library's How was emptied, the file's holds text: filled in, nothing lost.
    assert notes.get(conn, "1211.3711").how == how
    # Extending a text elsewhere is no conflict: the longer one is taken.
    notes.save(conn, "1211.3711", T0, what=what[:10])
    code, _, err = cli("import", "yaml", str(path))
    assert code == 0, err
    assert notes.get(conn, "1211.3711").what == what


def test_dry_run_writes_nothing(filled, other, cli, tmp_path, home):
    path = tmp_path / "x.yaml"
    path.write_text(dump(filled))
    before = counts(other)
    result = restore.restore(other, safeyaml.load_file(path), dry_run=True)
    assert result.count("papers").new == 3
    assert counts(other) == before


def test_cli_import_reports_counts_and_backs_up_first(filled, cli, tmp_path, paths):
    from reader.store.backup import backups

    path = tmp_path / "x.yaml"
    cli("export", "yaml", "-o", str(path))
    code, out, err = cli("import", "yaml", str(path))
    assert code == 0
    assert err.endswith(f"{path}: nothing new: all 3 papers, 8 cards and 3 reviews were already "
                        "in the library\n")
    assert "(0 new, 0 updated)" not in err
    assert backups(paths) == [] and "backed" not in err    # nothing to import: no copy
    assert cli("rm", "--yes", "2101.00002")[0] == 0
    code, _, err = cli("import", "yaml", "--dry-run", str(path))
    assert code == 0 and "would import 3 papers (1 new, 0 updated)" in err
    assert backups(paths) == []
    code, _, err = cli("import", "yaml", str(path))
    assert code == 0 and "imported 3 papers (1 new, 0 updated)" in err
    (copy,) = backups(paths)
    assert "before-import" in copy.name and f"backed the library up to {copy}" in err
    c = sqlite3.connect(copy)                    # the library as it was before the import
    assert [r[0] for r in c.execute("SELECT id FROM papers ORDER BY id")] == [
        "1211.3711", "hep-th/9901001"]
    c.close()


def test_import_reports_changes_below_the_papers(filled, cli, tmp_path):
    path = tmp_path / "x.yaml"
    cli("export", "yaml", "-o", str(path))
    filled.execute("DELETE FROM todos WHERE text = 'read CTC paper'")
    filled.commit()
    code, _, err = cli("import", "yaml", str(path))
    assert code == 0 and "1 other change (tags, passes, notes, TODOs, settings)" in err


def test_restored_paper_finds_its_pdf(filled, tmp_path):
    other_paths = Paths(data=tmp_path / "o", config_dir=tmp_path / "o")
    other_paths.papers.mkdir(parents=True)
    other_paths.pdf_for("1211.3711").write_bytes(b"%PDF-1.4 stub")
    other = open_library(other_paths)
    restore.restore(other, snapshot.export(filled), other_paths)
    rows = dict(other.execute("SELECT id, pdf_status FROM papers").fetchall())
    assert rows == {"1211.3711": "ok", "2101.00002": "none", "hep-th/9901001": "none"}
    path = other.execute("SELECT pdf_path FROM papers WHERE id = '1211.3711'").fetchone()[0]
    assert (other_paths.data / path).exists()
    other.close()


# -- hostile and malformed files ----------------------------------------------------------


def good_doc(filled) -> dict:
    return snapshot.export(filled)


def refuse(cli, tmp_path, text: str | bytes, *parts: str):
    path = tmp_path / "bad.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    code, out, err = cli("import", "yaml", str(path))
    assert code == 2, err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for part in parts:
        assert part in err, err
    return err


@pytest.fixture
def unchanged(conn):
    """Asserts the library is untouched by the test's import."""
    before = counts(conn)
    yield
    assert counts(conn) == before


def test_refuses_python_object_tags(conn, unchanged, cli, tmp_path):
    refuse(cli, tmp_path, "format: paperdeck\nversion: 1\npapers: !!python/object/apply:os.system ['touch pwned']\n",
           "line 3", "python/object/apply:os.system", "not allowed")
    assert not (tmp_path / "pwned").exists()


def test_refuses_syntax_errors_with_line(conn, unchanged, cli, tmp_path):
    refuse(cli, tmp_path, "format: paperdeck\nversion: 1\npapers: [\n  {id: 1\n", "line")


def test_refuses_alias_bombs(conn, unchanged, cli, tmp_path):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    refuse(cli, tmp_path, bomb, "line 1", "anchors and aliases")


def test_refuses_deep_nesting(conn, unchanged, cli, tmp_path):
    # Ours or the parser's limit may trip first (PyYAML 6.0.4 has its own): either way one line
    # naming the file and the line, exit 2, nothing written. The wording is not ours to pin.
    refuse(cli, tmp_path, "format: paperdeck\nversion: 1\npapers: " + "[" * 5000 + "]" * 5000 + "\n",
           "bad.yaml line 3")


def test_refuses_huge_files_before_parsing(conn, unchanged, cli, tmp_path):
    path = tmp_path / "big.yaml"
    with open(path, "wb") as f:
        f.write(b"format: paperdeck\nversion: 1\nx: '")
        f.truncate(100 * 1024 * 1024)
    code, _, err = cli("import", "yaml", str(path))
    assert code == 2 and "100.0 MB, over the 64 MB limit" in err and "--max-mb" in err


def test_refuses_a_huge_string_under_the_file_cap(filled, cli, tmp_path):
    doc = good_doc(filled)
    doc["papers"][0]["abstract"] = "x" * 2_000_000
    refuse(cli, tmp_path, snapshot.dumps(doc), "papers[0] (1211.3711).abstract", "over the")


def test_refuses_non_utf8(conn, unchanged, cli, tmp_path):
    refuse(cli, tmp_path, b"format: paperdeck\nversion: 1\ntitle: \xff\xfe\n", "line 3", "UTF-8")


@pytest.mark.parametrize("mutate, place", [
    (lambda d: d.update(extra=1), "extra: unknown key"),
    (lambda d: d.update(version=99), "version: the file is format 99"),
    (lambda d: d.update(version="1"), "version: expected a whole number"),
    (lambda d: d.update(papers={"a": 1}), "papers: expected a list, got a mapping"),
    (lambda d: d["papers"][1].update(title=5), "papers[1] (2101.00002).title: expected text, got a whole number"),
    (lambda d: d["papers"][0].pop("title"), "papers[0] (1211.3711): missing key 'title'"),
    (lambda d: d["papers"][0].update(colour="red"), "papers[0] (1211.3711).colour: unknown key"),
    (lambda d: d["papers"][0].update(authors="Alex Graves"), "papers[0] (1211.3711).authors: expected a list"),
    (lambda d: d["papers"][0].update(id="not an id"), "papers[0] (not an id).id: not an arXiv id"),
    (lambda d: d["papers"][0].update(id="../x\n"), "not an arXiv id"),
    (lambda d: d["papers"][0].update(id="1211.3711v2"), "write the id without a version"),
    (lambda d: d["papers"][0]["todos"][0].update(done=True), "papers[0] (1211.3711).todos[0].done: expected text, got true/false"),
    (lambda d: d["papers"][0]["todos"][0].update(created="yesterday"), "todos[0].created: not an ISO 8601 time"),
    (lambda d: d["papers"][0]["todos"][0].update(created=12), "todos[0].created: expected text, got a whole number (quote timestamps"),
    (lambda d: d["papers"][0]["tags"].append("two words"), "papers[0] (1211.3711).tags[2]: not a usable tag"),
    (lambda d: d["papers"][0]["tags"].append("rnn"), "tags[2]: duplicate"),
    (lambda d: d["papers"].append(dict(d["papers"][0])), "papers[3] (1211.3711).id: this paper appears twice"),
    (lambda d: d["cards"][0]["reviews"][0].update(rating="good"), "cards[0] (1211.3711:what).reviews[0].rating: expected a whole number"),
    (lambda d: d["cards"][0]["reviews"][0].update(stability_before=float("nan")), "finite"),
    (lambda d: d["cards"][0].update(kind="weird"), "cards[0] (1211.3711:what).kind: 'weird' is not one of: basic, cloze"),
    (lambda d: d["cards"][0]["reviews"][0].update(rating=7), "cards[0] (1211.3711:what).reviews[0].rating: 7 is not one of: 1, 2, 3, 4"),
    (lambda d: d.update(settings=[1]), "settings: expected a mapping"),
])
def test_refuses_bad_documents_naming_the_place(filled, other, cli, tmp_path, mutate, place):
    doc = good_doc(filled)
    mutate(doc)
    before = counts(other)
    path = tmp_path / "bad.yaml"
    path.write_text(snapshot.dumps(doc), encoding="utf-8")
    with pytest.raises(restore.Invalid) as e:
        restore.restore(other, safeyaml.load_file(path))
    assert place in str(e.value) and "\n" not in str(e.value)
    assert counts(other) == before


def test_a_failure_late_in_the_write_leaves_nothing(filled, other):
    doc = good_doc(filled)
    # Every check passes; the database refuses the last review (a trigger of this connection).
    other.execute("CREATE TEMP TRIGGER refuse_late BEFORE INSERT ON review_log WHEN "
                  "(SELECT count(*) FROM review_log) = 2 BEGIN SELECT RAISE(ABORT, 'late'); END")
    with pytest.raises(restore.Invalid, match="late"):
        restore.restore(other, doc)
    assert counts(other) == dict.fromkeys(counts(other), 0)


def test_not_an_export(conn, unchanged, cli, tmp_path):
    refuse(cli, tmp_path, "- just\n- a list\n", "not a paperdeck YAML export")
    refuse(cli, tmp_path, "title: something else\n", "format: paperdeck")
    code, _, err = cli("import", "yaml", str(tmp_path / "missing.yaml"))
    assert code == 2 and "does not exist" in err


def test_export_is_consistent_while_another_process_writes(filled, paths):
    from reader.store.db import connect

    writer = connect(paths.db)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM tags")
    try:
        data = snapshot.export(filled)
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert data["papers"][0]["tags"] == ["rnn", "speech"]
    assert isinstance(sqlite3.sqlite_version, str)


def test_hand_written_unquoted_timestamps_and_duplicate_keys(conn, cli, tmp_path):
    text = ("format: paperdeck\nversion: 1\npapers:\n  - id: 1211.3711\n    title: T\n"
            "    added: 2026-01-02T03:04:05Z\n")
    path = tmp_path / "hand.yaml"
    path.write_text(text)
    data = safeyaml.load_file(path)
    assert data["papers"][0]["added"] == "2026-01-02T03:04:05Z"
    assert data["papers"][0]["id"] == 1211.3711  # unquoted: a number, and refused as an id
    with pytest.raises(restore.Invalid, match=r"papers\[0\].id: expected text, got a number"):
        restore.restore(conn, data)
    path.write_text(text.replace("id: 1211.3711", "id: '1211.3711'"))
    code, _, err = cli("import", "yaml", str(path))
    assert code == 0, err
    path.write_text("format: paperdeck\nversion: 1\nversion: 2\n")
    code, _, err = cli("import", "yaml", str(path))
    assert code == 2 and "line 3: key 'version' appears twice" in err


# -- ids: one spelling per paper, one paper per PDF ----------------------------------------

@pytest.mark.parametrize("spelling", ["local_{hex}", "hep-th_9711200", "LOCAL:{hex}",
                                      "local:{hex}0", "local:xyz"])
def test_a_second_spelling_of_an_id_is_refused(conn, cli, tmp_path, paths, spelling):
    from reader.store.backup import backups
    from tests.selfmade import tiny_pdf

    pdf = tmp_path / "mine.pdf"
    pdf.write_bytes(tiny_pdf(["My Own Paper Title", "body"]))
    key = cli("add", str(pdf))[1].strip()
    other = spelling.format(hex=key[len("local:"):])
    text = (f"format: paperdeck\nversion: 1\npapers:\n- id: '{other}'\n  title: Theirs\n"
            "  added: '2026-01-01T00:00:00Z'\n")
    err = refuse(cli, tmp_path, text, "papers[0] (", ").id: ")
    assert "nothing" in err or "not an arXiv id or local: key" in err or "without a version" in err
    assert [r[0] for r in conn.execute("SELECT id FROM papers")] == [key]
    assert backups(paths) == []
    assert cli("rm", "--yes", key)[0] == 0


def test_removing_one_of_two_spellings_an_older_import_let_in_keeps_the_other_pdf(conn, paths):
    from datetime import datetime, timezone

    from reader.library import papers as library

    pdf = paths.pdf_for("hep-th/9711200")
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.4 the user's own")
    rel = str(pdf.relative_to(paths.data))
    with conn:
        for pid in ("hep-th/9711200", "hep-th_9711200"):   # as an older import stored them
            conn.execute("INSERT INTO papers (id, title, added, pdf_path, pdf_status) "
                         "VALUES (?, 'T', '2026-01-01T00:00:00Z', ?, 'ok')", (pid, rel))
    library.delete(conn, paths.data, "hep-th_9711200", datetime(2026, 3, 1, tzinfo=timezone.utc))
    assert pdf.read_bytes() == b"%PDF-1.4 the user's own"
    library.delete(conn, paths.data, "hep-th/9711200", datetime(2026, 3, 1, tzinfo=timezone.utc))
    assert not pdf.exists()


# -- values paperdeck could not have written --------------------------------------------------

def _set(path: list, value):
    """A mutation setting doc[path...] = value (None deletes nothing: it sets null)."""
    def mutate(doc):
        target = doc
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    return mutate


LEARNING, NEW, REVIEW = 0, 1, 3   # indexes of cards in the `filled` export, by state
HOSTILE = [
    (_set(["settings", "parameters", "parameters"], [1, 2, 3]),
     "settings.parameters.parameters: FSRS-6 takes a list of 21 numbers, got 3"),
    (_set(["settings", "parameters", "parameters", 4], 11),
     "settings.parameters.parameters[4]: 11 is outside FSRS's bounds 1-10"),
    (_set(["settings", "parameters", "parameters", 0], "x"),
     "settings.parameters.parameters[0]: expected a number, got 'x'"),
    (_set(["settings", "parameters"], 5), "settings.parameters: expected a mapping with"),
    (_set(["settings", "bogus"], 1),
     "settings.bogus: unknown setting 'bogus'; paperdeck stores only: parameters"),
    (_set(["cards", REVIEW, "stability"], -1.0),
     "cards[3] (1211.3711:cloze:how:1).stability: -1.0 is outside 0.001-1e+07"),
    (_set(["cards", REVIEW, "stability"], 0), "cards[3] (1211.3711:cloze:how:1).stability: 0.0 is outside"),
    (_set(["cards", REVIEW, "stability"], None), ".stability: must be set for a card in review"),
    (_set(["cards", REVIEW, "difficulty"], 11), ".difficulty: 11.0 is outside 1-10"),
    (_set(["cards", REVIEW, "due"], "0001-01-01T00:00:00Z"),
     ".due: '0001-01-01T00:00:00Z' is outside 1900-2299"),
    (_set(["cards", REVIEW, "due"], "9999-12-31T00:00:00Z"),
     ".due: '9999-12-31T00:00:00Z' is outside 1900-2299"),
    (_set(["cards", REVIEW, "due"], "2026-01-01T00:00:00Z"),
     ".due: '2026-01-01T00:00:00Z' is not within 36,500 days after '2026-02-04T09:00:00Z'"),
    (_set(["cards", REVIEW, "due"], "2226-01-01T00:00:00Z"), "is not within 36,500 days after"),
    (_set(["cards", REVIEW, "step"], 0), ".step: must be null for a card in review"),
    (_set(["cards", REVIEW, "lapses"], 5), ".lapses: 5 is outside 0-1"),
    (_set(["cards", REVIEW, "reps"], -1), ".reps: -1 is outside"),
    (_set(["cards", LEARNING, "step"], None), "cards[0] (1211.3711:what).step: must be set for a card in learning"),
    (_set(["cards", LEARNING, "step"], -1), "cards[0] (1211.3711:what).step: -1 is outside"),
    (_set(["cards", LEARNING, "last_review"], None), ".last_review: must be set for a card in learning"),
    (_set(["cards", NEW, "due"], "2026-02-05T09:00:00Z"),
     "cards[1] (1211.3711:how).due: must be null while the card is new"),
    (_set(["cards", NEW, "stability"], 3.0), "cards[1] (1211.3711:how).stability: must be null"),
    (_set(["cards", NEW, "state"], "bogus"), ".state: 'bogus' is not one of: new, learning"),
    (_set(["cards", NEW, "suspended"], "maybe"), ".suspended: 'maybe' is not one of: null, user, source"),
    (_set(["cards", NEW, "front"], "  "), "cards[1] (1211.3711:how).front: must not be empty"),
    (_set(["cards", LEARNING, "reviews", 0, "reviewed_at"], "0001-01-01T00:00:00Z"),
     "cards[0] (1211.3711:what).reviews[0].reviewed_at: '0001-01-01T00:00:00Z' is outside"),
    (_set(["cards", LEARNING, "reviews", 0, "due_after"], "2026-01-01T00:00:00Z"),
     "reviews[0].due_after: '2026-01-01T00:00:00Z' is not within 36,500 days after"),
    (_set(["cards", LEARNING, "reviews", 0, "stability_before"], 2.0),
     "reviews[0].stability_before: must be null when the card was new"),
    (_set(["cards", LEARNING, "reviews", 1, "stability_before"], 0),
     "reviews[1].stability_before: 0.0 is outside 0.001-1e+07"),
    (_set(["cards", LEARNING, "reviews", 1, "difficulty_before"], None),
     "reviews[1].difficulty_before: must be set for a card in learning"),
    (_set(["cards", LEARNING, "reviews", 1, "state_after"], "new"),
     "reviews[1].state_after: 'new' is not one of: learning, review, relearning"),
    (_set(["cards", LEARNING, "reviews", 1, "duration_ms"], -5), "reviews[1].duration_ms: -5 is outside"),
    (_set(["papers", 0, "title"], "   "), "papers[0] (1211.3711).title: must not be empty"),
    (_set(["papers", 0, "added"], "9999-01-01T00:00:00Z"), "papers[0] (1211.3711).added: '9999-01-01"),
    (_set(["papers", 0, "version"], 0), "papers[0] (1211.3711).version: 0 is outside"),
    (_set(["papers", 0, "passes", 0, "pass"], 4), "papers[0] (1211.3711).passes[0].pass: 4 is not one of: 1, 2, 3"),
    (_set(["papers", 0, "todos", 0, "text"], ""), "papers[0] (1211.3711).todos[0].text: must not be empty"),
    (_set(["papers", 0, "notes_log", 0, "day"], "2026-13-01"),
     "papers[0] (1211.3711).notes_log[0].day: not a day like 2026-01-31: '2026-13-01'"),
]


@pytest.mark.parametrize("mutate, place", HOSTILE, ids=[p for _, p in HOSTILE])
def test_values_paperdeck_could_not_write_are_refused(filled, conn, cli, tmp_path, paths, mutate,
                                                      place, monkeypatch):
    # Accepted before, these broke `due`, `review`, `cards` and `export anki` with an
    # unexpected error. Refused now, in one line, before any backup; the library still works.
    from reader.store.backup import backups

    doc = good_doc(filled)
    mutate(doc)
    conn.execute("DELETE FROM deck_settings")       # the CLI's library: cards, no parameters
    before = counts(conn)
    err = refuse(cli, tmp_path, snapshot.dumps(doc), place)
    assert counts(conn) == before and backups(paths) == []
    monkeypatch.setenv("PAPERDECK_NOW", "2026-02-06T09:00:00Z")
    for verb in (("due",), ("cards",), ("export", "anki", "-o", str(tmp_path / "x.apkg"))):
        code, _, err = cli(*verb)
        assert code == 0 and "unexpected" not in err, (verb, err)


def test_the_export_paperdeck_writes_passes_every_rule(filled, other):
    # The rules hold paperdeck's own output: a round trip through them changes nothing.
    restore.restore(other, good_doc(filled))
    assert dump(other) == dump(filled)


def test_settings_are_checked_in_linear_time(conn, home, tmp_path):
    # 300,000 names under settings: cost N² (still running after 120 s); refused at once now.
    import time

    from tests.processes import run_cli

    path = tmp_path / "many.yaml"
    path.write_text("format: paperdeck\nversion: 1\nsettings:\n"
                    + "".join(f"  k{i}: 1\n" for i in range(300_000)))
    start = time.monotonic()
    code, _, err = run_cli(home, "import", "yaml", str(path), timeout=60)
    assert code == 2 and time.monotonic() - start < 30
    assert err == "paperdeck: settings.k0: unknown setting 'k0'; paperdeck stores only: parameters\n"


def test_a_file_of_two_documents_is_refused(filled, conn, cli, tmp_path):
    text = dump(filled)
    err = refuse(cli, tmp_path, text + "---\n" + text, "more than one YAML document (---); an "
                 "import is one document")
    assert "bad.yaml line" in err
