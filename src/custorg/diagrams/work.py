"""The work relations drawn as lines: customer contacts, handoffs (as wide as their
volume, cross-function ones in red), interfaces and projects, and faint reporting lines.
Shared by the customer-on-top and radial views, which also order their boxes by
`weights`."""

from __future__ import annotations

import graphviz

from . import common as C, labels as T
from .fold import Folding
from .relations import Relations, pen


def weights(rel: Relations, folding: Folding) -> dict[tuple[str, str], float]:
    """How strongly two boxes pull together when rows are ordered: handoff volume
    (relative), 1 for an interface or project, a little for a reporting line."""
    biggest = rel.max_volume() or 1.0
    out: dict[tuple[str, str], float] = {}
    for (a, b), link in rel.links.items():
        out[(a, b)] = 1.0 + 4.0 * link.volume / biggest
    for node, volume in rel.contact.items():
        out[(C.CUSTOMER_ID, node)] = 1.0 + 4.0 * volume / biggest
    for node, group in folding.groups.items():
        if group.parent is not None:
            out[(group.parent, node)] = out.get((group.parent, node), 0.0) + 0.3
    return out


def draw_work(g: graphviz.Graph | graphviz.Digraph, rel: Relations, folding: Folding,
              reporting: bool) -> int:
    """Customer contacts, handoffs and interfaces (and faint reporting lines): the edges
    of the customer-on-top and radial views. Line width shows the volume; the numbers
    are in the tooltips (labels on the lines would sit on top of them). Returns the
    number of edges drawn."""
    biggest = rel.max_volume()
    edges = 0
    if reporting:
        for node, group in folding.groups.items():
            if group.parent is not None:
                g.edge(group.parent, node, color=C.REPORTING, penwidth="0.7",
                      style="dashed", dir="none", tooltip="reporting line",
                      **{"class": "reporting"})
                edges += 1
    for node in folding.groups:
        volume = rel.contact.get(node, 0.0)
        if volume or node in rel.declared_contact:
            tip = f"customer contacts: {T.number(volume)} cases" if volume else \
                "declared customer contact"
            g.edge(C.CUSTOMER_ID, node, color=C.CONTACT, dir="none",
                  penwidth=pen(volume, biggest) if volume else "1",
                  style="solid" if volume else "dotted", tooltip=tip, **{"class": "contact"})
            edges += 1
    for (a, b), link in rel.links.items():
        if link.handoffs:
            color = C.CROSS if link.cross_function else C.HANDOFF
            kind = "cross-function handoffs" if link.cross_function else "handoffs"
            attrs = {"tooltip": f"{kind}: {T.number(link.volume)} cases"}
            g.edge(a, b, color=color, penwidth=pen(link.volume, biggest),
                  dir="none", **attrs,
                  **{"class": "handoff cross" if link.cross_function else "handoff"})
        elif link.interfaces or link.projects:
            g.edge(a, b, color=C.INTERFACE, penwidth="1", style="dashed",
                  dir="none", tooltip="interface" if link.interfaces else "shared project",
                  **{"class": "interface"})
        else:
            continue
        edges += 1
    return edges
