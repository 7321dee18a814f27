"""What Graphviz can draw within the time limit, and what to suggest when a diagram is
bigger: an explicit `--depth` is never overridden, so a choice that cannot be drawn in
time is refused with its size and the choices that can.

Measured with the bundled Graphviz (pinned positions, straight lines past 150 boxes):
drawing costs about as much per box as five lines, and a loaded two-core machine draws
some 2,000 lines a second. The budget takes half of that, so a refused diagram would
really not have finished, and an accepted one leaves room for a slower machine.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..analysis import Analysis
from . import labels as T
from .fold import boxes_at, subtree
from .views import DEFAULT_MAX_NODES, MAX_LANES

LINES_PER_SECOND = 1000
BOX_COST = 5  # a box costs as much as this many lines
SMALL = 1000  # a diagram this cheap is always tried (well under a second)


@dataclass(frozen=True)
class Size:
    boxes: int
    lines: int | None = None  # None: not built yet

    def cost(self) -> int:
        return self.boxes * BOX_COST + (self.lines or 0)


def fits(size: Size, timeout: float) -> bool:
    """Whether a diagram of this size can be laid out within `timeout` seconds."""
    return size.cost() <= max(SMALL, LINES_PER_SECOND * timeout)


def planned_boxes(analysis: Analysis, depth: int | None, max_nodes: int,
                  root: str | None) -> int:
    """The boxes a whole-org view will draw, known before it is built."""
    counts = boxes_at(analysis, root)
    total = counts[-1] if counts else 0
    if depth is None:
        return min(total, max_nodes)
    return counts[min(depth, len(counts) - 1)] if counts else 0


def suggestion(analysis: Analysis, root: str | None, max_nodes: int, timeout: float) -> str:
    """The choices that can be drawn: the deepest --depth that fits a slide (and the
    time), and the biggest parts to draw one by one with --root."""
    counts = boxes_at(analysis, root)
    limit = min(max_nodes, LINES_PER_SECOND * timeout // (BOX_COST * 4))
    fitting = [d for d, n in enumerate(counts) if n <= max(limit, 1)]
    out = []
    if fitting:
        d = fitting[-1]
        out.append(f"--depth {d} ({T.count(counts[d], 'box', 'boxes')})")
    st = analysis.structure
    tops = [root] if root is not None else [u for u in st.order if st.depth[u] == 0]
    parts = [c for top in tops for c in st.children.get(top, ())] or tops
    sized = sorted(((len(subtree(analysis, u)), u) for u in parts), key=lambda p: -p[0])
    if sized and sized[0][0] > 1:
        names = ", ".join(f"{u} ({T.count(n, 'unit')})" for n, u in sized[:3])
        out.append(f"one part at a time with --root UNIT (the biggest: {names})")
    return "Draw " + " or ".join(out) if out else "Draw fewer units"


def process_suggestion(timeout: float) -> str:
    """What can be drawn of a process too big for the time limit: its steps fold into at
    most --max-nodes boxes (a line between each two), beside at most MAX_LANES lanes and
    the customer's, so any --max-nodes up to the largest that fits the time works.
    (--depth only folds lanes and --root does not apply: neither is suggested.)"""
    budget = max(SMALL, LINES_PER_SECOND * timeout)
    largest = max(2, int((budget - (MAX_LANES + 1) * BOX_COST + 1) // (BOX_COST + 1)))
    return (f"Draw it with --max-nodes {min(DEFAULT_MAX_NODES, largest)} (a slide; "
            f"consecutive steps fold into boxes) or any N up to {largest:,}")
