"""The thresholds of docs/metrics.md and docs/evidence.md, each a config option under the
same name."""

from __future__ import annotations

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

    @classmethod
    def option_names(cls) -> dict[str, type]:
        """Config key (`max-span`) -> type."""
        return {f.name.replace("_", "-"): (float if f.type == "float" else int)
                for f in fields(cls)}
