"""`custorg deck`'s process swim lanes: the processes of `--process` (repeatable, unknown
ids exit 2), else the strategic ones, else the three busiest; at most 10 slides; steps
as native shapes with glued connectors when they fit a slide."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pptx = pytest.importorskip("pptx")

from conftest import EXAMPLES  # noqa: E402
from custorg.cli import main  # noqa: E402
from custorg.deck.lanes import MAX_SLIDES  # noqa: E402
from custorg.deck.shapes import MAX_SHAPES  # noqa: E402

STEPS = "[customer, a, b, a, customer]"


def _org(tmp_path: Path, processes: int, strategic: bool) -> Path:
    lines = ["organization: {name: Lanes}", "units:",
             "  - {id: top, kind: board, name: Top}",
             "  - {id: a, parent: top, function: sales, name: Alfa}",
             "  - {id: b, parent: top, function: ops, name: Beta}", "processes:"]
    lines += [f"  - {{id: p{i}, name: Proc {i}, volume: {i + 1}, strategic: "
              f"{str(strategic).lower()}, steps: {STEPS}}}" for i in range(processes)]
    path = tmp_path / "org.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _lanes(out: Path) -> list[Any]:
    return [s for s in pptx.Presentation(str(out)).slides
            if s.shapes.title.text_frame.text.startswith("Proc ")]


def test_three_busiest_without_strategic(tmp_path: Path) -> None:
    out = tmp_path / "d.pptx"
    assert main(["deck", str(_org(tmp_path, 5, False)), "-o", str(out)]) == 0
    titles = [s.shapes.title.text_frame.text for s in _lanes(out)]
    assert titles == [f"Proc {i}: 2 handoffs, 2 across functions" for i in (4, 3, 2)]


def test_strategic_ones_at_most_ten(tmp_path: Path) -> None:
    out = tmp_path / "d.pptx"
    assert main(["deck", str(_org(tmp_path, 12, True)), "-o", str(out)]) == 0
    assert len(_lanes(out)) == MAX_SLIDES


def test_named_processes_native_and_glued(tmp_path: Path) -> None:
    out = tmp_path / "d.pptx"
    org = _org(tmp_path, 5, False)
    assert main(["deck", str(org), "--process", "p1", "--process", "p0", "-o", str(out)]) == 0
    slides = _lanes(out)
    assert [s.shapes.title.text_frame.text.split(":")[0] for s in slides] == ["Proc 1",
                                                                              "Proc 0"]
    slide = slides[0]
    ids = {s.shape_id for s in slide.shapes}
    lines = [s for s in slide.shapes if s._element.tag.endswith("cxnSp")]
    assert len(lines) == 4  # one per handoff and contact between the 5 steps
    for line in lines:  # each with the process diagram's arrow at its end, none at its start
        assert line._element.find(".//{*}tailEnd").get("type") == "triangle"
        assert line._element.find(".//{*}headEnd") is None
        assert int(line._element.find(".//{*}stCxn").get("id")) in ids
        assert int(line._element.find(".//{*}endCxn").get("id")) in ids
    assert {"Alfa", "Beta"} <= {s.name for s in slide.shapes}
    assert len(slide.shapes) <= MAX_SHAPES


def test_unknown_process_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                   ) -> None:
    out = tmp_path / "d.pptx"
    assert main(["deck", str(EXAMPLES / "bakery"), "--process", "nope", "-o", str(out)]) == 2
    assert "unknown process 'nope'; processes: " in capsys.readouterr().err
    assert not out.exists()
