"""Work relations between boxes: handoffs weighted by volume, interfaces, projects and
customer contacts, added up over folded units (analysis.md: "Collaboration graph")."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import pairwise

from ..analysis import Analysis
from ..graph import CUSTOMER_NODE, step_nodes
from ..model import Interface
from .fold import Folding


@dataclass
class Link:
    """Everything between two boxes (undirected)."""

    volume: float = 0.0  # cases handed over per period (each handoff adds its process volume)
    handoffs: int = 0
    cross_function: bool = False
    interfaces: list[Interface] = field(default_factory=list)
    projects: int = 0

    @property
    def weak_interfaces(self) -> list[Interface]:
        """Interfaces without an agreed coordination procedure or a responsible person."""
        return [i for i in self.interfaces if not i.coordination or not i.responsible]

    @property
    def undeclared(self) -> bool:
        """Work is handed over here but no interface was agreed (I001)."""
        return self.handoffs > 0 and not self.interfaces


@dataclass
class Relations:
    links: dict[tuple[str, str], Link]  # (node a, node b), a before b in display order
    contact: dict[str, float]  # node -> customer contacts weighted by volume
    declared_contact: set[str]  # nodes with a contact point or `customer_contact: direct`
    internal: dict[str, float]  # node -> handoff volume that stays inside a folded box

    def max_volume(self) -> float:
        return max([lk.volume for lk in self.links.values()] + list(self.contact.values())
                   + [0.0])


def relations(analysis: Analysis, folding: Folding) -> Relations:  # noqa: C901 - one pass over every kind of work relation, kept together so each is mapped to boxes once
    org, function = analysis.org, analysis.structure.function
    position = folding.order()
    node_of = folding.node_of
    links: dict[tuple[str, str], Link] = {}
    contact: dict[str, float] = {}
    internal: dict[str, float] = {}

    def between(na: str, nb: str) -> Link:
        key = (na, nb) if position[na] < position[nb] else (nb, na)
        found = links.get(key)
        if found is None:
            found = links[key] = Link()
        return found

    def link(a: str, b: str) -> Link | None:
        na, nb = node_of.get(a), node_of.get(b)
        if na is None or nb is None or na == nb:
            return None
        return between(na, nb)

    for process in org.processes:
        nodes = step_nodes(org, process)
        volume = process.volume
        for a, b in pairwise(nodes):
            if a == b:
                continue
            if a == CUSTOMER_NODE or b == CUSTOMER_NODE:  # a == b was ruled out above
                node = node_of.get(b if a == CUSTOMER_NODE else a)
                if node is not None:
                    contact[node] = contact.get(node, 0.0) + volume
                continue
            item = link(a, b)
            if item is None:
                if a in node_of:
                    internal[node_of[a]] = internal.get(node_of[a], 0.0) + volume
                continue
            item.volume += volume
            item.handoffs += 1
            fa, fb = function.get(a), function.get(b)
            item.cross_function |= fa is None or fb is None or fa != fb
    for itf in org.interfaces:
        item = link(itf.source, itf.target)
        if item is not None:
            item.interfaces.append(itf)
    for units in analysis.project_units.values():
        nodes = [node_of.get(u) for u in units]  # each pair of units adds 1
        for n, a in enumerate(nodes):
            for b in nodes[n + 1:]:
                if a is not None and b is not None and a != b:
                    between(a, b).projects += 1
    declared = {node_of[c.unit] for c in org.contact_points if c.unit in node_of}
    declared |= {node_of[u.id] for u in org.units
                 if u.customer_contact == "direct" and u.id in node_of}
    return Relations(links, contact, declared, internal)


def pen(volume: float, biggest: float, thinnest: float = 1.0, thickest: float = 7.0) -> str:
    """Line width for a volume: square-root scale, so a 100x bigger flow looks 10x
    thicker, not 100x (and small flows stay visible)."""
    if biggest <= 0 or volume <= 0:
        return f"{thinnest:.2f}"
    return f"{thinnest + (thickest - thinnest) * math.sqrt(volume / biggest):.2f}"
