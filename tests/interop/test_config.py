"""config.yaml: defaults, overrides, environment, unknown keys, bad values, `paperdeck config`."""

from __future__ import annotations

import json

import pytest

from reader import config as cfg
from reader.errors import UsageError
from reader.store.paths import resolve


def load(home, text: str | None, environ=None):
    if text is None:
        (home / "config.yaml").unlink(missing_ok=True)
    else:
        (home / "config.yaml").write_text(text, encoding="utf-8")
    return cfg.load(resolve(home), environ or {})


def test_defaults_when_no_file(home):
    c = load(home, None)
    assert c.values == {name: key.default for name, key in cfg.KEYS.items()}
    assert set(c.sources.values()) == {"default"} and c.warnings == ()


def test_every_default_passes_its_own_check():
    for name, key in cfg.KEYS.items():
        assert key.check(key.default), name
        assert key.doc and key.expect, name


def test_nested_and_dotted_keys_override(home):
    c = load(home, "review:\n  desired_retention: 0.85\n  fuzz: false\nbackup.keep: 3\n")
    assert c["review.desired_retention"] == 0.85 and c["review.fuzz"] is False
    assert c["backup.keep"] == 3
    assert c.sources["review.fuzz"] == "config.yaml" and c.sources["review.new_per_day"] == "default"


def test_int_accepted_for_float_keys(home):
    c = load(home, "arxiv:\n  delay_seconds: 5\n")
    assert c["arxiv.delay_seconds"] == 5.0 and isinstance(c["arxiv.delay_seconds"], float)


def test_environment_beats_file(home):
    c = load(home, "arxiv:\n  api_url: http://file.example/api\n",
             {"PAPERDECK_ARXIV_API_URL": "http://env.example/api"})
    assert c["arxiv.api_url"] == "http://env.example/api"
    assert c.sources["arxiv.api_url"] == "PAPERDECK_ARXIV_API_URL"


def test_unknown_keys_warned_by_name(home):
    c = load(home, "review:\n  new_per_dya: 5\ncolour: blue\narxiv:\n  retries: 1\n")
    assert c["arxiv.retries"] == 1
    assert c.warnings == (f"{home / 'config.yaml'}: unknown settings ignored: "
                          "'review.new_per_dya', 'colour'",)


def test_many_unknown_keys_are_one_warning(home, cli):
    (home / "config.yaml").write_text("".join(f"k{i}: 1\n" for i in range(60_000)))
    code, _, err = cli("config")
    assert code == 0
    assert err == (f"paperdeck: warning: {home / 'config.yaml'}: 60000 unknown settings "
                   "ignored: 'k0', 'k1', 'k2', 'k3', 'k4' and 59995 more\n")
    (home / "config.yaml").write_text("".join(f"k{i}: 1\n" for i in range(200_000)))
    code, _, err = cli("config")
    assert code == 2
    assert err == (f"paperdeck: {home / 'config.yaml'} is 2.0 MB, over the 1 MB limit for a "
                   "configuration file; is it the right file?\n")


@pytest.mark.parametrize("text, key, shown", [
    ("review:\n  desired_retention: 1.5\n", "review.desired_retention", "1.5"),
    ("review:\n  desired_retention: high\n", "review.desired_retention", "'high'"),
    ("review:\n  new_per_day: -1\n", "review.new_per_day", "-1"),
    ("review:\n  new_per_day: 2.5\n", "review.new_per_day", "2.5"),
    ("review:\n  new_per_day: true\n", "review.new_per_day", "True"),
    ("review:\n  fuzz: 'yes'\n", "review.fuzz", "'yes'"),
    ("review:\n  day_starts_at_hour: 24\n", "review.day_starts_at_hour", "24"),
    ("arxiv:\n  api_url: ftp://x\n", "arxiv.api_url", "'ftp://x'"),
    ("arxiv:\n  retries: [1, 2]\n", "arxiv.retries", "[1, 2]"),
    ("backup:\n  keep: 0\n", "backup.keep", "0"),
    ("review:\n  desired_retention: {a: 1}\n", "review.desired_retention", "{'a': 1}"),
])
def test_bad_value_names_key_and_value(home, text, key, shown):
    with pytest.raises(UsageError) as e:
        load(home, text)
    msg = str(e.value)
    assert key in msg and shown in msg and "expected" in msg and "\n" not in msg


@pytest.mark.parametrize("text, part", [
    ("review: [unclosed\n", "line"),
    ("- a\n- b\n", "must be a mapping"),
    ("!!python/object/apply:os.system ['true']\n", "line 1: YAML tag"),
    ("review:\n  new_per_day: 5\n  new_per_day: 6\n", "line 3: key 'new_per_day' appears twice"),
    ("arxiv:\n  retries: " + "9" * 5000 + "\n", "line 2: a number of 5000 characters"),
    ("a: &a [1]\nb: *a\n", "line 1: YAML anchors and aliases are not allowed in a "
     "configuration file"),
    ("review:\n  fuzz: true\n---\nreview:\n  fuzz: false\n", "line 3: more than one YAML "
     "document"),
    ("review: " + "[" * 100 + "]" * 100 + "\n", "line 1: nested more than"),
], ids=["unclosed", "not-mapping", "tag", "duplicate", "long-number", "alias", "two-documents",
        "deep"])
def test_unreadable_file_is_one_line(home, text, part):
    with pytest.raises(UsageError) as e:
        load(home, text)
    assert part in str(e.value) and "\n" not in str(e.value)


def test_an_alias_bomb_in_the_config_is_refused_at_once(home):
    # 686 bytes of nested aliases grew every command past 1.37 GB.
    from tests.processes import run_cli

    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} {{{', '.join(f'k{j}: *{chr(97 + i)}' for j in range(9))}}}\n"
        for i in range(8))
    (home / "config.yaml").write_text(bomb)
    code, out, err = run_cli(home, "list", memory=512 << 20)
    assert (code, out) == (2, "")
    assert err == (f"paperdeck: {home / 'config.yaml'} line 1: YAML anchors and aliases are not "
                   "allowed in a configuration file\n")


@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_config_that_is_not_a_file_is_one_line(home, kind):
    import os

    from tests.processes import run_cli

    path = home / "config.yaml"
    path.unlink()
    os.mkfifo(path) if kind == "fifo" else path.mkdir()
    code, out, err = run_cli(home, "list")
    assert (code, out) == (2, "")
    what = "a named pipe (FIFO)" if kind == "fifo" else "a folder"
    assert err == f"paperdeck: {path} is {what}, not a file; make it a file or remove it\n"


def test_empty_file_is_all_defaults(home):
    assert load(home, "").values == load(home, None).values


def test_bad_env_value_names_variable(home):
    with pytest.raises(UsageError, match="PAPERDECK_ARXIV_PDF_URL.*'nope'"):
        load(home, None, {"PAPERDECK_ARXIV_PDF_URL": "nope"})


def test_cli_config_shows_values_sources_and_paths(home, cli):
    (home / "config.yaml").write_text("review:\n  new_per_day: 7\nbogus: 1\n")
    code, out, err = cli("config")
    assert code == 0
    assert "unknown setting ignored: 'bogus'" in err
    line = next(l for l in out.splitlines() if "review.new_per_day" in l)
    assert "7" in line and "config.yaml" in line
    assert str(home / "paperdeck.db") in out and str(home / "backups") in out
    for name in cfg.KEYS:
        assert name in out


def test_cli_config_json(home, cli, monkeypatch):
    monkeypatch.setenv("PAPERDECK_ARXIV_API_URL", "http://127.0.0.1:9/api")
    (home / "config.yaml").write_text("backup:\n  keep: 4\n")
    code, out, _ = cli("config", "--json")
    data = json.loads(out)
    assert data["settings"]["backup.keep"] == {
        "value": 4, "source": "config.yaml", "default": 10, "doc": cfg.KEYS["backup.keep"].doc}
    assert data["settings"]["arxiv.api_url"]["source"] == "PAPERDECK_ARXIV_API_URL"
    assert data["paths"]["database"] == str(home / "paperdeck.db")
    assert data["paths"]["config_file"] == str(home / "config.yaml")
    assert set(data["settings"]) == set(cfg.KEYS)


def test_cli_bad_value_exits_with_one_line(home, cli):
    (home / "config.yaml").write_text("backup:\n  keep: lots\n")
    code, out, err = cli("config")
    assert code == 2 and out == ""
    assert err.strip().count("\n") == 0 and "backup.keep" in err and "'lots'" in err


def test_template_is_valid_and_loads_to_defaults(home, cli):
    code, out, _ = cli("config", "--template")
    assert code == 0
    uncommented = "\n".join(l.replace("# ", "", 1) if l.startswith("# ") and l.endswith(":")
                            else l.replace("#   ", "  ", 1) if not l.startswith("#   #") else ""
                            for l in out.splitlines())
    c = load(home, uncommented)
    assert c.warnings == ()
    assert set(c.sources.values()) == {"config.yaml"}
    assert c.values == {name: key.default for name, key in cfg.KEYS.items()}


def test_reference_table_lists_every_key():
    table = cfg.reference_markdown()
    for name in cfg.KEYS:
        assert f"`{name}`" in table
