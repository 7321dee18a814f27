"""Golden outputs: each input beside the exact output it must produce (reviewed by eye).

Regenerate after an intended change with `UPDATE_GOLDEN=1 pytest tests/test_golden.py`,
then read the diff before committing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from custorg.cli import main

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = [
    ("bakery", "examples/bakery", "text"), ("bakery", "examples/bakery", "json"),
    ("telecom", "examples/telecom", "text"), ("telecom", "examples/telecom", "json"),
    ("broken", "tests/golden/broken", "text"), ("broken", "tests/golden/broken", "json"),
]


@pytest.mark.parametrize("name, path, fmt", CASES, ids=[f"{n}-{f}" for n, _, f in CASES])
def test_golden(name: str, path: str, fmt: str, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    code = main(["audit", path, "--format", fmt, "--fail-on", "never"])
    assert code == (1 if name == "broken" else 0)
    out = capsys.readouterr().out
    expected_file = GOLDEN / f"{name}.{'txt' if fmt == 'text' else fmt}"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(out, encoding="utf-8")
    assert out == expected_file.read_text(encoding="utf-8")


DIFF_CASES = [("text", "txt"), ("json", "json"), ("markdown", "md")]


@pytest.mark.parametrize("fmt, ext", DIFF_CASES, ids=[f for f, _ in DIFF_CASES])
def test_golden_diff(fmt: str, ext: str, capsys: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch) -> None:
    """`custorg diff examples/telecom examples/telecom-to-be`: every number checked by hand
    against the two audits (see the comments in examples/telecom-to-be/org.yaml)."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    code = main(["diff", "examples/telecom", "examples/telecom-to-be", "--format", fmt])
    assert code == 0
    out = capsys.readouterr().out
    expected_file = GOLDEN / f"telecom-diff.{ext}"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(out, encoding="utf-8")
    assert out == expected_file.read_text(encoding="utf-8")
