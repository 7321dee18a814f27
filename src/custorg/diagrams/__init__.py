"""Diagrams of an org: model + analysis -> Graphviz DOT (or Mermaid) source.

`build(analysis, view, ...)` returns a `Diagram` (pure: no files, no printing);
`render.render(diagram.source, diagram.engine, fmt, ...)` turns it into SVG, PNG or PDF;
`build_mermaid(...)` writes Mermaid for the views in MERMAID_VIEWS. Which views exist,
and what draws each, is the table in `views.py`. Importing this package is light (the
CLI reads the table); the views are imported when one is drawn.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .views import BY_NAME, DEFAULT_MAX_NODES, FORMATS, MERMAID_VIEWS, VIEWS, View

if TYPE_CHECKING:
    from ..analysis import Analysis
    from .common import Diagram

__all__ = ["VIEWS", "FORMATS", "MERMAID_VIEWS", "DEFAULT_MAX_NODES", "Diagram", "build",
           "build_mermaid", "view"]


def view(name: str) -> View:
    """The view of that name; unknown: ValueError."""
    found = BY_NAME.get(name)
    if found is None:
        raise ValueError(f"unknown view {name!r}")
    return found


def build(analysis: Analysis, view_name: str, process: str | None = None,
          depth: int | None = None, max_nodes: int = DEFAULT_MAX_NODES,
          root: str | None = None) -> Diagram:
    """The DOT diagram of one view. `process` is required for a process view (a valid
    id: the CLI checks it); `depth` folds units deeper than it into their ancestor;
    `root` (a unit id) draws only that unit's subtree (not for a process view)."""
    spec = view(view_name)
    if spec.needs_process:
        if process is None:
            raise ValueError(f"the {spec.name} view needs a process id")
        if root is not None:
            raise ValueError(f"the {spec.name} view draws a whole process, not a subtree")
        return spec.builder()(analysis, analysis.org.process_by_id[process], depth,
                              max_nodes)
    from .fold import fold

    drawn: Diagram = spec.builder()(analysis, fold(analysis, depth, max_nodes, root))
    note = analysis.unknown_note  # the units of layer `unknown` are drawn in grey
    return replace(drawn, notes=(*drawn.notes, note)) if note else drawn


def build_mermaid(analysis: Analysis, view_name: str, process: str | None = None,
                  depth: int | None = None, max_nodes: int = DEFAULT_MAX_NODES,
                  root: str | None = None) -> tuple[str, list[str]]:
    """(Mermaid source, notes for the user) of a view in MERMAID_VIEWS."""
    spec = view(view_name)
    write = spec.mermaid_builder()
    if spec.needs_process:
        if process is None:
            raise ValueError(f"the {spec.name} view needs a process id")
        result: tuple[str, list[str]] = write(analysis, process, depth, max_nodes)
        return result
    from .fold import fold

    folding = fold(analysis, depth, max_nodes, root)
    text: str = write(analysis, folding)
    notes = [n for n in (folding.note, analysis.unknown_note) if n]
    return text, notes
