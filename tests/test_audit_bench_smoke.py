"""bench/audit_bench.py still works: its stage child times every stage of a real audit of
a small generated org, and its table shows each stage against its budget. No timing
assertions (the benchmark is run by hand: `python bench/audit_bench.py`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

pytestmark = pytest.mark.skipif(not BENCH.is_dir(), reason="no bench/ folder")


def test_the_stage_child_times_every_stage(tmp_path: Path) -> None:
    import audit_bench
    import generate

    org = generate.write(200, 1, tmp_path / "org.yaml")
    out = tmp_path / "report.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, str(BENCH / "audit_bench.py"), "--child", str(org),
                           str(out)], capture_output=True, text=True, env=env, timeout=300,
                          check=True)
    spent = json.loads(proc.stdout)
    assert sorted(spent) == sorted(audit_bench.STAGES)
    assert all(seconds >= 0 for seconds in spent.values())
    assert spent["rules"] >= spent["locations"] > 0  # locations are asked inside the rules
    assert json.loads(out.read_text("utf-8"))["metrics"]["units"] == 200


def test_the_table_shows_each_stage_against_its_budget() -> None:
    import audit_bench

    row = {"bytes": 2**20, "peak_mb": 100.0, "csafe": 2.0, "csafe_cpu": 1.0, "audit": 0.6,
           "audit_cpu": 0.5, **dict.fromkeys(audit_bench.STAGES, 0.01)}
    row["rules"] = 1.0
    text = audit_bench.markdown({10_000: row}, 2, {"cpu": "test"})
    assert "| <= 0.35x: met |" in text  # 0.6 s of wall time against CSafeLoader's 2.0 s
    assert "| rules | 1.000 s (1.000x) / 0.030 s **over** |" in text
    assert "| imports | 0.010 s (0.010x) / 0.300 s |" in text
