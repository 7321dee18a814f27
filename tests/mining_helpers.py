"""Small event logs for the `custorg mine` tests, written as CSV or XES."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

import pytest

from conftest import run  # noqa: F401 - the mining tests import it from here
from custorg.cli import main

HEADER = "case:concept:name,org:group,time:timestamp,concept:name"
# a small org in three scripts, with an interface, for the mining tests with --org
ORG = """\
custorg: 1
units:
  - {id: board, kind: board}
  - {id: sales, name: Dział Sprzedaży, parent: board, function: sales}
  - {id: shop, parent: sales}
  - {id: it, name: "IT-отдел", parent: board, function: it}
  - {id: hr, parent: board, function: hr}
interfaces:
  - {from: sales, to: it, provides: orders}
  - {id: payroll, from: hr, to: board}
"""


def csv_to_parquet(csv_path: Path, target: Path) -> Path:
    """The CSV's events, in its order, as Parquet (every column text, as in the CSV)."""
    import duckdb

    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv('{csv_path}', all_varchar = true, "
                f"header = true)) TO '{target}' (FORMAT parquet)")
    con.close()
    return target


def csv_log(path: Path, rows: Sequence[Sequence[str]], header: str = HEADER,
            delimiter: str = ",") -> Path:
    """Rows of (case, unit, timestamp, activity); fields are written as given (quote them
    yourself where needed)."""
    lines = [header.replace(",", delimiter)]
    lines += [delimiter.join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def xes_log(traces: Sequence[tuple[str | None, Sequence[tuple[str, str, str]]]]) -> str:
    """An XES document: traces of (case, [(unit, timestamp, activity)])."""
    out = ['<?xml version="1.0" encoding="UTF-8" ?>',
           '<log xes.version="1.0" xmlns="http://www.xes-standard.org/">',
           '<global scope="event"><string key="org:group" value="UNKNOWN"/></global>']
    for case, events in traces:
        out.append("<trace>")
        if case is not None:
            out.append(f'<string key="concept:name" value={quoteattr(case)}/>')
        for unit, ts, act in events:
            out.append(f'<event><string key="org:group" value={quoteattr(unit)}/>'
                       f'<date key="time:timestamp" value={quoteattr(ts)}/>'
                       f'<string key="concept:name" value={quoteattr(act)}/></event>')
        out.append("</trace>")
    out.append("</log>")
    return "\n".join(out) + "\n"


def mine_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    """Run `custorg mine ... --format json`; the parsed document (exit 0 checked)."""
    code = main(["mine", *args, "--format", "json"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    result: dict[str, Any] = json.loads(captured.out)
    return result


def ts(minute: int, hour: int = 10) -> str:
    return f"2024-03-01T{hour:02d}:{minute:02d}:00Z"


def pm4py_frame(pm4py: Any, path: Path) -> Any:
    """A log as PM4Py reads it for the comparison tests: XES with `read_xes`, a CSV with
    every column as text and the timestamps as UTC instants."""
    import pandas as pd

    if path.name.endswith((".xes", ".xes.gz")):
        return pm4py.read_xes(str(path))
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["time:timestamp"] = pd.to_datetime(frame["time:timestamp"], utc=True,
                                             format="ISO8601")
    return pm4py.format_dataframe(frame, case_id="case:concept:name",
                                  activity_key="concept:name",
                                  timestamp_key="time:timestamp")
