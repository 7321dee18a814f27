"""Options and messages of the commands as a newcomer meets them (issue 13): output
extensions, missing programs, common options on every command, terminal width, progress."""

from __future__ import annotations

from pathlib import Path

import pytest

from custorg.cli import main
from custorg.diagrams import render as R

ROOT = Path(__file__).resolve().parent.parent
BAKERY = str(ROOT / "examples" / "bakery")
TELECOM = str(ROOT / "examples" / "telecom")


# ----------------------------------------------------------------------------- item 9


@pytest.mark.parametrize("args", [["-o", "x.jpg"], ["--format", "svg", "-o", "x.png"],
                                  ["--format", "png", "-o", "x.svg"],
                                  ["--format", "dot", "-o", "x.mmd"]])
def test_an_output_extension_that_lies_is_a_usage_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    assert main(["diagram", BAKERY, "--view", "hierarchy", *args]) == 2
    err = capsys.readouterr().err
    assert "custorg: error:" in err and ("cannot write a .jpg file" in err
                                         or "disagree" in err)
    assert list(tmp_path.iterdir()) == []


def test_an_agreeing_or_missing_extension_is_fine(tmp_path: Path) -> None:
    assert main(["diagram", BAKERY, "--view", "hierarchy", "--format", "dot",
                 "-o", str(tmp_path / "x.GV")]) == 0
    assert (tmp_path / "x.GV").read_text(encoding="utf-8").count("digraph custorg {") == 1
    assert main(["diagram", BAKERY, "--view", "hierarchy", "--format", "dot",
                 "-o", str(tmp_path / "chart")]) == 0
    assert (tmp_path / "chart").read_text(encoding="utf-8").count("digraph custorg {") == 1


# ----------------------------------------------------------------------------- item 8


def test_a_missing_renderer_program_is_exit_2_not_the_findings_code(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(R.shutil, "which", lambda name: None)
    out = tmp_path / "chart.svg"
    assert main(["diagram", BAKERY, "--view", "hierarchy", "--renderer", "system",
                 "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no Graphviz `dot` executable" in err and "dot -T" not in err
    assert (tmp_path / "chart.dot").exists() and not out.exists()


def test_after_a_timeout_the_advice_is_a_custorg_command(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def slow(*_: object, **__: object) -> R.Rendered:
        raise R.RenderTimeout("the layout did not finish within 1 s")

    monkeypatch.setattr(R, "render", slow)
    monkeypatch.setattr("shutil.which", lambda name: None)
    out = tmp_path / "big chart.png"
    assert main(["diagram", TELECOM, "--view", "radial", "-o", str(out),
                 "--timeout", "1"]) == 1
    err = capsys.readouterr().err
    assert f"custorg diagram {TELECOM} --view radial --format png -o '{out}' --depth 1" in err
    assert "neato" not in err and "--timeout 120" in err
