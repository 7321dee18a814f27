"""`customer-on-top`: the org turned over. The customer at the top, then the front line,
support, back office, and management at the bottom, supporting them (analysis.md,
"Customer layers"). Work relations are drawn strong (handoffs as wide as their volume,
cross-function ones in red), reporting lines faint.

Each layer is a shaded band; its units sit on one or more rows ordered by `rows.py` and
pinned, and neato routes the edges around the boxes.
"""

from __future__ import annotations

import graphviz

from ..analysis import LAYER_ORDER, Analysis
from ..analysis.handoffs import org_totals
from . import common as C, rows as R, text as T
from .fold import Folding, boxes_by_layer
from .hierarchy import BOX_W, box_height, box_label, box_text, pinned
from .relations import Relations, pen, relations

ROW = 7  # units per row inside a band


def build(analysis: Analysis, folding: Folding) -> C.Diagram:
    org = analysis.org
    rel = relations(analysis, folding)
    by_layer, classes = boxes_by_layer(analysis, folding)
    bands = [R.Band("customer", [[C.CUSTOMER_ID]])]
    bands += [R.Band(layer, _rows(nodes, folding, analysis, rel, layer))
              for layer, nodes in by_layer.items() if nodes]
    ordered = R.order_rows([r for b in bands for r in b.rows], weights(rel, folding))
    it = iter(ordered)
    for band in bands:
        band.rows = [next(it) for _ in band.rows]
    texts = [org.name]
    boxes = {node: box_text(analysis, group) for node, group in folding.groups.items()}
    height = box_height(max((len(b[1]) + len(b[2]) for b in boxes.values()), default=1))
    layout = R.place_bands(bands, BOX_W, height, gap=0.35, row_gap=0.55, band_gap=0.25,
                           caption=0.35)
    edge_count = _edge_estimate(rel, folding)
    g = C.new_graph(layout="neato", overlap="true",
                    splines=C.splines(len(folding.groups), edge_count))
    C.customer_node(g, "Customer", pos=pinned(*layout.pos[C.CUSTOMER_ID]))
    for band in layout.bands[1:]:
        _band(g, band, layout, folding, boxes, height, texts)
    edges = draw_work(g, rel, folding, reporting=True)
    g.attr(label=C.title(org.name, "customer on top", _facts(analysis),
                         _legend(by_layer)))
    return C.finish("customer-on-top", g, "neato", len(folding.groups) + 1, edges,
                    [folding.note] if folding.note else [], texts, classes)


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


def _edge_estimate(rel: Relations, folding: Folding) -> int:
    return len(rel.links) + len(rel.contact) + len(folding.groups)


def _band(g: graphviz.Graph | graphviz.Digraph, band: R.Band, layout: R.RowLayout,
          folding: Folding, boxes: dict[str, tuple[str, list[str], list[str]]],
          height: float, texts: list[str]) -> None:
    """One layer as a shaded cluster whose size is set by two invisible corner points."""
    layer = band.key
    nodes = [n for row in band.rows for n in row]
    count = sum(len(folding.groups[n].members) for n in nodes)
    caption = f"{C.LAYER_TITLES[layer]} · {count} unit{'s' * (count != 1)}"
    with g.subgraph(name=f"cluster_{layer}") as sub:
        sub.attr(label=f'<<B>{T.html(caption)}</B>>', labeljust="l", labelloc="t",
                 style="filled,rounded", fillcolor=C.BAND_COLORS[layer],
                 color=C.BAND_COLORS[layer], fontcolor=C.LAYER_COLORS[layer][1],
                 fontsize="12")
        for i, (x, y) in enumerate(((layout.left - 0.3, band.top),
                                    (layout.right + 0.3, band.bottom))):
            sub.node(f"{layer}_corner{i}", label="", shape="point", width="0", height="0",
                     style="invis", pos=pinned(x, y), **{"class": "joint"})
        for node in nodes:
            group = folding.groups[node]
            name, lines, details = boxes[node]
            texts.append(name)
            sub.node(node, label=box_label(lines, details), pos=pinned(*layout.pos[node]),
                     width=f"{BOX_W}", height=f"{height:.3f}", fixedsize="true",
                     tooltip=T.tooltip(name, C.LAYER_TITLES[layer], *details),
                     **C.layer_style(layer, folded=bool(group.folded)),
                     **{"class": f"unit {layer}"})


def _rows(nodes: list[str], folding: Folding, analysis: Analysis, rel: Relations,
          layer: str) -> list[list[str]]:
    """A band's rows before the barycentre sweeps. The front line by customer contact
    volume (the busiest row nearest the customer). Management one row per level, the
    board at the very bottom: it supports everyone above. Otherwise units of one manager
    side by side, so rows read as departments."""
    first: dict[str | None, int] = {}
    for i, node in enumerate(nodes):
        first.setdefault(folding.groups[node].parent, i)
    if layer == "management":
        depth = analysis.structure.depth
        levels: dict[int, list[str]] = {}
        for node in nodes:
            group = folding.groups[node]
            levels.setdefault(depth.get(group.unit or group.members[0], 0), []).append(node)
        return [row for level in sorted(levels, reverse=True)
                for row in R.wrap_rows(levels[level], ROW)]
    if layer == "front-line":
        ordered = sorted(nodes, key=lambda n: (-rel.contact.get(n, 0.0),
                                               first[folding.groups[n].parent]))
    else:
        ordered = sorted(nodes, key=lambda n: first[folding.groups[n].parent])
    return R.wrap_rows(ordered, ROW)


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


def _facts(analysis: Analysis) -> list[str]:
    handoffs = org_totals(analysis.handoffs)  # as in the metrics, without computing them all
    total = len(analysis.org.units)
    front = sum(1 for layer in analysis.layers.values() if layer == "front-line")
    share = handoffs["top_escalation_share"]
    return [f"{front} of {total} units face the customer",
            f"{handoffs['total']} handoffs ({handoffs['cross_function']} cross-function), "
            f"{T.number(handoffs['weighted_total'])} cases",
            f"{round(share * 100)}% of that volume has no common manager below the top"
            if share is not None else ""]


def _legend(by_layer: dict[str, list[str]]) -> list[tuple[str, str]]:
    rows = C.layer_rows(layer for layer in LAYER_ORDER[1:] if by_layer.get(layer))
    rows += [(C.line_sample(C.CONTACT, 3), "customer contact (width = cases)"),
             (C.line_sample(C.HANDOFF, 3), "handoff within a function"),
             (C.line_sample(C.CROSS, 3), "cross-function handoff"),
             (C.line_sample(C.INTERFACE, 1, dashed=True), "interface / project, no handoff"),
             (C.line_sample(C.REPORTING, 1, dashed=True), "reporting line")]
    return rows
