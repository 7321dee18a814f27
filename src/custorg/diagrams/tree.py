"""A tidy org-chart layout computed here, drawn by Graphviz with pinned positions.

Graphviz's `dot` draws reporting trees with diagonal or wandering lines; a board expects
the hand-drawn look: a bus line under each manager, and units without children listed
in a column beside a vertical spine (a "comb"), which keeps a 30-unit chart slide-shaped.
Positions are computed in one pass over the tree (linear, no recursion), pinned with
`pos="x,y!"` in inches, and connected by straight segments between invisible joints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

COMB = 6  # at most this many units in one comb column
GAP = 0.24  # between sibling blocks
VGAP = 0.5  # between levels (the bus runs in the middle)
CGAP = 0.16  # between units in a comb
SPINE = 0.18  # spine offset from the block's left edge; units start at 2 * SPINE



@dataclass(frozen=True)
class Point:
    """A joint of the connector lines (inches, y down)."""

    x: float
    y: float


Anchor = str | Point  # a segment's end: a node id, or a joint


@dataclass
class TreeLayout:
    pos: dict[str, tuple[float, float]] = field(default_factory=dict)  # centre, y down
    segments: list[tuple[Anchor, Anchor]] = field(default_factory=list)
    width: float = 0.0
    height: float = 0.0


@dataclass(frozen=True)
class _Block:
    """What hangs under a unit: one subtree ("tree", [its root]) or a column of units
    without children ("comb"), `left` inches from the parent block's left edge."""

    kind: str
    nodes: list[str]
    left: float = 0.0


@dataclass
class _Sub:
    width: float
    root_x: float
    blocks: list[_Block]


def _blocks(node: str, children: dict[str, list[str]]) -> list[_Block]:
    kids = children.get(node, [])
    leaves = [k for k in kids if not children.get(k)]
    branches = [k for k in kids if children.get(k)]
    if len(leaves) < 2 or len(leaves) > 3 * COMB:
        return [_Block("tree", [k]) for k in kids]
    per = -(-len(leaves) // -(-len(leaves) // COMB))  # even columns of at most COMB
    combs = [_Block("comb", leaves[i:i + per]) for i in range(0, len(leaves), per)]
    return [_Block("tree", [k]) for k in branches] + combs


def layout(roots: list[str], children: dict[str, list[str]], w: float, h: float
           ) -> TreeLayout:
    """Centres of every node (inches, y growing downwards) and the connecting segments."""
    order: list[str] = []
    stack = list(reversed(roots))
    while stack:  # pre-order without recursion
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(children.get(node, [])))
    subs: dict[str, _Sub] = {}
    comb_width = 2 * SPINE + w
    for node in reversed(order):  # children before parents
        blocks: list[_Block] = []
        x = 0.0
        connects = []
        for block in _blocks(node, children):
            tree = block.kind == "tree"
            bw = subs[block.nodes[0]].width if tree else comb_width
            connects.append(x + (subs[block.nodes[0]].root_x if tree else SPINE))
            blocks.append(_Block(block.kind, block.nodes, x))
            x += bw + GAP
        row = x - GAP if blocks else 0.0
        if not blocks:
            root_x = w / 2
        elif len(blocks) == 1:
            root_x = connects[0] if blocks[0].kind == "tree" else w / 2
        else:
            root_x = (connects[0] + connects[-1]) / 2
        root_x = max(root_x, w / 2)
        subs[node] = _Sub(max(row, root_x + w / 2, w), root_x, blocks)
    out = TreeLayout()
    left = 0.0
    for root in roots:
        _place(root, left, 0.0, subs, w, h, out)
        left += subs[root].width + GAP * 2
    out.width = max(left - GAP * 2, 0.0)
    out.height = max((y for _, y in out.pos.values()), default=0.0) + h
    return out


def _place(root: str, left: float, top: float, subs: dict[str, _Sub], w: float, h: float,
           out: TreeLayout) -> None:
    stack = [(root, left, top)]
    while stack:
        node, x0, y = stack.pop()
        sub = subs[node]
        x = x0 + sub.root_x
        out.pos[node] = (x, y)
        below = y + h + VGAP
        if not sub.blocks:
            continue
        if len(sub.blocks) == 1:
            kind, nodes, off = sub.blocks[0].kind, sub.blocks[0].nodes, sub.blocks[0].left
            if kind == "tree":
                out.segments.append((node, nodes[0]))
                stack.append((nodes[0], x0 + off, below))
            else:
                start: Anchor = Point(x0 + off + SPINE, y + h / 2)
                _comb(nodes, x0 + off, below, start, w, h, out)
            continue
        bus = y + h / 2 + VGAP / 2
        points = [x]
        out.segments.append((node, Point(x, bus)))
        for block in sub.blocks:
            kind, nodes, off = block.kind, block.nodes, block.left
            if kind == "tree":
                cx = x0 + off + subs[nodes[0]].root_x
                out.segments.append((Point(cx, bus), nodes[0]))
                stack.append((nodes[0], x0 + off, below))
            else:
                cx = x0 + off + SPINE
                _comb(nodes, x0 + off, below, Point(cx, bus), w, h, out)
            points.append(cx)
        points = sorted(set(points))
        out.segments.extend((Point(a, bus), Point(b, bus)) for a, b in pairwise(points))


def _comb(nodes: list[str], left: float, top: float, start: Anchor, w: float, h: float,
          out: TreeLayout) -> None:
    spine = left + SPINE
    above = start
    for i, node in enumerate(nodes):
        y = top + i * (h + CGAP)
        out.pos[node] = (left + 2 * SPINE + w / 2, y)
        joint: Anchor = Point(spine, y)
        out.segments.append((above, joint))
        out.segments.append((joint, node))
        above = joint
