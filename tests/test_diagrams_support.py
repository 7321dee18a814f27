"""Helpers for the diagram tests: read node positions out of Graphviz SVG, build big
generated orgs. (Named test_diagrams_* so it sits with its tests; the few tests here
check the helpers themselves.)"""

from __future__ import annotations

import random
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from custorg.audit.config import Config
from custorg.audit.engine import Report, audit

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


@dataclass
class SvgNode:
    node_id: str  # the Graphviz node name (our internal id)
    classes: set[str]
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 (SVG units, y down)
    texts: list[str]

    @property
    def centre(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.box
        return (x0 + x1) / 2, (y0 + y1) / 2


def svg_nodes(data: bytes) -> dict[str, SvgNode]:
    """Every node of a Graphviz SVG by its internal id, with its shape's bounding box."""
    root = ET.fromstring(data)
    out = {}
    for group in root.iter(f"{SVG}g"):
        classes = set((group.get("class") or "").split())
        if "node" not in classes:
            continue
        title = group.find(f"{SVG}title")
        assert title is not None and title.text
        points: list[tuple[float, float]] = []
        for shape in group.iter():
            tag = shape.tag.removeprefix(SVG)
            if tag in ("polygon", "polyline"):
                values = [float(v) for v in _NUMBER.findall(shape.get("points", ""))]
            elif tag == "path":
                values = [float(v) for v in _NUMBER.findall(shape.get("d", ""))]
            elif tag == "ellipse":
                cx, cy = float(shape.get("cx", 0)), float(shape.get("cy", 0))
                rx, ry = float(shape.get("rx", 0)), float(shape.get("ry", 0))
                values = [cx - rx, cy - ry, cx + rx, cy + ry]
            else:
                continue
            points += list(zip(values[::2], values[1::2], strict=False))
            if points:
                break  # the first shape is the node's outline
        if not points:
            continue
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        texts = ["".join(t.itertext()) for t in group.iter(f"{SVG}text")]
        out[title.text] = SvgNode(title.text, classes, (min(xs), min(ys), max(xs), max(ys)),
                                  texts)
    return out


def with_class(nodes: dict[str, SvgNode], name: str) -> list[SvgNode]:
    return [n for n in nodes.values() if name in n.classes]


def analyse(path: Path | str) -> Report:
    report = audit([str(path)], Config(), with_rules=False)
    assert report.analysis is not None, [f.message for f in report.findings]
    return report


def big_org(units: int, interfaces: int = 0, branching: int = 8, flat: bool = False,
            seed: int = 7) -> str:
    """YAML of a generated org: a tree (or a flat org under one root), five functions,
    processes through random units, and random interfaces (distinct pairs)."""
    rnd = random.Random(seed)
    functions = ["sales", "service", "it", "finance", "logistics"]
    lines = ["organization: {name: Generated Org}", "units:"]
    for i in range(units):
        parent = "" if i == 0 else f", parent: u{0 if flat else (i - 1) // branching}"
        contact = ", customer_contact: direct" if i % 7 == 3 else ""
        lines.append(f"  - {{id: u{i}, name: Unit {i}{parent}, "
                     f"function: {functions[i % 5]}{contact}}}")
    lines.append("processes:")
    for p in range(max(1, units // 50)):
        steps = ["customer"] + [f"u{rnd.randrange(units)}" for _ in range(5)] + ["customer"]
        lines.append(f"  - {{id: p{p}, name: Process {p}, volume: {rnd.randrange(1, 999)}, "
                     f"steps: [{', '.join(steps)}]}}")
    if interfaces:
        lines.append("interfaces:")
        seen: set[tuple[int, int]] = set()
        while len(seen) < interfaces:
            a, b = rnd.randrange(units), rnd.randrange(units)
            if a != b and (a, b) not in seen and (b, a) not in seen:
                seen.add((a, b))
                lines.append(f"  - {{from: u{a}, to: u{b}}}")
    return "\n".join(lines) + "\n"


def test_big_org_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "org.yaml"
    path.write_text(big_org(60, interfaces=100), encoding="utf-8")
    report = analyse(path)
    assert len(report.org.units) == 60 and len(report.org.interfaces) == 100


def test_svg_nodes_reads_boxes() -> None:
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg"><g class="node a b"><title>n1</title>'
           b'<polygon points="0,0 10,0 10,-20 0,-20"/><text>hi</text></g></svg>')
    node = svg_nodes(svg)["n1"]
    assert node.classes == {"node", "a", "b"} and node.centre == (5, -10)
    assert node.texts == ["hi"]
