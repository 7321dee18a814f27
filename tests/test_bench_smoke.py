"""The benchmark still works (generator and runner at a tiny size). No timing assertions:
the benchmark itself is run by hand, `python bench/run.py` (docs/benchmark.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from custorg.audit.engine import audit

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

pytestmark = pytest.mark.skipif(not BENCH.is_dir(), reason="no bench/ folder")


def test_generator_is_reproducible_and_sized() -> None:
    text = generate.generate(300, seed=7)
    assert text == generate.generate(300, seed=7)
    assert text != generate.generate(300, seed=8)
    assert text.count("\n  - id: u") == 300


def test_generated_org_is_valid_and_fully_audited(tmp_path: Path) -> None:
    path = generate.write(400, 3, tmp_path / "org.yaml")
    report = audit([str(path)])
    errors = [f for f in report.findings if f.code.startswith(("F", "S00"))
              and f.code not in ("S004", "S005", "S006")]
    assert errors == [], errors[:3]
    assert report.metrics is not None
    m = report.metrics
    assert m["units"] == 400
    assert m["people"] == m["processes"] == m["interfaces"] == 100
    assert m["handoffs"]["total"] > 0
    assert len(report.org.projects) == 100  # type: ignore[union-attr]


def test_runner_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "results.md"
    done = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--sizes", "200", "--repeat", "1",
         "--out", str(out), "--cache", str(tmp_path / "cache")],
        capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    text = out.read_text(encoding="utf-8")
    assert "## Machine" in text and "| 200 |" in text and "## Targets" in text
    raw = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    run = raw["sizes"]["200"]
    assert run["audit"]["ok"] and run["metrics"]["ok"]
    assert run["baseline_load"] > 0
    assert run["audit"]["peak_mb"] > 0
    assert {"import typer", "--help", "--version"} <= raw["startup"].keys()


def test_adversarial_shapes_are_what_they_say(tmp_path: Path) -> None:
    """bench/adversarial.py's generators: each shape at a tiny size, audited in process."""
    import adversarial

    sizes = {}
    for name, (make, _) in adversarial.SHAPES.items():
        path = tmp_path / f"{name.split()[0]}.yaml"
        path.write_text(make(60), encoding="utf-8")
        report = audit([str(path)])
        sizes[name.split()[0]] = (report.metrics is not None,
                                  sum(f.code == "S002" for f in report.findings))
    assert sizes == {"long-process": (True, 0), "broken-steps": (False, 60),
                     "big-project": (True, 0), "process-lanes": (True, 0),
                     "broken-refs": (False, 60), "many-processes": (True, 0)}
