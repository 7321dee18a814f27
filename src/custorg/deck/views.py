"""The diagram slides: custorg's own diagram views (custorg.diagrams.build: folding,
positions) drawn as native shapes (shapes.py)."""

from __future__ import annotations

from typing import Any

from ..analysis import Analysis
from ..diagrams import build
from . import shapes, slide as S, text as X
from .canvas import Canvas, Rect
from .dot import parse

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
    body = canvas.body()
    note_h = X.height_of(1, 10) if diagram.notes else 0
    shapes.draw(slide, parse(diagram.source),
                Rect(body.left, body.top, body.width, body.height - note_h))
    if diagram.notes:
        S.text_box(slide, Rect(body.left, body.bottom - note_h, body.width, note_h),
                   [X.Line(X.shorten(" ".join(diagram.notes), body.width, 10), 10, False,
                           "#5F6B73")])
    return slide
