"""`custorg deck --evidence DIR`: the slowest handoffs (a native chart of the evidence.json
figures) and the key-person, broker and structure findings; a folder without an
evidence.json is exit 2 and writes nothing. The Teams slide once units declare team types."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pptx = pytest.importorskip("pptx")

from conftest import EXAMPLES  # noqa: E402
from custorg.cli import main  # noqa: E402
from test_report_evidence import _mined  # noqa: E402


def _deck(path: Path) -> list[Any]:
    return list(pptx.Presentation(str(path)).slides)


def _title(slide: Any) -> str:
    return str(slide.shapes.title.text_frame.text)


def _text(slide: Any) -> str:
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_evidence_slides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    org, folder = _mined(tmp_path, capsys)
    out = tmp_path / "deck.pptx"
    assert main(["deck", str(org), "--evidence", str(folder), "-o", str(out)]) == 0
    slides = {_title(s): s for s in _deck(out)}
    chart_slide = slides["The slowest handoff: amp → js makes the customer wait 24.0 hours "
                         "(median)"]
    chart = next(s.chart for s in chart_slide.shapes if s.has_chart)
    assert list(chart.plots[0].categories) == ["amp → js", "js → amp", "amp → board"]
    assert list(chart.plots[0].series[0].values) == [24.0, 2.0, 1.0]
    findings = slides["What the log says: 1 finding on key people, brokers and structure"]
    text = _text(findings)
    assert "Key people: 0 findings" in text and "Structure: 1 finding" in text
    assert "E005 · The work clusters across the functions" in text
    assert "Communities of work" in text


def test_evidence_folder_without_one_is_exit_2(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    org, _ = _mined(tmp_path, capsys)
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "deck.pptx"
    assert main(["deck", str(org), "--evidence", str(empty), "-o", str(out)]) == 2
    assert "no evidence.json in this folder" in capsys.readouterr().err
    assert not out.exists()


def test_teams_slide_only_when_units_declare_team_types(tmp_path: Path) -> None:
    product, bakery = tmp_path / "product.pptx", tmp_path / "bakery.pptx"
    assert main(["deck", str(EXAMPLES / "product"), "-o", str(product)]) == 0
    assert main(["deck", str(EXAMPLES / "bakery"), "-o", str(bakery)]) == 0
    teams = [s for s in _deck(product) if _title(s).startswith("Teams: ")]
    assert [_title(s) for s in teams] == [
        "Teams: 6 typed units, none over the cognitive load limit"]
    text = _text(teams[0])
    assert "stream-aligned (SA) 3" in text and "Rides stream (rides): 4" in text
    assert not [s for s in _deck(bakery) if _title(s).startswith("Teams")]
