"""`hierarchy`: the classic org chart, management on top (the "before" picture).

Boxes are coloured by customer layer, so the board finds the front line again in the
customer-on-top picture. The layout is computed in `tree.py` (bus lines and combs) and
pinned, so Graphviz only draws: fast at any size and the same picture every run.
"""

from __future__ import annotations

import graphviz

from ..analysis import LAYER_ORDER, Analysis
from . import common as C, text as T, tree
from .fold import Folding, Group, fold_detail, group_function, group_layer, group_name

BOX_W = 1.9  # inches; names wrap at NAME_COLUMNS so they fit
NAME_COLUMNS = 19


def box_text(analysis: Analysis, group: Group, extra: str | None = None,
             columns: int = NAME_COLUMNS, people: bool = True, max_lines: int = 2
             ) -> tuple[str, list[str], list[str]]:
    """(full name, name lines, detail lines) of a unit box."""
    name = group_name(analysis, group)
    facts = []
    function = group_function(analysis, group)
    if function:
        facts.append(T.shorten(T.clean(function), 24))
    units = [analysis.org.unit_by_id[u] for u in group.members]
    headcount = sum(u.headcount or 0 for u in units)
    if headcount and people:
        facts.append(f"{T.number(headcount)} people")
    fte = sum(u.fte or 0 for u in units)  # imported orgs: FTE of the box and its folds
    if fte and people:
        facts.append(f"{T.number(round(fte, 1))} FTE")
    room = round(columns * 1.4)  # the small regular font fits ~1.4 times more
    joined = " · ".join(facts)
    details = [joined] if facts and len(joined) <= room else facts
    details += [more for more in (fold_detail(group), extra) if more]
    lines = C.name_lines(name, columns, max_lines if details else max_lines + 1)
    return name, lines, [T.shorten(d, room) for d in details]


def box_label(lines: list[str], details: list[str]) -> str:
    body = "<BR/>".join(T.html(line) for line in lines)
    small = "".join(f'<BR/><FONT POINT-SIZE="8" COLOR="{C.MUTED}">{T.html(d)}</FONT>'
                    for d in details)
    return f'<<FONT POINT-SIZE="10"><B>{body}</B></FONT>{small}>'


def box_height(line_count: int) -> float:
    return 0.16 + 0.175 * line_count


def pinned(x: float, y: float) -> str:
    """A Graphviz position in inches, pinned (`!`); y grows downwards in our layouts."""
    return f"{x:.3f},{-y:.3f}!"


def build(analysis: Analysis, folding: Folding) -> C.Diagram:
    org, st = analysis.org, analysis.structure
    g = C.new_graph(layout="neato", splines="false", overlap="true", outputorder="edgesfirst")
    g.attr("edge", dir="none", color=C.HANDOFF, penwidth="1.2")
    texts, classes, used = [org.name], {}, []
    boxes = {}
    for node, group in folding.groups.items():
        name, lines, details = box_text(analysis, group)
        layer = group_layer(analysis, group)
        boxes[node] = (name, lines, details, layer)
        texts.append(name)
        classes[node] = layer
        if layer not in used:
            used.append(layer)
    height = box_height(max((len(b[1]) + len(b[2]) for b in boxes.values()), default=1))
    children: dict[str, list[str]] = {}
    roots = []
    for node, group in folding.groups.items():
        if group.parent is None:
            roots.append(node)
        else:
            children.setdefault(group.parent, []).append(node)
    layout = tree.layout(roots, children, BOX_W, height)
    for node, (name, lines, details, layer) in boxes.items():
        x, y = layout.pos[node]
        g.node(node, label=box_label(lines, details), pos=pinned(x, y), width=f"{BOX_W}",
               height=f"{height:.3f}", fixedsize="true",
               tooltip=T.tooltip(name, C.LAYER_TITLES[layer], *details),
               **C.layer_style(layer, folded=bool(folding.groups[node].folded)),
               **{"class": f"unit {layer}"})
    edges = draw_segments(g, layout.segments)
    g.attr(label=C.title(org.name, "reporting structure", [
        f"{len(org.units)} units", f"{st.layers} levels",
        f"widest span {max((st.span(u.id) for u in org.units), default=0)}",
        "colour = customer layer (see the customer-on-top view)"],
        C.layer_rows(layer for layer in LAYER_ORDER if layer in used)))
    return C.finish("hierarchy", g, "neato", len(boxes), edges,
                    [folding.note] if folding.note else [], texts, classes)


def draw_segments(g: graphviz.Graph | graphviz.Digraph,
                  segments: list[tuple[tree.Anchor, tree.Anchor]]) -> int:
    """Straight connector segments; joints become invisible pinned points."""
    joints: dict[tuple[float, float], str] = {}

    def anchor(a: tree.Anchor) -> str:
        if a[0] == "node":
            return str(a[1])
        key = (round(float(a[1]), 3), round(float(a[2]), 3))
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
