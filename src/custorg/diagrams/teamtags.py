"""Team Topologies on the diagrams (docs/teams.md): a unit's team type as a short tag on
its box (SA, PL, EN, CS) and an interface's mode as an edge label (collab., XaaS,
facil.), never as a colour or line style (those already mean layers, handoffs and
interface quality); the legend rows that explain them. Graphviz and Mermaid alike."""

from __future__ import annotations

from collections.abc import Iterable

from ..analysis import Analysis
from ..analysis.teams import MODES, TEAM_TYPES
from ..orgfile.model import Interface
from . import common as C
from .fold import Group

TYPES_TEXT = "team type: " + ", ".join(f"{tag} {kind}" for kind, tag in TEAM_TYPES.items())
MODES_TEXT = "interaction mode: " + ", ".join(f"{label} {mode}"
                                              for mode, label in MODES.items())


def team_tag(analysis: Analysis, group: Group) -> str | None:
    """The tag of a box that shows one unit with a team type ("[SA]"), else None."""
    if group.unit is None:
        return None
    kind = analysis.org.unit_by_id[group.unit].team_type
    return f"[{TEAM_TYPES[kind]}]" if kind in TEAM_TYPES else None


def mode_label(interfaces: Iterable[Interface]) -> str | None:
    """The modes of a link's interfaces ("XaaS", "collab./XaaS"), None when none has one."""
    found = {i.mode for i in interfaces if i.mode in MODES}
    return "/".join(label for mode, label in MODES.items() if mode in found) or None


def has_types(analysis: Analysis) -> bool:
    return any(u.team_type for u in analysis.org.units)


def has_modes(analysis: Analysis) -> bool:
    return any(i.mode for i in analysis.org.interfaces)


def legend(analysis: Analysis, modes: bool = False) -> list[tuple[str, str]]:
    """Legend rows (Graphviz) for what the view shows: tags, and with `modes` labels."""
    sample = f'<FONT POINT-SIZE="8" COLOR="{C.MUTED}">{{}}</FONT>'
    rows = [(sample.format("[SA]"), TYPES_TEXT)] if has_types(analysis) else []
    if modes and has_modes(analysis):
        rows.append((sample.format("XaaS"), MODES_TEXT))
    return rows


def mermaid_legend(analysis: Analysis, modes: bool = False) -> list[str]:
    """The same legend as a Mermaid note node."""
    parts = [TYPES_TEXT] if has_types(analysis) else []
    if modes and has_modes(analysis):
        parts.append(MODES_TEXT)
    return [f'  teams_legend["{" · ".join(parts)}"]'] if parts else []
