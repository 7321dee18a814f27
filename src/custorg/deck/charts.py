"""Slide 7: handoffs per process and the silos (E-I index per function) as native
PowerPoint charts (their data editable in PowerPoint), from the same rows the HTML
report charts (report/context.py: process_rows, the metrics' silos)."""

from __future__ import annotations

from typing import Any

from pptx.chart.data import CategoryChartData as _Data
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.util import Pt

from ..audit.engine import Report
from ..report import context as ctx
from . import slide as S, text as X
from .canvas import Rect

CategoryChartData: Any = _Data  # python-pptx leaves it untyped
CATEGORIES = 15  # bars a chart shows before it stops being readable on a slide


def chart(slide: Any, rect: Rect, data: Any, legend: bool) -> Any:
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, rect.left, rect.top,
                                   rect.width, rect.height, data)
    drawn = frame.chart
    drawn.has_legend = legend
    drawn.has_title = False  # the slide title says it
    if legend:
        drawn.legend.position = XL_LEGEND_POSITION.BOTTOM
        drawn.legend.include_in_layout = False
    drawn.category_axis.reverse_order = True  # the first row on top, as in the report
    drawn.category_axis.tick_labels.font.size = Pt(10)
    drawn.category_axis.tick_label_position = XL_TICK_LABEL_POSITION.LOW  # left of -1
    return drawn


def handoffs(canvas: Any, report: Report) -> Any:
    rows = ctx.process_rows(report, None)[:CATEGORIES]
    assert report.metrics is not None
    h = report.metrics["handoffs"]
    title = (f"{h['total']} handoffs, {h['cross_function']} of them across functions"
             if rows else "No processes declared: no handoffs to count")
    slide = S.new(canvas, title, "Handoffs per process, the busiest (handoffs × volume) "
                  "first; the chart's data can be edited in PowerPoint.")
    if rows:
        data = CategoryChartData()
        data.categories = [X.shorten(r["name"], canvas.body().width // 3, 10) for r in rows]
        data.add_series("handoffs", [r["handoffs"] for r in rows])
        data.add_series("of them across functions", [r["cross_function"] for r in rows])
        chart(slide, canvas.body(), data, True)
    return slide


def silos(canvas: Any, report: Report) -> Any:
    assert report.metrics is not None and report.analysis is not None
    functions = report.metrics["silos"]
    siloed = [fn for fn, s in functions.items() if s["silo"]]
    threshold = report.analysis.thresholds.silo_ei_threshold
    title = (f"{X.clean(', '.join(siloed[:3]))}{' …' if len(siloed) > 3 else ''}: "
             f"{len(siloed)} function{'s' * (len(siloed) != 1)} work{'s' * (len(siloed) == 1)}"
             " as a silo" if siloed else "No function works as a silo")
    slide = S.new(canvas, title, "E-I index per function: (external - internal ties) / "
                  f"all ties, from -1 (only inside) to +1 (only outside); at or below "
                  f"{threshold} a function is a silo. A function without ties has no bar.")
    shown = list(functions.items())[:CATEGORIES]
    if shown:
        data = CategoryChartData(number_format="0.00")
        data.categories = [X.shorten(fn, canvas.body().width // 3, 10) for fn, _ in shown]
        data.add_series("E-I index", [s["ei_index"] for _, s in shown])
        drawn = chart(slide, canvas.body(), data, False)
        axis = drawn.value_axis
        axis.minimum_scale, axis.maximum_scale = -1.0, 1.0
    return slide
