"""`--format github` (issue 3 part 4): workflow-command annotations, escaped as the Actions
runner expects: `%`, CR and LF in data and properties, also `:` and `,` in properties."""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES
from custorg.audit.engine import Report, audit
from custorg.cli import main
from custorg.findings import Entity, Finding, Location, Severity
from custorg.formatters import github
from custorg.formatters.github import escape_data, escape_property


def github_of(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["audit", "--format", "github", *args])
    out = capsys.readouterr().out
    assert out == "" or out.endswith("\n")
    return code, out.splitlines()


def finding(message: str = "m", file: str = "org.yaml", line: int = 3, column: int = 5,
            severity: Severity = Severity.WARNING, rule: str = "wide-span") -> Finding:
    return Finding("S004", rule, severity, message, Location(file, line, column),
                   Entity("unit", "u"))


# ----------------------------------------------------------------------------- escaping


@pytest.mark.parametrize(("raw", "escaped"), [
    ("plain", "plain"),
    ("50% of cases", "50%25 of cases"),
    ("two\nlines", "two%0Alines"),
    ("crlf\r\n", "crlf%0D%0A"),
    ("%0A stays literal", "%250A stays literal"),      # % first: no double meaning
    ("a: b, c", "a: b, c"),                             # data keeps : and ,
])
def test_escape_data(raw: str, escaped: str) -> None:
    assert escape_data(raw) == escaped


@pytest.mark.parametrize(("raw", "escaped"), [
    ("org/org.yaml", "org/org.yaml"),
    ("a:b", "a%3Ab"),
    ("a,b", "a%2Cb"),
    ("C:\\org, v2\n%", "C%3A\\org%2C v2%0A%25"),
])
def test_escape_property(raw: str, escaped: str) -> None:
    assert escape_property(raw) == escaped


def test_an_annotation_line() -> None:
    out = github.render(Report(["org.yaml"], [finding("unit 'u' has 12 child units")]))
    assert out == ("::warning file=org.yaml,line=3,col=5,title=S004 wide-span::"
                   "unit 'u' has 12 child units\n")


def test_messages_and_titles_cannot_break_out_of_their_command() -> None:
    f = finding("first\n::error file=x::injected 100%", rule="odd,rule:name")
    [line] = github.render(Report(["org.yaml"], [f])).splitlines()
    assert line == ("::warning file=org.yaml,line=3,col=5,title=S004 odd%2Crule%3Aname::"
                    "first%0A::error file=x::injected 100%25")


def test_severities() -> None:
    report = Report(["org.yaml"], [finding(severity=s) for s in Severity])
    assert [line.split(" ", 1)[0] for line in github.render(report).splitlines()] == [
        "::notice", "::warning", "::error"]


def test_a_finding_about_a_whole_file_has_no_line() -> None:
    out = github.render(Report(["org.yaml"], [finding(line=0, column=0)]))
    assert out.startswith("::warning file=org.yaml,title=S004 wide-span::")


def test_an_unknown_column_is_left_out() -> None:
    out = github.render(Report(["org.yaml"], [finding(column=0)]))
    assert out.startswith("::warning file=org.yaml,line=3,title=")


# ----------------------------------------------------------------------------- command


def test_the_telecom_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = github_of(capsys, str(EXAMPLES / "telecom"))
    report = audit([str(EXAMPLES / "telecom")])
    assert code == 1
    assert len(lines) == len(report.findings)
    assert all(line.startswith(("::error file=examples/telecom/", "::warning file=examples/",
                                "::notice file=examples/")) for line in lines)
    assert ("::error file=examples/telecom/processes.yaml,line=62,col=5,"
            "title=P001 strategic-process-without-owner::strategic process 'repair' has no "
            "owner") in "\n".join(lines)


def test_a_clean_run_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    assert github_of(capsys, str(EXAMPLES / "bakery"), "--ignore", "S006") == (0, [])


def test_paths_are_relative_to_the_repository_root(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    shutil.copytree(EXAMPLES / "bakery", tmp_path / "design" / "bakery")
    monkeypatch.chdir(tmp_path / "design")
    _, [line] = github_of(capsys, "bakery/org.yaml")
    assert line.startswith("::notice file=design/bakery/org.yaml,line=134,col=5,title=S006 ")


def test_ids_with_percent_signs_are_escaped(write: Callable[..., Path],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = write("""\
        units:
          - {id: board, kind: board}
          - {id: "50%0Ateam", parent: board}
          - {id: "x", parent: "50%0Ateam"}
        """)
    _, lines = github_of(capsys, str(path), "--select", "S006")
    # the org declares no work: its layers are unknown, and the note says so (issue 21)
    assert lines[-1].startswith("::notice title=custorg::the org declares no work relation")
    assert len(lines) == 3
    assert "unit '50%250Ateam' has a single child unit ('x')" in lines[1]


def test_format_errors_are_annotations_too(write: Callable[..., Path],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = write("units:\n  - id: a\n\tname: x\n")
    code, [line] = github_of(capsys, str(path))
    assert code == 1
    assert line.startswith("::error file=") and ",line=3,col=1,title=F002 invalid-yaml::" in line


def test_standard_input_has_no_file(capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(
        b"units:\n  - {id: a, parent: b}\n")))
    _, [line] = github_of(capsys, "-")
    assert line.startswith("::error title=S002 unknown-reference::")
