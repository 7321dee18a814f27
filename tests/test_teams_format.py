"""The format's Team Topologies and RACI fields (docs/teams.md): format errors with their
lines, and the one today of a run (--today, SOURCE_DATE_EPOCH)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import run
from custorg.audit.engine import audit
from custorg.today import resolve_today

BAD = """\
units:
  - {id: prod, team_type: Stream-Aligned}
  - {id: en, team_type: enablin}
people:
  - {id: ann, unit: prod}
processes:
  - id: p
    steps:
      - {unit: customer, informed: [prod]}
      - {unit: prod, accountable: [ann, ann]}
interfaces:
  - {from: en, to: prod, mode: x-as-a-service, until: 2025-01-01}
  - {from: prod, to: en, mode: collaboration, until: 2025-02-30}
  - {id: x, from: en, to: prod, mode: collaboration, until: soon}
"""


def test_format_errors_of_the_new_fields(write: Callable[..., Path]) -> None:
    report = audit([str(write(BAD))])
    found = [(f.code, f.location.line, f.message) for f in report.findings]
    assert [(c, line) for c, line, _ in found] == [
        ("F004", 3), ("F004", 9), ("F004", 10), ("F004", 12), ("F004", 13), ("F004", 14)]
    messages = [m for _, _, m in found]
    assert "did you mean 'enabling'" in messages[0]  # Stream-Aligned is stream-aligned
    assert "customer step takes no accountable, consulted or informed" in messages[1]
    assert "one accountable per step" in messages[2]
    assert "`until` goes only with `mode: collaboration`" in messages[3]
    assert "'2025-02-30' is not a date" in messages[4]
    assert "'soon' is not a date: write YYYY-MM-DD" in messages[5]
    assert report.analysis is None  # format errors stop the analysis


def test_raci_references_are_checked(write: Callable[..., Path]) -> None:
    report = audit([str(write("units: [{id: a}]\nprocesses:\n  - id: p\n    steps:\n"
                              "      - {unit: a, accountable: a, consulted: [zed]}\n"))])
    assert [(f.code, f.location.line) for f in report.findings] == [("S002", 5), ("S002", 5)]
    assert "accountable 'a' is a unit, not a person" in report.findings[0].message
    assert "consulted #1 'zed' names no person or unit" in report.findings[1].message


def test_today_comes_from_the_option_then_the_epoch() -> None:
    assert resolve_today("2024-02-29") == dt.date(2024, 2, 29)
    assert resolve_today(None, {"SOURCE_DATE_EPOCH": "86400"}) == dt.date(1970, 1, 2)
    assert resolve_today("2024-02-29", {"SOURCE_DATE_EPOCH": "0"}) == dt.date(2024, 2, 29)
    now = dt.datetime.now(dt.timezone.utc).date()
    assert resolve_today(None, {}) in (now, now + dt.timedelta(days=1))


def test_today_on_the_command_line(capsys: pytest.CaptureFixture[str],
                                   write: Callable[..., Path],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(write("units: [{id: a}, {id: b}]\ninterfaces:\n"
                     "  - {from: a, to: b, mode: collaboration, until: 2025-06-01}\n"))
    code, out, _ = run(capsys, "audit", path, "--select", "T", "--today", "2025-06-01")
    assert code == 0 and "T002" not in out
    code, out, _ = run(capsys, "audit", path, "--select", "T", "--today", "2025-06-02")
    assert "T002" in out and "today is 2025-06-02" in out
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748822400")  # 2025-06-02 UTC
    code, out, _ = run(capsys, "audit", path, "--select", "T")
    assert "today is 2025-06-02" in out
    code, out, err = run(capsys, "audit", path, "--today", "June 2")
    assert code == 2 and "--today 'June 2' is not a date" in err
    code, out, _ = run(capsys, "diff", path, path, "--today", "2025-06-02", "-f", "json")
    assert code == 0


def test_diff_reports_team_changes(capsys: pytest.CaptureFixture[str],
                                   write: Callable[..., Path]) -> None:
    import json

    before = """\
units: [{id: a, team_type: platform}, {id: b, team_type: stream-aligned}]
people: [{id: ann, unit: a}, {id: bo, unit: b}]
processes: [{id: p, steps: [customer, {unit: b, accountable: ann}]}]
interfaces: [{from: a, to: b, mode: collaboration, until: 2025-01-01}]
"""
    after = before.replace("mode: collaboration, until: 2025-01-01", "mode: x-as-a-service") \
        .replace("accountable: ann", "accountable: bo").replace("platform", "enabling")
    old, new = write(before, "old.yaml"), write(after, "new.yaml")
    code, out, _ = run(capsys, "diff", str(old), str(new), "-f", "json",
                       "--today", "2025-06-01")
    teams = json.loads(out)["teams"]
    assert teams["team_types"] == [{"id": "a", "from": "platform", "to": "enabling"}]
    assert teams["modes"] == [{"id": "a->b", "from": "collaboration until 2025-01-01",
                               "to": "x-as-a-service"}]
    assert teams["accountables"] == [{"id": "p step 2", "from": "ann", "to": "bo"}]
    # fixed: T002 (ended), A001 (ann of a), T004 (platform a served no one as a service);
    # introduced: T004 (enabling a facilitates no one)
    assert teams["findings"] == {"fixed": 3, "introduced": 1}
    code, out, _ = run(capsys, "diff", str(old), str(old), "-f", "json")
    assert "teams" not in json.loads(out)
