"""The diagram slides: custorg's own diagram views (custorg.diagrams.build: folding,
positions) drawn as native shapes (shapes.py)."""

from __future__ import annotations

import io
from typing import Any

from ..analysis import Analysis
from ..diagrams import build
from ..diagrams.fold import fold
from ..diagrams.render import RenderError, render
from . import shapes, slide as S, text as X
from .canvas import Canvas, Rect
from .dot import parse

HIERARCHY_LEGEND = ("The reporting structure as the org chart draws it, management on "
                    "top; box colours are the customer layers of the customer-on-top "
                    "slide. Boxes with a bold border are folded: they stand for a unit "
                    "and the units below it.")
LEGEND = ("Units of each customer layer sit in its band, the customer on top. Orange "
          "lines: customer contacts (width = cases); dark lines: handoffs within a "
          "function; red lines: cross-function handoffs; dashed grey: interfaces or shared "
          "projects; faint dashed: reporting lines. Boxes with a bold border are folded: "
          "they stand for a unit and the units below it.")


def customer_on_top(canvas: Canvas, analysis: Analysis, max_nodes: int,
                    depth: int | None) -> Any:
    diagram = build(analysis, "customer-on-top", depth=depth, max_nodes=max_nodes)
    layers = analysis.layers
    front = sum(1 for layer in layers.values() if layer == "front-line")
    title = f"Customer on top: {front} of {len(analysis.org.units)} units face the customer"
    notes = " ".join([LEGEND, *diagram.notes])
    slide = S.new(canvas, title, notes)
    shapes.draw(slide, parse(diagram.source), diagram_rect(canvas, slide, diagram.notes))
    return slide


def diagram_rect(canvas: Canvas, slide: Any, notes: tuple[str, ...]) -> Rect:
    """The rectangle a diagram is drawn in: the body, less a line for the diagram's
    notes (folding...) at its foot, added first so that it counts in MAX_SHAPES."""
    body = canvas.body()
    if not notes:
        return body
    note_h = X.height_of(1, 10)
    S.text_box(slide, Rect(body.left, body.bottom - note_h, body.width, note_h),
               [X.Line(X.shorten(" ".join(notes), body.width, 10), 10, False, "#5F6B73")])
    return Rect(body.left, body.top, body.width, body.height - note_h)


def hierarchy(canvas: Canvas, analysis: Analysis, max_nodes: int,
              depth: int | None) -> Any:
    """The org chart: native shapes (boxes at the diagram's pinned positions, reporting
    lines glued to them) when the folded view has at most `max_nodes` boxes, else the
    diagram's own picture (an explicit --depth may unfold past it)."""
    folding = fold(analysis, depth, max_nodes)
    diagram = build(analysis, "hierarchy", depth=depth, max_nodes=max_nodes)
    st = analysis.structure
    units = len(analysis.org.units)
    levels = max(st.depth.values(), default=-1) + 1
    title = f"Reporting structure: {units} units on {levels} level{'s' * (levels != 1)}"
    slide = S.new(canvas, title, " ".join([HIERARCHY_LEGEND, *diagram.notes]))
    rect = diagram_rect(canvas, slide, diagram.notes)
    if len(folding.groups) <= max_nodes:
        boxes = shapes.draw(slide, parse(diagram.source), rect, with_edges=False)
        shapes.tree_lines(slide, boxes, [(g.parent, node) for node, g in
                                         folding.groups.items() if g.parent is not None])
    else:
        picture(slide, diagram.source, diagram.engine, rect)
    return slide


def picture(slide: Any, source: str, engine: str, rect: Rect) -> Any:
    """The diagram rendered by Graphviz as a PNG, fitted into `rect`; without Graphviz
    (or past its time), a line saying how to draw it."""
    try:
        png = render(source, engine, "png").data
    except RenderError as exc:
        return S.text_box(slide, rect, [X.Line(
            f"The org chart is too large for native shapes and could not be drawn here "
            f"({exc}); run custorg diagram --view hierarchy.", 14, False, "#5F6B73")])
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    scale = min(rect.width / max(width, 1), rect.height / max(height, 1))
    w, h = int(width * scale), int(height * scale)
    return slide.shapes.add_picture(io.BytesIO(png), rect.left + (rect.width - w) // 2,
                                    rect.top, w, h)
