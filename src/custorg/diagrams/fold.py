"""Folding: which units get a box of their own, and which are counted in an ancestor's.

`--root UNIT` limits a view to that unit's subtree (depths then count from it).
`--depth N` folds every unit deeper than N into its ancestor at depth N, as asked. Without
`--depth`, when an org is too big for a slide (more than `max_nodes` boxes), the deepest
depth that fits is chosen automatically; if even the top units are too many, or a unit
has more visible children than fit side by side, the smallest siblings are gathered
into one "+N more units" box.
All of it is linear in the number of units (a 5,000-unit org folds in milliseconds).
Folding simplifies the picture, never the numbers: a folded box lists what it holds, and
the views count on the unfolded analysis (`layer_counts`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from ..analysis import LAYER_ORDER, Analysis
from .common import CUSTOMER_ID
from .views import DEFAULT_MAX_NODES

_LAYER_RANK = {name: i for i, name in enumerate(LAYER_ORDER)}


@dataclass(frozen=True)
class Group:
    """One box: a unit with the units folded into it, or an overflow of siblings."""

    node: str  # internal node id
    unit: str | None  # the unit shown (None: an overflow box)
    members: tuple[str, ...]  # every unit it stands for, itself included
    parent: str | None  # node id of the box it reports to
    under: str | None = None  # a box split off a unit's box by layer: that unit's id

    @property
    def folded(self) -> int:
        """How many units are hidden in this box."""
        return len(self.members) - (1 if self.unit else 0)


@dataclass(frozen=True)
class Folding:
    groups: dict[str, Group]  # node id -> group, in display order
    node_of: dict[str, str]  # unit id -> node id (the units in scope only)
    depth: int | None  # the depth cut applied (None: none), relative to `root`
    note: str | None  # what was folded automatically, for the user
    root: str | None = None  # drawing only this unit's subtree (--root); None: the org
    units: tuple[str, ...] = ()  # the units in scope, top-down

    def order(self) -> dict[str, int]:
        return {node: i for i, node in enumerate(self.groups)}

    def in_scope(self, unit: str) -> bool:
        return unit in self.node_of


def fold(analysis: Analysis, depth: int | None = None,
         max_nodes: int = DEFAULT_MAX_NODES, root: str | None = None) -> Folding:
    """Fold the units of the org (or of `root`'s subtree) for display (see the module
    docstring). An explicit `depth` is applied as given, however many boxes it makes:
    whether they can be drawn in time is the caller's question (`boxes_at`)."""
    tree = _Tree(analysis, root)
    order = tree.order
    if depth is not None or len(order) <= max_nodes:
        node_of, groups = tree.cut(depth)
        return Folding(groups, node_of, depth, None, root, tuple(order))
    # too many boxes: the deepest cut that fits once wide spans are gathered up
    low, high = 0, max(tree.depths, default=0)
    best = None
    while low <= high:  # the number of boxes grows with the cut: binary search
        middle = (low + high) // 2
        attempt = _overflow(*tree.cut(middle), max_nodes)
        if len(attempt[0]) <= max_nodes or middle == 0:
            best, low = (middle, attempt), middle + 1
        else:
            high = middle - 1
    assert best is not None
    cut, (groups, node_of) = best
    return Folding(groups, node_of, cut, _note(len(order), len(groups), cut), root,
                   tuple(order))


def _note(units: int, boxes: int, cut: int) -> str:
    return (f"{units} units do not fit on one slide: showing {boxes} boxes, "
            f"units below depth {cut} folded into their ancestors (counts shown); choose "
            "with --depth N, draw one part with --root UNIT, or allow more boxes with "
            "--max-nodes N")


def split_by_layer(analysis: Analysis, folding: Folding) -> Folding:
    """One box per customer layer: a box whose units lie in several layers keeps those
    of its own layer (the unit shown's, or for a "+N more" box the nearest the customer)
    and hands the others to one box per layer ("296 units under X"), reporting to it.
    The customer-on-top view draws each box in its layer's band, so no band holds a box
    of units of another layer."""
    layer_of = analysis.layers
    groups: dict[str, Group] = {}
    node_of = dict(folding.node_of)
    for node, group in folding.groups.items():
        parts: dict[str, list[str]] = {}
        for unit in group.members:
            parts.setdefault(layer_of.get(unit, "disconnected"), []).append(unit)
        own = (layer_of.get(group.unit, "disconnected") if group.unit is not None
               else min(parts, key=_LAYER_RANK.__getitem__))
        groups[node] = Group(node, group.unit, tuple(parts.pop(own)), group.parent,
                             group.under)
        for layer in sorted(parts, key=_LAYER_RANK.__getitem__):
            part = f"{node}_{_LAYER_RANK[layer]}"
            groups[part] = Group(part, None, tuple(parts[layer]),
                                 node if group.unit is not None else group.parent,
                                 group.unit or group.under)
            node_of.update(dict.fromkeys(parts[layer], part))
    note = folding.note
    if note is not None and folding.depth is not None:
        note = _note(len(folding.units), len(groups), folding.depth)
    return Folding(groups, node_of, folding.depth, note, folding.root, folding.units)


def boxes_at(analysis: Analysis, root: str | None = None) -> list[int]:
    """How many boxes each depth cut draws (index = depth, relative to `root`)."""
    counts: dict[int, int] = {}
    for d in _Tree(analysis, root).depths:
        counts[d] = counts.get(d, 0) + 1
    out, total = [], 0
    for d in range(max(counts, default=-1) + 1):
        total += counts.get(d, 0)
        out.append(total)
    return out


def subtree(analysis: Analysis, root: str) -> list[str]:
    """`root` and every unit below it, top-down (breadth first)."""
    children = analysis.structure.children
    out = [root]
    for unit in out:  # grows while it is read: breadth first, no recursion
        out.extend(children.get(unit, ()))
    return out


class _Tree:
    """The reporting tree (or `root`'s subtree) in the form the cuts read, built once
    per fold."""

    def __init__(self, analysis: Analysis, root: str | None = None) -> None:
        st = analysis.structure
        # breadth first: by depth, each parent before its children
        self.order = st.order if root is None else subtree(analysis, root)
        base = 0 if root is None else st.depth[root]
        self.depths = [st.depth[u] - base for u in self.order]
        self.parent = {u.id: u.parent for u in analysis.org.units}
        if root is not None:
            self.parent[root] = None
        self.rank = {u.id: i for i, u in enumerate(analysis.org.units)}

    def cut(self, cut: int | None) -> tuple[dict[str, str], dict[str, Group]]:
        """Every unit deeper than `cut` folded into its ancestor at depth `cut`."""
        order, parent, rank = self.order, self.parent, self.rank
        shown = len(order) if cut is None else bisect_right(self.depths, cut)
        node_of: dict[str, str] = {}
        members: dict[str, list[str]] = {}
        for unit in order[:shown]:
            node = node_of[unit] = f"u{rank[unit]}"
            members[node] = [unit]
        for unit in order[shown:]:  # deeper than the cut: its parent is placed already
            up = parent[unit]
            assert up is not None
            node = node_of[unit] = node_of[up]
            members[node].append(unit)
        groups = {}
        for unit in sorted(order[:shown], key=rank.__getitem__):  # in file order
            node = node_of[unit]
            up = parent[unit]
            groups[node] = Group(node, unit, tuple(members[node]),
                                 node_of.get(up) if up else None)
        return node_of, groups


def _overflow(node_of: dict[str, str], groups: dict[str, Group], max_nodes: int
              ) -> tuple[dict[str, Group], dict[str, str]]:
    """Gather the smallest siblings into "+N more" boxes where a box has more visible
    children than fit on a slide (or the top level alone is too wide)."""
    limit = max(4, min(16, max_nodes // 4))
    position = {node: i for i, node in enumerate(groups)}
    children: dict[str | None, list[str]] = {}
    for node, group in groups.items():
        children.setdefault(group.parent, []).append(node)
    top_down: list[str] = list(children.get(None, ()))  # breadth first: parents first
    for node in top_down:  # (file order may list a child before its parent)
        top_down.extend(children.get(node, ()))
    size: dict[str, int] = {}
    for node in reversed(top_down):
        size[node] = len(groups[node].members) + sum(size[k] for k in children.get(node, ()))
    result = dict(groups)
    node_of = dict(node_of)
    parents = sorted(children, key=lambda n: -1 if n is None else position[n])
    for up in parents:
        kids = children[up]
        if len(kids) <= limit or (up is not None and up not in result):
            continue
        ranked = sorted(kids, key=lambda n: (-size[n], position[n]))
        folded: list[str] = []
        for node in ranked[limit - 1:]:
            for sub in _subtree(node, children):
                folded.extend(result.pop(sub).members)
        box = f"o{position[kids[0]]}"
        result[box] = Group(box, None, tuple(folded), up)
        for unit in folded:
            node_of[unit] = box
    return result, node_of


def _subtree(node: str, children: dict[str | None, list[str]]) -> list[str]:
    out, stack = [], [node]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(children.get(current, ()))
    return out


def group_layer(analysis: Analysis, group: Group) -> str:
    """A box's customer layer: the one nearest the customer among its units (a folded
    department is front-line when one of its teams is)."""
    layers = [analysis.layers[u] for u in group.members if u in analysis.layers]
    return min(layers, key=_LAYER_RANK.__getitem__) if layers else "disconnected"


def boxes_by_layer(analysis: Analysis, folding: Folding
                   ) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The boxes of each customer layer (in layer order, empty layers included) and each
    box's layer as its drawing class (the customer box included)."""
    by_layer: dict[str, list[str]] = {layer: [] for layer in LAYER_ORDER[1:]}
    classes = {CUSTOMER_ID: "customer"}
    for node, group in folding.groups.items():
        layer = group_layer(analysis, group)
        by_layer[layer].append(node)
        classes[node] = layer
    return by_layer, classes


def group_function(analysis: Analysis, group: Group) -> str | None:
    """The function of the unit shown, or the one function all hidden units share."""
    function = analysis.structure.function
    if group.unit is not None:
        return function.get(group.unit)
    found = {function.get(u) for u in group.members}
    return found.pop() if len(found) == 1 else None


def group_name(analysis: Analysis, group: Group) -> str:
    if group.unit is not None:
        return analysis.org.unit_by_id[group.unit].name
    if group.under is not None:
        return f"{len(group.members)} units under {analysis.org.unit_by_id[group.under].name}"
    return f"+{len(group.members)} more units"


def layer_counts(analysis: Analysis, units: Iterable[str]) -> dict[str, int]:
    """How many of `units` are in each customer layer (unfolded analysis), in layer
    order, layers with none left out."""
    found: dict[str, int] = {}
    layers = analysis.layers
    for unit in units:
        layer = layers.get(unit, "disconnected")
        found[layer] = found.get(layer, 0) + 1
    return {layer: found[layer] for layer in LAYER_ORDER if layer in found}
