"""The HTML report's "Teams" section (docs/teams.md): shown once any unit declares a team
type; the numbers are the `teams` metric's, as the text report shows them."""

from __future__ import annotations

from typing import Any

from ..analysis.teams import MODES, TEAM_TYPES
from ..audit.engine import Report
from ..findings import named
from ..formatters.teams_table import LOAD_ROWS, shown


def teams_context(report: Report) -> dict[str, Any] | None:
    m = report.metrics
    if m is None or not shown(m) or report.org is None:
        return None
    teams = m["teams"]
    names = {u.id: u.name for u in report.org.units}
    load = sorted(teams["load"].items(), key=lambda kv: -kv[1])
    limit = report.analysis.thresholds.max_team_load if report.analysis else None
    return {
        "types": [(kind, tag, teams["team_types"][kind]) for kind, tag in TEAM_TYPES.items()],
        "modes": [(mode, MODES[mode], n) for mode, n in teams["modes"].items()],
        "load": [(named(u, names.get(u)), n, limit is not None and n > limit)
                 for u, n in load[:LOAD_ROWS]],
        "more": max(0, len(load) - LOAD_ROWS), "limit": limit,
    }
