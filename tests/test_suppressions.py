"""Suppressions (format.md `suppress`, issue 3 part 2): `suppress: {CODE: reason}` on an
entity removes that entity's findings of that code; the reason is required (M001); used
suppressions are counted and listed with --show-suppressed; a suppression that matches
nothing is reported (M002, info)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import EXAMPLES
from custorg.audit.config import Config
from custorg.audit.engine import Report, audit
from custorg.cli import main
from custorg.findings import Severity

ORG = """\
organization:
  name: Test
  suppress:
    C004: "{c004}"
units:
  - {{id: board, kind: board}}
  - id: sales
    parent: board
    function: sales
    suppress:
      {key}: {reason}
  - {{id: shop, parent: sales, function: sales}}
  - id: service
    parent: board
    function: service
  - {{id: desk, parent: service, function: service}}
stakeholders:
  - {{id: clients, kind: customer, owner: ceo}}
people:
  - {{id: ceo, unit: board}}
kpis:
  - {{id: nps, kind: nps, owner: ceo, target: 40}}
"""
# Without suppressions: S006 for sales and for service, C004 and C005 for the org.


@pytest.fixture
def org(write: Callable[..., Path]) -> Callable[..., Path]:
    def _org(key: str = "S006", reason: str = '"pilot: a second shop opens in Q3"',
             c004: str = "we are too small for a customer-experience unit") -> Path:
        return write(ORG.format(key=key, reason=reason, c004=c004))
    return _org


def findings(report: Report, code: str) -> list[tuple[str, str]]:
    return [(f.entity.kind, f.entity.id) for f in report.findings if f.code == code]


def test_the_baseline(write: Callable[..., Path]) -> None:
    text = ORG.format(key="S006", reason="x", c004="x")
    text = text.replace('  suppress:\n    C004: "x"\n', "").replace(
        "    suppress:\n      S006: x\n", "")
    report = audit([str(write(text))])
    assert sorted(f.code for f in report.findings) == ["C004", "C005", "S006", "S006"]


def test_a_suppression_removes_that_entitys_findings_of_that_code(org: Callable[..., Path]
                                                                  ) -> None:
    report = audit([str(org())])
    assert findings(report, "S006") == [("unit", "service")]      # only sales is suppressed
    assert [(f.code, f.entity.id) for f in report.suppressed] == [("C004", "Test"),
                                                                  ("S006", "sales")]
    assert report.summary()["suppressed"] == 2
    assert not findings(report, "M001") and not findings(report, "M002")


def test_a_rule_name_works_like_its_code(org: Callable[..., Path]) -> None:
    report = audit([str(org(key="narrow-span"))])
    assert findings(report, "S006") == [("unit", "service")]
    assert ("S006", "sales") in [(f.code, f.entity.id) for f in report.suppressed]


def test_codes_are_case_insensitive(org: Callable[..., Path]) -> None:
    report = audit([str(org(key="s006"))])
    assert findings(report, "S006") == [("unit", "service")]


@pytest.mark.parametrize("reason", ['""', '"   "', "null", ""])
def test_a_suppression_without_reason_is_a_finding_and_not_applied(
        org: Callable[..., Path], reason: str) -> None:
    report = audit([str(org(reason=reason))])
    assert ("unit", "sales") in findings(report, "S006")
    [m001] = [f for f in report.findings if f.code == "M001"]
    assert m001.severity is Severity.WARNING
    assert m001.entity.id == "sales"
    assert m001.location.line == 11                          # the `S006:` key
    assert "S006" in m001.message and "reason" in m001.message


def test_an_org_level_suppression_without_reason(org: Callable[..., Path]) -> None:
    report = audit([str(org(c004=""))])
    assert findings(report, "C004") == [("org", "Test")]
    assert findings(report, "M001") == [("org", "Test")]


def test_a_stale_suppression_is_reported_as_info(org: Callable[..., Path]) -> None:
    report = audit([str(org(key="P003"))])
    [m002] = [f for f in report.findings if f.code == "M002"]
    assert m002.severity is Severity.INFO
    assert m002.location.line == 11
    assert "P003" in m002.message and "sales" in m002.message
    assert ("unit", "sales") in findings(report, "S006")


def test_a_suppression_naming_no_rule_is_reported(org: Callable[..., Path]) -> None:
    report = audit([str(org(key="single-child"))])
    [m002] = [f for f in report.findings if f.code == "M002"]
    assert "'single-child' names no rule" in m002.message


def test_a_suppression_of_a_rule_turned_off_is_not_stale(org: Callable[..., Path]) -> None:
    """It will be needed again when the rule is turned back on."""
    report = audit([str(org())], Config(ignore=("S006",)))
    assert not findings(report, "M002")
    report = audit([str(org())], Config(select=("C",)))
    assert not findings(report, "M002")


def test_suppression_findings_can_be_configured_like_any_other(org: Callable[..., Path]
                                                               ) -> None:
    path = org(key="P003")
    assert not findings(audit([str(path)], Config(ignore=("M002",))), "M002")
    report = audit([str(path)], Config(severity={"M002": Severity.WARNING}))
    assert [f.severity for f in report.findings if f.code == "M002"] == [Severity.WARNING]


def test_function_level_findings_are_suppressed_at_the_org(write: Callable[..., Path]) -> None:
    base = """\
        organization:
          name: Silo
          suppress: {X001: "marketing works alone during the rebrand"}
        units:
          - {id: board, kind: board}
          - {id: sales, parent: board, function: sales}
          - {id: marketing, parent: board, function: marketing}
          - {id: brand, parent: board, function: marketing}
        interfaces:
          - {from: marketing, to: brand}
        """
    report = audit([str(write(base))])
    assert not findings(report, "X001")
    assert [(f.code, f.entity.kind, f.entity.id) for f in report.suppressed] == [
        ("X001", "function", "sales"), ("X001", "function", "marketing")]


# ----------------------------------------------------------------------------- CLI


def test_counted_in_the_summary_and_listed_on_request(org: Callable[..., Path],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = str(org())
    main(["audit", path, "--format", "json"])
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["suppressed"] == 2
    assert "suppressed" not in report
    main(["audit", path, "--format", "json", "--show-suppressed"])
    report = json.loads(capsys.readouterr().out)
    assert [(f["code"], f["entity"]["id"]) for f in report["suppressed"]] == [
        ("C004", "Test"), ("S006", "sales")]
    main(["audit", path, "--show-suppressed", "--no-color"])
    out = capsys.readouterr().out
    assert "Suppressed" in out and "unit 'sales' has a single child unit" in out


def test_fixed_or_suppressed_with_a_reason_is_a_clean_run(write: Callable[..., Path],
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    """The CI story: a pull request introduces a problem; the run fails; the problem is
    fixed, or suppressed with a reason, and the run is clean."""
    clean = """\
        units:
          - {id: board, kind: board, head: ceo}
          - {id: cx, parent: board, function: customer-experience, kpis: [nps]}
          - {id: shop, parent: board, function: customer-experience, kpis: [nps]}
        people: [{id: ceo, unit: board}]
        stakeholders: [{id: clients, kind: customer, owner: ceo}]
        kpis: [{id: nps, kind: nps, owner: ceo, target: 40}]
        goals: [{id: loyal, stakeholder: clients, kpis: [nps], processes: [order]}]
        processes:
          - {id: order, strategic: true, owner: ceo, steps: [customer, cx]}
          - {id: sale, owner: ceo, steps: [customer, shop]}
        """
    assert main(["audit", str(write(clean)), "--fail-on", "info", "-q"]) == 0
    problem = clean.replace("owner: ceo, steps: [customer, cx]", "steps: [customer, cx]")
    assert main(["audit", str(write(problem)), "--fail-on", "info", "-q"]) == 1
    assert "P001" in capsys.readouterr().out
    suppressed = problem.replace(
        "{id: order, strategic: true,",
        '{id: order, strategic: true, suppress: {P001: "owner named at the May board"},')
    assert main(["audit", str(write(suppressed)), "--fail-on", "info", "-q"]) == 0
    assert "(1 suppressed)" in capsys.readouterr().out
    unreasoned = suppressed.replace('"owner named at the May board"', '""')
    assert main(["audit", str(write(unreasoned)), "--fail-on", "info", "-q"]) == 1
    out = capsys.readouterr().out
    assert "P001" in out and "M001" in out


def test_the_telecom_example_has_one_suppression() -> None:
    report = audit([str(EXAMPLES / "telecom")])
    assert [(f.code, f.entity.id) for f in report.suppressed] == [("C006", "audyt-wewnetrzny")]
    assert not [f for f in report.findings if f.code.startswith("M")]
