"""The graphs of the org (docs/metrics.md): the edges the metrics read, and the NetworkX
reporting tree, work graph and collaboration graph.

Building only; the metrics live in `analysis/`. The customer is the node `customer` (an id
no entity may take).

The NetworkX graphs (`reporting_tree`, `work_graph`, `collaboration_graph`, and
`Analysis.reporting`, `.work`, `.collaboration` that build them on demand) are the
definitions as written, for library callers and as the reference the tests check the
metrics against (tests/test_perf_equivalence.py, tests/test_metrics.py): no command
builds them. The metrics read the same edges without a graph (`work_edges`,
`collaboration_weights`, projects as hubs), which is what makes them linear.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from .notions import Transition, classify
from .orgfile.model import CUSTOMER, Org, Process, Project

if TYPE_CHECKING:  # imported where a graph is built: no audit needs one (0.15 s of start-up)
    import networkx as nx

CUSTOMER_NODE = CUSTOMER


def reporting_tree(org: Org) -> nx.DiGraph:
    """Edges parent -> child; every unit is a node. Assumes no cycles (S001 stops before)."""
    import networkx as nx

    tree = nx.DiGraph()
    tree.add_nodes_from(u.id for u in org.units)
    tree.add_edges_from((u.parent, u.id) for u in org.units if u.parent)
    return tree


def step_nodes(org: Org, process: Process) -> list[str]:
    """The steps of a process as nodes: unit ids, or CUSTOMER_NODE for the customer."""
    customer = org.customer_steps
    return [CUSTOMER_NODE if s.unit in customer else s.unit for s in process.steps]


def transitions(org: Org, process: Process) -> Iterator[tuple[str, str]]:
    nodes = step_nodes(org, process)
    return pairwise(nodes)


def interface_pairs(org: Org) -> frozenset[frozenset[str]]:
    """The unit pairs an interface connects; an interface covers both directions."""
    return frozenset(frozenset((i.source, i.target)) for i in org.interfaces)


def person_unit(org: Org, person_id: str, heads: dict[str, list[str]],
                depth: dict[str, int]) -> str | None:
    """A person's unit where a rule needs one: their `unit`, else the shallowest unit they
    head (ties: the first written)."""
    person = org.person_by_id.get(person_id)
    if person is None:
        return None
    if person.unit:
        return person.unit
    headed = heads.get(person_id, [])
    return min(headed, key=lambda u: depth.get(u, 0)) if headed else None


def project_units(org: Org, project: Project, heads: dict[str, list[str]],
                  depth: dict[str, int]) -> list[str]:
    """A project's units: its `units` plus the units of its manager and members, distinct,
    in that order."""
    units = list(project.units)
    for person in ([project.manager] if project.manager else []) + list(project.members):
        unit = person_unit(org, person, heads, depth)
        if unit:
            units.append(unit)
    return list(dict.fromkeys(units))


def project_pairs(project_unit_lists: list[list[str]]) -> Iterator[tuple[str, str]]:
    """Every pair of distinct units of each project: the clique a project stands for in
    the graphs of docs/metrics.md. Only the networkx graphs (`work_graph`,
    `collaboration_graph`: built on demand) enumerate it; the metrics treat a project as
    a hub (layers.distances, silos.silos), so a project of 8,000 units costs 8,000 steps,
    not 32 million pairs."""
    for units in project_unit_lists:
        for n, a in enumerate(units):
            for b in units[n + 1:]:
                yield a, b


def work_edges(org: Org, flows: Iterable[Sequence[Transition]] | None = None
               ) -> list[tuple[str, str]]:
    """The edges of the work graph that come from processes and interfaces, in the order
    they are added (the projects' cliques and the contact points follow). `flows`: each
    process's classified transitions, in process order (the analysis has them:
    `process_flows`); else the steps are classified here."""
    if flows is None:
        flows = process_flows(org)
    edges = [(t.a, t.b) for flow in flows for t in flow if t.handoff or t.contact]
    edges += [(i.source, i.target) for i in org.interfaces]
    return edges


def process_flows(org: Org, function: Mapping[str, str | None] | None = None
                  ) -> list[list[Transition]]:
    """Each process's transitions (`notions.classify` of its step nodes), in process
    order; without `function` (unit -> function), no transition is cross-function."""
    function = {} if function is None else function
    return [classify(step_nodes(org, process), function) for process in org.processes]


def contact_edges(org: Org) -> list[tuple[str, str]]:
    """The work graph's edges from contact points: the customer to the unit."""
    return [(CUSTOMER_NODE, c.unit) for c in org.contact_points]


def work_graph(org: Org, project_unit_lists: list[list[str]], declared: bool = True,
               edges: list[tuple[str, str]] | None = None) -> nx.Graph:
    """Undirected, unweighted; units plus the customer. With declared=False, the edges that
    come only from `customer_contact: direct` declarations are left out (evidence).
    `edges`, when given, is `work_edges(org)`. Each project adds the clique of its units
    (quadratic in a project's size: the metrics never build this graph)."""
    import networkx as nx

    if edges is None:
        edges = work_edges(org)
    graph = nx.Graph()
    graph.add_node(CUSTOMER_NODE)
    graph.add_nodes_from(u.id for u in org.units)
    graph.add_edges_from(edges)  # one call: per-call overhead matters at 100k processes
    graph.add_edges_from(project_pairs(project_unit_lists))
    graph.add_edges_from(contact_edges(org))
    if declared:
        graph.add_edges_from((CUSTOMER_NODE, u.id) for u in org.units
                             if u.customer_contact == "direct")
    return graph


def collaboration_weights(org: Org, project_unit_lists: list[list[str]] | None = None,
                          flows: Sequence[Sequence[Transition]] | None = None
                          ) -> dict[tuple[str, str], float]:
    """The weighted ties of the collaboration graph: each handoff adds its process volume,
    each interface 1, and, when `project_unit_lists` is given, each project 1 to every
    pair of distinct units among its units (silos add the projects arithmetically
    instead). Keyed by each pair in the orientation it first occurred, in that order;
    weights are summed in the order the ties occur (as adding them to the graph one by
    one would). `flows`: as for `work_edges`."""
    weights: dict[tuple[str, str], float] = {}

    def add(a: str, b: str, weight: float) -> None:
        if (a, b) in weights:
            weights[a, b] += weight
        elif (b, a) in weights:
            weights[b, a] += weight
        else:
            weights[a, b] = weight

    for process, flow in zip(org.processes, process_flows(org) if flows is None else flows,
                             strict=True):
        volume = process.volume
        for t in flow:
            if t.handoff:
                add(t.a, t.b, volume)
    for itf in org.interfaces:
        add(itf.source, itf.target, 1)
    for a, b in project_pairs(project_unit_lists or []):
        add(a, b, 1)
    return weights


def collaboration_graph(org: Org, project_unit_lists: list[list[str]],
                        weights: dict[tuple[str, str], float] | None = None) -> nx.Graph:
    """Undirected, weighted, units only (see collaboration_weights, or pass them: with
    the projects' pairs)."""
    import networkx as nx

    if weights is None:
        weights = collaboration_weights(org, project_unit_lists)
    graph = nx.Graph()
    graph.add_nodes_from(u.id for u in org.units)
    graph.add_edges_from((a, b, {"weight": w}) for (a, b), w in weights.items())
    return graph


def edges_in_graph_order(nodes: Iterable[str], weights: dict[tuple[str, str], float]
                         ) -> list[tuple[str, str, float]]:
    """(a, b, weight) in the order `collaboration_graph(...).edges(data="weight")` yields
    them, without building the graph. networkx goes through the nodes in order and yields
    each node's ties to nodes not yet gone through, in the order the ties first occurred;
    so a tie comes with its endpoint that is first in node order, and a node's ties keep
    their order."""
    position = {node: n for n, node in enumerate(dict.fromkeys(nodes))}
    by_first: dict[int, list[tuple[str, str, float]]] = {}
    for (a, b), w in weights.items():
        if a not in position or b not in position:  # endpoints that are no node (none,
            for end in (a, b):  # in a valid org) come last, in the order networkx would
                if end not in position:  # have added them
                    position[end] = len(position)
        pa, pb = position[a], position[b]
        if pa <= pb:
            by_first.setdefault(pa, []).append((a, b, w))
        else:
            by_first.setdefault(pb, []).append((b, a, w))
    return [edge for first in sorted(by_first) for edge in by_first[first]]
