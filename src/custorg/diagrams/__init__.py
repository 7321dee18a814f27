"""Diagrams of an org: model + analysis -> Graphviz DOT (or Mermaid) source.

`build(analysis, view, ...)` returns a `Diagram` (pure: no files, no printing);
`render.render(diagram.source, diagram.engine, fmt, ...)` turns it into SVG, PNG or PDF;
`mermaid.build(...)` writes Mermaid for the views in MERMAID_VIEWS.
"""

from __future__ import annotations

from ..analysis import Analysis
from .common import Diagram
from .fold import DEFAULT_MAX_NODES, fold

VIEWS = ("hierarchy", "customer-on-top", "radial", "process", "interfaces")
FORMATS = ("svg", "png", "pdf", "dot", "mermaid")
MERMAID_VIEWS = ("hierarchy", "customer-on-top", "process", "interfaces")

__all__ = ["VIEWS", "FORMATS", "MERMAID_VIEWS", "DEFAULT_MAX_NODES", "Diagram", "build"]


def build(analysis: Analysis, view: str, process: str | None = None,
          depth: int | None = None, max_nodes: int = DEFAULT_MAX_NODES) -> Diagram:
    """The DOT diagram of one view. `process` is required for the process view (a valid
    id: the CLI checks it); `depth` folds units deeper than it into their ancestor."""
    if view == "process":
        from . import process as process_view

        if process is None:
            raise ValueError("the process view needs a process id")
        return process_view.build(analysis, analysis.org.process_by_id[process], depth,
                                  max_nodes)
    folding = fold(analysis, depth, max_nodes)
    if view == "hierarchy":
        from . import hierarchy

        return hierarchy.build(analysis, folding)
    if view == "customer-on-top":
        from . import customer_on_top

        return customer_on_top.build(analysis, folding)
    if view == "radial":
        from . import radial

        return radial.build(analysis, folding)
    if view == "interfaces":
        from . import interfaces

        return interfaces.build(analysis, folding)
    raise ValueError(f"unknown view {view!r}")
