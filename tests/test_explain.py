"""`custorg explain CODE` and `custorg explain --list` (issue 3 part 5): the rule's
documentation, rendered with rich on a terminal and plain when piped; the list shows
code, name, default severity and whether the current config enables the rule. Rule
names work wherever codes do."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from custorg.audit.config import Config, from_mapping
from custorg.cli import main
from custorg.cli.reference import explanation, listing
from custorg.rules import REGISTRY, known_codes

CODES = known_codes()

ALL = sorted(REGISTRY)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(autouse=True)
def no_config_around(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in an empty folder, so no custorg.toml or pyproject.toml is discovered."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def explain(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["explain", *args])
    out, err = capsys.readouterr()
    return code, out, err


# ----------------------------------------------------------------------------- one rule


@pytest.mark.parametrize("code", ALL)
def test_every_rule_is_explained(capsys: pytest.CaptureFixture[str], code: str) -> None:
    rule = REGISTRY[code]
    status, out, err = explain(capsys, code)
    assert status == 0 and err == ""
    assert out.startswith(f"{code} {rule.name} (default severity: {rule.severity})\n")
    assert rule.doc.strip() in out
    assert not ANSI.search(out)                     # piped: plain text


@pytest.mark.parametrize("code", ALL)
def test_every_rule_documents_what_why_and_how(code: str) -> None:
    doc = REGISTRY[code].doc
    for section in ("What it checks:", "Why it matters:", "How to fix:"):
        assert section in doc, f"{code} has no {section!r}"


@pytest.mark.parametrize("code", ALL)
def test_every_rule_renders_with_rich(code: str) -> None:
    rule = REGISTRY[code]
    out = explanation(rule, Config(), color=True)
    plain = ANSI.sub("", out)
    assert ANSI.search(out)
    assert rule.code in plain and rule.name in plain
    assert "How to fix:" in plain
    assert rule.summary.replace("`", "") in plain    # inline code is styled


@pytest.mark.parametrize("spelling", ["P003", "p003", "too-many-handoffs", "Too-Many-Handoffs",
                                      " P003 "])
def test_codes_in_any_case_and_names(capsys: pytest.CaptureFixture[str], spelling: str) -> None:
    status, out, _ = explain(capsys, spelling)
    assert status == 0
    assert out.startswith("P003 too-many-handoffs")


@pytest.mark.parametrize(("wrong", "suggestion"), [("P01", "P001"), ("pingpong", "ping-pong"),
                                                   ("too-many-handofs", "too-many-handoffs")])
def test_unknown_rule_is_a_usage_error_with_a_suggestion(
        capsys: pytest.CaptureFixture[str], wrong: str, suggestion: str) -> None:
    status, out, err = explain(capsys, wrong)
    assert status == 2 and out == ""
    assert f"unknown rule {wrong!r}" in err
    assert f"did you mean {suggestion!r}" in err


@pytest.mark.parametrize("args", [[], ["P003", "--list"]])
def test_a_code_or_list_is_needed(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    status, _, err = explain(capsys, *args)
    assert status == 2 and "--list" in err


def test_the_config_line(capsys: pytest.CaptureFixture[str], no_config_around: Path) -> None:
    assert "On in the defaults" in explain(capsys, "P003")[1]
    (no_config_around / "custorg.toml").write_text(
        'ignore = ["P004"]\n[severity]\nP003 = "error"\n', encoding="utf-8")
    assert "with severity error set in" in explain(capsys, "P003")[1]
    assert "Turned off by" in explain(capsys, "ping-pong")[1]
    assert "Always on" in explain(capsys, "F002")[1]


# ----------------------------------------------------------------------------- --list


def rows(out: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split()[1:4] for line in out.splitlines()[2:]}


def test_list_shows_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = explain(capsys, "--list")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "config: none (defaults)"
    assert lines[1].split() == ["code", "name", "severity", "enabled", "summary"]
    table = rows(out)
    assert sorted(table) == ALL
    for code, (name, severity, enabled) in table.items():
        rule = REGISTRY[code]
        assert (name, severity) == (rule.name, str(rule.severity))
        assert enabled == ("always" if code.startswith("F") or code in ("S001", "S002", "S003")
                           else "yes")
    assert not ANSI.search(out)


def test_list_follows_the_discovered_config(capsys: pytest.CaptureFixture[str],
                                           no_config_around: Path) -> None:
    config = no_config_around / "custorg.toml"
    config.write_text('select = ["P", "S"]\nignore = ["P00", "narrow-span"]\n'
                      '[severity]\nP003 = "error"\n', encoding="utf-8")
    _, out, _ = explain(capsys, "--list")
    assert out.splitlines()[0] == "config: custorg.toml"      # relative to the working dir
    table = rows(out)
    assert table["C001"][2] == "no"
    assert table["P001"][2] == "no"
    assert table["S004"][2] == "yes"
    assert table["S006"][2] == "no"
    assert table["S001"][2] == "always"
    assert table["F004"][2] == "always"
    assert "warning -> error" in next(line for line in out.splitlines()
                                      if line.startswith("P003"))


def test_list_with_an_explicit_config(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.toml"
    other.write_text('ignore = ["C"]\n', encoding="utf-8")
    _, out, _ = explain(capsys, "--list", "--config", str(other))
    assert rows(out)["C001"][2] == "no" and rows(out)["P001"][2] == "yes"


def test_a_bad_config_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                       no_config_around: Path) -> None:
    (no_config_around / "custorg.toml").write_text("colour = 1\n", encoding="utf-8")
    status, _, err = explain(capsys, "--list")
    assert status == 2 and "`colour`" in err and "custorg.toml" in err


def test_list_renders_a_rich_table() -> None:
    cfg = from_mapping({"ignore": ["C"]}, "custorg.toml", CODES)
    out = listing(cfg, color=True)
    plain = ANSI.sub("", out)
    assert ANSI.search(out)
    for code in ALL:
        assert code in plain
    assert "config: custorg.toml" in plain
