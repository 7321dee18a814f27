"""The reporting structure: depth, layers, span, functions, board, common managers."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from ..orgfile.model import Org

MANAGER_KINDS = frozenset({"board", "executive"})


@dataclass(frozen=True)
class Structure:
    depth: dict[str, int]
    children: dict[str, list[str]]
    order: list[str]  # units top-down (breadth first), for bottom-up passes in reverse
    function: dict[str, str | None]
    root: dict[str, str]  # the top unit of each unit's tree
    branch: dict[str, str | None]  # the depth-1 ancestor (None for a top unit)
    board: frozenset[str]
    heads: dict[str, list[str]]  # person id -> units they head, in file order

    @property
    def layers(self) -> int:
        return 1 + max(self.depth.values()) if self.depth else 0

    def span(self, unit: str) -> int:
        return len(self.children.get(unit, ()))

    def top_level_or_none(self, a: str, b: str) -> bool:
        """Whether the lowest common manager of a and b is a top unit or there is none:
        true unless both sit in the same depth-1 branch of one tree."""
        if self.root[a] != self.root[b]:
            return True
        ba, bb = self.branch[a], self.branch[b]
        return ba is None or bb is None or ba != bb

    def set_lcm_is_top_or_none(self, units: list[str]) -> bool:
        """The same question for a set of 2 or more units."""
        if len({self.root[u] for u in units}) > 1:
            return True
        branches = {self.branch[u] for u in units}
        return None in branches or len(branches) > 1


def build_structure(org: Org) -> Structure:
    children: dict[str, list[str]] = {}
    for u in org.units:
        if u.parent:
            children.setdefault(u.parent, []).append(u.id)
    depth: dict[str, int] = {}
    root: dict[str, str] = {}
    branch: dict[str, str | None] = {}
    function: dict[str, str | None] = {}
    own_function = {u.id: u.function for u in org.units}
    order: list[str] = []
    queue = deque(u.id for u in org.units if not u.parent)
    for top in queue:
        depth[top], root[top], branch[top] = 0, top, None
        function[top] = own_function[top]
    while queue:  # breadth first, iterative: no recursion limit on deep chains
        node = queue.popleft()
        order.append(node)
        for child in children.get(node, ()):
            depth[child] = depth[node] + 1
            root[child] = root[node]
            branch[child] = child if depth[child] == 1 else branch[node]
            function[child] = own_function[child] or function[node]
            queue.append(child)
    kinds = {u.id: u.kind for u in org.units}
    board = frozenset(u for u, k in kinds.items() if k == "board") or \
        frozenset(u.id for u in org.units if not u.parent)
    heads: dict[str, list[str]] = {}
    for u in org.units:
        if u.head:
            heads.setdefault(u.head, []).append(u.id)
    return Structure(depth, children, order, function, root, branch, board, heads)


def manager_units(org: Org) -> frozenset[str]:
    return frozenset(u.id for u in org.units if u.kind in MANAGER_KINDS)


def on_board(org: Org, structure: Structure, person_id: str | None) -> bool:
    """A person belongs to the board when their unit, or a unit they head, is a board unit."""
    if not person_id or person_id not in org.person_by_id:
        return False
    person = org.person_by_id[person_id]
    units = ([person.unit] if person.unit else []) + structure.heads.get(person_id, [])
    return any(u in structure.board for u in units)
