"""Notions of docs/metrics.md that are pure functions of unit ids, with no graph: the
transitions of a sequence of steps (handoff, cross-function or unknown-function, customer
contact, ping-pong).
Shared by the audit (`analysis/`, which re-exports them from `analysis.handoffs`) and
`custorg mine`, which must not pay for networkx to count a log's ping-pong. Importing
this module imports nothing of custorg."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

# reserved: in a process step it means the customer (the org format: README, "The org
# file")
CUSTOMER = "customer"


class Transition(NamedTuple):
    """One transition (s_i, s_i+1) of a process, classified once (docs/metrics.md,
    "Handoffs per process"). Rules, diagrams and metrics read these flags instead of
    testing the steps again."""

    step: int  # i: from step i to step i + 1 (0-based)
    a: str  # step node: a unit id, or CUSTOMER
    b: str
    contact: bool  # exactly one side is the customer
    handoff: bool  # both are units, and different
    cross_function: bool  # a handoff with function(a) != function(b), both known
    unknown_function: bool  # a handoff where function(a) or function(b) is none
    ping_pong_return: bool  # s_i-1 == s_i+1 != s_i, none the customer: work sent back


def is_handoff(a: str, b: str) -> bool:
    """A transition a -> b is a handoff when both are units and they differ (docs/metrics.md)."""
    return a != b and a != CUSTOMER and b != CUSTOMER


def is_contact(a: str, b: str) -> bool:
    """A transition a -> b is a customer contact when exactly one side is the customer."""
    return (a == CUSTOMER) != (b == CUSTOMER)


def is_cross_function(function: Mapping[str, str | None], a: str, b: str) -> bool:
    """A handoff a -> b is cross-function when both functions are known and differ
    (docs/metrics.md)."""
    return crosses(function.get(a), function.get(b))


def crosses(fa: str | None, fb: str | None) -> bool:
    """`is_cross_function` of the units' functions fa and fb."""
    return fa is not None and fb is not None and fa != fb


def is_unknown_function(function: Mapping[str, str | None], a: str, b: str) -> bool:
    """A handoff a -> b is unknown-function when function(a) or function(b) is none: it
    may cross functions or not, nobody can tell (docs/metrics.md)."""
    return unknown(function.get(a), function.get(b))


def unknown(fa: str | None, fb: str | None) -> bool:
    """`is_unknown_function` of the units' functions fa and fb."""
    return fa is None or fb is None


def is_ping_pong_return(nodes: Sequence[str], i: int) -> bool:
    """The transition i (nodes[i] -> nodes[i + 1]) sends work back: nodes[i - 1] and
    nodes[i + 1] are the same unit and nodes[i] another unit, neither the customer (the
    ping-pong at i - 1 of docs/metrics.md)."""
    return (i > 0 and nodes[i - 1] == nodes[i + 1] != nodes[i]
            and CUSTOMER not in (nodes[i], nodes[i + 1]))


def ping_pong(nodes: Sequence[str]) -> int:
    """How many times work is sent back along these step nodes (docs/metrics.md)."""
    return sum(is_ping_pong_return(nodes, i) for i in range(1, len(nodes) - 1))


def classify(nodes: Sequence[str], function: Mapping[str, str | None]) -> list[Transition]:
    """The transitions of a process's step nodes (graph.step_nodes), classified. A
    ping-pong at i (docs/metrics.md) is the transition i + 1 marked `ping_pong_return`."""
    out = []
    make = tuple.__new__  # Transition's own __new__, without its keyword handling
    functions = list(map(function.get, nodes))  # each node's looked up once
    for i in range(len(nodes) - 1):
        a, b = nodes[i], nodes[i + 1]
        if is_handoff(a, b):
            fa, fb = functions[i], functions[i + 1]
            out.append(make(Transition, (i, a, b, False, True, crosses(fa, fb),
                                         unknown(fa, fb), is_ping_pong_return(nodes, i))))
        else:  # a contact, or a step to the same unit: no flag of a handoff
            out.append(make(Transition, (i, a, b, is_contact(a, b), False, False, False,
                                         False)))
    return out
