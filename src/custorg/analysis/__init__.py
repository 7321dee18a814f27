"""Every metric of docs/metrics.md, computed once per org; rules and diagrams read from here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..graph import (
    collaboration_graph,
    collaboration_weights,
    contact_edges,
    edges_in_graph_order,
    person_unit,
    project_units,
    reporting_tree,
    work_edges,
    work_graph,
)
from ..orgfile.model import ContactPoint, Org, Process
from ..thresholds import Thresholds
from ..today import resolve_today
from .handoffs import (
    ProcessHandoffs,
    Transition,
    Undeclared,
    flows,
    process_handoffs,
    totals,
    undeclared,
)
from .layers import (
    LAYER_ORDER,
    UNKNOWN_NOTE,
    Hubs,
    adjacency,
    customer_layers,
    distances,
    evidence_distance,
    nearer,
)
from .maturity import Maturity, maturity
from .silos import Silo, silos, whole
from .staff import staff
from .structure import Structure, build_structure, manager_units
from .teams import Teams, teams

if TYPE_CHECKING:  # the graphs are built on demand (graph.py imports networkx then)
    import networkx as nx

__all__ = ["Analysis", "analyse", "LAYER_ORDER", "UNKNOWN_NOTE"]


@dataclass(frozen=True)
class Analysis:
    org: Org
    thresholds: Thresholds
    structure: Structure
    project_units: dict[str, list[str]]
    relations: list[tuple[str, str]]  # the work graph's edges but projects' and declared
    adjacency: dict[str, list[str]]  # of `relations`
    handoffs: dict[str, ProcessHandoffs]
    distance: dict[str, int]
    layers: dict[str, str]
    today: dt.date = field(default_factory=resolve_today)  # T002, T003 (custorg.today)
    # the customer distance through work relations alone (without declared direct
    # contact): the search `distance` is derived from (layers.nearer), kept for `evidence`
    work_distance: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    # The rest is computed on first use: a diagram needs only the layers and handoffs
    # above (the parts below were a third of the analysis at 50,000 units), and the
    # metrics and rules need none of the networkx graphs (another third, when built):
    # `work`, `reporting` and `collaboration` are for library callers and the tests'
    # reference (graph.py); no command builds them.
    @cached_property
    def ties(self) -> dict[tuple[str, str], float]:
        """The collaboration graph's weighted edges but the projects' pairs (which
        `silos` adds arithmetically: a project is a hub, not a clique)."""
        return collaboration_weights(self.org, flows=self.flows)

    @property
    def flows(self) -> list[tuple[Transition, ...]] | None:
        """Each process's classified transitions, in process order (handoffs.flows)."""
        return flows(self.org, self.handoffs)

    @cached_property
    def undeclared(self) -> dict[frozenset[str], Undeclared]:
        """Unit pairs handing over work with no interface (I001; the interfaces view)."""
        return undeclared(self.org, self.handoffs)

    @cached_property
    def silos(self) -> dict[str, Silo]:
        st, ties = self.structure, self.ties
        # the sums of whole weights (volumes that count cases) are the same in any order:
        # the collaboration graph's order is needed for fractions only
        edges = [(a, b, w) for (a, b), w in ties.items()] if whole(ties.values()) \
            else edges_in_graph_order((u.id for u in self.org.units), ties)
        return silos(edges, st.function, self.thresholds.silo_ei_threshold,
                     self.project_units.values())

    @cached_property
    def evidence(self) -> dict[str, int | None]:
        """Distance to the customer through work relations alone (C003)."""
        plain = self.work_distance or distances(self.adjacency, self.project_units.values())
        return evidence_distance(self.structure, plain)

    @cached_property
    def maturity(self) -> Maturity:
        org, st = self.org, self.structure
        return maturity(org, st.function, len(owner_problems(org, st, self.thresholds)),
                        len(ambiguous_needs(org)))

    @cached_property
    def work(self) -> nx.Graph:
        """The work graph (docs/metrics.md): units plus the customer, unweighted; projects as
        cliques (built on demand: quadratic in a project's size, the metrics never ask)."""
        return work_graph(self.org, list(self.project_units.values()))

    @cached_property
    def reporting(self) -> nx.DiGraph:
        """The reporting tree: edges parent -> child over all units."""
        return reporting_tree(self.org)

    @cached_property
    def collaboration(self) -> nx.Graph:
        """The collaboration graph (docs/metrics.md): units, weighted."""
        return collaboration_graph(self.org, list(self.project_units.values()))

    @cached_property
    def teams(self) -> Teams:
        """Team Topologies and RACI notions (docs/teams.md): loads, active collaborations."""
        return teams(self.org, self.today)

    @property
    def unknown_note(self) -> str | None:
        """The one note that goes with the layer `unknown` (None when no unit has it)."""
        n = sum(1 for layer in self.layers.values() if layer == "unknown")
        if not n:
            return None
        return UNKNOWN_NOTE.format(units="1 unit" if n == 1 else f"{n} units")

    def owner_depth(self, process: Process) -> int | None:
        return owner_depth(self.org, self.structure, process)

    def metrics(self) -> dict[str, Any]:
        org, st = self.org, self.structure
        # the spans of the units with children (Structure.span; max and mean need no order)
        units = org.unit_by_id
        spans = [len(kids) for unit, kids in st.children.items() if unit in units]
        return {
            "units": len(org.units), "people": len(org.people),
            "processes": len(org.processes), "interfaces": len(org.interfaces),
            "layers": st.layers, "max_span": max(spans, default=0),
            "mean_span": round(sum(spans) / len(spans), 4) if spans else None,
            "handoffs": totals(self.handoffs),
            "silos": {fn: s.as_dict() for fn, s in self.silos.items()},
            "customer_layers": dict(self.layers),
            "maturity": self.maturity.as_dict(),
            "staff": staff(org, st.depth),
            **({"teams": self.teams.metric()} if self.teams.declared else {}),
        }


def owner_depth(org: Org, structure: Structure, process: Process) -> int | None:
    """Depth of the unit of a process's owner (the unit itself, or the person's unit)."""
    owner = process.owner
    if owner is None:
        return None
    if owner in org.unit_by_id:
        return structure.depth.get(owner)
    unit = person_unit(org, owner, structure.heads, structure.depth)
    return structure.depth.get(unit) if unit else None


def owner_problems(org: Org, structure: Structure,
                   thresholds: Thresholds) -> list[tuple[Process, str]]:
    """Strategic processes without a senior owner: ('missing' | 'junior', process)."""
    out = []
    for p in org.processes:
        if not p.strategic:
            continue
        if p.owner is None:
            out.append((p, "missing"))
        else:
            depth = owner_depth(org, structure, p)
            if depth is not None and depth > thresholds.owner_max_depth:
                out.append((p, "junior"))
    return out


def ambiguous_needs(org: Org) -> list[tuple[str, list[ContactPoint]]]:
    """Customer needs served by more than one unit: (need, its contact points)."""
    customers = org.customer_stakeholders()
    default = customers[0].id if customers else None
    customer_ids = {s.id for s in customers}
    groups: dict[tuple[str, str | None], list[ContactPoint]] = {}
    for cp in org.contact_points:
        holder = cp.stakeholder or default
        if holder is not None and holder not in customer_ids:
            continue
        groups.setdefault((cp.need.strip().casefold(), holder), []).append(cp)
    return [(cps[0].need, cps) for cps in groups.values() if len({c.unit for c in cps}) > 1]


def analyse(org: Org, thresholds: Thresholds | None = None,
            today: dt.date | None = None) -> Analysis:
    thresholds = thresholds or Thresholds()
    st = build_structure(org)
    proj_units = {p.id: project_units(org, p, st.heads, st.depth) for p in org.projects}
    unit_lists = list(proj_units.values())
    per_process = {p.id: process_handoffs(org, p, st) for p in org.processes}
    relations = work_edges(org, flows(org, per_process)) + contact_edges(org)
    declared = [u.id for u in org.units if u.customer_contact == "direct"]
    # breadth-first search over plain adjacency lists, projects as hubs, declared direct
    # contact as the customer's neighbours: the distances of a search of the networkx
    # graph (tests/test_perf_equivalence.py); the search without the declared contact
    # first (the evidence distance's), the declared contact then brought nearer
    adj = adjacency(relations)
    hubs = Hubs(unit_lists)
    plain = distances(adj, hubs)
    dist = nearer(plain, adj, hubs, declared)
    no_work = not relations and not declared and not any(len(g) > 1 for g in unit_lists)
    layers = customer_layers(org, st, dist, manager_units(org), no_work)
    return Analysis(org, thresholds, st, proj_units, relations, adj, per_process, dist, layers,
                    today or resolve_today(), plain)
