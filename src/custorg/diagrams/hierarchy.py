"""`hierarchy`: the classic org chart, management on top (the "before" picture).

Boxes are coloured by customer layer, so the board finds the front line again in the
customer-on-top picture. The layout is computed in `tree.py` (bus lines and combs) and
pinned, so Graphviz only draws: fast at any size and the same picture every run.
"""

from __future__ import annotations

import graphviz

from ..analysis import LAYER_ORDER, Analysis
from . import common as C, labels as T, tree
from .boxes import BOX_W, BoxText, box_text, common_height, pinned
from .fold import Folding, group_layer
from .teamtags import legend


def build(analysis: Analysis, folding: Folding) -> C.Diagram:
    org, st = analysis.org, analysis.structure
    g = C.new_graph(layout="neato", splines="false", overlap="true", outputorder="edgesfirst")
    g.attr("edge", dir="none", color=C.HANDOFF, penwidth="1.2")
    texts, used = [org.name], []
    classes: dict[str, str] = {}
    boxes: dict[str, BoxText] = {}
    for node, group in folding.groups.items():
        boxes[node] = box_text(analysis, group)
        layer = classes[node] = group_layer(analysis, group)
        texts.append(boxes[node].name)
        if layer not in used:
            used.append(layer)
    height = common_height(boxes.values())
    children: dict[str, list[str]] = {}
    roots = []
    for node, group in folding.groups.items():
        if group.parent is None:
            roots.append(node)
        else:
            children.setdefault(group.parent, []).append(node)
    layout = tree.layout(roots, children, BOX_W, height)
    for node, box in boxes.items():
        x, y = layout.pos[node]
        layer = classes[node]
        g.node(node, label=box.label(), pos=pinned(x, y), width=f"{BOX_W}",
               height=f"{height:.3f}", fixedsize="true",
               tooltip=T.tooltip(box.name, C.LAYER_TITLES[layer], *box.details),
               **C.layer_style(layer, folded=bool(folding.groups[node].folded)),
               **{"class": f"unit {layer}"})
    edges = draw_segments(g, layout.segments)
    units = folding.units
    base = 0 if folding.root is None else st.depth[folding.root]
    levels = max((st.depth[u] - base for u in units), default=-1) + 1
    heading = "reporting structure" if folding.root is None else \
        f"reporting structure: {T.shorten(T.clean(org.unit_by_id[folding.root].name), 60)}"
    g.attr(label=C.title(org.name, heading, [
        f"{T.number(len(units))} units", f"{levels} levels",
        f"widest span {max((st.span(u) for u in units), default=0)}",
        "colour = customer layer (see the customer-on-top view)"],
        C.layer_rows(layer for layer in LAYER_ORDER if layer in used) + legend(analysis)))
    return C.finish("hierarchy", g, "neato", len(boxes), edges,
                    [folding.note] if folding.note else [], texts, classes)


def draw_segments(g: graphviz.Graph | graphviz.Digraph,
                  segments: list[tuple[tree.Anchor, tree.Anchor]]) -> int:
    """Straight connector segments; joints become invisible pinned points."""
    joints: dict[tuple[float, float], str] = {}

    def anchor(a: tree.Anchor) -> str:
        if isinstance(a, str):
            return a
        key = (round(a.x, 3), round(a.y, 3))
        if key not in joints:
            joints[key] = f"p{len(joints)}"
            g.node(joints[key], label="", shape="point", width="0", height="0",
                   style="invis", pos=pinned(*key), **{"class": "joint"})
        return joints[key]

    count = 0
    for a, b in segments:
        tail, head = anchor(a), anchor(b)
        if tail != head:  # a zero-length piece (two joints on one spot) would draw a loop
            g.edge(tail, head)
            count += 1
    return count
