"""Issue 20, `custorg mine` on messy logs: loud when most events cannot be read, right on
real exports (day-first timestamps, resources mapped to units, start and complete events,
Windows and UTF-16 encodings, Excel logs, values with spaces). Every case through the CLI,
with both engines where both read the log."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from mining_helpers import csv_log, mine_json, run


def _engines() -> list[str]:
    try:
        import duckdb  # noqa: F401
    except ImportError:
        return ["python"]
    return ["python", "duckdb"]


def both(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    """The JSON of `custorg mine ARGS` with each engine; they must be identical."""
    docs = [mine_json(capsys, *args, "--engine", engine) for engine in _engines()]
    assert all(doc == docs[0] for doc in docs[1:])
    return docs[0]


# --- item 1: timestamps that do not parse ------------------------------------------------

DAYFIRST_ROWS = [("c1", "A", "01/02/2024 09:00", "open"), ("c1", "B", "13/02/2024 10:30", "fix"),
                 ("c2", "A", "02/02/2024 09:00:30", "open"), ("c2", "A", "14.02.2024 11:00", "x")]


def test_dayfirst_log_exits_1_naming_values_lines_and_option(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = csv_log(tmp_path / "log.csv", DAYFIRST_ROWS)
    out_dir = tmp_path / "mined"
    for engine in _engines():
        code, out, err = run(capsys, "mine", str(log), "-o", str(out_dir), "--engine", engine)
        assert code == 1 and out == "" and "Traceback" not in err
        assert "4 of 4 events skipped (more than half)" in err
        assert ("bad-timestamp: 4 events, e.g. '01/02/2024 09:00' (line 2), "
                "'13/02/2024 10:30' (line 3), '02/02/2024 09:00:30' (line 4)") in err
        assert "add --dayfirst" in err and "--allow-skipped" in err
        assert not out_dir.exists()  # nothing written on exit 1
    doc = both(capsys, str(log), "--allow-skipped")
    assert (doc["events"], doc["skipped"]["bad-timestamp"]) == (0, 4)


def test_dayfirst_and_timestamp_format_read_the_log(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = csv_log(tmp_path / "log.csv", DAYFIRST_ROWS)
    doc = both(capsys, str(log), "--dayfirst")
    assert doc["skipped"]["bad-timestamp"] == 0 and doc["events"] == 4
    assert [v["path"] for v in doc["variants"]] == [["A"], ["A", "B"]]
    us = csv_log(tmp_path / "us.csv", [
        ("c1", "B", "Feb 1 2024 1:05:00 PM", "x"), ("c1", "A", "feb 1 2024 09:00:00 am", "x"),
        ("c1", "C", "2024-02-01T14:00:00Z", "x"),  # ISO 8601 is read whatever the format
        ("c2", "A", "Mar 3 24 12:00:00 AM +0100", "x")])
    doc = both(capsys, str(us), "--timestamp-format", "%b %d %Y %I:%M:%S %p",
               "--allow-skipped")
    assert doc["variants"][0]["path"] == ["A", "B", "C"]  # 09:00 AM before 1:05 PM
    assert doc["skipped"]["bad-timestamp"] == 1  # %y is not %Y: c2 is not this format


def test_trailing_utc_and_format_errors(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    log = csv_log(tmp_path / "log.csv", [("c1", "A", "2020-01-01 10:00:00 UTC", "x"),
                                         ("c1", "B", "2020-01-01 09:00:00Z", "x")])
    assert both(capsys, str(log))["variants"][0]["path"] == ["B", "A"]
    for fmt, says in [("%d/%m/%Y %Q", "%Q is not a directive"), ("%H:%M", "needs a date"),
                      ("%d/%m/%Y [%H", "'[' without its ']'"), ("%d %d %m %Y", "twice")]:
        code, _, err = run(capsys, "mine", str(log), "--timestamp-format", fmt)
        assert code == 2 and says in err, fmt
    code, _, err = run(capsys, "mine", str(log), "--dayfirst", "--timestamp-format", "%d")
    assert code == 2 and "give one of them" in err


# --- item 5: encodings and spreadsheets -----------------------------------------------------

def _write(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


LOG_TEXT = ("case:concept:name;org:group;time:timestamp;concept:name\r\n"
            "c1;Müller € Team;2024-01-01T10:00:00Z;Prüfung\r\n"
            "c1;Zoë;2024-01-01T11:00:00Z;Übergabe\r\n")


@pytest.mark.parametrize(("encoding", "described"), [
    ("cp1252", "Windows-1252 (cp1252: not valid UTF-8 from line 2 on)"),
    ("utf-16", "UTF-16")])
def test_non_utf8_csv_is_read_as_import_reads_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str,
        described: str) -> None:
    log = _write(tmp_path / "log.csv", LOG_TEXT, encoding)
    doc = both(capsys, str(log))
    assert doc["pairs"] == [{"from": "Müller € Team", "to": "Zoë", "count": 1}]
    code, out, _ = run(capsys, "mine", str(log))
    assert code == 0 and f"note: read as {described}" in out
    bad = _write(tmp_path / "bad.csv", LOG_TEXT + 'c2;A;"2024\r\n', encoding)
    code, _, err = run(capsys, "mine", str(bad))
    assert code == 1 and "line 4: malformed CSV" in err  # the line of the row, as written


def test_xlsx_log_with_the_python_engine(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    from datetime import datetime

    book = openpyxl.Workbook()
    book.active.title = "Notes"
    sheet = book.create_sheet("Events")
    sheet.append(["case:concept:name", "org:group", "time:timestamp", "concept:name"])
    sheet.append(["c1", "A ", datetime(2024, 1, 1, 10, 0), "open"])  # a date cell
    sheet.append(["c1", "B", "02/01/2024 09:00", "fix"])  # text, day first
    sheet.append([1001, "B", datetime(2024, 1, 2, 9, 0), "open"])  # a number as case
    log = tmp_path / "log.xlsx"
    book.save(log)
    doc = mine_json(capsys, str(log), "--sheet", "Events", "--dayfirst")
    assert [(v["path"], v["cases"]) for v in doc["variants"]] == [(["A", "B"], 1), (["B"], 1)]
    code, _, err = run(capsys, "mine", str(log), "--sheet", "Events")  # 1 of 3: not half
    assert code == 0
    code, _, err = run(capsys, "mine", str(log))  # the first sheet is empty
    assert code == 2 and "no header row" in err
    code, _, err = run(capsys, "mine", str(log), "--sheet", "Events", "--engine", "duckdb")
    assert code == 2 and "--engine python" in err
    csv = csv_log(tmp_path / "log.csv", [("c1", "A", "2024-01-01", "x")])
    code, _, err = run(capsys, "mine", str(csv), "--sheet", "Events")
    assert code == 2 and "--sheet is for spreadsheet logs" in err


def test_utf16_yaml_org_says_utf16(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org = _write(tmp_path / "org.yaml", "units:\n  - id: a\n", "utf-16")
    code, out, _ = run(capsys, "audit", str(org))
    assert code == 1 and "UTF-16 text: save the file as UTF-8" in out
    assert "not a text file" not in out


# --- item 7: --org maps every event first ----------------------------------------------------

ORG = """\
organization: {name: Repair shop}
units:
  - {id: intake, name: Intake, function: service}
  - {id: repair, name: Repair, function: workshop}
  - {id: test, name: Test, function: workshop}
  - {id: billing, name: Billing, function: finance}
interfaces:
  - {from: intake, to: repair}
  - {from: repair, to: test}
"""
# 13 resources -> 4 units, as in the public repair-shop log
RESOURCES = {"SolverC1": "intake", "SolverC2": "intake", "SolverC3": "intake",
             "Tester1": "test", "Tester2": "test", "Tester3": "test", "Tester4": "test",
             "SolverS1": "repair", "SolverS2": "repair", "SolverS3": "repair",
             "SolverS4": "repair", "Clerk1": "billing", "Clerk2": "billing"}


def _repair_log(tmp_path: Path) -> tuple[Path, Path, Path]:
    org = tmp_path / "org.yaml"
    org.write_text(ORG, encoding="utf-8")
    mapping = tmp_path / "map.csv"
    mapping.write_text("value,unit\n" + "".join(f"{v} ,{u}\n" for v, u in RESOURCES.items()),
                       encoding="utf-8")
    rows = []
    intake, repair = [f"SolverC{i}" for i in (1, 2, 3)], [f"SolverS{i}" for i in (1, 2, 3, 4)]
    for n in range(12):  # one unit path, through different resources each time
        rows += [(f"case{n}", intake[n % 3], f"2024-01-01T{n:02d}:00:00Z", "register"),
                 (f"case{n}", repair[n % 4] + " ", f"2024-01-01T{n:02d}:10:00Z", "repair"),
                 (f"case{n}", repair[(n + 1) % 4], f"2024-01-01T{n:02d}:20:00Z", "repair"),
                 (f"case{n}", f"Tester{n % 4 + 1}", f"2024-01-01T{n:02d}:30:00Z", "test")]
    # work that leaves the org and comes back: two handoffs through (unmapped), not one
    rows += [("x1", "SolverC1", "2024-01-02T10:00:00Z", "register"),
             ("x1", "Outsourcer", "2024-01-02T11:00:00Z", "repair"),
             ("x1", "Clerk1", "2024-01-02T12:00:00Z", "bill")]
    return csv_log(tmp_path / "log.csv", rows), org, mapping


def test_org_maps_every_event_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log, org, mapping = _repair_log(tmp_path)
    doc = both(capsys, str(log), "--org", str(org), "--map", str(mapping))
    assert doc["variants"][0] == {"rank": 1, "path": ["intake", "repair", "test"],
                                  "cases": 12, "handoffs": 2, "ping_pong": 0}
    assert doc["variants"][1]["path"] == ["intake", "(unmapped)", "billing"]
    assert {"from": "repair", "to": "repair", "count": 12} in doc["pairs"]
    assert {"from": "intake", "to": "(unmapped)", "count": 1} in doc["pairs"]
    assert doc["coverage"] == round(12 / 13, 4)  # the variant through (unmapped) is not
    comp = doc["comparison"]
    assert comp["unmapped"] == [{"value": "Outsourcer", "events": 1}]
    assert [u["units"] for u in comp["undeclared"]] == []  # intake-billing never touched
    assert comp["unobserved_units"] == []
    out_dir = tmp_path / "mined"
    code, out, _ = run(capsys, "mine", str(log), "--org", str(org), "--map", str(mapping),
                       "-o", str(out_dir))
    assert code == 0 and "cover 92.3% of the cases" in out
    text = (out_dir / "processes.yaml").read_text(encoding="utf-8")
    processes = yaml.safe_load(text)["processes"]
    assert [(p["id"], p["volume"], [s["unit"] for s in p["steps"]]) for p in processes] == [
        ("variant-1", 12, ["intake", "repair", "test"])]
    assert "variant-2 left out: it passes through (unmapped)" in text and "Outsourcer" in text


def test_mostly_unmapped_warns_and_exits_0(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    log, org, _ = _repair_log(tmp_path)
    code, out, err = run(capsys, "mine", str(log), "--org", str(org), "--format", "json")
    assert code == 0 and "warning: 51 events of 51 map to no org unit" in err
    assert "SolverC1" in err and json.loads(out)["variants"][0]["path"] == ["(unmapped)"]


# --- item 8: values trimmed -----------------------------------------------------------------

def test_values_are_trimmed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = csv_log(tmp_path / "log.csv", [
        ("c1", "R1 ", "2024-01-01T10:00:00Z", " open"), (" c1", "R1", "2024-01-01T11:00:00Z", "x"),
        ("c1", "\tR2", "2024-01-01T12:00:00Z", "x"), ("c2 ", "\u00a0", "2024-01-01T12:00:00Z", "x"),
        ("c2", "A > B", "2024-01-01T12:00:00Z", "x")])
    doc = both(capsys, str(log))
    assert doc["pairs"][:2] == [{"from": "R1", "to": "R1", "count": 1},
                                {"from": "R1", "to": "R2", "count": 1}]
    assert doc["skipped"]["missing-unit"] == 1 and doc["cases"] == 2
    code, out, _ = run(capsys, "mine", str(log))
    assert code == 0 and '"A > B"' in out and "R1 > R2" in out


# --- item 9: --lifecycle ----------------------------------------------------------------------

LIFECYCLE_HEADER = "case:concept:name,org:group,time:timestamp,concept:name,lifecycle:transition"


def test_lifecycle_keeps_one_transition(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    rows = [("c1", "A", "2024-01-01T10:00:00Z", "open", "start"),
            ("c1", "A", "2024-01-01T10:05:00Z", "open", "complete"),
            ("c1", "B", "2024-01-01T11:00:00Z", "fix", "START"),
            ("c1", "B", "2024-01-01T11:30:00Z", "fix", " Complete "),
            ("c1", "A", "2024-01-01T12:00:00Z", "close", "")]  # no transition: kept
    log = csv_log(tmp_path / "log.csv", rows, header=LIFECYCLE_HEADER)
    code, out, _ = run(capsys, "mine", str(log))
    assert code == 0 and "both start and complete events" in out
    assert "--lifecycle complete" in out
    doc = both(capsys, str(log), "--lifecycle", "complete")
    assert (doc["events"], doc["filtered"], doc["transitions"]) == (3, 2, 2)
    assert sum(doc["skipped"].values()) == 0
    code, out, _ = run(capsys, "mine", str(log), "--lifecycle", "COMPLETE")
    assert "filtered: 2 events" in out and "both start and complete" not in out
    assert both(capsys, str(log))["filtered"] == 0
    only = csv_log(tmp_path / "only.csv", rows[:4], header=LIFECYCLE_HEADER)
    code, _, err = run(capsys, "mine", str(only), "--lifecycle", "Resolved")  # BPIC 2013's
    assert code == 1 and "--lifecycle Resolved left no event" in err  # not a quiet 0


def test_lifecycle_in_xes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    events = "".join(
        f'<event><string key="org:group" value="{u}"/><date key="time:timestamp" '
        f'value="2024-01-01T10:0{i}:00Z"/><string key="lifecycle:transition" value="{lc}"/>'
        "</event>" for i, (u, lc) in enumerate([("A", "start"), ("A", "complete"),
                                                 ("B", "start"), ("B", "complete")]))
    xes = tmp_path / "log.xes"
    xes.write_text('<log xes.version="1.0"><trace><string key="concept:name" value="c1"/>'
                   f"{events}</trace></log>", encoding="utf-8")
    doc = mine_json(capsys, str(xes), "--lifecycle", "complete")
    assert (doc["events"], doc["filtered"], doc["handoffs"]) == (2, 2, 1)
