"""The mining benchmark's log generator still works (no timing: bench/mine_bench.py is run
by hand, results in docs/benchmark.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from custorg.mining import Columns, mine

BENCH = Path(__file__).resolve().parent.parent / "bench"
pytestmark = pytest.mark.skipif(not (BENCH / "mine_logs.py").is_file(), reason="no bench/")


def test_generated_log_is_reproducible_and_mined(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    import mine_logs

    assert list(mine_logs.rows(3000, seed=3)) == list(mine_logs.rows(3000, seed=3))
    path = mine_logs.write_csv(3000, tmp_path / "log.csv", seed=3)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3001 and lines[0] == mine_logs.HEADER.strip()
    mined = mine(path, Columns())
    assert mined.events + sum(mined.skipped.values()) == 3000
    assert mined.cases > 200 and mined.transitions > mined.cases
    assert any(len(p) >= 3 and p[0] == p[2] for p in mined.variants)  # ping-pong made
