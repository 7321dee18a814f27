"""Reporting lines read from an export: cycles broken, depths computed, in linear time.

Each key has at most one parent (a functional graph), so every cycle is found by one walk
up from each key, remembering the keys on the current walk."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def break_cycles(parent: dict[K, K | None], order: Callable[[K], str]) -> list[list[K]]:
    """Break every reporting cycle in `parent` (changed in place) at its key with the
    smallest `order` text, which becomes a top key. Returns the cycles, each starting
    at the key where it was broken and following the reporting line."""
    state: dict[K, int] = {}  # 1: on the current walk, 2: done
    cycles: list[list[K]] = []
    for start in parent:
        if start in state:
            continue
        walk: list[K] = []
        node: K | None = start
        while node is not None and node not in state:
            state[node] = 1
            walk.append(node)
            node = parent.get(node)
        if node is not None and state[node] == 1:  # came back onto this walk: a cycle
            cycle = walk[walk.index(node):]
            cut = min(cycle, key=order)
            parent[cut] = None
            i = cycle.index(cut)
            cycles.append(cycle[i:] + cycle[:i])
        for key in walk:
            state[key] = 2
    return cycles


def depths(parent: dict[K, K | None]) -> dict[K, int]:
    """depth(k): 0 for a top key, else depth(parent) + 1 (the graph must be acyclic)."""
    depth: dict[K, int] = {}
    for start in parent:
        walk: list[K] = []
        node: K | None = start
        while node is not None and node not in depth:
            walk.append(node)
            node = parent[node]
        base = -1 if node is None else depth[node]
        for key in reversed(walk):
            base += 1
            depth[key] = base
    return depth
