"""Unit boxes as the views draw them: the text of a box (name lines and small detail
lines), its HTML-like label, a height that fits the tallest box, and pinned positions.

Shared by the hierarchy, customer-on-top, radial and interfaces views."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..analysis import Analysis
from . import common as C, labels as T, textwidth as W
from .fold import Group, group_function, group_name, layer_counts
from .teamtags import team_tag

BOX_W = 1.9  # inches
PAD = 12.0  # points of a box's width kept free around its text
NAME_SIZES = (10.0, 9.0, 8.0, 7.0)  # a long word shrinks the name before it is ever cut
DETAIL_SIZE = 8.0


@dataclass(frozen=True)
class BoxText:
    """What a unit box says: the full name (for the tooltip), the name as wrapped lines
    (bold, at `size` points) and the detail lines under it (small)."""

    name: str
    lines: list[str]
    details: list[str]
    size: float = NAME_SIZES[0]

    @property
    def rows(self) -> int:
        return len(self.lines) + len(self.details)

    def label(self) -> str:
        return box_label(self.lines, self.details, self.size)


def box_text(analysis: Analysis, group: Group, extra: str | None = None,
             box_w: float = BOX_W, people: bool = True, max_lines: int = 2) -> BoxText:
    """The text of a unit box: name, function, headcount, FTE, and for a folded box what
    it holds, measured to fit a box `box_w` inches wide."""
    width = box_w * 72 - PAD
    name = group_name(analysis, group)
    facts = [tag] if (tag := team_tag(analysis, group)) else []
    function = group_function(analysis, group)
    if function:
        facts.append(T.clean(function))
    units = [analysis.org.unit_by_id[u] for u in group.members]
    headcount = sum(u.headcount or 0 for u in units)
    if headcount and people:
        facts.append(f"{T.number(headcount)} people")
    fte = sum(u.fte or 0 for u in units)  # imported orgs: FTE of the box and its folds
    if fte and people:
        facts.append(f"{T.number(round(fte, 1))} FTE")
    details = pack(facts, width, DETAIL_SIZE)
    details += contents(analysis, group, width)
    details += [extra] if extra else []
    lines, size = W.fit(T.shorten(T.clean(name), 200), width, NAME_SIZES, True,
                        max_lines if details else max_lines + 1)
    return BoxText(name, lines, [W.shorten(d, width, DETAIL_SIZE) for d in details], size)


def contents(analysis: Analysis, group: Group, width: float) -> list[str]:
    """What a folded box holds, counted on the unfolded org: "1 204 units: 300 front
    line · 700 support · ...", packed into lines `width` points wide. Nothing for a box
    that is one unit."""
    if not group.folded:
        return []
    counts = layer_counts(analysis, group.members)
    parts = [f"{T.number(n)} {C.LAYER_TITLES[layer].lower()}" for layer, n in counts.items()]
    head = f"{T.number(len(group.members))} units:"
    return pack([head, *parts], width, DETAIL_SIZE)


def pack(parts: list[str], width: float, size: float, sep: str = " · ") -> list[str]:
    """Parts joined with `sep` into as few lines as fit `width` points (a part ending in
    ":" is followed by a space)."""
    lines: list[str] = []
    for part in parts:
        if lines:
            joined = lines[-1] + (" " if lines[-1].endswith(":") else sep) + part
            if W.measure(joined, size) <= width:
                lines[-1] = joined
                continue
        lines.append(part)
    return lines


def box_label(lines: list[str], details: list[str], size: float = NAME_SIZES[0]) -> str:
    body = "<BR/>".join(T.html(line) for line in lines)
    small = "".join(f'<BR/><FONT POINT-SIZE="{DETAIL_SIZE:g}" COLOR="{C.MUTED}">'
                    f'{T.html(d)}</FONT>' for d in details)
    return f'<<FONT POINT-SIZE="{size:g}"><B>{body}</B></FONT>{small}>'


def box_height(line_count: int) -> float:
    return 0.16 + 0.175 * line_count


def common_height(boxes: Iterable[BoxText]) -> float:
    """One height for every box of a view: the tallest box's."""
    return box_height(max((b.rows for b in boxes), default=1))


def pinned(x: float, y: float) -> str:
    """A Graphviz position in inches, pinned (`!`); y grows downwards in our layouts."""
    return f"{x:.3f},{-y:.3f}!"
