"""The thresholds of docs/metrics.md and docs/evidence.md, each a config option under the
same name."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Thresholds:
    max_span: int = 10
    max_layers: int = 6
    owner_max_depth: int = 1
    max_handoffs: int = 4
    max_contact_units: int = 1
    silo_ei_threshold: float = -0.5
    # Team Topologies and RACI (docs/teams.md, rules T003, T005, A003)
    max_collaborations: int = 1
    max_team_load: int = 9
    max_accountable_processes: int = 5
    # evidence from an event log (docs/evidence.md, rules E001-E005)
    min_events: int = 50
    key_person_share: float = 0.8
    owner_min_units: int = 3
    owner_share: float = 0.5
    broker_share: float = 0.25
    broker_min: int = 10
    min_handoffs: int = 50
    slow_handoff_hours: float = 24.0
    structure_gap: float = 0.1
    # mined traffic against a declared x-as-a-service interface (docs/teams.md, T006;
    # min-events too)
    xaas_return_share: float = 0.3
    xaas_pingpong_share: float = 0.05

    @classmethod
    def option_names(cls) -> dict[str, type]:
        """Config key (`max-span`) -> type."""
        return {f.name.replace("_", "-"): (float if f.type == "float" else int)
                for f in fields(cls)}


_NAMED = re.compile(r"`([a-z-]+)`(?: \(default ([^)]*)\))?")


def _shown(value: float) -> str:
    return f"{value:+.2f}" if isinstance(value, float) else str(value)


def in_force(text: str, thresholds: Thresholds) -> str:
    """A rule's text with each threshold it names given its value in force (the
    config's): "more than `max-span` (default 10)" becomes "more than `max-span` 12
    (default 10)", or "more than `max-span` 10" when the config keeps the default."""
    options = Thresholds.option_names()
    default = Thresholds()

    def value(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in options:
            return match.group(0)
        attr = key.replace("-", "_")
        now, was = getattr(thresholds, attr), getattr(default, attr)
        return f"`{key}` {_shown(now)}" + (f" (default {_shown(was)})" if now != was else "")

    return _NAMED.sub(value, text)
