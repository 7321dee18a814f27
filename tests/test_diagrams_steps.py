"""The process view of a huge process (issue 18, item 14): past --max-nodes, consecutive
steps fold into boxes (runs in one lane, else windows across lanes), so any process
draws within --max-nodes step boxes, in DOT, SVG and Mermaid; the handoffs between boxes
are drawn and those inside counted; a timeout suggests only options that work for the
view. Box counts are asserted, never times."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import pytest

from custorg.cli import main
from custorg.diagrams import budget as B, build, build_mermaid, render as R
from custorg.diagrams.steps import StepBox, fold_steps
from test_diagrams_support import EXAMPLES, analyse, svg_nodes

TELECOM = EXAMPLES / "telecom"
STEPS = 20_000
STEP_NODE = re.compile(r'^\s*(s\d+) \[.*class="step', re.M)
MERMAID_NODE = re.compile(r'^\s+(s\d+)\["', re.M)


def _org(path: Path, steps: list[str]) -> Path:
    units = "".join(f"  - {{id: u{i}, function: f{i % 3}}}\n" for i in range(6))
    path.write_text(f"units:\n{units}processes:\n  - id: p\n    steps: [customer, "
                    + ", ".join(steps) + ", customer]\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20,000 steps in runs of 1 to 40 steps in one of six units."""
    steps: list[str] = []
    i = 0
    while len(steps) < STEPS:
        steps += [f"u{i % 6}"] * (1 + i * 7 % 40)
        i += 1
    return _org(tmp_path_factory.mktemp("runs") / "org.yaml", steps[:STEPS])


@pytest.fixture(scope="module")
def alternating(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The worst case: 20,000 steps, every one in another lane than the one before."""
    return _org(tmp_path_factory.mktemp("alternating") / "org.yaml",
                [f"u{i % 2}" for i in range(STEPS)])


def _covers(boxes: list[StepBox], lanes: list[int]) -> None:
    """Boxes hold consecutive steps, every step once, in order, and span their lanes."""
    assert boxes[0].first == 0 and boxes[-1].last == len(lanes) - 1
    assert all(a.last + 1 == b.first for a, b in pairwise(boxes))
    for box in boxes:
        held = lanes[box.first:box.last + 1]
        assert (box.low, box.high, box.lanes) == (min(held), max(held), len(set(held)))


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 60, 999])
@pytest.mark.parametrize("pattern", ["runs", "alternating", "three", "one lane"])
def test_any_steps_fold_into_at_most_max_boxes(limit: int, pattern: str) -> None:
    lanes = {"runs": [i // 37 % 5 for i in range(5000)],
             "alternating": [i % 2 for i in range(5000)],
             "three": [i * 7 % 3 for i in range(5000)],
             "one lane": [0] * 5000}[pattern]
    boxes = fold_steps(lanes, limit)
    assert boxes is not None and 1 <= len(boxes) <= limit
    _covers(boxes, lanes)
    if pattern == "runs" and limit >= 5000 // 37 + 1:  # the runs fit: one box per run
        assert all(box.lanes == 1 for box in boxes) and len(boxes) == 5000 // 37 + 1


def test_a_small_process_is_not_folded() -> None:
    assert fold_steps([0, 1, 1, 2], 4) is None
    assert fold_steps([0, 1, 1, 2], 3) == [StepBox(0, 0, 0, 0, 1), StepBox(1, 2, 1, 1, 1),
                                           StepBox(3, 3, 2, 2, 1)]


def test_runs_of_one_lane_fold_into_one_box_with_their_count(runs: Path) -> None:
    analysis = analyse(runs).analysis
    nodes = len(analysis.org.process_by_id["p"].steps)
    for limit in (60, 1500):  # windows across lanes; one box per run (about 1,000 runs)
        diagram = build(analysis, "process", "p", max_nodes=limit)
        boxes = STEP_NODE.findall(diagram.source)
        assert 1 < len(boxes) <= limit and diagram.edges == len(boxes) - 1
        assert f"{nodes:,} steps".replace(",", "\u00a0") in diagram.notes[-1]
        counts = [int(n.replace("\u00a0", "")) for n in
                  re.findall(r">([\d\u00a0]+) steps", diagram.source)]
        assert counts and sum(counts) + len(boxes) - len(counts) == nodes  # each step once
        assert "folded into" in diagram.source  # the title says what was folded...
        assert "consecutive steps of one lane" in diagram.source  # ...and the legend
    assert len(boxes) > 900 and not re.search(r"steps · \d+ lanes", diagram.source)
    assert "in one lane drawn as one box (\"37 steps\")" in diagram.notes[-1]


def test_folding_keeps_the_numbers(runs: Path) -> None:
    """Every transition is an arrow between boxes or counted inside one."""
    analysis = analyse(runs).analysis
    h = analysis.handoffs["p"]
    source = build(analysis, "process", "p", max_nodes=40).source
    inside = sum(int(n.replace("\u00a0", "")) for n in
                 re.findall(r"<BR/>([\d\u00a0]+) handoffs? inside</FONT>", source))
    drawn = len(re.findall(r'class="handoff', source))
    assert inside + drawn == h.handoffs


def test_a_20000_step_process_renders_an_svg_within_max_nodes(
        runs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "p.svg"
    assert main(["diagram", str(runs), "--view", "process", "--process", "p",
                 "--renderer", "pygraphviz", "-o", str(out)]) == 0
    steps = [n for n in svg_nodes(out.read_bytes()).values() if "step" in n.classes]
    assert 1 < len(steps) <= 60 and any("folded" in n.classes for n in steps)
    assert "do not fit on one slide" in capsys.readouterr().err


@pytest.mark.parametrize("limit", [2, 7, 60])
def test_alternating_lanes_fold_into_windows(alternating: Path, limit: int,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", str(alternating), "--view", "process", "--process", "p",
                 "-f", "dot", "--max-nodes", str(limit)]) == 0
    out, err = capsys.readouterr()
    boxes = STEP_NODE.findall(out)
    assert 1 <= len(boxes) <= limit and "spanning lanes" in err
    assert re.search(r"steps 1–\d+", out) and re.search(r"steps · [23] lanes", out)
    assert "a window of steps in several lanes" in out  # the legend
    assert len(re.findall(r"^\s*s\d+ -> s\d+", out, re.M)) == len(boxes) - 1


@pytest.mark.parametrize("fixture", ["runs", "alternating"])
def test_mermaid_folds_the_same_boxes(fixture: str, request: pytest.FixtureRequest) -> None:
    analysis = analyse(request.getfixturevalue(fixture)).analysis
    text, notes = build_mermaid(analysis, "process", "p", max_nodes=60)
    dot = build(analysis, "process", "p", max_nodes=60).source
    nodes = sorted(MERMAID_NODE.findall(text), key=lambda n: int(n[1:]))  # lanes first
    assert 1 < len(nodes) <= 60 and nodes == STEP_NODE.findall(dot)
    links = re.findall(r"^  (s\d+) (?:-->|-- \"ping-pong\" -->) (s\d+)$", text, re.M)
    assert links == list(pairwise(nodes)) and "folded into" in text.splitlines()[1]
    assert notes and "do not fit on one slide" in notes[-1]


def test_an_example_process_draws_every_step_when_it_fits() -> None:
    analysis = analyse(TELECOM).analysis
    steps = len(analysis.org.process_by_id["complaint"].steps)
    diagram = build(analysis, "process", "complaint")
    assert len(STEP_NODE.findall(diagram.source)) == steps and "folded" not in diagram.source
    assert not diagram.notes
    folded = build(analysis, "process", "complaint", max_nodes=steps - 1)
    assert len(STEP_NODE.findall(folded.source)) <= steps - 1 and folded.notes


def test_a_process_timeout_suggests_only_max_nodes(
        runs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def slow(*_: object, **__: object) -> R.Rendered:
        raise R.RenderTimeout("the layout did not finish within 1 s")

    monkeypatch.setattr(R, "render", slow)
    out = tmp_path / "p.svg"
    assert main(["diagram", str(runs), "--view", "process", "--process", "p",
                 "-o", str(out)]) == 1
    (err,) = [line for line in capsys.readouterr().err.splitlines() if "error:" in line]
    assert f"--process p --format svg -o {out} --max-nodes 30, or allow more time" in err
    assert "--depth" not in err and "--root" not in err
    assert main(["diagram", str(runs), "--view", "process", "--process", "p",
                 "-o", str(out), "--max-nodes", "2"]) == 1
    (err,) = [line for line in capsys.readouterr().err.splitlines() if "error:" in line]
    # nothing smaller can be drawn: only more time
    assert "draw fewer" not in err and "--max-nodes" not in err and "--timeout 240" in err


def test_a_process_too_big_for_the_time_is_refused_with_a_max_nodes_that_fits(
        alternating: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    small = _org(tmp_path / "org.yaml", [f"u{i % 2}" for i in range(400)])
    assert main(["diagram", str(small), "--view", "process", "--process", "p",
                 "--max-nodes", "100000", "--timeout", "1", "-o", "-"]) == 2
    err = capsys.readouterr().err
    assert "with --max-nodes 100000 would draw" in err
    assert "Draw it with --max-nodes 60" in err and "--depth" not in err
    found = re.search(r"any N up to ([\d,]+)", err)
    assert found is not None
    drawn = build(analyse(alternating).analysis, "process", "p",
                  max_nodes=int(found.group(1).replace(",", "")))
    assert B.fits(B.Size(drawn.nodes, drawn.edges), 1)  # what it suggests can be drawn
