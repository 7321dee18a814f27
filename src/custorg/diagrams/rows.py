"""Layered layout computed here: bands of rows, ordered to keep related units close.

Used by the customer-on-top view. Each band is one customer layer; a band with many
units wraps onto several rows. The order inside a row comes from a few barycentre
sweeps (each unit moves towards the units it works with in the rows above and below),
weighted by handoff volume; ties keep units of one manager together. Positions are
pinned and drawn by Graphviz's neato, so the result is the same on every run and costs
milliseconds for any size (dot's crossing reduction can take minutes on dense graphs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

SWEEPS = 6


@dataclass
class Band:
    key: str
    rows: list[list[str]]
    top: float = 0.0  # y of the band's upper edge (inches, growing downwards)
    bottom: float = 0.0


@dataclass
class RowLayout:
    pos: dict[str, tuple[float, float]] = field(default_factory=dict)
    bands: list[Band] = field(default_factory=list)
    left: float = 0.0
    right: float = 0.0


def wrap_rows(nodes: Sequence[str], per_row: int) -> list[list[str]]:
    """Split into rows of at most `per_row`, as even as possible (13 -> 7 + 6)."""
    if not nodes:
        return []
    count = -(-len(nodes) // per_row)
    size = -(-len(nodes) // count)
    return [list(nodes[i:i + size]) for i in range(0, len(nodes), size)]


def order_rows(rows: list[list[str]], weights: dict[tuple[str, str], float],
               sweeps: int = SWEEPS) -> list[list[str]]:
    """Reorder each row by the weighted mean position of its neighbours in the other
    rows (down and up sweeps); a unit without neighbours keeps its place."""
    neighbours: dict[str, list[tuple[str, float]]] = {}
    for (a, b), w in weights.items():
        neighbours.setdefault(a, []).append((b, w))
        neighbours.setdefault(b, []).append((a, w))
    rows = [list(r) for r in rows]
    row_index = {n: i for i, r in enumerate(rows) for n in r}
    for sweep in range(sweeps):
        sequence = range(1, len(rows)) if sweep % 2 == 0 else range(len(rows) - 2, -1, -1)
        place = _places(rows)
        for i in sequence:
            rows[i] = _sorted_row(rows[i], i, place, row_index, neighbours, sweep % 2 == 0)
            place.update(_places([rows[i]]))
    return rows


def _places(rows: list[list[str]]) -> dict[str, float]:
    """Relative x of each node: its index, centred on 0 (rows of different lengths line
    up on their middles)."""
    return {node: i - (len(row) - 1) / 2 for row in rows for i, node in enumerate(row)}


def _sorted_row(row: list[str], index: int, place: dict[str, float], row_index: dict[str, int],
                neighbours: dict[str, list[tuple[str, float]]], downwards: bool) -> list[str]:
    keyed = []
    for pos, node in enumerate(row):
        total = weight = 0.0
        for other, w in neighbours.get(node, ()):
            j = row_index.get(other)
            if j is None or j == index or (j > index if downwards else j < index):
                continue
            total += place[other] * w
            weight += w
        current = pos - (len(row) - 1) / 2
        keyed.append((total / weight if weight else current, pos, node))
    keyed.sort()
    return [node for _, _, node in keyed]


def place_bands(bands: list[Band], w: float, h: float, gap: float, row_gap: float,
                band_gap: float, caption: float) -> RowLayout:
    """Pin every node: rows centred on x = 0, bands stacked downwards, each band with
    room for its caption above its first row."""
    out = RowLayout(bands=bands)
    y = 0.0
    widest = max((len(r) for b in bands for r in b.rows), default=1)
    half = (widest * w + (widest - 1) * gap) / 2
    out.left, out.right = -half, half
    for band in bands:
        band.top = y
        y += caption
        for row in band.rows:
            for i, node in enumerate(row):
                out.pos[node] = ((i - (len(row) - 1) / 2) * (w + gap), y + h / 2)
            y += h + row_gap
        band.bottom = y - row_gap + 0.15 if band.rows else y + 0.05
        y = band.bottom + band_gap
    return out
