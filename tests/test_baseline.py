"""`audit --each`, `--statistics` and baselines (issue 13, items 14 and 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from custorg.audit.engine import audit
from custorg.cli import main

TEMPLATE = Path(__file__).resolve().parent.parent / "src" / "custorg" / "templates" / "org.yaml"
CLEAN = TEMPLATE.read_text(encoding="utf-8")  # audits clean (custorg init's org)
WARNED = CLEAN.replace("units:\n", "units:\n  - {id: spare, parent: workshop}\n", 1)
BROKEN = "units:\n  - {id: a, parent: nowhere}\n"


def _orgs(write, **orgs: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(write(text, f"orgs/{name}/org.yaml").parent) for name, text in orgs.items()]


# ----------------------------------------------------------------------------- --each


def test_several_orgs_are_merged_without_each_and_audited_apart_with_it(
        write, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = _orgs(write, a=CLEAN, b=WARNED)
    assert main(["audit", a, b, "--no-color"]) == 1
    assert "`organization` is also given" in (out := capsys.readouterr().out)
    assert "custorg audit --each PATH..." in out
    assert main(["audit", a, b, "--each", "--no-color"]) == 0
    out = capsys.readouterr().out
    assert out.index(f"== {a} ==") < out.index(f"== {b} ==")
    assert out.count(" in 1 file") == 2 and "S006" in out.split(f"== {b} ==")[1]


def test_each_json_has_one_report_per_org_and_the_worst_exit_code(
        write, capsys: pytest.CaptureFixture[str]) -> None:
    a, b, c = _orgs(write, a=CLEAN, b=WARNED, c=BROKEN)
    assert main(["audit", a, b, c, "--each", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"custorg", "orgs"}
    assert [org["path"] for org in data["orgs"]] == [a, b, c]
    single = json.loads(_json_of(b, capsys))
    single.pop("custorg")
    assert data["orgs"][1] == {"path": b, **single}
    assert data["orgs"][2]["metrics"] is None and data["orgs"][2]["summary"]["error"] == 1
    assert main(["audit", a, b, "--each", "--fail-on", "info"]) == 1
    assert main(["audit", a, "--each", "--fail-on", "info"]) == 0


def _json_of(path: str, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    main(["audit", path, "--format", "json"])
    return capsys.readouterr().out


def test_each_sarif_has_one_run_per_org(write, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = _orgs(write, a=CLEAN, b=WARNED)
    assert main(["audit", a, b, "--each", "--format", "sarif"]) == 0
    log = json.loads(capsys.readouterr().out)
    assert [run["automationDetails"]["id"] for run in log["runs"]] == [
        f"custorg/{a}/", f"custorg/{b}/"]
    assert [len(run["results"]) for run in log["runs"]][0] == 0
    assert {r["ruleId"] for r in log["runs"][1]["results"]} >= {"S006"}


# ----------------------------------------------------------------------------- --statistics


def test_statistics_count_findings_per_rule(write, capsys: pytest.CaptureFixture[str]) -> None:
    [b] = _orgs(write, b=WARNED)
    report = audit([b])
    assert main(["audit", b, "--statistics"]) == 0
    lines = capsys.readouterr().out.splitlines()
    expected = {}
    for f in report.findings:
        expected[f.code] = expected.get(f.code, 0) + 1
    rows = {line.split()[1]: int(line.split()[0]) for line in lines[:-2]}
    assert rows == expected
    counts = [int(line.split()[0]) for line in lines[:-2]]
    assert counts == sorted(counts, reverse=True)
    assert lines[-2].startswith(f"{len(report.findings)} findings:")
    assert lines[-1] == ("1 file parsed: 0 by the line scanner, 1 by the libyaml events, "
                         "0 by the careful builder")  # WARNED is in flow style: events
    assert main(["audit", b, "--statistics", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {r["code"]: r["count"] for r in data["statistics"]} == expected
    assert data["parsed_by"] == {"scan": 0, "events": 1, "careful": 0}
    assert main(["audit", b, "--statistics", "--format", "sarif"]) == 2


def test_statistics_count_the_files_each_parser_read(
        write, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 26: a block-style file goes to the line scanner, a flow-style one to
    libyaml's events, one with an anchor to the careful builder; each path is named."""
    from custorg.formatters.statistics import PARSERS
    from custorg.orgfile.load import PATHS

    assert tuple(PARSERS) == PATHS
    block = write("units:\n  - id: a\n    name: A\n", "a.yaml")
    flow = write("units:\n  - {id: b, parent: a}\n", "b.yaml")
    anchor = write("units:\n  - id: c\n    parent: &p a\n", "c.yaml")
    assert main(["audit", str(block), str(flow), str(anchor), "--statistics",
                 "--format", "json", "--fail-on", "never"]) == 0
    assert json.loads(capsys.readouterr().out)["parsed_by"] == {
        "scan": 1, "events": 1, "careful": 1}


# ----------------------------------------------------------------------------- baselines


def test_a_baseline_hides_the_known_findings_and_shows_new_ones(
        write, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = write(WARNED, "org.yaml")
    base = tmp_path / "custorg-baseline.json"
    assert main(["audit", str(org), "--write-baseline", str(base), "--fail-on", "info"]) == 0
    assert "wrote" in capsys.readouterr().err
    recorded = json.loads(base.read_text(encoding="utf-8"))
    known = audit([str(org)]).findings
    assert recorded["custorg-baseline"] == 1
    assert sorted(e["fingerprint"] for e in recorded["findings"]) == sorted(
        f.fingerprint() for f in known)
    # lines shift and a new problem appears: only the new one is reported
    org.write_text("# moved down\n\n" + WARNED.replace(
        "units:\n", "units:\n  - {id: spare2, parent: customer-service}\n", 1),
        encoding="utf-8")
    assert main(["audit", str(org), "--baseline", str(base), "--format", "json",
                 "--fail-on", "info"]) == 1
    data = json.loads(capsys.readouterr().out)
    new = {(f["code"], f["entity"]["id"]) for f in data["findings"]}
    assert ("S006", "customer-service") in new and ("S006", "workshop") not in new
    assert any("in the baseline" in note for note in data["notes"])


def test_the_baseline_matches_by_the_findings_own_fingerprint(
        write, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Matching uses Finding.fingerprint(), not a copy of it: change its definition and
    the baseline follows."""
    from custorg.findings import Finding

    org = write(WARNED, "org.yaml")
    base = tmp_path / "b.json"
    monkeypatch.setattr(Finding, "fingerprint", lambda self: "same")
    assert main(["audit", str(org), "--write-baseline", str(base)]) == 0
    entries = json.loads(base.read_text(encoding="utf-8"))["findings"]
    assert {e["fingerprint"] for e in entries} == {"same"}
    assert main(["audit", str(org), "--baseline", str(base), "--fail-on", "info"]) == 0


def test_each_keeps_baselines_apart_per_org(write, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    a, b = _orgs(write, a=WARNED, b=WARNED)
    base = tmp_path / "b.json"
    assert main(["audit", a + "/", "--each", "--write-baseline", str(base)]) == 0  # same org
    assert main(["audit", a, b, "--each", "--baseline", str(base), "--format", "json",
                 "--fail-on", "info"]) == 1
    orgs = json.loads(capsys.readouterr().out)["orgs"]
    assert orgs[0]["findings"] == [] and orgs[1]["findings"] != []


@pytest.mark.parametrize("content", ["", "{", "[]", '{"custorg-baseline": 1}', "[" * 100_000,
                                     '{"custorg-baseline": 1, "findings": [{"x": 1}]}'])
def test_a_bad_baseline_is_a_usage_error(write, tmp_path: Path, content: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    org = write(WARNED, "org.yaml")
    base = tmp_path / "b.json"
    base.write_text(content, encoding="utf-8")
    assert main(["audit", str(org), "--baseline", str(base)]) == 2
    assert f"--baseline {base}" in capsys.readouterr().err


def test_no_baseline_of_an_org_with_format_errors(
        write, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = write(BROKEN, "org.yaml")
    base = tmp_path / "b.json"
    assert main(["audit", str(org), "--write-baseline", str(base)]) == 1
    assert "S002" in capsys.readouterr().err and not base.exists()


def test_the_baseline_file_is_never_the_output(write, tmp_path: Path) -> None:
    org = write(WARNED, "org.yaml")
    base = tmp_path / "b.json"
    assert main(["audit", str(org), "--write-baseline", str(base)]) == 0
    before = base.read_bytes()
    assert main(["audit", str(org), "--baseline", str(base), "-o", str(base)]) == 2
    assert base.read_bytes() == before
    assert main(["audit", str(org), "--write-baseline", str(org)]) == 2


def test_the_baseline_note_reaches_github_and_sarif(
        write, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A CI run sees how many findings the baseline hid: a notice without a file in the
    GitHub format, a tool notification in SARIF (valid against the SARIF schema)."""
    from test_sarif import VALIDATOR

    org = write(WARNED, "org.yaml")
    base = tmp_path / "custorg-baseline.json"
    assert main(["audit", str(org), "--write-baseline", str(base)]) == 0
    capsys.readouterr()
    assert main(["audit", str(org), "--baseline", str(base), "--format", "github",
                 "--fail-on", "info"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith("::notice title=custorg::")
    assert "in the baseline" in lines[0]
    assert main(["audit", str(org), "--baseline", str(base), "--format", "sarif"]) == 0
    sarif = json.loads(capsys.readouterr().out)
    VALIDATOR.validate(sarif)
    (notification,) = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notification["level"] == "note" and "in the baseline" in notification["message"]["text"]
    assert main(["audit", str(org), "--format", "sarif"]) == 0  # no notes: no invocations
    assert "invocations" not in json.loads(capsys.readouterr().out)["runs"][0]
