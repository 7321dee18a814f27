"""`custorg deck --compare TO_BE`: the before/after figures as a native table (the diff's
labels, values, change and verdict) and handoffs per process as-is and to-be as a native
chart; without --compare neither slide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pptx = pytest.importorskip("pptx")

from conftest import EXAMPLES  # noqa: E402
from custorg.cli import main  # noqa: E402


def _slides(out: Path) -> dict[str, Any]:
    return {s.shapes.title.text_frame.text: s for s in pptx.Presentation(str(out)).slides}


def test_before_after_figures(tmp_path: Path) -> None:
    out = tmp_path / "d.pptx"
    assert main(["deck", str(EXAMPLES / "telecom"), "--compare",
                 str(EXAMPLES / "telecom-to-be"), "-o", str(out)]) == 0
    slides = _slides(out)
    table = next(s.table for s in slides["Before and after: 6 figures better, 1 worse"].shapes
                 if s.has_table)
    rows = {table.cell(r, 0).text: [table.cell(r, c).text for c in range(1, 5)]
            for r in range(1, len(table.rows))}
    assert rows["handoffs"] == ["25", "16", "-9", "better"]
    assert rows["escalated to the top"] == ["77%", "88%", "+11 pp", "worse"]
    assert rows["maturity level"] == ["2", "4", "+2", "better"]
    chart = next(s.chart for s in slides["Handoffs per process: 25 → 16 in all"].shapes
                 if s.has_chart)
    series = {s.name: list(s.values) for s in chart.plots[0].series}
    assert sum(v or 0 for v in series["as-is"]) == 25
    assert sum(v or 0 for v in series["to-be"]) == 16


def test_no_figures_without_compare(tmp_path: Path) -> None:
    out = tmp_path / "d.pptx"
    assert main(["deck", str(EXAMPLES / "telecom"), "-o", str(out)]) == 0
    assert not [t for t in _slides(out) if t.startswith(("Before and after", "Handoffs per "
                                                         "process:"))]
