"""`--format sarif` (issue 3 part 3): SARIF 2.1.0 that GitHub code scanning accepts,
validated against the official OASIS schema (vendored in tests/data)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import EXAMPLES
from custorg.audit.engine import Report, audit
from custorg.cli import main
from custorg.findings import Entity, Finding, Location, Severity
from custorg.formatters import sarif
from custorg.rules import REGISTRY

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json")
                    .read_text(encoding="utf-8"))
# jsonschema checks "uri" formats only with optional packages; check them here: ASCII
# URI characters, percent signs followed by two hex digits.
URI = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
FORMATS = jsonschema.FormatChecker()
FORMATS.checks("uri")(lambda value: not isinstance(value, str) or bool(URI.match(value)))
FORMATS.checks("uri-reference")(lambda value: not isinstance(value, str) or
                                bool(URI.match(value)))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA, format_checker=FORMATS)


def valid(text: str) -> dict[str, Any]:
    data = json.loads(text)
    errors = sorted(VALIDATOR.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    return data


def run_of(data: dict[str, Any]) -> dict[str, Any]:
    [run] = data["runs"]
    return run


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git working tree (a `.git` folder is enough) holding the telecom example under
    org/, with the working directory inside it."""
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    shutil.copytree(EXAMPLES / "telecom", tmp_path / "repo" / "org")
    monkeypatch.chdir(tmp_path / "repo")
    return tmp_path / "repo"


def sarif_of(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["audit", "--format", "sarif", *args])
    return code, valid(capsys.readouterr().out)


# ----------------------------------------------------------------------------- schema


def test_the_telecom_example_is_valid_sarif(repo: Path, capsys: pytest.CaptureFixture[str]
                                            ) -> None:
    code, data = sarif_of(capsys, "org")
    assert code == 1
    assert data["version"] == "2.1.0"
    run = run_of(data)
    assert run["tool"]["driver"]["name"] == "custorg"
    assert len(run["results"]) == 56


def test_a_clean_org_is_valid_sarif_with_no_results(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = sarif_of(capsys, str(EXAMPLES / "bakery"), "--ignore", "S006")
    assert code == 0
    assert run_of(data)["results"] == []


@pytest.mark.parametrize(("text", "expected"), [
    ("units:\n  - id: a\n\tname: x\n", ["F002"]),
    ("units:\n  - {id: a, parent: b}\n  - {id: a}\n", ["S002", "S003"]),
    ("units:\n  - {id: a, parent: a}\n", ["S001"]),
    ("units:\n  - {id: a, nmae: x}\n", ["F004"]),
    ("units: [{id: a}]\nunits: []\n", ["F003"]),
    ("", ["F002"]),
])
def test_errors_that_stop_analysis_are_valid_sarif(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: list[str]
) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(text, encoding="utf-8")
    code, data = sarif_of(capsys, str(path))
    assert code == 1
    results = run_of(data)["results"]
    assert sorted(r["ruleId"] for r in results) == expected
    assert all(r["level"] == "error" for r in results)


def test_validate_command_writes_sarif_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                           ) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("units:\n  - {id: a, parent: b}\n", encoding="utf-8")
    assert main(["validate", "--format", "sarif", str(path)]) == 1
    [result] = run_of(valid(capsys.readouterr().out))["results"]
    assert result["ruleId"] == "S002"


def test_a_file_level_finding_has_no_region(tmp_path: Path) -> None:
    f = Finding("F001", "unreadable-file", Severity.ERROR, "file is 70 MiB",
                Location("big.yaml"), Entity("org", "big.yaml"))
    data = valid(sarif.render(Report(["big.yaml"], [f])))
    location = run_of(data)["results"][0]["locations"][0]["physicalLocation"]
    assert "region" not in location
    assert location["artifactLocation"]["uri"]


def test_standard_input(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
                        ) -> None:
    import io
    import sys

    stdin = io.TextIOWrapper(io.BytesIO(b"units:\n  - {id: a, parent: b}\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    _, data = sarif_of(capsys, "-")
    [result] = run_of(data)["results"]
    assert "uriBaseId" not in result["locations"][0]["physicalLocation"]["artifactLocation"]


# ----------------------------------------------------------------------------- rules


def test_the_driver_describes_every_rule_with_its_documentation(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, data = sarif_of(capsys, str(EXAMPLES / "telecom"))
    run = run_of(data)
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(REGISTRY)
    for rule in rules:
        doc = REGISTRY[rule["id"]]
        assert rule["name"] == doc.name
        assert rule["shortDescription"]["text"] == doc.summary
        assert rule["fullDescription"]["text"].startswith(doc.summary)
        assert rule["help"]["text"] == doc.doc
        assert "How to fix" in rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] == {"error": "error", "warning": "warning",
                                                         "info": "note"}[str(doc.severity)]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_examples_in_the_help_are_yaml_code_blocks() -> None:
    rule = sarif.rule_descriptor(REGISTRY["I002"])
    assert "**Example (fails):**\n\n```yaml\n" in rule["help"]["markdown"]
    assert "**What it checks:**" in rule["help"]["markdown"]


# ----------------------------------------------------------------------------- results


def test_levels_messages_and_locations(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data = sarif_of(capsys, "org")
    run = run_of(data)
    report = audit(["org"])
    assert [r["level"] for r in run["results"]] == [
        {"error": "error", "warning": "warning", "info": "note"}[str(f.severity)]
        for f in report.findings]
    assert {r["level"] for r in run["results"]} == {"error", "warning", "note"}
    first, f = run["results"][0], report.findings[0]
    assert first["message"]["text"] == f.message
    physical = first["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "org/customer.yaml", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {"startLine": f.location.line, "startColumn": f.location.column}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.as_uri() + "/"


def test_paths_are_relative_to_the_repository_root_from_any_folder(
        repo: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo / "org")
    _, data = sarif_of(capsys, ".")
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in run_of(data)["results"]}
    assert uris == {"org/customer.yaml", "org/interfaces.yaml", "org/org.yaml",
                    "org/processes.yaml"}


def test_outside_a_repository_paths_are_relative_to_the_working_directory(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(EXAMPLES / "bakery" / "org.yaml", tmp_path / "org.yaml")
    monkeypatch.chdir(tmp_path)
    if any((p / ".git").exists() for p in (tmp_path, *tmp_path.parents)):
        pytest.skip("the temporary folder is inside a git repository")
    _, data = sarif_of(capsys, "org.yaml")
    run = run_of(data)
    [result] = run["results"]                      # S006
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "org.yaml"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.as_uri() + "/"


def test_names_in_any_script_are_percent_encoded(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "struktura organizacyjna"
    folder.mkdir()
    shutil.copy(EXAMPLES / "bakery" / "org.yaml", folder / "Łódź 100%.yaml")
    monkeypatch.chdir(tmp_path)
    _, data = sarif_of(capsys, str(folder))
    [result] = run_of(data)["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "struktura%20organizacyjna/%C5%81%C3%B3d%C5%BA%20100%25.yaml"


def test_related_locations(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("units:\n  - {id: a}\n  - {id: a}\n", encoding="utf-8")
    _, data = sarif_of(capsys, str(path))
    [result] = run_of(data)["results"]
    assert result["ruleId"] == "S003"
    [related] = result["relatedLocations"]
    assert related["physicalLocation"]["region"] == {"startLine": 2, "startColumn": 10}


def test_suppressed_findings_only_on_request_with_their_reason(
        capsys: pytest.CaptureFixture[str]) -> None:
    _, data = sarif_of(capsys, str(EXAMPLES / "telecom"))
    assert not any("suppressions" in r for r in run_of(data)["results"])
    data = valid(sarif.render(audit([str(EXAMPLES / "telecom")]), show_suppressed=True))
    [suppressed] = [r for r in run_of(data)["results"] if "suppressions" in r]
    assert suppressed["ruleId"] == "C006"
    [entry] = suppressed["suppressions"]
    assert entry["kind"] == "inSource"
    assert entry["justification"].startswith("Audyt wewnętrzny celowo")


# ----------------------------------------------------------------------------- fingerprints


def fingerprints(data: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((r["ruleId"], r["partialFingerprints"]["custorg/v2"])
                  for r in run_of(data)["results"])


def lines(data: dict[str, Any]) -> list[int]:
    return [r["locations"][0]["physicalLocation"]["region"]["startLine"]
            for r in run_of(data)["results"]]


def test_fingerprints_survive_an_edit_that_shifts_lines(repo: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    _, before = sarif_of(capsys, "org")
    for name in ("org.yaml", "processes.yaml", "customer.yaml", "interfaces.yaml"):
        path = repo / "org" / name
        text = path.read_text(encoding="utf-8")
        # an unrelated edit: a comment block at the top and a new x- note further down
        path.write_text("# Reviewed in the Q3 org-design workshop.\n#\n# Next review: Q1.\n"
                        + text + "\nx-review: {by: anna, when: 2026-10-01}\n",
                        encoding="utf-8")
    _, after = sarif_of(capsys, "org")
    assert fingerprints(after) == fingerprints(before)
    assert all(b == a - 3 for a, b in zip(lines(after), lines(before), strict=True))


def test_a_new_problem_gets_a_new_fingerprint(repo: Path, capsys: pytest.CaptureFixture[str]
                                              ) -> None:
    _, before = sarif_of(capsys, "org")
    path = repo / "org" / "interfaces.yaml"
    path.write_text(path.read_text(encoding="utf-8") +
                    "  - {from: magazyn, to: dystrybucja, coordination: \"daily list\", "
                    "feedback: true}\n", encoding="utf-8")
    _, after = sarif_of(capsys, "org")
    new = set(fingerprints(after)) - set(fingerprints(before))
    assert [code for code, _ in new] == ["I003"]


def test_output_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "org", "--format", "sarif", "-o", "custorg.sarif",
                 "--fail-on", "never"]) == 0
    assert capsys.readouterr().out == ""
    valid((repo / "custorg.sarif").read_text(encoding="utf-8"))
