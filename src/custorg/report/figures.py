"""The diagrams of the report: custorg.diagrams views rendered to SVG by Graphviz, made fit
to sit inside an HTML page (no XML prolog or doctype, ids made unique per figure, fixed
the natural size kept as the largest). A view that cannot be drawn becomes a note, never a
failed report."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from ..analysis import Analysis
from ..diagrams import build
from ..diagrams.render import RenderError, check_svg, render

MAX_PROCESS_VIEWS = 10
_START = re.compile(r"<svg\b")
_ID = re.compile(r'\bid="([^"]*)"')
_REF = re.compile(r"url\(#([^)]*)\)")


@dataclass(frozen=True)
class Figure:
    key: str  # e.g. "customer-on-top", "process:complaint", "to-be:customer-on-top"
    title: str
    svg: Markup | None
    notes: tuple[str, ...] = ()
    prefix: str = ""

    def again(self) -> Markup | None:
        """The SVG once more on the same page, with ids of its own."""
        if self.svg is None:
            return None
        p = self.prefix
        return Markup(str(self.svg).replace(f'id="{p}-', f'id="{p}x-')
                      .replace(f"url(#{p}-", f"url(#{p}x-"))


@dataclass(frozen=True)
class Request:
    key: str
    title: str
    analysis: Analysis
    view: str
    process: str | None = None


def inline(svg: bytes, prefix: str) -> Markup:
    """Graphviz's SVG document as an element for an HTML page. The SVG was checked by
    `check_svg` (no script, link or foreign content); Graphviz escaped all its text."""
    text = svg.decode("utf-8")
    start = _START.search(text)
    if start is None:
        raise RenderError("the SVG has no <svg> element")
    text = text[start.start():]
    head_end = text.index(">") + 1
    # the natural size stays as the largest it is drawn (CSS scales it down to the page)
    head = text[:head_end].replace("<svg", '<svg class="diagram"', 1)
    body = text[head_end:]
    body = re.sub(r"<!--.*?-->", "", body, flags=re.DOTALL)
    body = _ID.sub(lambda m: f'id="{prefix}-{m.group(1)}"', body)
    body = _REF.sub(lambda m: f"url(#{prefix}-{m.group(1)})", body)
    return Markup(head + body)


def _draw(n: int, req: Request, max_nodes: int, renderer: str, timeout: float,
          depth: int | None = None) -> Figure:
    try:
        diagram = build(req.analysis, req.view, req.process, depth, max_nodes)
        data = render(diagram.source, diagram.engine, "svg", renderer, timeout).data
        check_svg(data)
        return Figure(req.key, req.title, inline(data, f"f{n}"), diagram.notes, f"f{n}")
    except RenderError as exc:
        return Figure(req.key, req.title, None, (f"this diagram could not be drawn: {exc}",))


def requests(analysis: Analysis, prefix: str = "") -> list[Request]:
    """The views of one org: customer on top, hierarchy, interfaces, and a process view
    for each process up to MAX_PROCESS_VIEWS (the busiest by weighted handoffs)."""
    out = [Request(prefix + "customer-on-top", "Customer on top", analysis, "customer-on-top"),
           Request(prefix + "hierarchy", "Hierarchy (the classic org chart)", analysis,
                   "hierarchy"),
           Request(prefix + "interfaces", "Interfaces and silos", analysis, "interfaces")]
    for pid in busiest_processes(analysis):
        name = analysis.org.process_by_id[pid].name
        out.append(Request(f"{prefix}process:{pid}", f"Process: {name}", analysis, "process",
                           pid))
    return out


def busiest_processes(analysis: Analysis, limit: int = MAX_PROCESS_VIEWS) -> list[str]:
    """Process ids, at most `limit`, the most weighted handoffs first, then file order."""
    handoffs = analysis.handoffs
    order = sorted(enumerate(analysis.org.processes),
                   key=lambda ip: (-handoffs[ip[1].id].handoffs * ip[1].volume, ip[0]))
    return [p.id for _, p in order[:limit]]


def draw_all(reqs: list[Request], *, max_nodes: int = 60, depth: int | None = None,
             renderer: str = "auto", timeout: float = 60.0,
             on_progress: Callable[[int, int], None] | None = None) -> dict[str, Figure]:
    """Every requested figure, one after the other. (Each layout already runs in a child
    process; two at a time from threads measured no faster on two cores, and forking from
    a threaded process is best avoided.)"""
    out: dict[str, Figure] = {}
    for n, req in enumerate(reqs):
        figure = _draw(n, req, max_nodes, renderer, timeout, depth)
        out[figure.key] = figure
        if on_progress:
            on_progress(n + 1, len(reqs))
    return out
