"""The diagram views, checked on their structure (positions read back from the rendered
SVG, DOT text, fold counts), never on pixels."""

from __future__ import annotations

import math
import re
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from custorg.analysis import LAYER_ORDER
from custorg.diagrams import build
from custorg.diagrams.fold import fold
from custorg.diagrams.labels import clean, shorten, width, wrap
from custorg.diagrams.radial import spread
from custorg.diagrams.render import render
from test_diagrams_support import EXAMPLES, SvgNode, analyse, big_org, svg_nodes, with_class

ORGS = {"telecom": EXAMPLES / "telecom", "bakery": EXAMPLES / "bakery" / "org.yaml"}


@cache
def report(name: str):  # type: ignore[no-untyped-def]
    return analyse(ORGS[name])


@cache
def svg(name: str, view: str, process: str | None = None, depth: int | None = None) -> bytes:
    diagram = build(report(name).analysis, view, process, depth)
    return render(diagram.source, diagram.engine, "svg").data


def layer_of(node: SvgNode) -> str:
    found = [c for c in node.classes if c in LAYER_ORDER]
    assert len(found) == 1, node.classes
    return found[0]


# ----------------------------------------------------------------------------- customer on top


@pytest.mark.parametrize("org", ORGS)
def test_customer_above_every_front_line_unit(org: str) -> None:
    nodes = svg_nodes(svg(org, "customer-on-top"))
    customer = with_class(nodes, "customer")
    front = with_class(nodes, "front-line")
    assert len(customer) == 1 and front
    assert all(customer[0].box[3] < unit.box[1] for unit in front)  # bottom above top


@pytest.mark.parametrize("org", ORGS)
def test_layers_are_stacked_in_order(org: str) -> None:
    nodes = [n for n in svg_nodes(svg(org, "customer-on-top")).values() if "unit" in n.classes]
    analysis = report(org).analysis
    assert len(nodes) == len(analysis.org.units)
    rank = {layer: i for i, layer in enumerate(LAYER_ORDER)}
    for a in nodes:
        for b in nodes:
            if rank[layer_of(a)] < rank[layer_of(b)]:
                assert a.box[3] < b.box[1], (a.texts, b.texts)


def test_units_keep_the_layer_of_the_analysis() -> None:
    analysis = report("telecom").analysis
    diagram = build(analysis, "customer-on-top")
    index = {u.id: i for i, u in enumerate(analysis.org.units)}
    for unit, layer in analysis.layers.items():
        assert diagram.classes[f"u{index[unit]}"] == layer


# ----------------------------------------------------------------------------- radial


@pytest.mark.parametrize("org", ORGS)
def test_radial_customer_in_the_centre_and_rings_grow_outwards(org: str) -> None:
    nodes = svg_nodes(svg(org, "radial"))
    (customer,) = with_class(nodes, "customer")
    cx, cy = customer.centre
    rings = with_class(nodes, "ring")
    assert rings
    for ring in rings:  # every ring is centred on the customer
        rx, ry = ring.centre
        assert math.isclose(rx, cx, abs_tol=1) and math.isclose(ry, cy, abs_tol=1)
    by_layer: dict[str, list[float]] = {}
    for unit in with_class(nodes, "unit"):
        x, y = unit.centre
        by_layer.setdefault(layer_of(unit), []).append(math.hypot(x - cx, y - cy))
    radii = []
    for layer in LAYER_ORDER[1:]:
        if layer in by_layer:
            distances = by_layer[layer]
            assert max(distances) - min(distances) < 2, layer  # on one circle
            radii.append(sum(distances) / len(distances))
    assert radii == sorted(radii) and len(set(round(r) for r in radii)) == len(radii)


@pytest.mark.parametrize("org", ORGS)
def test_radial_boxes_do_not_overlap(org: str) -> None:
    boxes = [n.box for n in svg_nodes(svg(org, "radial")).values()
             if "unit" in n.classes or "customer" in n.classes]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_radial_is_deterministic() -> None:
    analysis = report("telecom").analysis
    assert build(analysis, "radial").source == build(analysis, "radial").source


@given(st.lists(st.floats(0, 6.2), min_size=1, max_size=30), st.floats(0.01, 0.2))
def test_spread_keeps_order_spacing_and_bounds(wanted: list[float], step: float) -> None:
    wanted.sort()
    low, high = 0.3, 6.0
    step = min(step, (high - low) / max(len(wanted) - 1, 1))
    out = spread(wanted, low, high, step)
    assert len(out) == len(wanted)
    assert all(low - 1e-9 <= v <= high + 1e-9 for v in out)
    assert all(b - a >= step - 1e-9 for a, b in pairwise(out))


# ----------------------------------------------------------------------------- process


def test_process_lanes_customer_on_top_then_units_in_order_of_appearance() -> None:
    nodes = svg_nodes(svg("telecom", "process", "complaint"))
    lanes = sorted(with_class(nodes, "lane"), key=lambda n: n.centre[1])
    names = [" ".join(lane.texts) for lane in lanes]
    assert names[0].startswith("Klienci indywidualni")  # the stakeholder it serves (default)
    expected = ["Sieć Salonów", "Dział Reklamacji", "Dział Rozliczeń", "Biuro Obsługi",
                "Dział Windykacji"]
    assert [n.split(" ")[0:2] for n in names[1:]] == [e.split(" ") for e in expected]


def test_process_steps_run_left_to_right_in_their_lanes() -> None:
    analysis = report("telecom").analysis
    process = analysis.org.process_by_id["complaint"]
    nodes = svg_nodes(svg("telecom", "process", "complaint"))
    steps = [nodes[f"s{i}"] for i in range(len(process.steps))]
    xs = [s.centre[0] for s in steps]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    lane_y = {lane.node_id: lane.centre[1] for lane in with_class(nodes, "lane")}
    for step, spec in zip(steps, process.steps, strict=True):
        lane = next(c for c in step.classes if c.startswith("lane"))
        assert math.isclose(step.centre[1], lane_y[lane], abs_tol=1)
        if spec.unit == "customer":
            assert lane == "lane0"


def test_process_marks_cross_function_and_ping_pong() -> None:
    diagram = build(report("telecom").analysis, "process", "complaint")
    h = report("telecom").analysis.handoffs["complaint"]
    classes = re.findall(r'class="([^"]*)"', diagram.source)
    assert sum("ping-pong" in c for c in classes) == h.ping_pong  # the return legs
    assert sum(c.startswith("handoff cross") for c in classes) == h.cross_function
    assert "9 handoffs (7 cross-function)" in diagram.source


# ----------------------------------------------------------------------------- hierarchy


@pytest.mark.parametrize("org", ORGS)
def test_hierarchy_managers_above_their_units(org: str) -> None:
    analysis = report(org).analysis
    nodes = svg_nodes(svg(org, "hierarchy"))
    index = {u.id: i for i, u in enumerate(analysis.org.units)}
    for unit in analysis.org.units:
        if unit.parent:
            above, below = nodes[f"u{index[unit.parent]}"], nodes[f"u{index[unit.id]}"]
            assert above.box[3] < below.box[1]


@pytest.mark.parametrize("org", ORGS)
def test_hierarchy_boxes_do_not_overlap(org: str) -> None:
    boxes = [n.box for n in svg_nodes(svg(org, "hierarchy")).values() if "unit" in n.classes]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


# ----------------------------------------------------------------------------- interfaces


def test_interfaces_marks_silos_and_weak_interfaces() -> None:
    analysis = report("telecom").analysis
    diagram = build(analysis, "interfaces")
    silos = sorted(f for f, s in analysis.silos.items() if s.silo)
    assert silos == ["hr", "marketing"]
    for function in silos:
        assert f"{function} · E-I" in diagram.source  # in the tooltips of its units
    assert len(re.findall(r"<B>(hr|marketing)</B></FONT><BR/><FONT POINT-SIZE=\"10\">"
                          r"E-I [^<]*· SILO</FONT>", diagram.source)) == 2  # block headings
    weak = [i for i in analysis.org.interfaces if not i.agreed]
    assert diagram.source.count('class="link missing"') == len(weak)
    nodes = svg_nodes(svg("telecom", "interfaces"))
    assert len(with_class(nodes, "silo")) == 4  # marketing's three units and hr's one


# ----------------------------------------------------------------------------- folding


def test_depth_folds_units_into_their_ancestor_with_counts() -> None:
    analysis = report("telecom").analysis
    folding = fold(analysis, depth=1)
    depth = analysis.structure.depth
    assert len(folding.groups) == sum(1 for d in depth.values() if d <= 1)
    index = {u.id: i for i, u in enumerate(analysis.org.units)}
    technical = folding.groups[f"u{index['pion-techniczny']}"]
    assert technical.folded == 5  # noc, utrzymanie-sieci, serwis-terenowy and two crews
    diagram = build(analysis, "hierarchy", depth=1)
    assert "6 units:" in diagram.source  # the division and the five it holds
    assert "4 units:" in diagram.source  # e.g. the sales division
    assert diagram.nodes == len(folding.groups)


def test_every_unit_is_in_exactly_one_box() -> None:
    analysis = report("telecom").analysis
    for depth in (0, 1, 2, None):
        folding = fold(analysis, depth=depth)
        members = [u for g in folding.groups.values() for u in g.members]
        assert sorted(members) == sorted(u.id for u in analysis.org.units)


@pytest.mark.parametrize("shape", ["tree", "flat"])
def test_big_orgs_fold_automatically(tmp_path: Path, shape: str) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(big_org(5000, flat=shape == "flat"), encoding="utf-8")
    analysis = analyse(path).analysis
    for view in ("hierarchy", "customer-on-top", "radial", "interfaces"):
        diagram = build(analysis, view)
        assert diagram.nodes <= 61, view
        assert diagram.notes and "5000 units do not fit" in diagram.notes[0]
    folding = fold(analysis)
    assert sum(len(g.members) for g in folding.groups.values()) == 5000
    if shape == "flat":  # one top unit with 4,999 direct reports: an overflow box
        more = [g for g in folding.groups.values() if g.unit is None]
        assert len(more) == 1 and len(more[0].members) == 5000 - len(folding.groups) + 1
    data = render(build(analysis, "customer-on-top").source, "neato", "svg").data
    assert "more units" in data.decode() or shape == "tree"


def test_small_orgs_are_not_folded() -> None:
    diagram = build(report("telecom").analysis, "hierarchy")
    assert diagram.notes == () and diagram.nodes == 32


# ----------------------------------------------------------------------------- text


def test_wrap_counts_wide_characters_double() -> None:
    lines = wrap("上海合作伙伴（Saulė 特许经营咖啡馆）", 12, 4)
    assert all(width(line) <= 12 for line in lines)
    assert "".join(lines).replace(" ", "") == "上海合作伙伴（Saulė特许经营咖啡馆）"


@given(st.text(max_size=300), st.integers(5, 40), st.integers(1, 4))
def test_wrap_never_exceeds_its_box(text: str, columns: int, lines: int) -> None:
    out = wrap(shorten(clean(text), 200), columns, lines)
    assert 1 <= len(out) <= lines
    assert all(width(line) <= columns for line in out)


def test_clean_removes_controls_and_keeps_letters() -> None:
    assert clean("Zażółć\n gęślą\tjaźń\x07\u202e") == "Zażółć gęślą jaźń"
    assert clean("X" * 10_000, 80) == "X" * 80
    assert "javascript:" not in clean("JavaScript:alert(1)")


# ----------------------------------------------------------------------------- mermaid


@pytest.mark.parametrize("org", ORGS)
@pytest.mark.parametrize("view", ["hierarchy", "customer-on-top", "process", "interfaces"])
def test_mermaid_links_and_styles_line_up(org: str, view: str) -> None:
    from custorg.diagrams import mermaid

    process = {"telecom": "complaint", "bakery": "order"}[org] if view == "process" else None
    text, _ = mermaid.build(report(org).analysis, view, process)
    lines = text.splitlines()
    assert lines[0] == "---" and lines[1].startswith("title: '") and lines[2] == "---"
    links = [ln for ln in lines if re.match(r"\s+\w+ (---|-->|~~~|-- )", ln)]
    styled = [int(m.group(1)) for ln in lines if (m := re.match(r"\s+linkStyle (\d+) ", ln))]
    assert styled == sorted(styled) and (not styled or styled[-1] < len(links))
    ids = set(re.findall(r"^\s+(\w+)[\[(]", text, re.MULTILINE))
    assert all(re.fullmatch(r"(u|o|s|cust)\d*", i) for i in ids), ids


def test_mermaid_process_lanes_start_with_the_customer() -> None:
    from custorg.diagrams import mermaid

    text, _ = mermaid.build(report("telecom").analysis, "process", "complaint")
    lanes = re.findall(r'subgraph lane\d+\["([^"]+)"\]', text)
    assert lanes[0] == "Klienci indywidualni"  # the customer stakeholder it serves
    assert lanes[1] == "Sieć Salonów Firmowych"
    assert text.count('-- "ping-pong" -->') == 2


def test_process_lanes_fold_with_depth() -> None:
    analysis = report("telecom").analysis
    diagram = build(analysis, "process", "repair", depth=1)
    lanes = re.findall(r'lane\d+ \[label=<<FONT POINT-SIZE="\d+"><B>([^<]+)', diagram.source)
    assert lanes == ["Klienci", "Pion Obsługi", "Pion Techniczny"]  # first lines
    assert diagram.source.count('class="step ') == len(analysis.org.process_by_id["repair"].steps)


def test_a_process_without_customer_steps_has_no_customer_lane(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 21 item 19: the bakery's menu is drawn up inside (no customer step): its
    lanes are its three units, none for the customer (DOT and Mermaid)."""
    from custorg.cli import main

    bakery = str(EXAMPLES / "bakery")
    args = ["diagram", bakery, "--view", "process", "--process", "catering-menu"]
    assert main([*args, "--format", "dot"]) == 0
    dot = capsys.readouterr().out
    lanes = re.findall(r'class="lane ([a-z-]+)"', dot)
    assert len(lanes) == 3 and "customer" not in lanes
    assert sorted(set(re.findall(r'class="step (lane\d+)"', dot))) == ["lane0", "lane1", "lane2"]
    assert main([*args, "--format", "mermaid"]) == 0
    mermaid = capsys.readouterr().out
    assert mermaid.count("subgraph lane") == 3 and ":::customer" not in mermaid
    # a process with customer steps keeps its customer lane on top
    assert main(["diagram", bakery, "--view", "process", "--process", "order",
                 "--format", "dot"]) == 0
    assert re.findall(r'class="lane ([a-z-]+)"', capsys.readouterr().out)[0] == "customer"
