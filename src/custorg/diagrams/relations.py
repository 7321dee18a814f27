"""Work relations between boxes: handoffs weighted by volume, interfaces, projects and
customer contacts, added up over folded units (docs/metrics.md, "Silos: the E-I index
per function")."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from ..analysis import Analysis
from ..analysis.handoffs import Transition
from ..graph import CUSTOMER_NODE
from ..orgfile.model import Interface
from .fold import Folding


@dataclass
class Link:
    """Everything between two boxes (undirected)."""

    volume: float = 0.0  # cases handed over per period (each handoff adds its process volume)
    handoffs: int = 0
    cross_function: bool = False
    interfaces: list[Interface] = field(default_factory=list)
    projects: int = 0
    undeclared_pairs: int = 0  # unit pairs in the two boxes handing over with no interface

    @property
    def weak_interfaces(self) -> list[Interface]:
        """Interfaces without a coordination procedure or a responsible person."""
        return [i for i in self.interfaces if not i.agreed]

    @property
    def undeclared(self) -> bool:
        """Some unit pair of these boxes hands over work with no interface (I001)."""
        return self.undeclared_pairs > 0


@dataclass
class Relations:
    links: dict[tuple[str, str], Link]  # (node a, node b), a before b in display order
    contact: dict[str, float]  # node -> customer contacts weighted by volume
    declared_contact: set[str]  # nodes with a contact point or `customer_contact: direct`
    internal: dict[str, float]  # node -> handoff volume that stays inside a folded box

    def max_volume(self) -> float:
        return max([lk.volume for lk in self.links.values()] + list(self.contact.values())
                   + [0.0])


def relations(analysis: Analysis, folding: Folding) -> Relations:
    org = analysis.org
    node_of = folding.node_of
    out = _Builder(folding)
    for process in org.processes:
        out.process(analysis.handoffs[process.id].transitions, process.volume)
    for itf in org.interfaces:
        item = out.link(itf.source, itf.target)
        if item is not None:
            item.interfaces.append(itf)
    for found in analysis.undeclared.values():  # counted per unit pair, as I001 is
        item = out.link(found.a, found.b)
        if item is not None:
            item.undeclared_pairs += 1
    for units in analysis.project_units.values():
        _project_links(units, node_of, out.between)
    declared = {node_of[c.unit] for c in org.contact_points if c.unit in node_of}
    declared |= {node_of[u.id] for u in org.units
                 if u.customer_contact == "direct" and u.id in node_of}
    return Relations(out.links, out.contact, declared, out.internal)


class _Builder:
    """The links, contacts and internal volumes of `Relations`, as they are added up."""

    def __init__(self, folding: Folding) -> None:
        self.position = folding.order()
        self.node_of = folding.node_of
        self.links: dict[tuple[str, str], Link] = {}
        self.contact: dict[str, float] = {}
        self.internal: dict[str, float] = {}

    def between(self, na: str, nb: str) -> Link:
        """The link between two boxes (created on first use)."""
        key = (na, nb) if self.position[na] < self.position[nb] else (nb, na)
        found = self.links.get(key)
        if found is None:
            found = self.links[key] = Link()
        return found

    def link(self, a: str, b: str) -> Link | None:
        """The link between the boxes of two units; None when they share a box."""
        na, nb = self.node_of.get(a), self.node_of.get(b)
        if na is None or nb is None or na == nb:
            return None
        return self.between(na, nb)

    def process(self, transitions: tuple[Transition, ...], volume: float) -> None:
        """A process's customer contacts and handoffs (as analysis classified them)."""
        node_of = self.node_of
        for t in transitions:
            if t.contact:
                node = node_of.get(t.b if t.a == CUSTOMER_NODE else t.a)
                if node is not None:
                    self.contact[node] = self.contact.get(node, 0.0) + volume
                continue
            if not t.handoff:
                continue
            box = node_of.get(t.a)
            if box is None or t.b not in node_of:  # a unit outside the drawn part
                continue
            item = self.link(t.a, t.b)
            if item is None:  # both units in one box
                self.internal[box] = self.internal.get(box, 0.0) + volume
                continue
            item.volume += volume
            item.handoffs += 1
            item.cross_function |= t.cross_function


def _project_links(units: list[str], node_of: dict[str, str],
                   between: Callable[[str, str], Link]) -> None:
    """Each pair of a project's units in different boxes adds 1 to their boxes' link:
    counted per box (a boxes x b boxes), not per pair of units, so a project of thousands
    of units folded into a few boxes costs its units, not their pairs."""
    per_box: dict[str, int] = {}
    for unit in units:
        node = node_of.get(unit)
        if node is not None:
            per_box[node] = per_box.get(node, 0) + 1
    boxes = list(per_box.items())
    for n, (a, count_a) in enumerate(boxes):
        for b, count_b in boxes[n + 1:]:
            between(a, b).projects += count_a * count_b


def pen(volume: float, biggest: float, thinnest: float = 1.0, thickest: float = 7.0) -> str:
    """Line width for a volume: square-root scale, so a 100x bigger flow looks 10x
    thicker, not 100x (and small flows stay visible)."""
    if biggest <= 0 or volume <= 0:
        return f"{thinnest:.2f}"
    return f"{thinnest + (thickest - thinnest) * math.sqrt(volume / biggest):.2f}"
