"""The "Teams" table of the text report (docs/teams.md): team types with their diagram
tags, interaction modes, and each typed unit's cognitive load (as T005 counts it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.table import Table
from rich.text import Text

from ..analysis.teams import MODES, TEAM_TYPES
from ..escape import text as safe
from ..findings import named

LOAD_ROWS = 12  # units shown by load, the heaviest first


def shown(metrics: Mapping[str, Any]) -> bool:
    """The section is shown once any unit declares a team type."""
    teams = metrics.get("teams")
    return bool(teams and any(teams["team_types"].values()))


def teams_tables(teams: Mapping[str, Any], names: Mapping[str, str]) -> list[Any]:
    table = Table(title="Teams (Team Topologies)", title_justify="left", show_edge=False)
    for col in ("team type", "tag", "units"):
        table.add_column(col, justify="right" if col == "units" else "left")
    for kind, tag in TEAM_TYPES.items():
        table.add_row(kind, tag, str(teams["team_types"][kind]))
    modes = ", ".join(f"{mode} ({MODES[mode]}) {n}" for mode, n in teams["modes"].items())
    out: list[Any] = [table, Text(f"Interaction modes: {modes}")]
    load = sorted(teams["load"].items(), key=lambda kv: -kv[1])
    more = f", … ({len(load) - LOAD_ROWS} more)" if len(load) > LOAD_ROWS else ""
    out.append(Text("Cognitive load (processes + interfaces, T005), heaviest first: "
                    + ", ".join(f"{safe(named(u, names.get(u)))} {n}"
                                for u, n in load[:LOAD_ROWS]) + more))
    return out
