"""Customer layers: the re-layered "customer on top" structure, and evidence distance."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

from ..graph import CUSTOMER_NODE
from ..orgfile.model import Org
from .structure import Structure

if TYPE_CHECKING:  # a graph is only ever passed in: the audit does not import networkx
    import networkx as nx

LAYER_ORDER = ("customer", "front-line", "support", "back-office", "management", "disconnected",
               "unknown")
# the note that goes with the layer `unknown` wherever it is shown (docs/metrics.md)
UNKNOWN_NOTE = ("the org declares no work relation (no process, interface, project, contact "
                "point or direct contact), so the customer layers of {units} are unknown: "
                "declare processes or mine them from a log")


def distances(graph: nx.Graph | Mapping[str, Iterable[str]],
              hubs: Iterable[list[str]] | Hubs = (), near: Iterable[str] = ()) -> dict[str, int]:
    """Shortest path length from the customer (breadth first), in a graph or in an
    adjacency mapping (node -> neighbours), where each list in `hubs` (a project's units)
    is a clique: every member is a neighbour of every other. A clique is expanded once,
    when the first of its members is reached (all the others are then one step further),
    so a project of k units costs k steps, not k(k-1)/2 edges. The units of `near` are
    neighbours of the customer too, after those of the graph (declared direct contact:
    one adjacency serves the search with them and the one without)."""
    dist = {CUSTOMER_NODE: 0}
    adj = graph if isinstance(graph, Mapping) else graph.adj
    groups, member_of = _groups(hubs)
    empty: tuple[str, ...] = ()
    # level by level, each level in the order it was reached: a queue's order
    level = [*adj.get(CUSTOMER_NODE, empty), *near]
    step, reached = 0, [CUSTOMER_NODE]
    while reached:
        step += 1
        found: list[str] = []
        for node in reached:
            for nxt in (adj.get(node, empty) if step > 1 else level):
                if nxt not in dist:
                    dist[nxt] = step
                    found.append(nxt)
            if node in member_of:
                _expand(member_of[node], groups, dist, step, found)
        reached = found
    return dist


class Hubs:
    """Hubs (projects' unit lists) indexed once for several searches: those with two or
    more units, and unit -> the indexes of its hubs. Pass it as `hubs`."""

    def __init__(self, hubs: Iterable[list[str]]) -> None:
        self.groups = [group for group in hubs if len(group) > 1]
        member_of: dict[str, list[int]] = {}
        for index, group in enumerate(self.groups):
            for unit in group:
                if unit in member_of:
                    member_of[unit].append(index)
                else:
                    member_of[unit] = [index]
        self.member_of = member_of

    def __iter__(self) -> Iterator[list[str]]:
        return iter(self.groups)


def _groups(hubs: Iterable[list[str]] | Hubs) -> tuple[list[list[str]], dict[str, list[int]]]:
    """The hubs with two or more units (a list of the search's own: it replaces each
    by [] once expanded), and unit -> the indexes of its hubs."""
    index = hubs if isinstance(hubs, Hubs) else Hubs(hubs)
    return list(index.groups), index.member_of


def nearer(dist: Mapping[str, int], graph: nx.Graph | Mapping[str, Iterable[str]],
           hubs: Iterable[list[str]] | Hubs, near: Iterable[str]) -> dict[str, int]:
    """`distances(graph, hubs, near)` from `dist = distances(graph, hubs)`, the search
    without `near` (the evidence distance's: one search serves both). The units of
    `near` come to 1 where they were farther or not reached; then breadth first from
    those only, level by level: a node that comes strictly closer passes it on, one that
    keeps its distance passes nothing (its neighbours are already as close as it would
    make them), and a hub is expanded at most once (at its lowest level). The same
    distances as the search with `near` (tests/test_layers_nearer.py); the keys are in
    another order (no caller reads it)."""
    out = dict(dist)
    adj = graph if isinstance(graph, Mapping) else graph.adj
    groups, member_of = _groups(hubs)
    far = float("inf")  # the distance of a node not reached
    level = []
    for unit in near:
        if out.get(unit, far) > 1:
            out[unit] = 1
            level.append(unit)
    empty: tuple[str, ...] = ()
    no_hubs: list[int] = []
    step = 1
    while level:
        step += 1
        found: list[str] = []
        for node in level:
            for nxt in adj.get(node, empty):
                if out.get(nxt, far) > step:
                    out[nxt] = step
                    found.append(nxt)
            for index in member_of.get(node, no_hubs):
                group = groups[index]
                groups[index] = []
                for nxt in group:
                    if out.get(nxt, far) > step:
                        out[nxt] = step
                        found.append(nxt)
        level = found
    return out


def _expand(indexes: list[int], groups: list[list[str]], dist: dict[str, int], step: int,
            found: list[str]) -> None:
    """The projects `indexes` not expanded yet: every member not reached is at `step`."""
    for index in indexes:
        group = groups[index]
        if group:
            groups[index] = []
            for nxt in group:
                if nxt not in dist:
                    dist[nxt] = step
                    found.append(nxt)


def adjacency(edges: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Node -> neighbours of an undirected graph given by its edges (for a breadth-first
    search only: cheaper than building a networkx graph)."""
    adj: defaultdict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        adj[a].append(b)
        adj[b].append(a)
    return adj


def customer_layers(org: Org, structure: Structure, dist: dict[str, int],
                    managers: frozenset[str], no_work: bool = False) -> dict[str, str]:
    """Each unit's layer (docs/metrics.md, "Customer layers"); `no_work`: the work graph
    has no edge (a fresh import), so a unit no rule places is `unknown`, not
    `disconnected`: nothing says it is cut off, only that no work is declared yet."""
    fallback = "unknown" if no_work else "disconnected"
    layers = {}
    for unit in org.units:
        d = dist.get(unit.id)
        if unit.id in managers:
            layer = "management"
        elif d is not None:
            layer = "front-line" if d == 1 else "support" if d == 2 else "back-office"
        elif unit.customer_contact == "direct":
            layer = "front-line"
        elif unit.customer_contact == "indirect":
            layer = "support"
        elif structure.children.get(unit.id):
            layer = "management"
        else:
            layer = fallback
        layers[unit.id] = layer
    return layers


def evidence_distance(structure: Structure, evidence_dist: dict[str, int]) -> dict[str, int | None]:
    """Distance without declared-direct edges, the minimum over a unit and its descendants."""
    best: dict[str, int | None] = {}
    children, own = structure.children, evidence_dist.get
    for unit in reversed(structure.order):  # children before parents
        d = own(unit)
        for child in children.get(unit, ()):
            c = best[child]
            if c is not None and (d is None or c < d):
                d = c
        best[unit] = d
    return best
