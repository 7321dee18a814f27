"""Handoffs per process and for the org (docs/metrics.md, "Handoffs per process")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from operator import attrgetter, mul
from typing import cast

from ..graph import CUSTOMER_NODE, interface_pairs, step_nodes
from ..notions import (
    Transition,
    classify,
    is_cross_function,
    is_ping_pong_return,
    is_unknown_function,
    ping_pong,
)
from ..orgfile.model import Org, Process
from .structure import Structure

__all__ = ["ProcessHandoffs", "Transition", "classify", "is_cross_function",
           "is_ping_pong_return", "is_unknown_function", "ping_pong", "process_handoffs",
           "totals"]


@dataclass(frozen=True, init=False)
class ProcessHandoffs:
    """The handoffs of one process. Its `__init__` is written out (as findings.Finding's:
    one per process, and the generated one of a frozen class sets each field through
    `object.__setattr__`); fields, equality, hash and repr stay the dataclass's own."""

    handoffs: int
    cross_function: int  # both functions known and different
    unknown_function: int  # either function is none
    customer_contacts: int
    ping_pong: int
    unit_ids: tuple[str, ...]  # the distinct units of its steps, as they first appear
    function_names: tuple[str, ...]  # the distinct functions of those units (none not counted)
    contact_units: int
    volume: float
    escalated: int  # handoffs whose lowest common manager is a top unit or none
    transitions: tuple[Transition, ...]  # every transition, classified

    def __init__(self, handoffs: int, cross_function: int, unknown_function: int,
                 customer_contacts: int, ping_pong: int, unit_ids: tuple[str, ...],
                 function_names: tuple[str, ...], contact_units: int, volume: float,
                 escalated: int, transitions: tuple[Transition, ...]) -> None:
        fields_ = self.__dict__
        fields_["handoffs"], fields_["cross_function"] = handoffs, cross_function
        fields_["unknown_function"], fields_["customer_contacts"] = unknown_function, \
            customer_contacts
        fields_["ping_pong"], fields_["unit_ids"] = ping_pong, unit_ids
        fields_["function_names"], fields_["contact_units"] = function_names, contact_units
        fields_["volume"], fields_["escalated"] = volume, escalated
        fields_["transitions"] = transitions

    @property
    def units(self) -> int:
        return len(self.unit_ids)

    @property
    def functions(self) -> int:
        return len(self.function_names)

    @property
    def pairs(self) -> tuple[tuple[int, str, str], ...]:
        """(step index, a, b) of every handoff."""
        return tuple((t.step, t.a, t.b) for t in self.transitions if t.handoff)

    def as_dict(self) -> dict[str, float]:
        return {"handoffs": self.handoffs, "cross_function": self.cross_function,
                "unknown_function": self.unknown_function,
                "customer_contacts": self.customer_contacts, "ping_pong": self.ping_pong,
                "units": self.units, "functions": self.functions,
                "contact_units": self.contact_units, "volume": self.volume}


def process_handoffs(org: Org, process: Process, structure: Structure) -> ProcessHandoffs:
    nodes = step_nodes(org, process)
    function = structure.function
    transitions = classify(nodes, function)
    handoffs = cross = unknown = contacts = escalated = ping_pong = 0
    contact_units: set[str] = set()
    top_or_none = structure.top_level_or_none
    for _, a, b, contact, handoff, crosses, unknown_fn, back in transitions:
        if contact:
            contacts += 1
            contact_units.add(b if a == CUSTOMER_NODE else a)
        elif handoff:
            handoffs += 1
            cross += crosses
            unknown += unknown_fn
            ping_pong += back
            if top_or_none(a, b):
                escalated += 1
    distinct = dict.fromkeys(nodes)
    distinct.pop(CUSTOMER_NODE, None)
    units = tuple(distinct)
    known = set(map(function.get, units))  # a unit without a function is not counted
    known.discard(None)
    functions = tuple(sorted(cast("set[str]", known)))
    return ProcessHandoffs(handoffs, cross, unknown, contacts, ping_pong, units, functions,
                           len(contact_units), process.volume, escalated, tuple(transitions))


def flows(org: Org, per_process: Mapping[str, ProcessHandoffs]
          ) -> list[tuple[Transition, ...]] | None:
    """Each process's classified transitions, in process order, as `per_process` holds
    them (what graph.process_flows gives, the steps classified once); None when two
    processes share an id (`per_process` keeps one of them: the graph functions then
    read the steps)."""
    if len(per_process) != len(org.processes):
        return None
    return [h.transitions for h in per_process.values()]


@dataclass
class Undeclared:
    """Work handed between two units that no interface joins (rule I001): where it is
    first handed over, every process that hands it over, and their total volume."""

    process: Process  # the first process with the handoff
    step: int  # its step index there (0-based: from step `step` to the next)
    a: str
    b: str
    processes: list[str]
    volume: float


def undeclared(org: Org, per_process: Mapping[str, ProcessHandoffs]
               ) -> dict[frozenset[str], Undeclared]:
    """The unit pairs with handoffs and no interface in either direction, in the order
    their first handoff appears (processes in file order)."""
    declared = interface_pairs(org)
    out: dict[frozenset[str], Undeclared] = {}
    for process in org.processes:
        for t in per_process[process.id].transitions:  # .pairs, without a tuple of them
            if not t.handoff:
                continue
            index, a, b = t.step, t.a, t.b
            pair = frozenset((a, b))
            if pair in declared:
                continue
            found = out.get(pair)
            if found is None:
                out[pair] = Undeclared(process, index, a, b, [process.id], process.volume)
                continue
            if found.processes[-1] != process.id:  # processes come one after another:
                found.processes.append(process.id)  # a constant test, not a list scan
            found.volume += process.volume
    return out


def _number(value: int | float) -> float:
    """Whole numbers as int (100.0 -> 100) so reports read as people expect."""
    if value.__class__ is int:  # most counts: int(value) would be value itself
        return value
    return int(value) if float(value).is_integer() else value


def totals(per_process: dict[str, ProcessHandoffs]) -> dict[str, object]:
    """Org totals: sums over processes, plain and weighted by volume, and each process."""
    out = org_totals(per_process)
    by_process = {}
    for pid, p in per_process.items():
        row = p.as_dict()  # counts: ints already (_number keeps them); the volume may not be
        row["volume"] = _number(row["volume"])
        by_process[pid] = row
    out["by_process"] = by_process
    return out


def org_totals(per_process: dict[str, ProcessHandoffs]) -> dict[str, object]:
    """The totals of `totals` without `by_process` (each sum over the processes in
    order, its terms made in C: `sum` of a generator would step it in Python)."""
    out: dict[str, object] = {}
    rows = list(per_process.values())
    volumes = [p.volume for p in rows]
    weighted_handoffs: float = 0
    for name in ("handoffs", "cross_function", "unknown_function", "customer_contacts",
                 "ping_pong"):
        counts = list(map(attrgetter(name), rows))
        plain = sum(counts)
        weighted = sum(map(mul, counts, volumes))
        key = "total" if name == "handoffs" else name
        out[key] = plain
        out[f"weighted_{key}"] = _number(weighted)
        if name == "handoffs":
            weighted_handoffs = weighted
    weighted_escalated = sum(map(mul, map(attrgetter("escalated"), rows), volumes))
    out["top_escalation_share"] = (round(weighted_escalated / weighted_handoffs, 4)
                                   if weighted_handoffs else None)
    return out
