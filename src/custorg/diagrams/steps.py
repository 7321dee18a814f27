"""Folding the steps of a process view: past `--max-nodes` steps, runs of consecutive
steps in one lane become one box ("37 steps"); when even the runs are too many (a
process that changes lanes at nearly every step), consecutive runs are gathered into
windows across lanes ("steps 120–180"). Boxes always hold consecutive steps, so the
handoffs between boxes are the transitions at their borders, drawn as they are; the
transitions inside a box are counted in it. Shared by the Graphviz and Mermaid process
views. Linear in the steps (at most three passes over the runs).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..notions import Transition
from . import labels as T, textwidth as W


@dataclass(frozen=True)
class StepBox:
    """One box of a process view: the steps `first`..`last` (0-based, inclusive), in the
    lanes `low`..`high` (lane indices; one lane: low == high)."""

    first: int
    last: int
    low: int
    high: int
    lanes: int  # how many different lanes its steps are in

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def node(self) -> str:
        """Its node id: the id of its first step (`s{i}`), as when nothing is folded."""
        return f"s{self.first}"

    def heading(self) -> str:
        """'steps 120–180' (its steps, numbered from 1 as the step boxes are)."""
        return f"steps {self.first + 1}–{self.last + 1}"

    def summary(self) -> str:
        """'37 steps', or '61 steps · 4 lanes' for a window across lanes."""
        lanes = f" · {T.count(self.lanes, 'lane')}" if self.lanes > 1 else ""
        return T.count(self.count, "step") + lanes


def fold_steps(lanes: Sequence[int], max_boxes: int) -> list[StepBox] | None:
    """The boxes of steps in `lanes` (each step's lane index), at most `max_boxes`
    (at least 1) of them; None when every step fits in a box of its own (nothing
    folded)."""
    if len(lanes) <= max_boxes:
        return None
    runs = _runs(lanes)
    if len(runs) <= max_boxes:
        return [_box(lanes, [run]) for run in runs]
    width = max(2, -(-len(lanes) // max_boxes))
    while True:  # greedy windows of at most `width` steps; a longer run stays alone
        groups = _windows(runs, width)
        if len(groups) <= max_boxes:
            return [_box(lanes, group) for group in groups]
        # fits once width + 1 >= 2n / (max_boxes - 1): a bounded number of passes
        width = max(width + 1, width * 5 // 4)


def boxes_of(lanes: Sequence[int], boxes: list[StepBox] | None) -> list[StepBox]:
    """The boxes to draw: the folded ones, else one per step."""
    return boxes or [StepBox(i, i, lane, lane, 1) for i, lane in enumerate(lanes)]


def drawn(boxes: Sequence[StepBox], transitions: Sequence[Transition]
          ) -> list[tuple[str, Transition]]:
    """The transitions drawn, each with the node it leaves from: those between boxes
    (boxes hold consecutive steps, so the one at each border); it arrives at `s{i + 1}`,
    the box whose first step is i + 1."""
    return [(box.node, transitions[box.last]) for box in boxes[:-1]]


def _runs(lanes: Sequence[int]) -> list[tuple[int, int]]:
    """(first, last) of each run of consecutive steps in one lane."""
    out, start = [], 0
    for i in range(1, len(lanes) + 1):
        if i == len(lanes) or lanes[i] != lanes[start]:
            out.append((start, i - 1))
            start = i
    return out


def _windows(runs: list[tuple[int, int]], width: int) -> list[list[tuple[int, int]]]:
    """Consecutive runs gathered while their steps fit in `width`; two neighbouring
    windows hold more than `width` steps together, so there are fewer than
    2n / (width + 1) + 1 of them."""
    groups: list[list[tuple[int, int]]] = []
    size = width + 1  # no window open yet
    for first, last in runs:
        steps = last - first + 1
        if size + steps > width:
            groups.append([])
            size = 0
        groups[-1].append((first, last))
        size += steps
    return groups


def _box(lanes: Sequence[int], group: list[tuple[int, int]]) -> StepBox:
    seen = {lanes[first] for first, _ in group}
    return StepBox(group[0][0], group[-1][1], min(seen), max(seen), len(seen))


class Inside(NamedTuple):
    """What happens inside a folded box, counted transition by transition."""

    handoffs: int
    cross_function: int
    ping_pong: int
    contacts: int

    def short(self) -> str:
        """'12 handoffs inside', for the box."""
        return T.count(self.handoffs, "handoff") + " inside"

    def full(self) -> str:
        """'12 handoffs inside (3 cross-function, 1 ping-pong), 2 customer contacts'."""
        contacts = f", {T.count(self.contacts, 'customer contact')}" if self.contacts else ""
        return (f"{self.short()} ({self.cross_function} cross-function, {self.ping_pong} "
                f"ping-pong){contacts}")


def inside(box: StepBox, transitions: Sequence[Transition]) -> Inside:
    """The transitions between the steps of `box` (not those at its borders), counted."""
    handoffs = cross = back = contacts = 0
    for t in transitions[box.first:box.last]:
        handoffs += t.handoff
        cross += t.cross_function
        back += t.ping_pong_return
        contacts += t.contact
    return Inside(handoffs, cross, back, contacts)


def heading(box: StepBox, room: float, sizes: tuple[float, ...] = (10.0, 9.0, 8.0, 7.0)
            ) -> tuple[str, float]:
    """(the box's bold first line, its point size): 'steps 120–180' at the largest size
    that fits `room` points, else just '19950–20000'."""
    text = box.heading()
    for size in sizes:
        if W.measure(text, size, True) <= room:
            return text, size
    return text.removeprefix("steps "), sizes[-1]


def note(steps: int, boxes: Sequence[StepBox]) -> str:
    """What was folded, for the user (standard error) and the diagram."""
    how = "each run of consecutive steps in one lane drawn as one box (\"37 steps\")"
    if any(box.lanes > 1 for box in boxes):
        how = ("consecutive steps gathered into boxes, spanning lanes where the process "
               "changes lane too often (\"steps 120–180\")")
    return (f"{T.count(steps, 'step')} do not fit on one slide: showing "
            f"{T.count(len(boxes), 'box', 'boxes')}, {how}; allow more boxes with "
            "--max-nodes N")
