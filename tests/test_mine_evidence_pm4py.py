"""The evidence of `custorg mine` against PM4Py on a small log of our own (skipped
without pm4py: AGPL, never a dependency). PM4Py's working-together network is, for two
distinct resources, the share of cases both work on: with the unit as resource key it is
`together(a, b) / cases`; its handover-of-work network (beta 0) is
`pairs[(a, b)] / transitions`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from custorg.cli import main
from mining_helpers import pm4py_frame

pm4py = pytest.importorskip("pm4py")

ROWS = [(case, unit, f"2024-01-0{day}T{hour:02d}:00:00Z")
        for case, units in (("1", "ABA"), ("2", "ABC"), ("3", "BC"), ("4", "A"), ("5", "CAB"))
        for day, (hour, unit) in ((1 + int(case) % 5, h) for h in enumerate(units, 9))]


def test_working_together_and_handover_equal_pm4py(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]
                                                   ) -> None:
    log = tmp_path / "log.csv"
    log.write_text("case:concept:name,org:group,time:timestamp,concept:name\n" + "".join(
        f"{c},{u},{t},step {u}\n" for c, u, t in ROWS), encoding="utf-8")
    assert main(["mine", str(log), "--format", "json", "--top", "100"]) == 0
    doc = json.loads(capsys.readouterr().out)
    frame = pm4py_frame(pm4py, log)
    # PM4Py divides by len(log): the cases of an EventLog, but the rows (events) of a
    # DataFrame, so the share of cases is the EventLog's figure
    traces = pm4py.convert_to_event_log(frame)
    together = pm4py.discover_working_together_network(traces, resource_key="org:group")
    ours = {tuple(p["units"]): p["cases"] / doc["cases"]
            for p in doc["evidence"]["working_together"]}
    theirs = {tuple(sorted(k)): v for k, v in together.connections.items() if k[0] != k[1]}
    assert ours == pytest.approx(theirs) and ours
    handover = pm4py.discover_handover_of_work_network(frame, beta=0,
                                                       resource_key="org:group")
    pairs = {(h["from"], h["to"]): h["count"] / doc["transitions"]
             for h in doc["evidence"]["handover_time"]}
    assert pairs == pytest.approx({k: v for k, v in handover.connections.items()
                                   if k[0] != k[1]})
