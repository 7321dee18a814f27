"""`custorg mine`'s evidence (docs/evidence.md) from the installed command: a small log
whose figures are computed by hand, read as CSV, XES and Parquet by both engines, with and
without --org; the duckdb engine's SQL equals the python engine's reference accumulator
(property test, business hours included); --anonymize and --no-evidence."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from custorg.evidence import Tables, parse_hours
from custorg.mining import Columns, mine
from custorg.mining.compare import load_org, unit_finder
from mining_helpers import csv_to_parquet

duckdb = pytest.importorskip("duckdb")

HEADER = "case:concept:name,org:group,time:timestamp,concept:name,org:resource"
ROWS = [("1", "A", "2024-01-01T09:00:00Z", "open", "Xanthe"),
        ("1", "B", "2024-01-01T10:00:00Z", "check", "Quibble"),
        ("1", "A", "2024-01-02T10:00:00Z", "close", "Xanthe"),
        ("2", "A", "2024-01-03T09:00:00Z", "open", "Zorblat"),
        ("2", "B", "2024-01-03T09:30:00Z", "check", ""),
        ("2", "C", "2024-01-05T09:30:00Z", "pay", "Wexford"),
        ("3", "B", "2024-01-04T09:00:00Z", "check", "Quibble"),
        ("3", "C", "2024-01-04T12:00:00Z", "pay", "Wexford")]
ORG = """\
custorg: 1
units:
  - {id: board, kind: board}
  - {id: A, name: Sales desk, parent: board, function: sales}
  - {id: B, name: Checks, parent: board, function: risk}
  - {id: C, parent: board, function: finance}
"""
# by hand: waits A->B 1 h and 0.5 h; B->A 24 h; B->C 48 h and 3 h (seconds below)
HANDOVER = [{"from": "A", "to": "B", "count": 2, "median": 1800.0, "p90": 3600.0,
             "mean": 2700.0, "total": 5400.0},
            {"from": "B", "to": "C", "count": 2, "median": 10800.0, "p90": 172800.0,
             "mean": 91800.0, "total": 183600.0},
            {"from": "B", "to": "A", "count": 1, "median": 86400.0, "p90": 86400.0,
             "mean": 86400.0, "total": 86400.0}]
TOGETHER = [{"units": ["A", "B"], "cases": 2}, {"units": ["B", "C"], "cases": 2},
            {"units": ["A", "C"], "cases": 1}]
NAMES = ("Xanthe", "Quibble", "Zorblat", "Wexford")


def _csv(path: Path, rows: list[tuple[str, ...]] = ROWS) -> Path:
    path.write_text("\n".join([HEADER] + [",".join(r) for r in rows]) + "\n",
                    encoding="utf-8")
    return path


def _xes(path: Path) -> Path:
    out = ['<?xml version="1.0" encoding="UTF-8" ?>',
           '<log xes.version="1.0" xmlns="http://www.xes-standard.org/">']
    for case in ("1", "2", "3"):
        out.append(f'<trace><string key="concept:name" value="{case}"/>')
        for c, unit, ts, act, res in ROWS:
            if c == case:
                who = f'<string key="org:resource" value="{res}"/>' if res else ""
                out.append(f'<event><string key="org:group" value="{unit}"/>'
                           f'<date key="time:timestamp" value="{ts}"/>'
                           f'<string key="concept:name" value="{act}"/>{who}</event>')
        out.append("</trace>")
    path.write_text("\n".join(out + ["</log>"]) + "\n", encoding="utf-8")
    return path


def _custorg(*args: str, code: int = 0) -> str:
    """The installed command (a subprocess), its standard output; exit code checked."""
    done = subprocess.run([sys.executable, "-m", "custorg", *args], capture_output=True,
                          text=True, encoding="utf-8", check=False)
    assert done.returncode == code, done.stderr
    return done.stdout


def _logs(tmp_path: Path) -> list[tuple[Path, str]]:
    csv_log = _csv(tmp_path / "log.csv")
    return [(csv_log, "python"), (csv_log, "duckdb"), (_xes(tmp_path / "log.xes"), "python"),
            (csv_to_parquet(csv_log, tmp_path / "log.parquet"), "duckdb")]


def _evidence(out: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(out)
    return {"evidence": document["evidence"], "findings": document["findings"]}


def test_hand_computed_log_in_every_format_and_engine(tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    seen: dict[str, set[str]] = {"plain": set(), "org": set()}
    for log, engine in _logs(tmp_path):
        for key, extra in (("plain", ()), ("org", ("--org", str(org)))):
            out = _custorg("mine", str(log), "--engine", engine, "--format", "json", *extra)
            ev = _evidence(out)["evidence"]
            assert ev["handover_time"] == HANDOVER and ev["working_together"] == TOGETHER
            assert ev["missing_resource"] == 1 and ev["betweenness"]["B"] == 0.5
            loads = {u["unit"]: u for u in ev["workload"]}
            assert loads["A"]["members"] == 2 and loads["A"]["activities"][0] == {
                "activity": "open", "stake": 1.0, "focus": 0.6667, "coverage": 1.0,
                "top_contributor": "Xanthe", "contribution": 0.5}
            assert (ev["brokerage"] is None) == (key == "plain")
            seen[key].add(json.dumps(_evidence(out), sort_keys=True))
    assert len(seen["plain"]) == 1 and len(seen["org"]) == 1  # byte-identical everywhere


def test_business_hours_and_usage_errors(tmp_path: Path) -> None:
    log = _csv(tmp_path / "log.csv")
    for engine in ("python", "duckdb"):
        out = _custorg("mine", str(log), "--engine", engine, "--format", "json",
                       "--business-hours", "09:00-17:00", "--tz", "Europe/Paris")
        # B -> A: Mon 11:00 to Tue 11:00 Paris = 6 h + 2 h inside the windows
        assert _evidence(out)["evidence"]["handover_time"][2]["median"] == 28800.0
    for bad in (("--business-hours", "17:00-09:00"), ("--business-hours", "9-5"),
                ("--tz", "Mars/Base"), ("--resource", "who"),
                ("--no-evidence", "--anonymize"), ("--no-evidence", "--format", "sarif")):
        _custorg("mine", str(log), *bad, code=2)


def test_anonymize_leaves_no_name_anywhere(tmp_path: Path) -> None:
    log = _csv(tmp_path / "log.csv")
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    outputs = [_custorg("mine", str(log), "--anonymize", "--format", fmt, "--org", str(org),
                        "-o", str(tmp_path / f"out-{fmt}"))
               for fmt in ("text", "json", "sarif", "github", "gitlab")]
    outputs += [p.read_text(encoding="utf-8") for p in tmp_path.glob("out-*/*")]
    assert len(outputs) == 5 + 5 * 3 and "person-1" in outputs[1]
    for text in outputs:
        assert not any(name in text for name in NAMES)
    named = _custorg("mine", str(log), "--format", "json")
    assert "Xanthe" in named


def test_no_evidence_is_todays_json(tmp_path: Path) -> None:
    log = _csv(tmp_path / "log.csv")
    today = json.loads(_custorg("mine", str(log), "--format", "json", "--no-evidence"))
    full = json.loads(_custorg("mine", str(log), "--format", "json"))
    assert "evidence" not in today and "findings" not in today
    assert today == {k: v for k, v in full.items() if k not in ("evidence", "findings")}


def test_findings_point_at_the_org_file(tmp_path: Path) -> None:
    rows = [(str(c), u, f"2024-01-0{1 + c % 5}T{9 + i:02d}:00:00Z", "work", "Evelyn")
            for c in range(60) for i, u in enumerate(("A", "B"))]
    log = _csv(tmp_path / "log.csv", rows)
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    cfg = tmp_path / "custorg.toml"
    cfg.write_text("slow-handoff-hours = 0.5\n", encoding="utf-8")
    sarif = json.loads(_custorg("mine", str(log), "--org", str(org), "--format", "sarif",
                                "--config", str(cfg)))
    results = {r["ruleId"]: r for r in sarif["runs"][0]["results"]}
    assert sorted(results) == ["E004", "E005"]  # E005: one community over two functions
    where = results["E004"]["locations"][0]["physicalLocation"]
    assert where["artifactLocation"]["uri"].endswith("org.yaml")
    assert where["region"]["startLine"] == 4  # unit A's line
    _custorg("mine", str(log), "--org", str(org), "--config", str(cfg), "--fail-on", "info",
             code=1)


UNITS = ["A", "B", "C", " D ", "x"]
RESOURCES = ["Xanthe", "Quibble", "", " cy "]
row = st.tuples(st.sampled_from(["1", "2", "3", "4"]), st.sampled_from(UNITS),
                st.integers(0, 60 * 24 * 12), st.sampled_from(["open", "fix", ""]),
                st.sampled_from(RESOURCES))
HOURS = [None, ("09:00-17:00", "UTC"), ("08:30-18:00", "Europe/Paris"),
         ("00:00-24:00", "America/New_York"), ("01:30-03:30", "Europe/Berlin")]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(row, max_size=30), hours=st.sampled_from(HOURS),
       with_org=st.booleans())
def test_duckdb_tables_equal_python(tmp_path: Path, rows: list[tuple[str, str, int, str,
                                                                      str]],
                                    hours: tuple[str, str] | None, with_org: bool) -> None:
    # minutes from Friday 2024-03-29 (before a clock change in Europe): weekends, nights
    from datetime import UTC, datetime, timedelta

    start = datetime(2024, 3, 29, tzinfo=UTC)
    written = [(c, u, (start + timedelta(minutes=m)).isoformat(), a, r)
               for c, u, m, a, r in rows]
    log = _csv(tmp_path / "gen.csv", written)
    unit_of = None
    if with_org:
        org = tmp_path / "org.yaml"
        org.write_text(ORG, encoding="utf-8")
        unit_of = unit_finder(load_org(str(org))[0], {})
    columns = Columns(resource="org:resource")
    results = []
    for engine in ("python", "duckdb"):
        tables = Tables(parse_hours(*hours) if hours else None)
        mine(log, columns, engine, unit_of=unit_of, evidence=tables)
        results.append(tables.result())
    assert results[0] == results[1]
