"""Issue 13, items 1-4: diagrams of big orgs tell the truth (folded boxes say what they
hold, captions count on the unfolded analysis), an explicit --depth wins, --root draws
one subtree, and labels fit their boxes (measured, broken at spaces and hyphens)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from custorg.audit.config import Config
from custorg.audit.engine import audit
from custorg.cli import main
from custorg.diagrams import build, build_mermaid
from custorg.diagrams.boxes import PAD
from custorg.diagrams.fold import fold, layer_counts, split_by_layer, subtree
from custorg.diagrams.process import STEP_W
from custorg.diagrams.render import render
from custorg.diagrams.textwidth import fit, measure
from test_diagrams_support import EXAMPLES, analyse, big_org, svg_nodes, with_class

LAB = Path(__file__).parent / "data" / "lab"
TELECOM = EXAMPLES / "telecom"


@cache
def report(path: Path):  # type: ignore[no-untyped-def]
    return analyse(path)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "org.yaml"
    path.write_text(big_org(400, interfaces=60, branching=5), encoding="utf-8")
    return path


def _number(text: str) -> int:
    return int(text.replace("\u00a0", "").replace(",", ""))


# ----------------------------------------------------------------------------- item 1


def test_a_folded_box_lists_what_it_holds_by_layer() -> None:
    analysis = report(TELECOM).analysis
    folding = fold(analysis, depth=1)
    source = build(analysis, "hierarchy", depth=1).source
    held = [g for g in folding.groups.values() if g.folded]
    assert held
    for group in held:
        counts = layer_counts(analysis, group.members)
        assert sum(counts.values()) == len(group.members)
        assert f"{len(group.members)} units:" in source
        for layer, n in counts.items():
            assert re.search(rf"\b{n} {layer.replace('-', ' ')}\b", source), (layer, n)


def test_customer_on_top_draws_one_fold_box_per_band() -> None:
    """Issue 21 item 18: a folded box never mixes layers ("1 front line · 296 back office
    · 2,688 disconnected" in the front-line band): the units of other layers are a box of
    their own in their band, "N units under X", reporting to X's box."""
    analysis = report(TELECOM).analysis
    folding = fold(analysis, depth=1)
    mixed = [g for g in folding.groups.values() if len(layer_counts(analysis, g.members)) > 1]
    assert mixed  # the telecom's divisions hold teams of several layers
    split = split_by_layer(analysis, folding)
    for group in split.groups.values():
        assert len(layer_counts(analysis, group.members)) == 1, group
    assert sorted(u for g in split.groups.values() for u in g.members) == \
        sorted(u for g in folding.groups.values() for u in g.members)
    assert all(split.groups[split.node_of[u]].members.count(u) == 1 for u in split.node_of)
    source = build(analysis, "customer-on-top", depth=1).source
    for group in mixed:
        assert group.unit is not None
        name = analysis.org.unit_by_id[group.unit].name
        for layer, n in layer_counts(analysis, group.members).items():
            if layer != analysis.layers.get(group.unit):
                shown = f"{n} units under {name}" if n > 1 else f"1 units under {name}"
                assert shown[:30] in source.replace("<BR/>", " "), shown
    # every box sits in the band of its layer
    for layer in ("front-line", "support", "back-office", "management", "disconnected"):
        band = re.search(rf'subgraph "?cluster_{layer}"? {{(.*?)\n\t}}', source, re.DOTALL)
        assert band, layer
        assert set(re.findall(r'class="unit ([a-z-]+)"', band.group(1))) == {layer}


def test_bands_count_the_units_of_their_layer_not_the_boxes() -> None:
    analysis = report(TELECOM).analysis
    source = build(analysis, "customer-on-top", depth=1).source
    captions = dict(re.findall(r"<B>(Front line|Support|Back office|Management|Disconnected)"
                               r" · ([\d\u00a0]+) units?", source))
    truth = layer_counts(analysis, [u.id for u in analysis.org.units])
    names = {"Front line": "front-line", "Support": "support", "Back office": "back-office",
             "Management": "management", "Disconnected": "disconnected"}
    assert {names[k]: _number(v) for k, v in captions.items()} == truth
    assert sum(truth.values()) == len(analysis.org.units)


def test_folded_interfaces_view_counts_the_audits_I001(big: Path) -> None:
    full = audit([str(big)], Config())
    i001 = sum(1 for f in full.findings if f.code == "I001")
    assert i001 > 20
    analysis = report(big).analysis
    diagram = build(analysis, "interfaces", max_nodes=12)
    assert diagram.notes  # folded automatically
    found = re.search(r"([\d\u00a0]+) unit pairs hand over work with no interface",
                      diagram.source)
    assert found and _number(found.group(1)) == i001


def test_folded_customer_on_top_title_uses_the_unfolded_analysis(big: Path) -> None:
    analysis = report(big).analysis
    source = build(analysis, "customer-on-top", max_nodes=12).source
    front = sum(1 for layer in analysis.layers.values() if layer == "front-line")
    assert f"{front} of 400 units face the customer" in source
    counted = re.findall(r"<B>(?:Front line|Support|Back office|Management|Disconnected)"
                         r" · ([\d\u00a0]+) units?", source)
    assert sum(_number(c) for c in counted) == 400


# ----------------------------------------------------------------------------- item 2


def test_an_explicit_depth_is_not_overridden(big: Path) -> None:
    analysis = report(big).analysis
    folding = fold(analysis, depth=3, max_nodes=12)
    depth = analysis.structure.depth
    assert len(folding.groups) == sum(1 for d in depth.values() if d <= 3) > 12
    assert folding.depth == 3 and folding.note is None


def test_a_depth_too_big_to_draw_in_time_exits_2(big: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "chart.svg"
    code = main(["diagram", str(big), "--view", "customer-on-top", "--depth", "9",
                 "--timeout", "1", "-o", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert "would draw 400 boxes" in err and "--timeout" in err
    assert re.search(r"--depth \d \(\d+ boxes\)", err) and "--root UNIT" in err
    # the same depth with time enough is drawn as asked, not folded further
    assert main(["diagram", str(big), "--view", "hierarchy", "--depth", "2", "-f", "dot",
                 "-o", str(tmp_path / "h.dot")]) == 0
    assert (tmp_path / "h.dot").read_text(encoding="utf-8").count('class="unit ') == 31


# ----------------------------------------------------------------------------- item 3


@pytest.mark.parametrize("view", ["hierarchy", "customer-on-top", "radial", "interfaces"])
def test_root_draws_only_that_subtree(view: str) -> None:
    analysis = report(TELECOM).analysis
    root = "pion-techniczny"
    part = subtree(analysis, root)
    diagram = build(analysis, view, root=root)
    nodes = svg_nodes(render(diagram.source, diagram.engine, "svg").data)
    units = [n for n in nodes.values() if "unit" in n.classes]
    assert len(units) == len(part) == 6
    assert "Pion Techniczny" in diagram.source
    assert "Dział Reklamacji" not in diagram.source  # a unit of another division


def test_root_with_depth_counts_from_the_root() -> None:
    analysis = report(TELECOM).analysis
    folding = fold(analysis, depth=0, root="pion-techniczny")
    assert len(folding.groups) == 1
    (group,) = folding.groups.values()
    assert group.unit == "pion-techniczny" and len(group.members) == 6


def test_root_through_the_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "part.dot"
    assert main(["diagram", str(TELECOM), "--view", "interfaces", "--root",
                 "pion-techniczny", "-o", str(out)]) == 0
    assert "Pion Techniczny" in out.read_text(encoding="utf-8")
    assert main(["diagram", str(TELECOM), "--view", "hierarchy", "--root",
                 "pion-techniczy"]) == 2
    assert "did you mean 'pion-techniczny'" in capsys.readouterr().err
    assert main(["diagram", str(TELECOM), "--view", "process", "--process", "complaint",
                 "--root", "pion-techniczny"]) == 2
    assert "--root does not apply" in capsys.readouterr().err
    assert main(["diagram", str(TELECOM), "--view", "customer-on-top", "-f", "mermaid",
                 "--root", "pion-techniczny"]) == 0
    mermaid = capsys.readouterr().out
    assert "Pion Techniczny" in mermaid and "Dział Reklamacji" not in mermaid


# ----------------------------------------------------------------------------- item 4


def _label_lines(source: str, node: str) -> list[str]:
    found = re.search(rf"\b{node} \[label=<(.*?)>\s", source)
    assert found, node
    name = re.search(r"<B>(.*?)</B>", found.group(1))
    assert name
    return name.group(1).split("<BR/>")


@pytest.mark.parametrize("view", ["hierarchy", "customer-on-top", "radial", "interfaces"])
def test_names_break_at_spaces_and_hyphens_and_fit_their_box(view: str) -> None:
    analysis = report(LAB).analysis
    source = build(analysis, view).source
    index = {u.id: i for i, u in enumerate(analysis.org.units)}
    for unit in analysis.org.units:
        node = f"u{index[unit.id]}"
        attrs = re.search(rf"\b{node} \[[^\]]*?width=\"?([\d.]+)", source)
        assert attrs
        width = float(attrs.group(1)) * 72 - PAD
        size = float(re.search(rf'\b{node} \[label=<<FONT POINT-SIZE="([\d.]+)"',
                               source).group(1))  # type: ignore[union-attr]
        lines = _label_lines(source, node)
        words = unit.name.replace("-", "- ").split()
        assert all(line in _joins(words) for line in lines), (unit.name, lines)
        assert all(measure(line, size, True) <= width for line in lines), (unit.name, lines)


def _joins(words: list[str]) -> set[str]:
    """Every run of consecutive words as a line would show it."""
    out = set()
    for i in range(len(words)):
        for j in range(i + 1, len(words) + 1):
            out.add(" ".join(words[i:j]).replace("- ", "-"))
    return out


def test_the_measure_knows_cyrillic_bold_is_wide() -> None:
    assert measure("Юридический отдел", 11, True) > 1.3 * measure("Legal department", 11)
    assert fit("ПЦР-лаборатория", 1.5 * 72 - PAD, (10.0, 9.0), True, 3)[0] == \
        ["ПЦР-", "лаборатория"]


def test_process_lane_is_named_after_the_customer_it_serves() -> None:
    analysis = report(LAB).analysis
    source = build(analysis, "process", "dogovor").source
    assert "".join(_label_lines(source, "lane0")) == "Клиники-партнёры"
    assert "1 handoff (1 cross-function)" in source
    mermaid, _ = build_mermaid(analysis, "process", "dogovor")
    assert "1 handoff," in mermaid and "1 handoffs" not in mermaid
    assert 'subgraph lane0["Клиники-партнёры"]' in mermaid or "Клиники" in mermaid


def test_process_activity_and_lane_text_fit() -> None:
    analysis = report(LAB).analysis
    source = build(analysis, "process", "analiz").source
    steps = re.findall(r"\bs\d+ \[label=<(.*?)>\s", source)
    assert len(steps) == len(analysis.org.process_by_id["analiz"].steps)
    for label in steps:
        body = re.search(r'<FONT POINT-SIZE="9">(.*?)</FONT>', label)
        for line in (body.group(1).split("<BR/>") if body else []):
            assert measure(line, 9) <= STEP_W * 72 - 12, line
    lane = _label_lines(source, "lane2")  # Юридический отдел is not in it; ПЦР is
    assert all(measure(line, 11, True) <= 1.8 * 72 - 12 for line in lane)


def test_interfaces_headings_are_whole_and_drawn_over_the_lines() -> None:
    analysis = report(TELECOM).analysis
    diagram = build(analysis, "interfaces")
    headers = re.findall(r'f\d+_header \[label=<<FONT POINT-SIZE="[\d.]+" COLOR="[^"]+">'
                         r"<B>(.*?)</B>", diagram.source)
    functions = {analysis.structure.function.get(u.id) or "(no function)"
                 for u in analysis.org.units}
    assert {h.replace("<BR/>", "") for h in headers} == functions
    # a node (drawn after the lines), not a cluster label (drawn under them)
    assert "cluster_f0 {\n\t\tlabel=\"\"" in diagram.source or 'label=""' in diagram.source


def test_interfaces_heading_of_a_long_function_is_not_cut(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text("organization: {name: X}\nunits:\n"
                    "  - {id: a, name: A, function: customer-experience}\n"
                    "  - {id: b, name: B, function: sales, parent: a}\n", encoding="utf-8")
    source = build(analyse(path).analysis, "interfaces").source
    heading = re.search(r"f\d+_header \[label=<<FONT[^>]*><B>(customer-.*?)</B>", source)
    assert heading and heading.group(1).replace("<BR/>", "") == "customer-experience"
    assert "…" not in heading.group(1)


def test_radial_boxes_sit_on_their_rings_and_captions_let_lines_through() -> None:
    for org in (LAB, TELECOM):
        diagram = build(report(org).analysis, "radial")
        nodes = svg_nodes(render(diagram.source, diagram.engine, "svg").data)
        cx, cy = nodes["cust"].centre
        rings = {n.node_id.removeprefix("ring_"): (n.box[2] - n.box[0]) / 2
                 for n in with_class(nodes, "ring")}
        for node in with_class(nodes, "unit"):
            layer = next(c for c in node.classes if c in rings)
            x, y = node.centre
            assert abs(((x - cx) ** 2 + (y - cy) ** 2) ** 0.5 - rings[layer]) < 2.0
        assert 'fillcolor="#FFFFFFB0"' in diagram.source  # see-through caption
        captions = with_class(nodes, "caption")
        for caption in captions:  # no box covers a ring's caption
            for unit in with_class(nodes, "unit"):
                a, b = caption.box, unit.box
                assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


@pytest.mark.parametrize("org", [TELECOM, EXAMPLES / "bakery" / "org.yaml", LAB])
@pytest.mark.parametrize("view", ["customer-on-top", "interfaces"])
def test_captions_and_headings_leave_the_lines_routed_around_boxes(org: Path,
                                                                   view: str) -> None:
    """Captions drawn as nodes must not touch the boxes, or Graphviz gives up routing
    and draws every line straight through the boxes."""
    diagram = build(report(org).analysis, view)
    assert "splines=true" in diagram.source
    warnings = render(diagram.source, diagram.engine, "svg").warnings
    assert not any("straight line" in w for w in warnings), warnings
