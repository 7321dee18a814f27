"""`interfaces`: units grouped by function, the work between them, and where it is not
organised.

Each function is a block, shaded on a diverging scale by its E-I index (Krackhardt and
Stern; analysis.md "Collaboration graph and silos"): red when it mostly works with
itself, blue when it mostly works with others; silos get a bold red frame. Lines are as
wide as the handoff volume between two units; their colour says whether the handoff is
covered by an agreed interface, by an interface missing its coordination procedure or
responsible person, or by none at all (I001).

Function blocks are packed in rows, heavy partners side by side; positions are pinned
(the layout is linear in size) and neato routes the lines around the unit boxes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import graphviz

from ..analysis import Analysis
from . import common as C, text as T
from .boxes import BoxText, box_text, common_height, pinned
from .fold import Folding, group_function
from .relations import Link, Relations, pen, relations

BOX_W = 1.6
COLUMNS = 16
GAP = 0.25
BLOCK_GAP = 0.7  # between function blocks: room for the lines
CAPTION_H = 0.55
NO_FUNCTION = "(no function)"

OK = "#455A64"
MISSING = "#EF6C00"
UNDECLARED = "#C62828"
PROJECT = "#9AA5AB"
SCALE = (  # E-I index upper bound, fill, meaning
    (-0.5, "#F4B6B0", "≤ −0.5: silo, works with itself"),
    (0.0, "#FBE1DC", "−0.5 … 0: mostly inward"),
    (0.5, "#DCEAF6", "0 … 0.5: mostly outward"),
    (1.0, "#B5D3EE", "> 0.5: works with others"),
)
NO_DATA = "#EEEEEE"


def ei_fill(ei: float | None) -> str:
    if ei is None:
        return NO_DATA
    for bound, fill, _ in SCALE:
        if ei <= bound:
            return fill
    return SCALE[-1][1]


def build(analysis: Analysis, folding: Folding) -> C.Diagram:
    org = analysis.org
    rel = relations(analysis, folding)
    blocks: dict[str, list[str]] = {}
    for node, group in folding.groups.items():
        blocks.setdefault(group_function(analysis, group) or NO_FUNCTION, []).append(node)
    boxes = {node: box_text(analysis, group, columns=COLUMNS, max_lines=3)
             for node, group in folding.groups.items()}
    height = common_height(boxes.values())
    order = _function_order(blocks, rel, folding)
    pos, frames = place_blocks([(f, blocks[f]) for f in order], BOX_W, height)
    g = C.new_graph(layout="neato", overlap="true",
                    splines=C.splines(len(folding.groups), len(rel.links)),
                    outputorder="edgesfirst")
    texts = [org.name]
    classes: dict[str, str] = {}
    for function in order:
        _block(g, analysis, function, blocks[function], frames[function], pos, boxes, height,
               texts, classes)
    edges = _lines(g, rel)
    g.attr(label=C.title(org.name, "interfaces and silos", _facts(analysis, rel),
                         _legend(), per_row=4))
    return C.finish("interfaces", g, "neato", len(folding.groups), edges,
                    [folding.note] if folding.note else [], texts, classes)


def _function_order(blocks: dict[str, list[str]], rel: Relations, folding: Folding
                    ) -> list[str]:
    """Greedy chain: start with the biggest function, then always the one that works
    most with the last placed, so heavy partners sit side by side on the circle."""
    function_of = {n: f for f, nodes in blocks.items() for n in nodes}
    between: dict[tuple[str, str], float] = {}
    for (a, b), link in rel.links.items():
        fa, fb = function_of[a], function_of[b]
        if fa != fb:
            key = (min(fa, fb), max(fa, fb))
            between[key] = between.get(key, 0.0) + link.volume + len(link.interfaces)
    left = sorted(blocks, key=lambda f: (-len(blocks[f]), f))
    order = [left.pop(0)] if left else []
    while left:
        last = order[-1]
        best = max(left, key=lambda f: (between.get((min(f, last), max(f, last)), 0.0),
                                        len(blocks[f])))
        left.remove(best)
        order.append(best)
    return order


@dataclass(frozen=True)
class Frame:
    """A function block's frame, inches, y growing downwards."""

    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class LineKind:
    """How a line between two unit boxes is drawn, and why."""

    color: str
    style: str  # solid | dashed
    kind: str  # agreed | missing | undeclared | project (its drawing class)
    tooltip: str


def place_blocks(blocks: list[tuple[str, list[str]]], w: float, h: float
                 ) -> tuple[dict[str, tuple[float, float]], dict[str, Frame]]:
    """Unit centres and each block's frame (left, top, right, bottom), inches, y down.
    Units fill a small grid per block; blocks are packed on shelves (rows) about 1.6
    times wider than tall, each row centred, with room between blocks for the lines."""
    sizes = {}
    for function, nodes in blocks:
        cols = min(len(nodes), max(1, math.ceil(math.sqrt(len(nodes) / 1.5))), 4)
        rows = math.ceil(len(nodes) / cols)
        sizes[function] = (cols, rows * (h + GAP) + GAP + CAPTION_H,
                           cols * (w + GAP) + GAP)
    area = sum((sizes[f][2] + BLOCK_GAP) * (sizes[f][1] + BLOCK_GAP) for f, _ in blocks)
    target = max(max((sizes[f][2] for f, _ in blocks), default=0.0), math.sqrt(area * 1.6))
    shelves: list[list[str]] = [[]] if blocks else []
    used = 0.0
    for function, _ in blocks:
        width = sizes[function][2]
        if shelves[-1] and used + width > target:
            shelves.append([])
            used = 0.0
        shelves[-1].append(function)
        used += width + BLOCK_GAP
    members = dict(blocks)
    pos: dict[str, tuple[float, float]] = {}
    frames = {}
    top = 0.0
    for shelf in shelves:
        row_w = sum(sizes[f][2] for f in shelf) + BLOCK_GAP * (len(shelf) - 1)
        left = -row_w / 2
        for function in shelf:
            cols, bh, bw = sizes[function]
            frames[function] = Frame(left, top, left + bw, top + bh)
            nodes = members[function]
            for k, node in enumerate(nodes):
                r, c = divmod(k, cols)
                in_row = min(cols, len(nodes) - r * cols)  # centre a short last row
                offset = (cols - in_row) * (w + GAP) / 2
                pos[node] = (left + GAP + offset + c * (w + GAP) + w / 2,
                             top + CAPTION_H + GAP + r * (h + GAP) + h / 2)
            left += bw + BLOCK_GAP
        top += max(sizes[f][1] for f in shelf) + BLOCK_GAP
    return pos, frames


def _block(g: graphviz.Graph | graphviz.Digraph, analysis: Analysis, function: str,
           nodes: list[str], frame: Frame,
           pos: dict[str, tuple[float, float]], boxes: dict[str, BoxText],
           height: float, texts: list[str], classes: dict[str, str]) -> None:
    silo = analysis.silos.get(function)
    ei = silo.ei_index if silo else None
    is_silo = bool(silo and silo.silo)
    title = T.shorten(T.clean(function), max(8, int((frame.right - frame.left - 0.2) / 0.105)))
    figures = "E-I " + ("n/a" if ei is None else f"{ei:+.2f}") if silo is not None else ""
    figures += " · SILO" if is_silo else ""
    caption = f"{title} · {figures}" if figures else title
    safe = f"f{len(classes)}"
    with g.subgraph(name=f"cluster_{safe}") as sub:
        second = (f'<FONT POINT-SIZE="10">{T.html(figures)}</FONT><BR ALIGN="LEFT"/>'
                  if figures else "")
        sub.attr(label=f'<<B>{T.html(title)}</B><BR ALIGN="LEFT"/>{second}>',
                 labeljust="l", labelloc="t",
                 style="filled,rounded,bold" if is_silo else "filled,rounded",
                 fillcolor=ei_fill(ei), color=UNDECLARED if is_silo else "#B0BEC5",
                 penwidth="3" if is_silo else "1", fontsize="12",
                 fontcolor=UNDECLARED if is_silo else "#263238")
        for i, (x, y) in enumerate(((frame.left, frame.top), (frame.right, frame.bottom))):
            sub.node(f"{safe}_corner{i}", label="", shape="point", width="0", height="0",
                     style="invis", pos=pinned(x, y), **{"class": "joint"})
        for node in nodes:
            box = boxes[node]
            texts.append(box.name)
            classes[node] = "silo" if is_silo else "unit"
            sub.node(node, label=box.label(), pos=pinned(*pos[node]),
                     width=f"{BOX_W}", height=f"{height:.3f}", fixedsize="true",
                     style="rounded,filled", fillcolor="white", color="#607D8B",
                     tooltip=T.tooltip(box.name, caption, *box.details),
                     **{"class": "unit silo" if is_silo else "unit"})


def _lines(g: graphviz.Graph | graphviz.Digraph, rel: Relations) -> int:
    biggest = max((lk.volume for lk in rel.links.values()), default=0.0)
    count = 0
    for (a, b), link in rel.links.items():
        line = line_kind(link)
        width = pen(link.volume, biggest, 1.2, 9.0) if link.handoffs else "1"
        attrs = {"xlabel": f'<<B><FONT COLOR="{MISSING}">!</FONT></B>>'} \
            if line.kind == "missing" else {}
        g.edge(a, b, color=line.color, style=line.style, penwidth=width, dir="none",
               tooltip=line.tooltip, **attrs, **{"class": f"link {line.kind}"})
        count += 1
    return count


def line_kind(link: Link) -> LineKind:
    """How the line of a link is drawn (this view and its Mermaid version)."""
    volume = f"{T.number(link.volume)} cases handed over" if link.handoffs else "no handoffs"
    if link.interfaces and link.weak_interfaces:
        missing = set()
        for itf in link.weak_interfaces:
            if not itf.coordinated:
                missing.add("coordination")
            if not itf.responsible:
                missing.add("responsible")
        return LineKind(MISSING, "dashed", "missing",
                        f"interface without {' and '.join(sorted(missing))}; {volume}")
    if link.interfaces:
        return LineKind(OK, "solid", "agreed", f"agreed interface; {volume}")
    if link.handoffs:
        return LineKind(UNDECLARED, "solid", "undeclared", f"no interface; {volume}")
    return LineKind(PROJECT, "dashed", "project", "shared project")


def _facts(analysis: Analysis, rel: Relations) -> list[str]:
    org = analysis.org
    weak = sum(1 for i in org.interfaces if not i.agreed)
    undeclared = sum(1 for lk in rel.links.values() if lk.undeclared)
    silos = sorted(f for f, s in analysis.silos.items() if s.silo)
    return [f"{len(org.interfaces)} interfaces, {weak} without coordination or responsible",
            f"{undeclared} unit pairs hand over work with no interface",
            "silos: " + (", ".join(T.shorten(T.clean(s), 24) for s in silos[:6])
                         + ("…" if len(silos) > 6 else "") if silos else "none")]


def _legend() -> list[tuple[str, str]]:
    scale = [(_swatch(fill), text) for _, fill, text in SCALE]
    return scale + [
        (C.line_sample(OK, 3), "agreed interface (width = handoff volume)"),
        (C.line_sample(MISSING, 3, dashed=True), "! interface lacks coordination or responsible"),
        (C.line_sample(UNDECLARED, 3), "handoffs with no interface"),
        (C.line_sample(PROJECT, 1, dashed=True), "shared project only"),
    ]


def _swatch(fill: str) -> str:
    return (f'<TABLE BORDER="1" COLOR="#B0BEC5" CELLBORDER="0" CELLPADDING="0" '
            f'CELLSPACING="0" BGCOLOR="{fill}"><TR><TD WIDTH="28" HEIGHT="10"></TD></TR>'
            f'</TABLE>')
