"""Process swim lanes: custorg's own `process` view (diagrams/process.py: lanes, steps at
pinned positions, folding past --max-nodes) drawn as native shapes when they fit a slide
(MAX_SHAPES), else as the diagram's picture. Which processes: those named by
`--process`, else the strategic ones, else the three busiest (the report's order)."""

from __future__ import annotations

from typing import Any

from ..audit.engine import Report
from ..diagrams import build
from ..report import context as ctx
from . import shapes, slide as S, text as X
from .canvas import Canvas
from .dot import parse
from .story import count
from .views import diagram_rect, picture

MAX_SLIDES = 10
BUSIEST = 3
LEGEND = ("Steps run left to right in the lane of their unit, the customer lane on top. "
          "Red lines: cross-function handoffs; purple: ping-pong (work sent back); "
          "orange: customer contacts. Boxes with a bold border hold several steps.")


def chosen(report: Report, named: tuple[str, ...]) -> list[str]:
    """The processes to draw: `named` (ids checked by the CLI), else the strategic ones,
    else the BUSIEST busiest; at most MAX_SLIDES."""
    assert report.org is not None
    if named:
        return list(dict.fromkeys(named))[:MAX_SLIDES]
    strategic = [p.id for p in report.org.processes if p.strategic]
    if strategic:
        return strategic[:MAX_SLIDES]
    return [row["id"] for row in ctx.process_rows(report, None)[:BUSIEST]]


def swim_lanes(canvas: Canvas, report: Report, named: tuple[str, ...], max_nodes: int,
               depth: int | None) -> list[Any]:
    analysis = report.analysis
    assert analysis is not None
    slides = []
    for pid in chosen(report, named):
        process = analysis.org.process_by_id[pid]
        diagram = build(analysis, "process", process=pid, depth=depth, max_nodes=max_nodes)
        h = analysis.handoffs[pid]
        title = (f"{X.clean(process.name, 120)}: {count(h.handoffs, 'handoff')}, "
                 f"{h.cross_function} across functions")
        slide = S.new(canvas, title, " ".join([LEGEND, *diagram.notes]))
        rect = diagram_rect(canvas, slide, diagram.notes)
        graph = parse(diagram.source)
        if len(graph.nodes) + len(graph.edges) + len(graph.clusters) < shapes.MAX_SHAPES:
            shapes.draw(slide, graph, rect)
        else:
            picture(slide, diagram.source, diagram.engine, rect)
        slides.append(slide)
    return slides
