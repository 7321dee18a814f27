"""`radial`: the customer layers as concentric rings, the customer in the centre.

Positions are computed here and pinned (neato draws them as given): Graphviz's own
radial layouts (twopi, circo) need overlap removal, which the bundled Graphviz lacks,
and sprawl. Each ring gets the smallest radius at which its boxes overlap neither each
other nor the ring inside it, so rings are round, compact and the same on every run.
Units sit next to the units they work with on inner rings (circular barycentre), and
each ring leaves a gap at the top for its caption.
"""

from __future__ import annotations

import bisect
import math
from itertools import pairwise

import graphviz

from ..analysis import Analysis
from . import common as C, labels as T, textwidth as W
from .boxes import box_text, common_height, pinned
from .fold import Folding, boxes_by_layer, layer_counts
from .relations import relations
from .work import draw_work, weights

BOX_W = 1.4
MARGIN = 0.14  # clearance between boxes, inches
CAPTION_W = 2.0  # room kept free at the top of each ring for its caption (inches)
CAPTION_H = 0.16  # half its height, and a little
FIT_LIMIT = 40_000  # box pairs checked per ring before falling back to a safe gap


def build(analysis: Analysis, folding: Folding) -> C.Diagram:
    org = analysis.org
    rel = relations(analysis, folding)
    rings, classes = boxes_by_layer(analysis, folding)
    boxes = {node: box_text(analysis, group, box_w=BOX_W, people=False, max_lines=3)
             for node, group in folding.groups.items()}
    height = common_height(boxes.values())
    pos, radii = ring_positions([(k, v) for k, v in rings.items() if v],
                                weights(rel, folding), BOX_W, height)
    g = C.new_graph(layout="neato", overlap="true", splines="false",
                    outputorder="edgesfirst")
    texts = [org.name]
    units = layer_counts(analysis, folding.units)  # the true counts, not the boxes'
    for layer, radius in radii.items():
        _ring(g, layer, radius, units.get(layer, 0))
    C.customer_node(g, "Customer", pos=pinned(0.0, 0.0))
    for node, group in folding.groups.items():
        box = boxes[node]
        layer = classes[node]
        texts.append(box.name)
        g.node(node, label=box.label(), pos=pinned(*pos[node]),
               width=f"{BOX_W}", height=f"{height:.3f}", fixedsize="true",
               tooltip=T.tooltip(box.name, C.LAYER_TITLES[layer], *box.details),
               **C.layer_style(layer, folded=bool(group.folded)),
               **{"class": f"unit {layer}"})
    edges = draw_work(g, rel, folding, reporting=False)
    counts = [f"{C.LAYER_TITLES[k].lower()} {T.number(n)}" for k, n in units.items()]
    heading = "customer at the centre" if folding.root is None else \
        f"customer at the centre: {T.shorten(T.clean(org.unit_by_id[folding.root].name), 60)}"
    g.attr(label=C.title(org.name, heading,
                         [f"{T.number(len(folding.units))} units by layer: " + ", ".join(counts)
                          + ("; folded boxes sit on the ring of their unit nearest the "
                             "customer" if folding.depth is not None else "")],
                         C.layer_rows(k for k, v in rings.items() if v)
                         + [(C.line_sample(C.CONTACT, 3), "customer contact"),
                            (C.line_sample(C.CROSS, 3), "cross-function handoff"),
                            (C.line_sample(C.HANDOFF, 3), "handoff within a function")]))
    return C.finish("radial", g, "neato", len(folding.groups) + 1, edges,
                    [folding.note] if folding.note else [], texts, classes)


def _ring(g: graphviz.Graph | graphviz.Digraph, layer: str, radius: float, units: int) -> None:
    """The ring line (a circle node under everything) and its caption at the top."""
    border = C.LAYER_COLORS[layer][1]
    g.node(f"ring_{layer}", label="", shape="circle", fixedsize="true",
           width=f"{2 * radius:.3f}", pos=pinned(0.0, 0.0), style="dashed", color=border,
           penwidth="0.8", fillcolor="none", **{"class": f"ring {layer}"})
    caption = f"{C.LAYER_TITLES[layer]} · {T.number(units)}"
    room = (CAPTION_W - 0.1) * 72 - 8
    size = next((s for s in (11, 10, 9) if W.measure(caption, s, True) <= room), 9)
    # a see-through background: the caption reads over the ring, the lines still show;
    # its size is fixed: the ring keeps that much free at the top (ring_positions)
    g.node(f"caption_{layer}", label=f'<<B>{T.html(W.shorten(caption, room, size, True))}</B>>',
           shape="box", style="filled,rounded", fillcolor="#FFFFFFB0", color="#FFFFFF00",
           fontcolor=border, fontsize=str(size), fixedsize="true",
           width=f"{CAPTION_W - 0.1:.2f}", height=f"{2 * CAPTION_H - 0.06:.2f}",
           pos=pinned(0.0, -radius), **{"class": "caption"})


def ring_positions(rings: list[tuple[str, list[str]]], weight: dict[tuple[str, str], float],
                   w: float, h: float) -> tuple[dict[str, tuple[float, float]], dict[str, float]]:
    """Centres (inches, y down) of the nodes of each ring, and each ring's radius."""
    neighbours: dict[str, list[tuple[str, float]]] = {}
    for (a, b), value in weight.items():
        neighbours.setdefault(a, []).append((b, value))
        neighbours.setdefault(b, []).append((a, value))
    angle: dict[str, float] = {}
    pos: dict[str, tuple[float, float]] = {C.CUSTOMER_ID: (0.0, 0.0)}
    radii: dict[str, float] = {}
    inner = 0.0
    previous: list[str] = [C.CUSTOMER_ID]
    customer_half = (0.75, 0.3)  # the customer box: half width, half height
    for layer, nodes in rings:
        wanted = _wanted_angles(nodes, angle, neighbours)
        radius = max(inner + h + 2 * MARGIN, 1.4)
        if len(nodes) * len(previous) > FIT_LIMIT:  # huge rings: a gap that always clears
            radius, spots = _spots(wanted, max(radius, inner + math.hypot(w + MARGIN,
                                                                          h + MARGIN)), w, h)
        else:
            radius, spots = _fit(wanted, radius, pos, previous, w, h, customer_half)
        for node, (x, y, theta) in spots.items():
            pos[node] = (x, y)
            angle[node] = theta
        previous = nodes
        radii[layer] = radius
        inner = radius
    return pos, radii


def _fit(wanted: list[tuple[float, str]], radius: float, pos: dict[str, tuple[float, float]],
         previous: list[str], w: float, h: float, customer_half: tuple[float, float]
         ) -> tuple[float, dict[str, tuple[float, float, float]]]:
    """The smallest radius (from `radius` up) at which the ring clears the ring inside it
    (rings further in are at least two gaps away), trying small turns of the ring."""
    best: tuple[float, dict[str, tuple[float, float, float]]] | None = None
    for shift in (0.0, 0.5, -0.5, 0.25, -0.25):
        r = radius
        for _ in range(30):  # radius and spacing depend on each other: iterate
            r, spots = _spots(wanted, r, w, h, shift)
            needed = max(r, _clear_radius(spots, pos, previous, w, h, customer_half))
            if needed <= r + 1e-6:
                break
            r = needed
        else:  # not settled: place the boxes on the ring that is drawn, radius r
            r, spots = _spots(wanted, r, w, h, shift)
        if best is None or r < best[0] - 1e-6:
            best = (r, spots)
    assert best is not None
    return best


_TOP = -math.pi / 2  # the angle of the caption at the top of a ring (y grows downwards)


def _wanted_angles(nodes: list[str], angle: dict[str, float],
                   neighbours: dict[str, list[tuple[str, float]]]) -> list[tuple[float, str]]:
    """(angle measured clockwise from the top, node), sorted: the weighted circular mean
    of the angles of the node's neighbours on inner rings; nodes without any are spread
    evenly."""
    out = []
    for i, node in enumerate(nodes):
        sx = sy = 0.0
        for other, value in neighbours.get(node, ()):
            if other in angle:
                sx += value * math.cos(angle[other])
                sy += value * math.sin(angle[other])
        theta = math.atan2(sy, sx) if (sx or sy) else \
            _TOP + 2 * math.pi * (i + 0.5) / len(nodes)
        out.append(((theta - _TOP) % (2 * math.pi), node))
    return sorted(out)


def _spots(wanted: list[tuple[float, str]], radius: float, w: float, h: float,
           shift: float = 0.0) -> tuple[float, dict[str, tuple[float, float, float]]]:
    """(radius, {node: (x, y, angle)}): nodes as near their wanted angle as spacing
    allows, off the caption's arc, `shift` spacings turned; the radius grows when the
    ring cannot hold them all."""
    while True:
        # the caption's arc: boxes beside it (clear sideways) or below it (clear of its
        # height), whichever comes first, so no box covers the caption
        half = min(math.asin(min(1.0, (CAPTION_W / 2 + w / 2) / radius)),
                   math.acos(max(-1.0, 1 - (h / 2 + CAPTION_H) / radius)))
        gap = min(0.8 * math.pi, 2 * half)
        grid, cumulative = _metric(radius, gap / 2, 2 * math.pi - gap / 2, w, h)
        if cumulative[-1] >= len(wanted) - 1:
            break
        radius *= 1.05
    units = spread([_interpolate(a, grid, cumulative) + shift for a, _ in wanted], 0.0,
                   cumulative[-1], 1.0)
    out = {}
    for u, (_, node) in zip(units, wanted, strict=True):
        real = _interpolate(u, cumulative, grid) + _TOP
        out[node] = (radius * math.cos(real), radius * math.sin(real), real)
    return radius, out


def _metric(radius: float, low: float, high: float, w: float, h: float,
            samples: int = 720) -> tuple[list[float], list[float]]:
    """Angles from `low` to `high` and, for each, how many boxes fit between `low` and it.
    Two neighbours on a ring are apart along the tangent at their midpoint; boxes need
    more room side by side (at the top and bottom) than stacked (at the sides), so the
    angular spacing they need varies around the ring."""
    grid = [low + (high - low) * i / samples for i in range(samples + 1)]
    cumulative = [0.0]
    for a, b in pairwise(grid):
        t = (a + b) / 2 + _TOP
        sin_t, cos_t = abs(math.sin(t)), abs(math.cos(t))
        need = min((w + MARGIN) / sin_t if sin_t > 1e-9 else math.inf,
                   (h + MARGIN) / cos_t if cos_t > 1e-9 else math.inf) * 1.04
        step = 2 * math.asin(min(1.0, need / (2 * radius)))
        cumulative.append(cumulative[-1] + (b - a) / step)
    return grid, cumulative


def _interpolate(x: float, xs: list[float], ys: list[float]) -> float:
    """Piecewise-linear y(x) over increasing `xs` (clamped at the ends)."""
    i = bisect.bisect_left(xs, x)
    if i <= 0:
        return ys[0]
    if i >= len(xs):
        return ys[-1]
    x0, x1 = xs[i - 1], xs[i]
    return ys[i - 1] + (ys[i] - ys[i - 1]) * ((x - x0) / (x1 - x0) if x1 > x0 else 0.0)


def spread(wanted: list[float], low: float, high: float, step: float) -> list[float]:
    """Sorted positions in [low, high] at least `step` apart, as close as possible (least
    squares) to the sorted `wanted` values: isotonic regression of wanted[i] - i * step
    by pool-adjacent-violators, clamped to the bounds. Needs (n - 1) * step <= high - low."""
    n = len(wanted)
    blocks: list[list[float]] = []  # [mean, count]
    for i, value in enumerate(wanted):
        blocks.append([value - i * step, 1.0])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (m1, c1), (m2, c2) = blocks[-2], blocks.pop()
            blocks[-1] = [(m1 * c1 + m2 * c2) / (c1 + c2), c1 + c2]
    top = high - (n - 1) * step
    out: list[float] = []
    for mean, count in blocks:
        base = min(max(mean, low), top)
        out.extend([base] * int(count))
    return [base + i * step for i, base in enumerate(out)]


def _clear_radius(spots: dict[str, tuple[float, float, float]],
                  pos: dict[str, tuple[float, float]], placed: list[str], w: float, h: float,
                  customer_half: tuple[float, float]) -> float:
    """The smallest radius at which no box on these angles overlaps a box already
    placed: for each angle, where its ray leaves every placed box grown by our half
    size and the margin."""
    needed = 0.0
    for _, _, theta in spots.values():
        dx, dy = math.cos(theta), math.sin(theta)
        for node in placed:
            px, py = pos[node]
            hw, hh = customer_half if node == C.CUSTOMER_ID else (w / 2, h / 2)
            exit_at = _ray_exit(dx, dy, px, py, hw + w / 2 + MARGIN, hh + h / 2 + MARGIN)
            needed = max(needed, exit_at)
    return needed


def _ray_exit(dx: float, dy: float, cx: float, cy: float, hx: float, hy: float) -> float:
    """Where the ray t * (dx, dy), t >= 0, leaves the box centred at (cx, cy) with half
    sizes (hx, hy); 0 when it misses it (slab method)."""
    t_in, t_out = 0.0, math.inf
    for d, c, half in ((dx, cx, hx), (dy, cy, hy)):
        if abs(d) < 1e-12:
            if abs(c) >= half:
                return 0.0
            continue
        t1, t2 = (c - half) / d, (c + half) / d
        t_in, t_out = max(t_in, min(t1, t2)), min(t_out, max(t1, t2))
    return t_out if t_in < t_out else 0.0
