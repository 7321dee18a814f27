"""The README's example outputs are what the installed command prints (issue 21 item 17:
the bakery's audit once lacked its staff table); the explain text of F003 names no YAML
library."""

from __future__ import annotations

from pathlib import Path

import pytest

from custorg.cli import main

ROOT = Path(__file__).resolve().parent.parent


def readme_block(command: str) -> str:
    """The output shown under `$ COMMAND` in the README, up to the closing fence."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"$ {command}\n") + len(command) + 3
    return text[start:text.index("```", start)]


def test_the_bakery_audit_in_the_readme_is_the_real_output(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["audit", "examples/bakery/"]) == 0
    out = capsys.readouterr().out
    shown = readme_block("custorg audit examples/bakery/")
    assert "Staff by depth (declared FTE and headcount)" in shown
    assert shown == out


def test_duplicate_keys_are_explained_without_naming_a_library(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", "F003"]) == 0
    out = capsys.readouterr().out
    assert "the last one wins in most YAML readers" in " ".join(out.split())
    assert "PyYAML" not in out
