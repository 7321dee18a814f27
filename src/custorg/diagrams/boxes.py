"""Unit boxes as the views draw them: the text of a box (name lines and small detail
lines), its HTML-like label, a height that fits the tallest box, and pinned positions.

Shared by the hierarchy, customer-on-top, radial and interfaces views."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..analysis import Analysis
from . import common as C, text as T
from .fold import Group, fold_detail, group_function, group_name

BOX_W = 1.9  # inches; names wrap at NAME_COLUMNS so they fit
NAME_COLUMNS = 19


@dataclass(frozen=True)
class BoxText:
    """What a unit box says: the full name (for the tooltip), the name as wrapped lines
    (bold) and the detail lines under it (small)."""

    name: str
    lines: list[str]
    details: list[str]

    @property
    def rows(self) -> int:
        return len(self.lines) + len(self.details)

    def label(self) -> str:
        return box_label(self.lines, self.details)


def box_text(analysis: Analysis, group: Group, extra: str | None = None,
             columns: int = NAME_COLUMNS, people: bool = True, max_lines: int = 2
             ) -> BoxText:
    """The text of a unit box: name, function, headcount, FTE, what is folded in."""
    name = group_name(analysis, group)
    facts = []
    function = group_function(analysis, group)
    if function:
        facts.append(T.shorten(T.clean(function), 24))
    units = [analysis.org.unit_by_id[u] for u in group.members]
    headcount = sum(u.headcount or 0 for u in units)
    if headcount and people:
        facts.append(f"{T.number(headcount)} people")
    fte = sum(u.fte or 0 for u in units)  # imported orgs: FTE of the box and its folds
    if fte and people:
        facts.append(f"{T.number(round(fte, 1))} FTE")
    room = round(columns * 1.4)  # the small regular font fits ~1.4 times more
    joined = " · ".join(facts)
    details = [joined] if facts and len(joined) <= room else facts
    details += [more for more in (fold_detail(group), extra) if more]
    lines = C.name_lines(name, columns, max_lines if details else max_lines + 1)
    return BoxText(name, lines, [T.shorten(d, room) for d in details])


def box_label(lines: list[str], details: list[str]) -> str:
    body = "<BR/>".join(T.html(line) for line in lines)
    small = "".join(f'<BR/><FONT POINT-SIZE="8" COLOR="{C.MUTED}">{T.html(d)}</FONT>'
                    for d in details)
    return f'<<FONT POINT-SIZE="10"><B>{body}</B></FONT>{small}>'


def box_height(line_count: int) -> float:
    return 0.16 + 0.175 * line_count


def common_height(boxes: Iterable[BoxText]) -> float:
    """One height for every box of a view: the tallest box's."""
    return box_height(max((b.rows for b in boxes), default=1))


def pinned(x: float, y: float) -> str:
    """A Graphviz position in inches, pinned (`!`); y grows downwards in our layouts."""
    return f"{x:.3f},{-y:.3f}!"
