"""Notions of analysis.md that are pure functions of unit ids, with no graph: shared by
the audit (`analysis/`) and `custorg mine`, which must not pay for networkx to count a
log's ping-pong. Importing this module imports nothing of custorg."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

CUSTOMER = "customer"  # reserved: in a process step it means the customer (format.md)


def is_cross_function(function: Mapping[str, str | None], a: str, b: str) -> bool:
    """A handoff a -> b is cross-function when function(a) != function(b), or either
    function is none (analysis.md)."""
    fa, fb = function.get(a), function.get(b)
    return fa is None or fb is None or fa != fb


def ping_pong(nodes: Sequence[str]) -> int:
    """Positions i where nodes[i] and nodes[i + 2] are the same unit and nodes[i + 1] is
    another unit, none of them the customer (analysis.md). Also the ping-pong of a case
    mined from an event log (mining.md), whose path holds units only."""
    return sum(
        1 for i in range(len(nodes) - 2)
        if nodes[i] == nodes[i + 2] and nodes[i + 1] != nodes[i]
        and CUSTOMER not in (nodes[i], nodes[i + 1]))
