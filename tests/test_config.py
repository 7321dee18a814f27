"""Configuration (interface.md, issue 3 part 1): `--config`, `custorg.toml`,
`[tool.custorg]` in pyproject.toml found upward from the first path; select, ignore,
fail-on, per-rule severity and thresholds; command-line options override the file; a bad
config is a usage error (exit 2) naming the key and the file."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from custorg.audit.config import Config, find_config, from_mapping, load_config
from custorg.cli import main
from custorg.errors import UsageError
from custorg.findings import Severity
from custorg.rules import known_codes
from custorg.thresholds import Thresholds

CODES = known_codes()

# C001 error, C007 warning, C004 info, S006 info (sales has one child unit)
ORG = """\
units:
  - {id: board, kind: board}
  - {id: sales, parent: board, function: sales}
  - {id: shop, parent: sales, function: sales}
  - {id: hr, parent: board, function: hr}
"""


@pytest.fixture
def org(tmp_path: Path) -> Path:
    path = tmp_path / "repo" / "org" / "org.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(ORG, encoding="utf-8")
    return path


def put(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def audit_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict, str]:
    code = main(["audit", "--format", "json", *args])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out else {}), err


def codes(report: dict) -> list[str]:
    return sorted(f["code"] for f in report["findings"])


# ----------------------------------------------------------------------------- enabled


@pytest.mark.parametrize(("select", "ignore", "code", "on"), [
    ((), (), "P003", True),                    # nothing selected: everything runs
    ((), ("P",), "P003", False),               # ignore by family prefix
    ((), ("P00",), "P003", False),             # ignore by longer prefix
    ((), ("P004",), "P003", True),             # another code
    (("P",), (), "C001", False),               # not selected
    (("P",), (), "P003", True),
    (("P",), ("P003",), "P003", False),        # ignore more specific than select
    (("P003",), ("P",), "P003", True),         # select more specific than ignore
    (("P",), ("P",), "P003", False),           # a tie: ignore wins
    (("P00",), ("P0",), "P003", True),
    (("C",), ("C",), "F001", True),            # format errors cannot be turned off
    ((), ("S",), "S001", True),                # neither can cycles, references, duplicates
    ((), ("S",), "S002", True),
    ((), ("S",), "S003", True),
    ((), ("S",), "S004", False),
    (("P",), (), "S003", True),
    ((), ("M",), "M002", False),
])
def test_enabled_longest_prefix_wins(select: tuple, ignore: tuple, code: str, on: bool) -> None:
    assert Config(select=select, ignore=ignore).enabled(code) is on


# ----------------------------------------------------------------------------- discovery


def test_no_config_means_defaults(org: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report, _ = audit_json(capsys, str(org))
    assert code == 1
    assert codes(report) == ["C001", "C004", "C007", "S006"]


def test_custorg_toml_beside_the_org(org: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(org.parent / "custorg.toml", 'ignore = ["C001"]\n')
    code, report, _ = audit_json(capsys, str(org))
    assert code == 0
    assert "C001" not in codes(report)


def test_custorg_toml_found_upward_from_a_folder(org: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    put(org.parent.parent / "custorg.toml", 'ignore = ["C001"]\n')
    code, report, _ = audit_json(capsys, str(org.parent))
    assert code == 0 and "C001" not in codes(report)


def test_pyproject_tool_table(org: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(org.parent.parent / "pyproject.toml", """\
        [project]
        name = "our-org"

        [tool.custorg]
        ignore = ["C001"]
        """)
    code, report, _ = audit_json(capsys, str(org))
    assert code == 0 and "C001" not in codes(report)


def test_pyproject_without_tool_custorg_is_skipped(org: Path) -> None:
    put(org.parent / "pyproject.toml", '[tool.ruff]\nline-length = 99\n')
    above = put(org.parent.parent / "custorg.toml", 'fail-on = "never"\n')
    assert find_config(org) == above


def test_custorg_toml_wins_over_pyproject_in_the_same_folder(org: Path) -> None:
    put(org.parent / "pyproject.toml", '[tool.custorg]\nfail-on = "info"\n')
    toml = put(org.parent / "custorg.toml", 'fail-on = "never"\n')
    assert find_config(org) == toml
    assert load_config(None, str(org), CODES).fail_on is None


def test_the_nearest_config_wins(org: Path) -> None:
    put(org.parent.parent / "custorg.toml", 'fail-on = "info"\n')
    near = put(org.parent / "custorg.toml", 'fail-on = "warning"\n')
    cfg = load_config(None, str(org), CODES)
    assert cfg.source == str(near) and cfg.fail_on is Severity.WARNING


def test_only_the_first_path_decides(org: Path, tmp_path: Path) -> None:
    other = put(tmp_path / "elsewhere" / "org.yaml", ORG)
    put(org.parent / "custorg.toml", 'fail-on = "never"\n')
    assert load_config(None, str(other), CODES).source is None
    assert load_config(None, str(org), CODES).fail_on is None


def test_stdin_searches_from_the_working_directory(org: Path, monkeypatch: pytest.MonkeyPatch
                                                   ) -> None:
    put(org.parent / "custorg.toml", 'fail-on = "never"\n')
    monkeypatch.chdir(org.parent)
    assert load_config(None, "-", CODES).fail_on is None


def test_explicit_config_wins_over_discovery(org: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    put(org.parent / "custorg.toml", 'fail-on = "info"\n')
    explicit = put(tmp_path / "ci.toml", 'fail-on = "never"\n')
    code, _, _ = audit_json(capsys, str(org), "--config", str(explicit))
    assert code == 0


def test_explicit_pyproject(org: Path, tmp_path: Path) -> None:
    explicit = put(tmp_path / "pyproject.toml", '[tool.custorg]\nmax-span = 3\n')
    assert load_config(str(explicit), str(org), CODES).thresholds.max_span == 3


# ----------------------------------------------------------------------------- keys


def test_every_key(tmp_path: Path) -> None:
    cfg = load_config(str(put(tmp_path / "custorg.toml", """\
        select = ["P", "C001", "wide-span"]
        ignore = "P006"
        fail-on = "warning"
        max-span = 8
        max-layers = 5
        owner-max-depth = 2
        max-handoffs = 3
        max-contact-units = 2
        silo-ei-threshold = -0.25

        [severity]
        P003 = "error"
        ping-pong = "info"
        """)), None, CODES)
    assert cfg.select == ("P", "C001", "S004")
    assert cfg.ignore == ("P006",)
    assert cfg.fail_on is Severity.WARNING
    assert cfg.severity == {"P003": Severity.ERROR, "P004": Severity.INFO}
    assert cfg.thresholds == Thresholds(max_span=8, max_layers=5, owner_max_depth=2,
                                        max_handoffs=3, max_contact_units=2,
                                        silo_ei_threshold=-0.25)


def test_codes_and_names_in_any_case(tmp_path: Path) -> None:
    cfg = from_mapping({"ignore": ["p003", "Ping-Pong", "c"]}, "x.toml", CODES)
    assert cfg.ignore == ("P003", "P004", "C")


def test_integer_for_a_float_threshold(tmp_path: Path) -> None:
    cfg = from_mapping({"silo-ei-threshold": -1}, "x.toml", CODES)
    assert cfg.thresholds.silo_ei_threshold == -1.0


def test_select_and_ignore_in_the_file(org: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(org.parent / "custorg.toml", 'select = ["C"]\nignore = ["C004"]\n')
    _, report, _ = audit_json(capsys, str(org))
    assert codes(report) == ["C001", "C007"]


def test_severity_changes_findings_and_the_exit_code(org: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    put(org.parent / "custorg.toml", '[severity]\nC001 = "warning"\nS006 = "warning"\n')
    code, report, _ = audit_json(capsys, str(org))
    assert code == 0
    sev = {f["code"]: f["severity"] for f in report["findings"]}
    assert sev == {"C001": "warning", "C004": "info", "C007": "warning", "S006": "warning"}
    assert report["summary"] == {"error": 0, "warning": 3, "info": 1, "suppressed": 0}


def test_severity_raised_to_error_fails(org: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(org.parent / "custorg.toml", 'ignore = ["C001"]\n[severity]\nno-customer-kpi = "error"\n')
    code, _, _ = audit_json(capsys, str(org))
    assert code == 1


def test_fail_on_in_the_file(org: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(org.parent / "custorg.toml", 'ignore = ["C001"]\nfail-on = "warning"\n')
    assert audit_json(capsys, str(org))[0] == 1
    put(org.parent / "custorg.toml", 'ignore = ["C001", "C007"]\nfail-on = "warning"\n')
    assert audit_json(capsys, str(org))[0] == 0


def test_threshold_in_the_file(org: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(org.parent / "custorg.toml", "max-span = 1\n")
    _, report, _ = audit_json(capsys, str(org))
    assert "S004" in codes(report)


# ----------------------------------------------------------------------------- precedence


def test_command_line_fail_on_overrides_the_file(org: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    put(org.parent / "custorg.toml", 'fail-on = "never"\n')
    assert audit_json(capsys, str(org))[0] == 0
    assert audit_json(capsys, str(org), "--fail-on", "error")[0] == 1


def test_command_line_select_replaces_the_file_select(org: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    put(org.parent / "custorg.toml", 'select = ["C"]\n')
    _, report, _ = audit_json(capsys, str(org), "--select", "S")
    assert codes(report) == ["S006"]


def test_command_line_select_also_replaces_the_file_ignore(
        org: Path, capsys: pytest.CaptureFixture[str]) -> None:
    put(org.parent / "custorg.toml", 'ignore = ["S006", "C004"]\n')
    _, report, _ = audit_json(capsys, str(org), "--select", "S006,C")
    assert codes(report) == ["C001", "C004", "C007", "S006"]
    _, report, _ = audit_json(capsys, str(org), "--select", "S006,C", "--ignore", "C004")
    assert codes(report) == ["C001", "C007", "S006"]


def test_command_line_ignore_adds_to_the_file_ignore(org: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    put(org.parent / "custorg.toml", 'ignore = ["C001"]\n')
    _, report, _ = audit_json(capsys, str(org), "--ignore", "S006,no-customer-unit")
    assert codes(report) == ["C007"]


# ----------------------------------------------------------------------------- errors

BAD = [
    ("colour = true", "colour"),
    ("max_span = 3", "max_span"),                        # with a suggestion, see below
    ('select = ["P999"]', "select"),
    ('ignore = ["no-such-rule"]', "ignore"),
    ("select = 3", "select"),
    ("ignore = [1, 2]", "ignore"),
    ("fail-on = 1", "fail-on"),
    ("fail-on = [\"error\"]", "fail-on"),
    ('fail-on = "sometimes"', "fail-on"),
    ('severity = "error"', "severity"),
    ('[severity]\nP999 = "error"', "[severity]"),
    ('[severity]\nP003 = 3', "[severity] P003"),
    ('[severity]\nP003 = "fatal"', "[severity] P003"),
    ('[severity]\nP = "error"', "[severity] P"),
    ('[severity]\nF001 = "warning"', "[severity] F001"),
    ('max-span = "ten"', "max-span"),
    ("max-span = 2.5", "max-span"),
    ("max-span = true", "max-span"),
    ("max-handoffs = -1", "max-handoffs"),
    ("silo-ei-threshold = 2", "silo-ei-threshold"),
    ('silo-ei-threshold = "low"', "silo-ei-threshold"),
]


@pytest.mark.parametrize(("text", "key"), BAD, ids=[b[0] for b in BAD])
def test_bad_config_is_a_usage_error_naming_key_and_file(
        org: Path, capsys: pytest.CaptureFixture[str], text: str, key: str) -> None:
    config = put(org.parent / "custorg.toml", text + "\n")
    code = main(["audit", str(org)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert str(config) in err
    assert f"`{key}`" in err


@pytest.mark.parametrize(("text", "key"), BAD[:4], ids=[b[0] for b in BAD[:4]])
def test_bad_pyproject_table_names_key_and_file(
        org: Path, capsys: pytest.CaptureFixture[str], text: str, key: str) -> None:
    config = put(org.parent / "pyproject.toml", "[tool.custorg]\n" + text + "\n")
    assert main(["audit", str(org)]) == 2
    err = capsys.readouterr().err
    assert str(config) in err and f"`{key}`" in err


def test_unknown_key_suggests_the_right_one() -> None:
    with pytest.raises(UsageError, match="did you mean 'max-span'"):
        from_mapping({"max_span": 3}, "custorg.toml", CODES)


def test_unknown_code_suggests_a_rule() -> None:
    with pytest.raises(UsageError, match="did you mean 'ping-pong'"):
        from_mapping({"ignore": ["ping-pnog"]}, "custorg.toml", CODES)


def test_invalid_toml_names_the_file(org: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = put(org.parent / "custorg.toml", "select = [\n")
    assert main(["audit", str(org)]) == 2
    err = capsys.readouterr().err
    assert str(config) in err and "invalid TOML" in err


def test_tool_custorg_must_be_a_table(org: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = put(org.parent / "pyproject.toml", '[tool]\ncustorg = "yes"\n')
    assert main(["audit", str(org)]) == 2
    err = capsys.readouterr().err
    assert str(config) in err and "tool.custorg" in err


def test_missing_config_file(org: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", str(org), "--config", "nope.toml"]) == 2
    assert "nope.toml" in capsys.readouterr().err


@pytest.mark.parametrize("args", [["--fail-on", "sometimes"], ["--select", "P999"],
                                  ["--ignore", "X9"]])
def test_bad_command_line_options_are_usage_errors(org: Path, capsys: pytest.CaptureFixture[str],
                                                   args: list[str]) -> None:
    assert main(["audit", str(org), *args]) == 2
    assert args[0] in capsys.readouterr().err


def test_a_config_below_the_working_directory_is_named_relative(
        org: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    put(org.parent / "custorg.toml", "colour = 1\n")
    monkeypatch.chdir(org.parent.parent)
    assert main(["audit", "org"]) == 2
    assert capsys.readouterr().err.startswith("custorg: error: org/custorg.toml: unknown key")
