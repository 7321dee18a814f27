"""The `fte` field on units and the `staff` metric (import.md): totals and the pyramid per
depth in JSON, text and CSV."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from custorg.cli import main

ORG = """\
units:
  - {id: top, fte: 2.5, headcount: 3}
  - {id: a, parent: top, fte: 10.125}
  - {id: b, parent: top, headcount: 7}
  - {id: c, parent: a, fte: 0.005, headcount: 1}
  - {id: d, parent: a}
"""


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")


def test_staff_sums_per_depth(run_audit) -> None:  # type: ignore[no-untyped-def]
    # depth 0: top (2.5 FTE, 3 people); depth 1: a (10.125) and b (7 people);
    # depth 2: c (0.005 FTE, 1 person) and d (nothing declared: counts 0).
    # fte = 2.5 + 10.125 + 0.005 = 12.63; headcount = 3 + 7 + 1 = 11
    report = run_audit(ORG)
    assert report.metrics["staff"] == {"fte": 12.63, "headcount": 11, "by_depth": [
        {"depth": 0, "units": 1, "fte": 2.5, "headcount": 3},
        {"depth": 1, "units": 2, "fte": 10.12, "headcount": 7},  # 10.125 -> 10.12 (binary)
        {"depth": 2, "units": 2, "fte": 0.01, "headcount": 1}]}


def test_staff_without_declarations_is_zero_and_the_pyramid_hidden(write, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write("units:\n  - {id: top}\n  - {id: a, parent: top}\n")
    assert main(["metrics", str(path), "--format", "json"]) == 0
    staff = json.loads(capsys.readouterr().out)["metrics"]["staff"]
    assert staff == {"fte": 0, "headcount": 0, "by_depth": [
        {"depth": 0, "units": 1, "fte": 0, "headcount": 0},
        {"depth": 1, "units": 1, "fte": 0, "headcount": 0}]}
    assert main(["metrics", str(path)]) == 0
    assert "Staff by depth" not in capsys.readouterr().out


def test_text_pyramid_and_csv_rows(write, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write(ORG)
    assert main(["metrics", str(path)]) == 0
    out = capsys.readouterr().out
    table = out[out.index("Staff by depth"):].split("\n\n")[0].splitlines()
    assert table[1].split() == ["depth", "┃", "units", "┃", "FTE", "┃", "headcount", "┃",
                                "pyramid", "(FTE)"]
    assert table[3].split()[:8] == ["0", "│", "1", "│", "2.50", "│", "3", "│"]
    assert table[4].split()[-1] == "█" * 40  # the widest depth fills the bar
    assert table[-1].split() == ["total", "│", "5", "│", "12.63", "│", "11", "│"]
    assert main(["metrics", str(path), "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert "staff,,fte,12.63" in rows and "staff,,headcount,11" in rows
    assert "staff_depth,2,fte,0.01" in rows and "staff_depth,1,units,2" in rows


@pytest.mark.parametrize("value, message", [("-1", "fte"), ("lots", "fte")])
def test_fte_must_be_a_number_at_least_0(run_audit, value: str, message: str) -> None:  # type: ignore[no-untyped-def]
    report = run_audit(f"units:\n  - {{id: top, fte: {value}}}\n")
    assert [f.code for f in report.findings] == ["F004"]
    assert message in report.findings[0].message


def test_staff_shows_fte_and_headcount_apart(tmp_path: Path, write: Callable[..., Path],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 21 item 14: one unit's FTE is never added to another's headcount (level 1 is
    10.12 FTE and 7 headcount, as `custorg metrics` says, not 17.125 staff)."""
    out = tmp_path / "r.html"
    assert main(["report", str(write(ORG)), "-o", str(out)]) == 0
    html = out.read_text(encoding="utf-8")
    staff = html[html.index('<section id="staff">'):html.index('<section id="diagrams">')]
    assert "12.63 FTE and 11 headcount in all" in staff
    assert ">FTE</text>" in staff and ">headcount</text>" in staff
    assert ">10.12</text>" in staff and ">7</text>" in staff
    assert "17.1" not in staff
    assert main(["metrics", str(write(ORG)), "--format", "json"]) == 0
    level1 = json.loads(capsys.readouterr().out)["metrics"]["staff"]["by_depth"][1]
    assert (level1["fte"], level1["headcount"]) == (10.12, 7)
