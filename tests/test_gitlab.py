"""`--format gitlab` (issue 21 item 20): GitLab's Code Quality report, as ruff writes it,
validated against the documented format (written down in tests/data), fingerprints unique
within a report and stable across runs, paths relative to `CI_PROJECT_DIR`."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import EXAMPLES
from custorg.cli import main
from custorg.findings import Entity, Finding, Location, Severity
from custorg.formatters import gitlab

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "telecom.gitlab.json"
SCHEMA = json.loads((Path(__file__).parent / "data" / "gitlab-codequality.schema.json")
                    .read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft7Validator(SCHEMA)


def valid(text: str) -> list[dict[str, Any]]:
    """The report, checked against GitLab's schema and for unique fingerprints."""
    data = json.loads(text)
    errors = sorted(VALIDATOR.iter_errors(data), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    fingerprints = [row["fingerprint"] for row in data]
    assert len(set(fingerprints)) == len(fingerprints)
    return list(data)


def gitlab_of(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, Any]]]:
    code = main(["audit", "--format", "gitlab", *args])
    return code, valid(capsys.readouterr().out)


def finding(message: str = "unit 'u' has 12 child units", line: int = 3,
            severity: Severity = Severity.WARNING, entity: str = "u",
            file: str = "org.yaml") -> Finding:
    return Finding("S004", "wide-span", severity, message, Location(file, line, 5),
                   Entity("unit", entity))


@pytest.fixture(autouse=True)
def _no_gitlab(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(gitlab.PROJECT_DIR, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


def test_golden_telecom(capsys: pytest.CaptureFixture[str],
                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The telecom example as GitLab's widget reads it (reviewed by eye; regenerate with
    UPDATE_GOLDEN=1)."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv(gitlab.PROJECT_DIR, str(ROOT))
    code = main(["audit", "examples/telecom", "--format", "gitlab", "--fail-on", "never"])
    out = capsys.readouterr().out
    assert code == 0
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.write_text(out, encoding="utf-8")
    assert out == GOLDEN.read_text(encoding="utf-8")
    rows = valid(out)
    assert {row["location"]["path"] for row in rows} <= {
        f"examples/telecom/{p.name}" for p in (EXAMPLES / "telecom").glob("*.yaml")}


def test_the_fingerprint_is_the_findings_own(capsys: pytest.CaptureFixture[str],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The one fingerprint of custorg (SARIF's, the baseline's) when it is not repeated."""
    monkeypatch.chdir(ROOT)
    _, rows = gitlab_of(capsys, "examples/telecom", "--fail-on", "never")
    main(["audit", "--format", "sarif", "examples/telecom", "--fail-on", "never"])
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    assert [r["fingerprint"] for r in rows] == [
        r["partialFingerprints"]["custorg/v2"] for r in results]


@pytest.mark.parametrize(("severity", "expected"), [
    (Severity.ERROR, "critical"), (Severity.WARNING, "major"), (Severity.INFO, "info")])
def test_severity(severity: Severity, expected: str) -> None:
    [row] = json.loads(gitlab.render([finding(severity=severity)], ["org.yaml"]))
    assert row["severity"] == expected


def test_fields_as_ruff_writes_them() -> None:
    f = finding()
    [row] = valid(gitlab.render([f], ["org.yaml"]))
    assert row == {"description": "S004 wide-span: unit 'u' has 12 child units",
                   "check_name": "S004", "fingerprint": f.fingerprint(), "severity": "major",
                   "location": {"path": "org.yaml", "lines": {"begin": 3}}}


def test_a_finding_about_a_whole_file_is_on_line_1() -> None:
    [row] = valid(gitlab.render([finding(line=0)], ["org.yaml"]))
    assert row["location"]["lines"] == {"begin": 1}


def test_repeated_fingerprints_get_an_occurrence_index() -> None:
    """Two findings whose fingerprint is the same (only a count differs): the first keeps
    it, the second gets it hashed with its occurrence number, in the findings' sorted
    order whatever order they come in, so the report is the same on every run."""
    first, second, third = (finding(f"unit 'u' has {n} child units", line=n)
                            for n in (11, 12, 13))
    assert first.fingerprint() == second.fingerprint() == third.fingerprint()
    rows = valid(gitlab.render([first, second, third], ["org.yaml"]))
    assert rows[0]["fingerprint"] == first.fingerprint()
    assert rows[1]["fingerprint"] == gitlab.rehash(first.fingerprint(), "2")
    assert rows[2]["fingerprint"] == gitlab.rehash(first.fingerprint(), "3")
    shuffled = valid(gitlab.render([third, first, second], ["org.yaml"]))
    by_line = {r["location"]["lines"]["begin"]: r["fingerprint"] for r in shuffled}
    assert by_line == {r["location"]["lines"]["begin"]: r["fingerprint"] for r in rows}


def test_unique_never_reuses_a_fingerprint_already_taken() -> None:
    base = "a" * 32
    taken = gitlab.rehash(base, "2")
    assert gitlab.unique([base, taken, base]) == [base, taken,
                                                  gitlab.rehash(base, "3")]


def test_each_makes_one_report_with_unique_fingerprints(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """--each: one combined report; the same org twice repeats every finding, and the
    fingerprints stay unique; a finding of org a keeps its fingerprint when org b goes."""
    monkeypatch.chdir(ROOT)
    code, both = gitlab_of(capsys, "--each", "examples/telecom", "examples/telecom",
                           "--fail-on", "never")
    assert code == 0
    _, one = gitlab_of(capsys, "--each", "examples/telecom", "--fail-on", "never")
    _, plain = gitlab_of(capsys, "examples/telecom", "--fail-on", "never")
    assert len(both) == 2 * len(one) == 2 * len(plain)
    assert both[:len(one)] == one
    assert {r["fingerprint"] for r in one}.isdisjoint(r["fingerprint"] for r in plain)


def test_paths_are_relative_to_ci_project_dir(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "builds" / "group" / "project"
    shutil.copytree(EXAMPLES / "telecom", project / "org")
    monkeypatch.chdir(tmp_path)
    _, outside = gitlab_of(capsys, "builds/group/project/org", "--fail-on", "never")
    assert outside[0]["location"]["path"].startswith("builds/group/project/org/")
    monkeypatch.setenv(gitlab.PROJECT_DIR, str(project))
    _, rows = gitlab_of(capsys, "builds/group/project/org", "--fail-on", "never")
    assert rows and all(r["location"]["path"].startswith("org/") for r in rows)
    monkeypatch.chdir(project / "org")  # a relative CI_PROJECT_DIR is read from the cwd
    monkeypatch.setenv(gitlab.PROJECT_DIR, "..")
    _, inside = gitlab_of(capsys, ".", "--fail-on", "never")
    assert [r["location"]["path"] for r in inside] == [r["location"]["path"] for r in rows]


def test_a_file_outside_the_project_is_relative_with_dots(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "project").mkdir()
    (tmp_path / "org.yaml").write_text("units: []\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(gitlab.PROJECT_DIR, str(tmp_path / "project"))
    [row] = valid(gitlab.render([finding()], ["org.yaml"]))
    assert row["location"]["path"] == "../org.yaml"


HOSTILE_ORG = """\
units:
  - {id: board, name: "Board ::error::x"}
  - {id: "u1::error::x", name: "\\u202eevil \\"quoted\\"", parent: board, function: sales}
  - {id: u2, name: "B\\u3000::warning::y", parent: board, function: ops}
processes:
  - {id: "p##[group]g", strategic: true, volume: 3,
     steps: [customer, "u1::error::x", u2, "u1::error::x", customer]}
"""


def test_hostile_names_are_json_exact_and_inert_in_a_log(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Names with `##[`, `::`, quotes and a bidi control: the decoded report has them
    exactly; the text written has no `##[` and no raw hidden character."""
    folder = tmp_path / "##[group]org"
    folder.mkdir()
    (folder / "org.yaml").write_text(HOSTILE_ORG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["audit", "--format", "gitlab", "##[group]org", "--fail-on", "never"])
    out = capsys.readouterr().out
    assert code == 0
    assert "##[" not in out and "\u202e" not in out and "\u3000" not in out
    rows = valid(out)
    assert {r["location"]["path"] for r in rows} == {"##[group]org/org.yaml"}
    text = "\n".join(r["description"] for r in rows)
    assert "strategic process 'p##[group]g' has no owner" in text
    assert "'u1::error::x' -> 'u2'" in text
    assert "M003 suspicious-characters" in text
