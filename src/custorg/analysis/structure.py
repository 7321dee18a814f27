"""The reporting structure: depth, layers, span, functions, board, common managers."""

from __future__ import annotations

from collections.abc import Iterable
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

    def set_lcm_is_top_or_none(self, units: Iterable[str]) -> bool:
        """The same question for a set of 2 or more units: true unless all sit in the
        same depth-1 branch of one tree (read until a unit answers it)."""
        root, branch = self.root, self.branch
        first = next(iter_units := iter(units), None)
        if first is None:
            return False
        top, side = root[first], branch[first]
        if side is None:
            return True
        return any(root[u] != top or branch[u] != side for u in iter_units)


def build_structure(org: Org) -> Structure:
    children: dict[str, list[str]] = {}
    own_function: dict[str, str | None] = {}
    heads: dict[str, list[str]] = {}
    tops: list[str] = []
    board_units: list[str] = []
    for u in org.units:  # one pass over the units: parents, functions, heads, board
        uid = u.id
        own_function[uid] = u.function
        if u.parent:
            if u.parent in children:
                children[u.parent].append(uid)
            else:
                children[u.parent] = [uid]
        else:
            tops.append(uid)
        if u.head:
            if u.head in heads:
                heads[u.head].append(uid)
            else:
                heads[u.head] = [uid]
        if u.kind == "board":
            board_units.append(uid)
    depth = dict.fromkeys(tops, 0)
    root = {top: top for top in tops}
    branch: dict[str, str | None] = dict.fromkeys(tops)
    function = {top: own_function[top] for top in tops}
    order = list(tops)
    for node in order:  # breadth first (the list grows as it is read): no recursion limit
        kids = children.get(node)
        if not kids:
            continue
        d, top, fn = depth[node] + 1, root[node], function[node]
        for child in kids:
            depth[child] = d
            root[child] = top
            branch[child] = child if d == 1 else branch[node]
            function[child] = own_function[child] or fn
        order += kids
    board = frozenset(board_units) or frozenset(tops)
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
