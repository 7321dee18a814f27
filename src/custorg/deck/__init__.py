"""`custorg deck`: the report as an editable PowerPoint deck (python-pptx, the `deck`
extra).

A renderer like the HTML report (docs/deck.md): it reads a Report (and a Comparison)
through report/context.py and the diagrams' own layouts, and analyses nothing itself.
`build(report, ...) -> bytes` returns the .pptx file; the CLI writes it through the
output gate (kind `binary`, atomically). python-pptx is imported only here.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..audit.engine import Report
    from ..diff import Comparison


@dataclass(frozen=True)
class Options:
    template: str | None = None
    max_nodes: int = 60
    depth: int | None = None
    processes: tuple[str, ...] = ()


def build(report: Report, comparison: Comparison | None = None,
          options: Options | None = None, evidence: dict[str, Any] | None = None,
          warn: Callable[[str], None] | None = None) -> bytes:
    """The .pptx file of an analysed org (report.metrics is not None); `evidence`: the
    evidence.json that report/evidence.py's `load` read (--evidence); `warn` is told
    when no installed font has the letters of some text (as the diagrams warn)."""
    if report.metrics is None or report.analysis is None or report.org is None:
        raise ValueError("the deck needs an analysed org (no errors that stop analysis)")
    from . import charts, compare, evidence as ev, lanes, story, views
    from .canvas import open_canvas

    opts = options or Options()
    canvas = open_canvas(opts.template)
    story.cover(canvas, report)
    story.maturity(canvas, report)
    story.top_findings(canvas, report)
    views.customer_on_top(canvas, report.analysis, opts.max_nodes, opts.depth)
    views.hierarchy(canvas, report.analysis, opts.max_nodes, opts.depth)
    lanes.swim_lanes(canvas, report, opts.processes, opts.max_nodes, opts.depth)
    charts.handoffs(canvas, report)
    charts.silos(canvas, report)
    ev.teams(canvas, report)
    story.redesign(canvas, comparison)
    compare.before_after(canvas, report, comparison)
    ev.evidence(canvas, evidence)
    story.appendix(canvas, report)
    if warn is not None:
        from ..diagrams.fonts import glyph_warning
        from .slide import texts

        message = glyph_warning(texts(canvas.prs), "the deck's renders (LibreOffice, "
                                "thumbnails) and its diagram pictures")
        if message:
            warn(message)
    out = io.BytesIO()
    canvas.prs.save(out)
    return out.getvalue()
