"""`customer-on-top`: the org turned over. The customer at the top, then the front line,
support, back office, and management at the bottom, supporting them (docs/metrics.md,
"Customer layers"). Work relations are drawn strong (handoffs as wide as their volume,
cross-function ones in red), reporting lines faint.

Each layer is a shaded band; its units sit on one or more rows ordered by `rows.py` and
pinned, and neato routes the edges around the boxes.
"""

from __future__ import annotations

from typing import cast

import graphviz

from ..analysis import LAYER_ORDER, Analysis
from ..analysis.handoffs import org_totals
from . import common as C, labels as T, rows as R, textwidth as W
from .boxes import BOX_W, BoxText, box_text, common_height, pinned
from .fold import Folding, boxes_by_layer, layer_counts, split_by_layer
from .relations import Relations, relations
from .teamtags import legend
from .work import draw_work, weights

ROW = 7  # units per row inside a band
CAPTION = 0.42  # inches above a band's first row for its caption (clear of the boxes, so
# Graphviz can still route the lines around them)


def build(analysis: Analysis, folding: Folding) -> C.Diagram:
    org = analysis.org
    folding = split_by_layer(analysis, folding)  # one box per band
    rel = relations(analysis, folding)
    by_layer, classes = boxes_by_layer(analysis, folding)
    units = layer_counts(analysis, folding.units)  # the true counts, not the boxes'
    bands = [R.Band("customer", [[C.CUSTOMER_ID]])]
    bands += [R.Band(layer, _rows(nodes, folding, analysis, rel, layer))
              for layer, nodes in by_layer.items() if nodes or units.get(layer)]
    ordered = R.order_rows([r for b in bands for r in b.rows], weights(rel, folding))
    it = iter(ordered)
    for band in bands:
        band.rows = [next(it) for _ in band.rows]
    texts = [org.name]
    boxes = {node: box_text(analysis, group) for node, group in folding.groups.items()}
    height = common_height(boxes.values())
    layout = R.place_bands(bands, BOX_W, height, gap=0.35, row_gap=0.55, band_gap=0.25,
                           caption=CAPTION)
    edge_count = _edge_estimate(rel, folding)
    g = C.new_graph(layout="neato", overlap="true",
                    splines=C.splines(len(folding.groups), edge_count))
    C.customer_node(g, "Customer", pos=pinned(*layout.pos[C.CUSTOMER_ID]))
    for band in layout.bands[1:]:
        _band(g, band, layout, folding, boxes, height, texts,
              _caption(analysis, band, folding, units.get(band.key, 0)))
    edges = draw_work(g, rel, folding, reporting=True)
    heading = "customer on top" if folding.root is None else \
        f"customer on top: {T.shorten(T.clean(org.unit_by_id[folding.root].name), 60)}"
    g.attr(label=C.title(org.name, heading, _facts(analysis, folding),
                         _legend(by_layer) + legend(analysis)))
    return C.finish("customer-on-top", g, "neato", len(folding.groups) + 1, edges,
                    [folding.note] if folding.note else [], texts, classes)


def _edge_estimate(rel: Relations, folding: Folding) -> int:
    return len(rel.links) + len(rel.contact) + len(folding.groups)


def _caption(analysis: Analysis, band: R.Band, folding: Folding, count: int) -> str:
    """"Support · 812 units": the units of that layer, counted on the unfolded org, and
    where folding put them (in folded boxes of a band above; boxes here holding units of
    other layers too)."""
    title = f"{C.LAYER_TITLES[band.key]} · {T.count(count, 'unit')}"
    members = [u for row in band.rows for n in row for u in folding.groups[n].members]
    own = sum(1 for u in members if analysis.layers.get(u, "disconnected") == band.key)
    notes = []
    if count > own:
        notes.append("all in folded boxes above" if not own else
                     f"{T.number(count - own)} of them in folded boxes above")
    if len(members) > own:
        notes.append(f"its boxes also hold {T.count(len(members) - own, 'unit')} of the "
                     "layers below (see each box)")
    return ", ".join([title, *notes])


def _band(g: graphviz.Graph | graphviz.Digraph, band: R.Band, layout: R.RowLayout,
          folding: Folding, boxes: dict[str, BoxText],
          height: float, texts: list[str], caption: str) -> None:
    """One layer as a shaded cluster whose size is set by two invisible corner points."""
    layer = band.key
    nodes = [n for row in band.rows for n in row]
    with g.subgraph(name=f"cluster_{layer}") as sub:
        sub.attr(label="", style="filled,rounded", fillcolor=C.BAND_COLORS[layer],
                 color=C.BAND_COLORS[layer])
        # the caption is a node: lines are routed around it, or drawn under it (faintly
        # visible through it), never over its text
        text = W.shorten(caption, (layout.right - layout.left + 0.4) * 72 - 20, 12, True)
        width = W.measure(text, 12, True) / 72 + 0.2
        sub.node(f"{layer}_caption", label=f'<<B>{T.html(text)}</B>>', shape="box",
                 style="filled,rounded", fillcolor=C.BAND_COLORS[layer] + "D8",
                 color="#FFFFFF00", fontcolor=C.LAYER_COLORS[layer][1], fontsize="12",
                 width=f"{width:.3f}", height="0.24", fixedsize="true",
                 pos=pinned(layout.left - 0.2 + width / 2, band.top + 0.16),
                 tooltip=T.tooltip(caption), **{"class": "caption"})
        for i, (x, y) in enumerate(((layout.left - 0.3, band.top),
                                    (layout.right + 0.3, band.bottom))):
            sub.node(f"{layer}_corner{i}", label="", shape="point", width="0", height="0",
                     style="invis", pos=pinned(x, y), **{"class": "joint"})
        for node in nodes:
            group = folding.groups[node]
            box = boxes[node]
            texts.append(box.name)
            sub.node(node, label=box.label(), pos=pinned(*layout.pos[node]),
                     width=f"{BOX_W}", height=f"{height:.3f}", fixedsize="true",
                     tooltip=T.tooltip(box.name, C.LAYER_TITLES[layer], *box.details),
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


def _facts(analysis: Analysis, folding: Folding) -> list[str]:
    """The title's figures, on the unfolded org (metrics' own totals) or, with --root,
    on the units of that part."""
    units = folding.units
    front = sum(1 for u in units if analysis.layers.get(u) == "front-line")
    facing = f"{T.number(front)} of {T.number(len(units))} units face the customer"
    if analysis.unknown_note:  # no work declared: nothing more to count, say what to do
        return [facing, "no work declared: declare processes or mine them from a log"]
    if folding.root is None:
        handoffs = org_totals(analysis.handoffs)  # as in the metrics
        share = cast(float | None, handoffs["top_escalation_share"])
        weighted = cast(float, handoffs["weighted_total"])
        return [facing,
                f"{T.number(cast(int, handoffs['total']))} handoffs "
                f"({T.number(cast(int, handoffs['cross_function']))} cross-function), "
                f"{T.number(weighted)} cases",
                f"{round(share * 100)}% of that volume has no common manager below the top"
                if share is not None else ""]
    inside = folding.in_scope
    count = cross = outside = 0
    volume = 0.0
    for process in analysis.org.processes:
        for t in analysis.handoffs[process.id].transitions:
            if not t.handoff:
                continue
            a, b = inside(t.a), inside(t.b)
            if a and b:
                count += 1
                cross += t.cross_function
                volume += process.volume
            elif a or b:
                outside += 1
    return [facing, f"{T.number(count)} handoff{'s' * (count != 1)} inside "
            f"({T.number(cross)} cross-function), {T.number(volume)} cases",
            f"{T.number(outside)} handoff{'s' * (outside != 1)} with the rest of the org "
            "(not drawn)"]


def _legend(by_layer: dict[str, list[str]]) -> list[tuple[str, str]]:
    rows = C.layer_rows(layer for layer in LAYER_ORDER[1:] if by_layer.get(layer))
    rows += [(C.line_sample(C.CONTACT, 3), "customer contact (width = cases)"),
             (C.line_sample(C.HANDOFF, 3), "handoff within a function"),
             (C.line_sample(C.CROSS, 3), "cross-function handoff"),
             (C.line_sample(C.INTERFACE, 1, dashed=True), "interface / project, no handoff"),
             (C.line_sample(C.REPORTING, 1, dashed=True), "reporting line")]
    return rows
