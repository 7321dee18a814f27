"""With `--compare TO_BE`: the before/after figures, the diff's own (diff/common.py:
labels, formats, change and verdict; report/context.py's process rows), as a native
table and a native chart whose data can be edited in PowerPoint."""

from __future__ import annotations

from typing import Any

from pptx.util import Emu

from ..audit.engine import Report
from ..diff import Comparison, common as D
from ..report import context as ctx
from . import slide as S, text as X
from .canvas import Canvas
from .charts import CATEGORIES, CategoryChartData, chart

VERDICT_COLORS = {D.BETTER: "#2E7D32", D.WORSE: "#B3261E"}
HEADER = ("metric", "as-is", "to-be", "change", "")


def before_after(canvas: Canvas, report: Report, comparison: Comparison | None
                 ) -> list[Any]:
    if comparison is None or not comparison.ok:
        return []
    return [figures(canvas, comparison), processes(canvas, report, comparison)]


def figures(canvas: Canvas, c: Comparison) -> Any:
    """The diff's figures, as-is against to-be, with the change and its verdict."""
    rows = [(D.METRIC_LABELS.get(k, k), D.fmt(k, p[0]), D.fmt(k, p[1]), D.delta(k, p),
             D.verdict(k, p)) for k, p in c.metrics.items()]
    better = sum(1 for r in rows if r[4] == D.BETTER)
    worse = sum(1 for r in rows if r[4] == D.WORSE)
    title = f"Before and after: {better} figures better, {worse} worse"
    slide = S.new(canvas, title, "The figures of custorg diff, as-is against to-be. "
                  f"{D.headline(c)}.")
    body = canvas.body()
    size = 14.0 if len(rows) <= 10 else 12.0
    row_h = X.height_of(1, size)
    shape = slide.shapes.add_table(len(rows) + 1, len(HEADER), body.left, body.top,
                                   body.width, min(row_h * (len(rows) + 1), body.height))
    table = shape.table
    widths = (0.4, 0.15, 0.15, 0.15, 0.15)
    for i, share in enumerate(widths):
        table.columns[i].width = Emu(int(body.width * share))
    for i, text in enumerate(HEADER):
        X.fill(table.cell(0, i).text_frame, [X.Line(text, size, True)])
    for r, row in enumerate(rows, start=1):
        for i, text in enumerate(row):
            color = VERDICT_COLORS.get(row[4], "") if i >= 3 else ""
            X.fill(table.cell(r, i).text_frame, [X.Line(text, size, i == 4, color)])
    return slide


def processes(canvas: Canvas, report: Report, c: Comparison) -> Any:
    """Handoffs per process as-is and to-be (the report's rows, the busiest first)."""
    rows = ctx.process_rows(report, c)[:CATEGORIES]
    hand_b, hand_a = c.metrics["handoffs_total"]
    title = f"Handoffs per process: {hand_b} → {hand_a} in all"
    slide = S.new(canvas, title, "Handoffs per process, as-is and to-be, the busiest "
                  "first; a process on one side only has no bar on the other.")
    if rows:
        data = CategoryChartData()
        data.categories = [X.shorten(r["name"], canvas.body().width // 3, 10) for r in rows]
        for side, label in ((0, "as-is"), (1, "to-be")):
            data.add_series(label, [r["pair"]["handoffs"][side] for r in rows])
        chart(slide, canvas.body(), data, True)
    return slide
