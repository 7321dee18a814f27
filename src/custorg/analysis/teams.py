"""Team Topologies and RACI notions of docs/teams.md, defined once: the team types and
interaction modes with their diagram tags, a team's processes and cognitive load (T005 and
the `teams` metric), active collaborations (T002, T003)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..orgfile.model import Interface, Org
from ..orgfile.teamsformat import parse_date

# team type -> the tag on its box; interaction mode -> the label on its edge
TEAM_TYPES = {"stream-aligned": "SA", "platform": "PL", "enabling": "EN",
              "complicated-subsystem": "CS"}
MODES = {"collaboration": "collab.", "x-as-a-service": "XaaS", "facilitating": "facil."}


def until_date(itf: Interface) -> dt.date | None:
    return parse_date(itf.until) if itf.until else None


def active_collaboration(itf: Interface, today: dt.date) -> bool:
    """A `collaboration` interface without `until`, or whose `until` is today or later."""
    if itf.mode != "collaboration":
        return False
    end = until_date(itf)
    return end is None or end >= today


@dataclass(frozen=True)
class Teams:
    declared: bool  # some unit has a team type or some interface a mode
    processes_of: dict[str, frozenset[str]]  # typed unit -> processes in it or its sub-units
    interfaces_of: dict[str, int]  # typed unit -> interfaces it is `from` or `to` of
    collaborations: dict[str, list[Interface]]  # unit -> its active collaborations
    counts: dict[str, int]  # team type -> units
    modes: dict[str, int]  # mode -> interfaces

    @property
    def load(self) -> dict[str, int]:
        """Cognitive load (T005): distinct processes with a step in the unit or its
        sub-units, plus the interfaces the unit is `from` or `to`."""
        return {u: len(p) + self.interfaces_of[u] for u, p in self.processes_of.items()}

    def metric(self) -> dict[str, Any]:
        return {"team_types": dict(self.counts), "modes": dict(self.modes),
                "load": self.load}


def _processes_of(org: Org, typed: list[str]) -> dict[str, frozenset[str]]:
    """Each typed unit's processes: a step unit's process counts for it and its ancestors
    (a walk up the reporting line per distinct step unit, bounded by the org's size)."""
    found: dict[str, set[str]] = {u: set() for u in typed}
    if not found:  # no unit declares a team type (most orgs): nothing to walk for
        return {}
    by_id = org.unit_by_id
    for pr in org.processes:
        for unit in {s.unit for s in pr.steps if s.unit in by_id}:
            node: str | None = unit
            for _ in range(len(by_id)):
                if node is None or node not in by_id:
                    break
                if node in found:
                    found[node].add(pr.id)
                node = by_id[node].parent
    return {u: frozenset(p) for u, p in found.items()}


def teams(org: Org, today: dt.date) -> Teams:
    typed = [u for u in org.units if u.team_type]
    modes = {m: 0 for m in MODES}
    collaborations: dict[str, list[Interface]] = {}
    interfaces_of = {u.id: 0 for u in typed}
    for itf in org.interfaces:
        if itf.mode in modes:
            modes[itf.mode] += 1
        for end in dict.fromkeys((itf.source, itf.target)):
            if end in interfaces_of:
                interfaces_of[end] += 1
            if active_collaboration(itf, today):
                collaborations.setdefault(end, []).append(itf)
    counts = {t: sum(1 for u in typed if u.team_type == t) for t in TEAM_TYPES}
    declared = bool(typed) or any(modes.values())
    return Teams(declared, _processes_of(org, [u.id for u in typed]), interfaces_of,
                 collaborations, counts, modes)
