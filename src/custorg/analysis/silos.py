"""Collaboration and silos: E-I index per function (Krackhardt and Stern)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a graph is only ever passed in: the audit does not import networkx
    import networkx as nx


@dataclass(frozen=True)
class Silo:
    function: str
    units: int
    internal: float
    external: float
    ei_index: float | None
    silo: bool

    def as_dict(self) -> dict[str, object]:
        def num(v: float) -> float:
            return int(v) if float(v).is_integer() else v
        return {"units": self.units, "internal": num(self.internal),
                "external": num(self.external), "ei_index": self.ei_index, "silo": self.silo}


def silos(collab: nx.Graph | list[tuple[str, str, float]], function: dict[str, str | None],
          threshold: float, projects: Iterable[list[str]] = ()) -> dict[str, Silo]:
    """For each declared function F: I = weight of ties with both ends in F, E = weight of
    ties with exactly one end in F, whatever the other end is (a unit of another function
    or a unit with no function: both are outside F). Units whose function is none get no
    row of their own.
    `collab` is the collaboration graph, or its edges (a, b, weight) in the graph's order
    (graph.edges_in_graph_order: the same sums, without building the graph).

    `projects` are the unit lists of projects whose pairs `collab` leaves out: each adds
    1 per pair arithmetically (k of its units in F add k(k-1)/2 to I of F, and k*m to E
    of F for its m other units), as the pairs would."""
    members: dict[str, int] = {}
    for fn in function.values():
        if fn is not None:
            members[fn] = members.get(fn, 0) + 1
    internal = dict.fromkeys(members, 0.0)
    external = dict.fromkeys(members, 0.0)
    edges = collab if isinstance(collab, list) else collab.edges(data="weight")
    any_edge = (len(collab) if isinstance(collab, list) else collab.number_of_edges()) > 0
    for a, b, weight in edges:
        fa, fb = function.get(a), function.get(b)
        if fa == fb:
            if fa is not None:
                internal[fa] += weight
            continue
        if fa is not None:
            external[fa] += weight
        if fb is not None:
            external[fb] += weight
    any_edge = _add_projects(projects, function, internal, external) or any_edge
    out = {}
    for fn in sorted(members):
        i, e = internal[fn], external[fn]
        ei = (e - i) / (e + i) if e + i > 0 else None
        is_silo = (ei is not None and ei <= threshold) or (ei is None and any_edge)
        out[fn] = Silo(fn, members[fn], i, e, None if ei is None else round(ei, 4), is_silo)
    return out


_GRAIN = 2.0 ** 16  # weights that are multiples of 1/65536 (2.5, 0.25: volumes) are exact


def whole(weights: Collection[float]) -> bool:
    """Every weight is a whole multiple of 1/_GRAIN (a whole number, or a fraction such
    as 2.5) and their magnitudes sum to less than 2**36: then, scaled by _GRAIN (a power
    of two: exactly), every partial sum is a whole number under 2**53, exact, and adding
    the weights in any order gives the same floats."""
    return sum(map(abs, weights)) < 2 ** 36 and \
        all(map(float.is_integer, map(_GRAIN.__mul__, map(float, weights))))


def _add_projects(projects: Iterable[list[str]], function: dict[str, str | None],
                  internal: dict[str, float], external: dict[str, float]) -> bool:
    """Add each project's pairs, counted (a hub, not its clique): k of its units in F
    have k(k-1)/2 pairs inside F and k*(n-k) pairs with its other n-k units. True when
    some project has a pair."""
    any_pair = False
    for units in projects:
        any_pair = any_pair or len(units) > 1
        counts: dict[str, int] = {}
        for unit in units:
            fn = function.get(unit)
            if fn is not None:
                counts[fn] = counts.get(fn, 0) + 1
        for fn, k in counts.items():
            internal[fn] += k * (k - 1) // 2
            external[fn] += k * (len(units) - k)
    return any_pair
