"""The command line: exit codes, formats, output files, stdin, internal errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from conftest import run

ROOT = Path(__file__).resolve().parent.parent
BAKERY = str(ROOT / "examples" / "bakery")
TELECOM = str(ROOT / "examples" / "telecom")


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def test_clean_org_exits_0(capsys) -> None:
    code, out, _ = run(capsys, "audit", BAKERY)
    assert code == 0 and "0 errors, 0 warnings, 1 info" in out and "Maturity: level 5" in out


def test_errors_exit_1_and_fail_on(capsys) -> None:
    assert run(capsys, "audit", TELECOM)[0] == 1
    assert run(capsys, "audit", TELECOM, "--fail-on", "never")[0] == 0
    assert run(capsys, "audit", BAKERY, "--fail-on", "info")[0] == 1
    assert run(capsys, "audit", BAKERY, "--fail-on", "warning")[0] == 0


def test_format_errors_exit_1_and_keep_the_format(capsys, write) -> None:
    path = write("units: [{id: a, parent: a}]\n")
    code, out, _ = run(capsys, "audit", str(path), "--format", "json", "--fail-on", "never")
    data = json.loads(out)
    assert code == 1  # errors that stop analysis fail even with --fail-on never
    assert data["metrics"] is None and data["findings"][0]["code"] == "S001"


def test_usage_errors_exit_2(capsys, tmp_path: Path) -> None:
    assert run(capsys, "audit", str(tmp_path / "missing.yaml"))[0] == 2
    assert run(capsys, "audit", BAKERY, "--format", "xml")[0] == 2
    assert run(capsys, "audit", BAKERY, "--fail-on", "sometimes")[0] == 2
    assert run(capsys, "audit", BAKERY, "--select", "Z999")[0] == 2
    assert run(capsys, "audit", BAKERY, "--no-such-option")[0] == 2
    assert run(capsys, "nonsense")[0] == 2
    code, _, err = run(capsys, "audit", str(tmp_path / "missing.yaml"))
    assert "no such file" in err and "Traceback" not in err


def test_internal_error_exits_3_with_one_line(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    monkeypatch.setattr("custorg.audit.engine.audit", boom)
    code, _, err = run(capsys, "audit", BAKERY)
    assert code == 3 and "internal error" in err and "simulated bug" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "--debug", "audit", BAKERY)
    assert code == 3 and "Traceback" in err


def test_json_report_shape(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, "audit", "examples/telecom", "-f", "json")
    data = json.loads(out)
    assert code == 1
    assert set(data) == {"custorg", "files", "summary", "findings", "metrics"}
    assert data["files"][0] == "examples/telecom/customer.yaml"
    assert set(data["summary"]) == {"error", "warning", "info", "suppressed"}
    assert data["summary"]["suppressed"] == 1
    finding = data["findings"][0]
    assert set(finding) >= {"code", "rule", "severity", "message", "file", "line", "column",
                            "entity"}
    keys = [(f["file"], f["line"], f["column"], f["code"]) for f in data["findings"]]
    assert keys == sorted(keys)
    m = data["metrics"]
    assert set(m) == {"units", "people", "processes", "interfaces", "layers", "max_span",
                      "mean_span", "handoffs", "silos", "customer_layers", "maturity", "staff"}
    assert set(m["handoffs"]["by_process"]["complaint"]) == {
        "handoffs", "cross_function", "unknown_function", "customer_contacts", "ping_pong",
        "units", "functions", "contact_units", "volume"}
    assert set(m["maturity"]) >= {"level", "met", "next"}


def test_text_shows_polish_names_and_utf8(capsys) -> None:
    code, out, _ = run(capsys, "audit", TELECOM, "--select", "C002")
    assert code == 0 and "'reklamacja'" in out


def test_select_and_ignore_by_code_prefix_and_name(capsys) -> None:
    _, out, _ = run(capsys, "audit", TELECOM, "-f", "json", "--select", "P")
    assert {f["code"][0] for f in json.loads(out)["findings"]} == {"P"}
    _, out, _ = run(capsys, "audit", TELECOM, "-f", "json", "--select", "P",
                    "--ignore", "too-many-handoffs,P004")
    assert {f["code"] for f in json.loads(out)["findings"]} == {"P001", "P002", "P005", "P006"}


def test_show_suppressed(capsys) -> None:
    _, out, _ = run(capsys, "audit", TELECOM, "--show-suppressed", "-q")
    assert "Suppressed" in out and "audyt-wewnetrzny" in out


def test_quiet_has_no_metrics(capsys) -> None:
    _, out, _ = run(capsys, "audit", BAKERY, "-q")
    assert "Maturity" not in out and "0 errors" in out


def test_output_file_is_written_atomically(capsys, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old")
    code, out, _ = run(capsys, "audit", BAKERY, "-f", "json", "-o", str(target))
    assert code == 0 and out == ""
    assert json.loads(target.read_text())["summary"]["error"] == 0
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary left


def test_output_never_replaces_an_input(capsys, write) -> None:
    path = write("units: [{id: a}]\n")
    before = path.read_text()
    code, _, err = run(capsys, "audit", str(path), "-o", str(path))
    assert code == 2 and "input" in err and path.read_text() == before


def test_output_into_missing_folder_is_a_usage_error(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "audit", BAKERY, "-o", str(tmp_path / "no" / "r.json"))
    assert code == 2 and "does not exist" in err


def test_validate(capsys, write) -> None:
    assert run(capsys, "validate", TELECOM)[0] == 0  # findings are not format errors
    path = write("units: [{id: a, parent: b}]\n")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1 and "S002" in out


def test_metrics_text_json_csv(capsys) -> None:
    code, out, _ = run(capsys, "metrics", BAKERY)
    assert code == 0 and "Handoffs per process" in out and "warning" not in out
    code, out, _ = run(capsys, "metrics", BAKERY, "-f", "json")
    assert code == 0 and json.loads(out)["findings"] == []
    code, out, _ = run(capsys, "metrics", BAKERY, "-f", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0
    assert {"section": "process", "id": "order", "metric": "handoffs", "value": "3"} in rows
    assert {"section": "maturity", "id": "", "metric": "level", "value": "5"} in rows


def test_metrics_csv_with_format_errors(capsys, write) -> None:
    path = write("units: [{id: a, parent: b}]\n")
    code, out, err = run(capsys, "metrics", str(path), "-f", "csv")
    assert code == 1 and out == "" and "S002" in err


def test_schema_command(capsys) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out)["$schema"].endswith("2020-12/schema")


def test_stdin(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    class Stdin:
        buffer = io.BytesIO((ROOT / "examples/bakery/org.yaml").read_bytes())

    monkeypatch.setattr("sys.stdin", Stdin)
    code, out, _ = run(capsys, "audit", "-", "-f", "json")
    assert code == 0 and json.loads(out)["files"] == ["<stdin>"]


def test_version_and_help(capsys) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("custorg ")
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "audit" in out


def test_colour_only_when_asked() -> None:
    from custorg.audit.engine import audit
    from custorg.formatters import text_report

    report = audit([TELECOM])
    coloured = text_report.render(report, color=True)
    plain = text_report.render(report, color=False)
    assert "\x1b[" in coloured and "\x1b[" not in plain
    assert "C001  error    no board member owns the customer" in plain


def test_no_color_when_piped(capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    # capsys is not a terminal: plain text even without --no-color or NO_COLOR
    monkeypatch.delenv("NO_COLOR")
    _, out, _ = run(capsys, "audit", BAKERY)
    assert "\x1b[" not in out


def test_fingerprint_ignores_positions_in_the_message() -> None:
    from custorg.findings import Entity, Finding, Location, Severity

    def dup(line: int) -> Finding:
        return Finding("S003", "duplicate-id", Severity.ERROR,
                       f"unit id 'a' is already used by unit 'a' at org.yaml:{line}:9",
                       Location("org.yaml", line + 5, 9), Entity("unit", "a"))

    assert dup(3).fingerprint() == dup(30).fingerprint()
    other = Finding("I001", "undeclared-interface", Severity.WARNING, "handoff 'a' -> 'b'",
                    Location("org.yaml", 1, 1), Entity("process", "p"))
    assert other.fingerprint() != Finding(
        "I001", "undeclared-interface", Severity.WARNING, "handoff 'a' -> 'c'",
        Location("org.yaml", 1, 1), Entity("process", "p")).fingerprint()


def test_fingerprint_ignores_counts_in_the_message() -> None:
    # scenarios.md: code, entity kind, entity id and the message with digits removed, so
    # a process that went from 9 to 5 handoffs keeps its P003 finding's identity
    from custorg.findings import Entity, Finding, Location, Severity

    def p003(n: int, line: int) -> Finding:
        return Finding("P003", "too-many-handoffs", Severity.WARNING,
                       f"process 'p' has {n} handoffs, more than max-handoffs 4",
                       Location("processes.yaml", line, 5), Entity("process", "p"))

    assert p003(9, 10).fingerprint() == p003(5, 80).fingerprint()
    assert p003(9, 10).fingerprint() != Finding(
        "P003", "too-many-handoffs", Severity.WARNING, "process 'p' has 9 handoffs, more "
        "than max-handoffs 4", Location("processes.yaml", 10, 5),
        Entity("process", "q")).fingerprint()


def test_text_lists_at_most_30_processes_the_busiest_first(capsys, write) -> None:
    steps = "[a, b]"
    procs = "".join(f"  - {{id: p{i}, volume: {i}, steps: {steps}}}\n" for i in range(40))
    path = write("units: [{id: a}, {id: b}]\nprocesses:\n" + procs)
    code, out, _ = run(capsys, "metrics", str(path))
    assert code == 0
    assert " p39 " in out and " p10 " in out and " p9 " not in out  # volumes 39..10 shown
    assert "… 10 more" in out
    assert out.index(" p39 ") < out.index(" p38 ")
