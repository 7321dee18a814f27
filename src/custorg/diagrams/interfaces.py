"""`interfaces`: units grouped by function, the work between them, and where it is not
organised.

Each function is a block, shaded on a diverging scale by its E-I index (Krackhardt and
Stern; docs/metrics.md, "Silos: the E-I index per function"): red when it mostly works with
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
from . import common as C, labels as T, textwidth as W
from .boxes import BoxText, box_text, common_height, pinned
from .fold import Folding, group_function
from .relations import Link, Relations, pen, relations
from .teamtags import legend, mode_label

BOX_W = 1.6
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
    boxes = {node: box_text(analysis, group, box_w=BOX_W, max_lines=3)
             for node, group in folding.groups.items()}
    height = common_height(boxes.values())
    order = _function_order(blocks, rel, folding)
    headers = {f: _header(analysis, f, _block_width(len(blocks[f]))) for f in order}
    pos, frames = place_blocks([(f, blocks[f]) for f in order], BOX_W, height,
                               {f: h.height for f, h in headers.items()})
    g = C.new_graph(layout="neato", overlap="true",
                    splines=C.splines(len(folding.groups), len(rel.links)),
                    outputorder="edgesfirst")
    texts = [org.name]
    classes: dict[str, str] = {}
    for function in order:
        _block(g, analysis, headers[function], blocks[function], frames[function], pos,
               boxes, height, texts, classes)
    edges = _lines(g, rel)
    heading = "interfaces and silos" if folding.root is None else \
        f"interfaces and silos: {T.shorten(T.clean(org.unit_by_id[folding.root].name), 60)}"
    g.attr(label=C.title(org.name, heading, _facts(analysis, folding),
                         _legend() + legend(analysis, modes=True), per_row=4))
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


def _columns(count: int) -> int:
    """Columns of a block's grid of `count` unit boxes."""
    return min(count, max(1, math.ceil(math.sqrt(count / 1.5))), 4)


def _block_width(count: int, w: float = BOX_W) -> float:
    return _columns(count) * (w + GAP) + GAP


def place_blocks(blocks: list[tuple[str, list[str]]], w: float, h: float,
                 captions: dict[str, float] | None = None
                 ) -> tuple[dict[str, tuple[float, float]], dict[str, Frame]]:
    """Unit centres and each block's frame (left, top, right, bottom), inches, y down.
    Units fill a small grid per block; blocks are packed on shelves (rows) about 1.6
    times wider than tall, each row centred, with room between blocks for the lines."""
    sizes = {}
    captions = captions or {}
    for function, nodes in blocks:
        cols = _columns(len(nodes))
        rows = math.ceil(len(nodes) / cols)
        sizes[function] = (cols, rows * (h + GAP) + GAP + captions.get(function, CAPTION_H),
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
                             top + captions.get(function, CAPTION_H) + GAP
                             + r * (h + GAP) + h / 2)
            left += bw + BLOCK_GAP
        top += max(sizes[f][1] for f in shelf) + BLOCK_GAP
    return pos, frames


@dataclass(frozen=True)
class Header:
    """A function block's heading: its name wrapped to the block's width, E-I and SILO."""

    function: str
    lines: list[str]
    size: float
    figures: str
    ei: float | None
    silo: bool

    @property
    def height(self) -> float:
        """Inches the heading takes at the top of its block."""
        return 0.2 + len(self.lines) * self.size * 1.25 / 72 + (0.2 if self.figures else 0)

    def label(self, color: str) -> str:
        title = "<BR/>".join(T.html(line) for line in self.lines)
        second = f'<BR/><FONT POINT-SIZE="10">{T.html(self.figures)}</FONT>' \
            if self.figures else ""
        return (f'<<FONT POINT-SIZE="{self.size:g}" COLOR="{color}"><B>{title}</B></FONT>'
                f"{second}>")


def _header(analysis: Analysis, function: str, width: float) -> Header:
    silo = analysis.silos.get(function)
    ei = silo.ei_index if silo else None
    is_silo = bool(silo and silo.silo)
    figures = "E-I " + ("n/a" if ei is None else f"{round(ei, 2) + 0.0:+.2f}") \
        if silo is not None else ""
    figures += " · SILO" if is_silo else ""
    lines, size = W.fit(T.shorten(T.clean(function), 120), width * 72 - 14,
                        (12.0, 11.0, 10.0), True, 2)
    return Header(function, lines, size, figures, ei, is_silo)


def _block(g: graphviz.Graph | graphviz.Digraph, analysis: Analysis, header: Header,
           nodes: list[str], frame: Frame,
           pos: dict[str, tuple[float, float]], boxes: dict[str, BoxText],
           height: float, texts: list[str], classes: dict[str, str]) -> None:
    """A function block: a shaded frame, its heading as a node (drawn over the lines,
    which are routed around it), its unit boxes."""
    is_silo = header.silo
    caption = f"{header.function} · {header.figures}" if header.figures else header.function
    safe = f"f{len(classes)}"
    fill = ei_fill(header.ei)
    with g.subgraph(name=f"cluster_{safe}") as sub:
        sub.attr(label="", style="filled,rounded,bold" if is_silo else "filled,rounded",
                 fillcolor=fill, color=UNDECLARED if is_silo else "#B0BEC5",
                 penwidth="3" if is_silo else "1")
        for i, (x, y) in enumerate(((frame.left, frame.top), (frame.right, frame.bottom))):
            sub.node(f"{safe}_corner{i}", label="", shape="point", width="0", height="0",
                     style="invis", pos=pinned(x, y), **{"class": "joint"})
        width = frame.right - frame.left - 0.3  # clear of the frame's corner points
        sub.node(f"{safe}_header", label=header.label(UNDECLARED if is_silo else "#263238"),
                 shape="box", style="filled", fillcolor=fill + "D8", color="#FFFFFF00",
                 penwidth="0",
                 width=f"{width:.3f}", height=f"{header.height - 0.12:.3f}",
                 fixedsize="true", fontcolor="#263238",
                 pos=pinned((frame.left + frame.right) / 2, frame.top + 0.06 + header.height / 2),
                 tooltip=T.tooltip(caption), **{"class": "header"})
        texts.append(header.function)
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
        if mode := mode_label(link.interfaces):
            attrs["label"] = mode
            attrs["fontsize"] = "8"
        g.edge(a, b, color=line.color, style=line.style, penwidth=width, dir="none",
               tooltip=line.tooltip, **attrs, **{"class": f"link {line.kind}"})
        count += 1
    return count


def line_kind(link: Link) -> LineKind:
    """How the line of a link is drawn (this view and its Mermaid version). Between
    folded boxes the worst of their unit pairs shows: work with no interface, then
    interfaces lacking coordination or a responsible, then agreed ones."""
    volume = f"{T.number(link.volume)} cases handed over" if link.handoffs else "no handoffs"
    notes = []
    if link.undeclared_pairs and (link.interfaces or link.undeclared_pairs > 1):
        notes.append(f"{link.undeclared_pairs} unit pairs with no interface")
    missing = set()
    for itf in link.weak_interfaces:
        if not itf.coordinated:
            missing.add("coordination")
        if not itf.responsible:
            missing.add("responsible")
    if link.interfaces:
        weak = len(link.weak_interfaces)
        notes.append(f"{len(link.interfaces)} interface{'s' * (len(link.interfaces) != 1)}"
                     + (f", {weak} without {' or '.join(sorted(missing))}" if weak else ""))
    detail = "; ".join([volume, *notes])
    if link.undeclared:
        return LineKind(UNDECLARED, "solid", "undeclared", f"no interface; {detail}")
    if link.weak_interfaces:
        return LineKind(MISSING, "dashed", "missing",
                        f"interface without {' and '.join(sorted(missing))}; {detail}")
    if link.interfaces:
        return LineKind(OK, "solid", "agreed", f"agreed interface; {detail}")
    return LineKind(PROJECT, "dashed", "project", "shared project")


def _facts(analysis: Analysis, folding: Folding) -> list[str]:
    """Counted on the unfolded org (or the --root part of it), never on the boxes."""
    org = analysis.org
    inside = folding.in_scope
    if folding.root is None:
        interfaces = list(org.interfaces)
        undeclared = len(analysis.undeclared)
        outside = 0
    else:
        interfaces = [i for i in org.interfaces if inside(i.source) and inside(i.target)]
        pairs = [(inside(u.a), inside(u.b)) for u in analysis.undeclared.values()]
        undeclared = sum(1 for a, b in pairs if a and b)
        outside = sum(1 for a, b in pairs if a != b)
    weak = sum(1 for i in interfaces if not i.agreed)
    functions = {analysis.structure.function.get(u) for u in folding.units}
    silos = sorted(f for f, s in analysis.silos.items() if s.silo and f in functions)
    return [f"{T.number(len(interfaces))} interface{'s' * (len(interfaces) != 1)}, "
            f"{T.number(weak)} without coordination or responsible",
            f"{T.number(undeclared)} unit pair{'s' * (undeclared != 1)} hand"
            f"{'s' * (undeclared == 1)} over work with no interface"
            + (f" (and {T.number(outside)} with units outside)" if outside else ""),
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
