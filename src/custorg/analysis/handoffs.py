"""Handoffs per process and for the org (analysis.md, "Handoffs")."""

from __future__ import annotations

from dataclasses import dataclass

from ..graph import CUSTOMER_NODE, step_nodes
from ..model import Org, Process
from ..notions import is_cross_function, ping_pong
from .structure import Structure


@dataclass(frozen=True)
class ProcessHandoffs:
    handoffs: int
    cross_function: int
    customer_contacts: int
    ping_pong: int
    units: int
    functions: int
    contact_units: int
    volume: float
    escalated: int  # handoffs whose lowest common manager is a top unit or none
    pairs: tuple[tuple[int, str, str], ...]  # (step index, a, b) of every handoff

    def as_dict(self) -> dict[str, float]:
        return {"handoffs": self.handoffs, "cross_function": self.cross_function,
                "customer_contacts": self.customer_contacts, "ping_pong": self.ping_pong,
                "units": self.units, "functions": self.functions,
                "contact_units": self.contact_units, "volume": self.volume}


def process_handoffs(org: Org, process: Process, structure: Structure) -> ProcessHandoffs:
    nodes = step_nodes(org, process)
    function = structure.function
    handoffs = cross = contacts = escalated = 0
    pairs = []
    contact_units: set[str] = set()
    for i, (a, b) in enumerate(zip(nodes, nodes[1:], strict=False)):
        a_customer, b_customer = a == CUSTOMER_NODE, b == CUSTOMER_NODE
        if a_customer != b_customer:
            contacts += 1
        if a_customer or b_customer:
            continue
        if a != b:
            handoffs += 1
            pairs.append((i, a, b))
            if is_cross_function(function, a, b):
                cross += 1
            if structure.top_level_or_none(a, b):
                escalated += 1
    for i, node in enumerate(nodes):
        if node == CUSTOMER_NODE:
            for j in (i - 1, i + 1):
                if 0 <= j < len(nodes) and nodes[j] != CUSTOMER_NODE:
                    contact_units.add(nodes[j])
    pp = ping_pong(nodes)
    units = {n for n in nodes if n != CUSTOMER_NODE}
    functions = {function.get(u) for u in units} - {None}
    return ProcessHandoffs(handoffs, cross, contacts, pp, len(units), len(functions),
                           len(contact_units), process.volume, escalated, tuple(pairs))



def _number(value: float) -> float:
    """Whole numbers as int (100.0 -> 100) so reports read as people expect."""
    return int(value) if float(value).is_integer() else value


def totals(per_process: dict[str, ProcessHandoffs]) -> dict[str, object]:
    """Org totals: sums over processes, plain and weighted by volume, and each process."""
    out = org_totals(per_process)
    out["by_process"] = {pid: {k: _number(v) for k, v in p.as_dict().items()}
                         for pid, p in per_process.items()}
    return out


def org_totals(per_process: dict[str, ProcessHandoffs]) -> dict[str, object]:
    """The totals of `totals` without `by_process`."""
    out: dict[str, object] = {}
    for name in ("handoffs", "cross_function", "customer_contacts", "ping_pong"):
        plain = sum(getattr(p, name) for p in per_process.values())
        weighted = sum(getattr(p, name) * p.volume for p in per_process.values())
        key = "total" if name == "handoffs" else name
        out[key] = plain
        out[f"weighted_{key}"] = _number(weighted)
    weighted_handoffs = sum(p.handoffs * p.volume for p in per_process.values())
    weighted_escalated = sum(p.escalated * p.volume for p in per_process.values())
    out["top_escalation_share"] = (round(weighted_escalated / weighted_handoffs, 4)
                                   if weighted_handoffs else None)
    return out
