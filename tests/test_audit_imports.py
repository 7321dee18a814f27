"""A JSON audit imports what it uses and nothing else (issue 26: start-up is a fixed share
of every run): no networkx (no command builds a graph object; graph.py imports it where
one is built), no pydantic (cli._plain_values keeps typer's adapters for values that
are not plain text, lists of text or flags), no jsonschema on a valid org, no rich."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import json, sys
from custorg.cli import main
code = main(["audit", sys.argv[1], "--format", "json", "-o", sys.argv[2]])
print(json.dumps({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""
HEAVY = ("networkx", "pydantic", "pydantic_core", "jsonschema", "rich")


def test_a_json_audit_imports_nothing_heavy(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", PROBE, str(ROOT / "examples" / "bakery"),
                           str(out)], capture_output=True, text=True, env=env, cwd=tmp_path,
                          timeout=120, check=True)
    result = json.loads(proc.stdout)
    assert result["code"] == 0
    assert json.loads(out.read_text("utf-8"))["summary"]["error"] == 0
    assert [m for m in HEAVY if m in result["modules"]] == []
    assert "custorg" in result["modules"] and "yaml" in result["modules"]
