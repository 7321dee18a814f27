"""A diagram as native, editable PowerPoint shapes: every box a rounded rectangle with
its text, each cluster (a band of customer on top) a background rectangle grouped with
its caption, every edge a connector glued to its two boxes (moving a box in PowerPoint
keeps its lines). Positions and sizes are the ones custorg's diagram pinned (dot.py),
scaled to the slide's content rectangle.

At most MAX_SHAPES shapes per slide: edges are dropped least important first (reporting
lines, then interfaces) when a folded view still has too many."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ..diagrams import textwidth as W
from . import text as X
from .canvas import Rect
from .dot import Graph, Node, arrows

MAX_SHAPES = 300
EMU_PER_IN = 914400
CUSTOMER_SIZE = (1.6, 0.45)
_EDGE_ORDER = ("contact", "handoff", "interface", "reporting")  # most important first
_DASH = {"dashed": MSO_LINE.DASH, "dotted": MSO_LINE.ROUND_DOT}


@dataclass(frozen=True)
class Frame:
    """Diagram inches -> slide EMU."""

    left: float
    top: float  # the diagram's largest y (y grows upwards in Graphviz)
    scale: float  # EMU per inch
    x0: int
    y0: int

    def point(self, x: float, y: float) -> tuple[int, int]:
        return (int(self.x0 + (x - self.left) * self.scale),
                int(self.y0 + (self.top - y) * self.scale))


def _extent(graph: Graph) -> tuple[float, float, float, float]:
    xs: list[float] = []
    ys: list[float] = []
    for node in graph.nodes.values():
        pos = node.pos
        if pos is None:
            continue
        w, h = _size(node)
        xs += [pos[0] - w / 2, pos[0] + w / 2]
        ys += [pos[1] - h / 2, pos[1] + h / 2]
    return min(xs), max(xs), min(ys), max(ys)


def _size(node: Node) -> tuple[float, float]:
    if node.role == "customer":
        return CUSTOMER_SIZE
    return node.size()


def fit_frame(graph: Graph, rect: Rect) -> Frame:
    left, right, bottom, top = _extent(graph)
    width, height = max(right - left, 0.1), max(top - bottom, 0.1)
    scale = min(rect.width / width, rect.height / height)
    x0 = rect.left + int((rect.width - width * scale) / 2)
    return Frame(left, top, scale, x0, rect.top)


def draw(slide: Any, graph: Graph, rect: Rect, with_edges: bool = True) -> dict[str, Any]:
    """Draw `graph` into `rect` of `slide`; the shapes of its boxes by node id. Without
    `with_edges` the boxes only (the caller glues its own lines: `tree_lines`)."""
    frame = fit_frame(graph, rect)
    shapes = slide.shapes
    for cluster in graph.clusters:
        _band(shapes, graph, cluster, frame)
    boxes: dict[str, Any] = {}
    for node in graph.nodes.values():
        if node.pos is None or node.role in ("joint", "caption"):
            continue
        boxes[node.id] = _box(shapes, node, frame)
    room = MAX_SHAPES - len(shapes) if with_edges else 0
    edges = sorted((e for e in graph.edges if e.a in boxes and e.b in boxes),
                   key=lambda e: _rank(e.role))[:max(room, 0)]
    first_box = next(iter(boxes.values()), None)
    for edge in edges:
        line = _connector(shapes, boxes[edge.a], boxes[edge.b], edge.attrs, frame)
        _arrowheads(line, *arrows(graph, edge))
        if first_box is not None:  # lines under the boxes
            first_box._element.addprevious(line._element)
    return boxes


def _rank(role: str) -> int:
    kind = role.split()[0] if role else ""
    return _EDGE_ORDER.index(kind) if kind in _EDGE_ORDER else len(_EDGE_ORDER)


def _color(value: str, default: str = "#888888") -> RGBColor:
    return X.rgb(value, default)


def _band(shapes: Any, graph: Graph, cluster: str, frame: Frame) -> None:
    members = [n for n in graph.nodes.values() if n.cluster == cluster]
    corners = [n.pos for n in members if n.role == "joint" and n.pos is not None]
    if len(corners) < 2:
        return
    (xa, ya), (xb, yb) = frame.point(*corners[0]), frame.point(*corners[1])
    group = shapes.add_group_shape()
    rect = group.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, min(xa, xb), min(ya, yb),
                                  abs(xb - xa), abs(yb - ya))
    rect.adjustments[0] = 0.04
    fill = next((n.attrs.get("fillcolor", "") for n in members if n.role == "caption"),
                "#F7F7F7")
    rect.fill.solid()
    rect.fill.fore_color.rgb = _color(fill, "#F7F7F7")
    rect.line.fill.background()
    rect.shadow.inherit = False
    rect.name = f"band {cluster.removeprefix('cluster_')}"
    for caption in (n for n in members if n.role == "caption"):
        name, _ = caption.lines()
        x, y = frame.point(caption.pos[0], caption.pos[1]) if caption.pos else (xa, ya)
        width = max(int(X.height_of(1, 10) * 30), abs(xb - xa) // 2)
        size = _caption_size(name, width)
        box = group.shapes.add_textbox(min(xa, xb), y - X.height_of(1, size) // 2, width,
                                       X.height_of(1, size))
        X.fill(box.text_frame, [X.Line(X.shorten(name, width, size, True), size, True,
                                       caption.attrs.get("fontcolor", ""))])


def _caption_size(text: str, width: int) -> float:
    for size in (12.0, 10.0, 8.0):
        if X.shorten(text, width, size, True) == X.clean(text):
            return size
    return 8.0


def _box(shapes: Any, node: Node, frame: Frame) -> Any:
    assert node.pos is not None
    w, h = _size(node)
    cx, cy = frame.point(*node.pos)
    width, height = int(w * frame.scale), int(h * frame.scale)
    shape = shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, cx - width // 2,
                             cy - height // 2, width, height)
    shape.shadow.inherit = False
    shape.fill.solid()
    shape.fill.fore_color.rgb = _color(node.attrs.get("fillcolor", ""), "#ECECEC")
    shape.line.color.rgb = _color(node.attrs.get("color", ""), "#616161")
    style = node.attrs.get("style", "")
    shape.line.width = Pt(2.25 if "bold" in style else 1)
    if "dashed" in style:
        shape.line.dash_style = MSO_LINE.DASH
    name, details = node.lines()
    shape.name = X.clean(name, 200)
    frame_ = shape.text_frame
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame_, side, Emu(27432))
    color = node.attrs.get("fontcolor", "#212121")
    size = _box_size(name, details, width, height)
    lines = [X.Line(name, size, True, color)]
    lines += [X.Line(d, max(size - 2, 6), False, color) for d in details]
    X.fill(frame_, lines, MSO_ANCHOR.MIDDLE)
    for para in frame_.paragraphs:
        para.alignment = PP_ALIGN.CENTER
    return shape


def _box_size(name: str, details: list[str], width: int, height: int) -> float:
    """The largest font size at which the name (up to 3 lines) and details fit."""
    inner_w = (width - 2 * 27432) / X.EMU_PER_PT / X.MARGIN
    inner_h = (height - 2 * 27432) / X.EMU_PER_PT
    for size in (12.0, 11.0, 10.0, 9.0, 8.0, 7.0, 6.0):
        lines = W.wrap(X.clean(name), inner_w, size, True, 99)
        extra = sum(len(W.wrap(d, inner_w, size - 2, False, 99)) for d in details)
        used = (len(lines) * size + extra * (size - 2)) * X.LEADING * X.MARGIN
        if len(lines) <= 3 and used <= inner_h:
            return size
    return 6.0


def _sites(a: Any, b: Any) -> tuple[int, int]:
    """Connection sites of a rounded rectangle: 0 top, 1 left, 2 bottom, 3 right."""
    ax, ay = a.left + a.width / 2, a.top + a.height / 2
    bx, by = b.left + b.width / 2, b.top + b.height / 2
    if abs(by - ay) * 2 >= abs(bx - ax) or abs(by - ay) > (a.height + b.height) / 2:
        return (2, 0) if by > ay else (0, 2)
    return (3, 1) if bx > ax else (1, 3)


def _connector(shapes: Any, a: Any, b: Any, attrs: dict[str, str], frame: Frame) -> Any:
    line = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, 0, 0, 0, 0)
    start, end = _sites(a, b)
    line.begin_connect(a, start)
    line.end_connect(b, end)
    line.line.color.rgb = _color(attrs.get("color", ""))
    try:
        pen = float(attrs.get("penwidth", "1"))
    except ValueError:
        pen = 1.0
    line.line.width = Pt(max(0.5, min(pen, 12.0) * 0.75))
    dash = _DASH.get(attrs.get("style", ""))
    if dash is not None:
        line.line.dash_style = dash
    line.name = attrs.get("class", "line")
    return line


def _arrowheads(line: Any, start: bool, end: bool) -> None:
    """Triangles at the line's ends, as the diagram's arrows (DrawingML's headEnd is the
    start of the line, tailEnd its end)."""
    ln = line.line._get_or_add_ln()
    for wanted, tag in ((start, "a:headEnd"), (end, "a:tailEnd")):
        if wanted:
            mark = ln.makeelement(qn(tag), {"type": "triangle", "w": "med", "len": "med"})
            ln.append(mark)


def tree_lines(slide: Any, boxes: dict[str, Any], links: list[tuple[str, str]]) -> int:
    """Reporting lines as elbow connectors glued from a parent box's bottom to its
    child's top (under the boxes), as many as MAX_SHAPES leaves room for."""
    shapes = slide.shapes
    room = max(MAX_SHAPES - len(shapes), 0)
    drawn = [(a, b) for a, b in links if a in boxes and b in boxes][:room]
    first_box = next(iter(boxes.values()), None)
    for a, b in drawn:
        line = shapes.add_connector(MSO_CONNECTOR.ELBOW, 0, 0, 0, 0)
        line.begin_connect(boxes[a], 2)
        line.end_connect(boxes[b], 0)
        line.line.color.rgb = _color("#9E9E9E")
        line.line.width = Pt(1)
        line.name = "reporting"
        if first_box is not None:
            first_box._element.addprevious(line._element)
    return len(drawn)
