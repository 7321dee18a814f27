"""`custorg mine` against PM4Py on the three public logs (issue 12, "Done means").

Runs only when pm4py is installed (it is AGPL: never a dependency of custorg) and the
shared data is present; skipped otherwise. PM4Py's handover-of-work network with
beta = 0 is pairs[(a, b)] / transitions; its variants over the unit attribute, with
consecutive repeats collapsed, are custorg's paths."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from custorg.cli import main
from mining_helpers import pm4py_frame

pm4py = pytest.importorskip("pm4py")

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = [Path(os.environ.get("CUSTORG_SHARED", "/nonexistent")), ROOT.parent / "shared",
              ROOT.parent.parent / "shared"]
LOGS = next((c / "data" / "eventlogs" for c in CANDIDATES
             if (c / "data" / "eventlogs").is_dir()), None)

# log file, unit attribute (the running example has no group: its resources are the units)
CASES = [("bpic2013_incidents.xes.gz", "org:group"), ("receipt.csv", "org:group"),
         ("running-example.csv", "org:resource")]


def _collapsed(variants: dict[tuple[str, ...], Any]) -> Counter[tuple[str, ...]]:
    out: Counter[tuple[str, ...]] = Counter()
    for variant, count in variants.items():
        path: list[str] = []
        for unit in variant:
            if not path or path[-1] != unit:
                path.append(unit)
        out[tuple(path)] += count if isinstance(count, int) else len(count)
    return out


@pytest.mark.skipif(LOGS is None, reason="shared event logs not present")
@pytest.mark.parametrize(("name", "unit"), CASES)
def test_equals_pm4py(name: str, unit: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert LOGS is not None
    path = LOGS / name
    code = main(["mine", str(path), "--unit", unit, "--format", "json", "--top", "100000"])
    ours = json.loads(capsys.readouterr().out)
    assert code == 0
    frame = pm4py_frame(pm4py, path)
    assert ours["events"] == len(frame)
    assert ours["cases"] == frame["case:concept:name"].nunique()
    sizes = frame.groupby("case:concept:name").size()
    assert ours["transitions"] == int((sizes - 1).sum())
    network = pm4py.discover_handover_of_work_network(frame, beta=0, resource_key=unit)
    pairs = {(p["from"], p["to"]): p["count"] for p in ours["pairs"]}
    theirs = {k: v for k, v in network.connections.items() if v}
    assert set(theirs) == set(pairs)
    for key, share in theirs.items():
        assert pairs[key] / ours["transitions"] == pytest.approx(share, rel=1e-9), key
    variants = _collapsed(pm4py.get_variants(frame, activity_key=unit))
    mine = {tuple(v["path"]): v["cases"] for v in ours["variants"]}
    assert mine == dict(variants)
    handoffs = sum((len(p) - 1) * n for p, n in variants.items())
    ping = sum(sum(1 for i in range(len(p) - 2) if p[i] == p[i + 2]) * n
               for p, n in variants.items())
    assert (ours["handoffs"], ours["ping_pong"]) == (handoffs, ping)
    top = [tuple(v["path"]) for v in ours["variants"][:10]]
    expected = sorted(variants.items(), key=lambda kv: (-kv[1], " > ".join(kv[0])))[:10]
    assert top == [p for p, _ in expected]
