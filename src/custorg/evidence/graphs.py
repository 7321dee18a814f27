"""Figures 4-6 of docs/evidence.md, on the directed unit graph G of observed handoffs:
brokerage (Gould and Fernandez 1989), betweenness (Brandes, NetworkX) and formal against
informal structure (Newman's modularity of the functions and of Louvain's communities,
Blondel et al. 2008). `(unmapped)` is never a node: with `--org` the nodes are org units."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from .numbers import four

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison", "unknown")
CROSS_ROLES = ("representative", "gatekeeper", "liaison")
Function = Mapping[str, str | None]


def unit_graph(unit_events: Mapping[str, int], pairs: Mapping[tuple[str, str], int],
               units: Collection[str] | None) -> nx.DiGraph:
    """G: the units with at least one counted event (org units only when `units` is
    given), in sorted id order; an edge a -> b for a != b with pairs[(a, b)] >= 1."""
    graph = nx.DiGraph()
    graph.add_nodes_from(sorted(u for u, n in unit_events.items()
                                if n > 0 and (units is None or u in units)))
    graph.add_edges_from(sorted((a, b) for (a, b), n in pairs.items()
                                if n >= 1 and a != b and a in graph and b in graph))
    return graph


def role(a: str, b: str, c: str, function: Function) -> str:
    """b's role in the two-path a -> b -> c, groups being functions."""
    fa, fb, fc = function.get(a), function.get(b), function.get(c)
    if fa is None or fb is None or fc is None:
        return "unknown"
    if fa == fb == fc:
        return "coordinator"
    if fa == fc:
        return "itinerant"
    if fa == fb:
        return "representative"
    if fb == fc:
        return "gatekeeper"
    return "liaison"


def brokerage(graph: nx.DiGraph, function: Function) -> dict[str, Counter[str]]:
    """Per node b: its two-paths a -> b -> c (a, b, c distinct, no edge a -> c) counted
    by role."""
    out: dict[str, Counter[str]] = {}
    for b in graph:
        roles: Counter[str] = Counter()
        for a in graph.predecessors(b):
            for c in graph.successors(b):
                if a != c and not graph.has_edge(a, c):
                    roles[role(a, b, c, function)] += 1
        out[b] = roles
    return out


def cross_count(roles: Counter[str]) -> int:
    return sum(roles[r] for r in CROSS_ROLES)


def betweenness(graph: nx.DiGraph) -> dict[str, float]:
    """Normalised betweenness of each node, unweighted, 4 decimals."""
    return {u: four(v) or 0.0
            for u, v in nx.betweenness_centrality(graph, normalized=True).items()}


@dataclass(frozen=True)
class Structure:
    q_functions: float | None
    q_work: float | None
    communities: tuple[tuple[str, ...], ...]  # of two units or more, in listing order
    isolated: tuple[str, ...]

    def as_dict(self, function: Function) -> dict[str, Any]:
        return {"q_functions": four(self.q_functions), "q_work": four(self.q_work),
                "communities": [{"units": list(c), "functions": spans(c, function)}
                                for c in self.communities],
                "isolated": list(self.isolated)}


def spans(community: tuple[str, ...], function: Function) -> list[str]:
    """The functions a community's units belong to (sorted)."""
    return sorted({f for u in community if (f := function.get(u)) is not None})


def weighted(graph: nx.DiGraph, pairs: Mapping[tuple[str, str], int]) -> nx.Graph:
    """W: G's nodes in sorted order, w(a, b) = pairs[(a, b)] + pairs[(b, a)], edges with
    w > 0 added in sorted (a, b) order."""
    w = nx.Graph()
    w.add_nodes_from(sorted(graph))
    for a, b in sorted({(min(a, b), max(a, b)) for a, b in graph.edges}):
        weight = pairs.get((a, b), 0) + pairs.get((b, a), 0)
        if weight > 0:
            w.add_edge(a, b, weight=weight)
    return w


def structure(graph: nx.DiGraph, pairs: Mapping[tuple[str, str], int],
              function: Function) -> Structure:
    """Figure 6: modularity of the functions and of Louvain's communities on W."""
    w = weighted(graph, pairs)
    if w.number_of_edges() == 0:
        return Structure(None, None, (), tuple(sorted(w)))
    groups: dict[str, set[str]] = {}
    alone: list[set[str]] = []
    for u in w:
        f = function.get(u)
        if f is None:
            alone.append({u})
        else:
            groups.setdefault(f, set()).add(u)
    q_functions = nx.community.modularity(w, [*groups.values(), *alone], weight="weight")
    found = nx.community.louvain_communities(w, weight="weight", seed=1)
    q_work = nx.community.modularity(w, found, weight="weight")
    listed = sorted((tuple(sorted(c)) for c in found), key=lambda c: (-len(c), c[0]))
    return Structure(q_functions, q_work, tuple(c for c in listed if len(c) > 1),
                     tuple(sorted(c[0] for c in listed if len(c) == 1)))
