"""The audit's speed-ups (issue 26) change no byte: text, JSON and SARIF of every example,
of the broken golden org and of a generated org (bench/generate.py, 300 units) are the
outputs the code gave before the rewrite (tests/golden/frozen/, written once from that
code and read by eye). Regenerate only for an intended change of output:
`UPDATE_GOLDEN=1 pytest tests/test_audit_frozen.py`, then read the diff."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from types import ModuleType

import pytest

from custorg.cli import main

ROOT = Path(__file__).resolve().parent.parent
FROZEN = Path(__file__).resolve().parent / "golden" / "frozen"
FORMATS = {"text": "txt", "json": "json", "sarif": "sarif"}
EXAMPLES = {"bakery": "examples/bakery", "bpic2013": "examples/bpic2013",
            "product": "examples/product", "telecom": "examples/telecom",
            "telecom-to-be": "examples/telecom-to-be", "broken": "tests/golden/broken"}
GENERATED_UNITS = 300


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _audit(path: str, fmt: str, cwd: Path, capsys: pytest.CaptureFixture[str],
           monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("NO_COLOR", "1")
    code = main(["audit", path, "--format", fmt, "--fail-on", "never"])
    out = capsys.readouterr().out
    assert code in (0, 1), out
    # SARIF names the working directory as its base URI: the one byte that is the machine's
    return out.replace(cwd.resolve().as_uri() + "/", "file:///CWD/")


def _check(name: str, fmt: str, out: str) -> None:
    expected = FROZEN / f"{name}.{FORMATS[fmt]}"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(out, encoding="utf-8")
    assert out == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("name", list(EXAMPLES))
def test_examples_unchanged(name: str, fmt: str, capsys: pytest.CaptureFixture[str],
                            monkeypatch: pytest.MonkeyPatch) -> None:
    _check(name, fmt, _audit(EXAMPLES[name], fmt, ROOT, capsys, monkeypatch))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_generated_org_unchanged(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "org.yaml").write_text(_generator().generate(GENERATED_UNITS, 1), encoding="utf-8")
    out = _audit("org.yaml", fmt, tmp_path, capsys, monkeypatch)
    assert out.count("org.yaml") > GENERATED_UNITS // 2  # the findings point into the file
    _check(f"generated-{GENERATED_UNITS}", fmt, out)
