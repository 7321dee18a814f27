"""From the engine's tables to the evidence of docs/evidence.md: one code path for every
engine (`compute`), and the JSON `evidence` object with its findings (`evidence_document`)."""

from __future__ import annotations

from typing import Any

from ..audit.config import Config
from ..formatters.json import finding_dict
from ..mining.tally import Mined
from .aggregates import Aggregates, anonymize
from .figures import handover_time, variant_time, working_together, workload
from .findings import evidence_findings
from .graphs import ROLES, betweenness, brokerage, structure, unit_graph
from .model import Declared, Evidence, Options

NO_ORG = "needs --org: functions come from the org"


def functions_missing(graph_units: list[str], declared: Declared | None) -> str | None:
    """Why the figures that need functions (4, 6, E003, E005) are left out, or None."""
    if declared is None:
        return NO_ORG
    found = {f for u in graph_units if (f := declared.function.get(u)) is not None}
    if len(found) < 2:
        return (f"needs at least two functions among the units with events "
                f"(found {len(found)})")
    return None


def compute(mined: Mined, aggregates: Aggregates, declared: Declared | None = None,
            config: Config | None = None, options: Options | None = None) -> Evidence:
    """Every figure and finding of docs/evidence.md. `mined` and `aggregates` come from
    one engine run on the same events (mapped to org units first with `--org`)."""
    config = config or Config()
    options = options or Options(mined.log)
    if options.anonymize:  # first: nothing below ever reads a name
        aggregates = anonymize(aggregates)
    units = declared.org.unit_by_id if declared is not None else None
    graph = unit_graph(mined.unit_events, mined.pairs, units)
    notes = []
    loads = workload(aggregates) if aggregates.resources else None
    if loads is None:
        notes.append("workload (the log names no resource: --resource)")
    reason = functions_missing(list(graph), declared)
    function = declared.function if declared is not None else {}
    if reason is not None:
        notes.append(f"brokerage, structure, E003 and E005 ({reason})")
    ev = Evidence(
        mined, aggregates, declared, options, graph, loads,
        brokerage(graph, function) if reason is None else None, betweenness(graph),
        structure(graph, mined.pairs, function) if reason is None else None, notes)
    ev.findings = evidence_findings(ev, config)
    return ev


def as_dict(ev: Evidence) -> dict[str, Any]:
    """The `evidence` object of docs/evidence.md ("Output"), plus `variant_time` (figure
    1 per variant, for the `--top` variants) and `notes` (what was left out, and why)."""
    agg = ev.aggregates
    return {
        "handover_time": handover_time(agg),
        "variant_time": variant_time(ev.mined, agg, ev.options.top),
        "working_together": working_together(agg, ev.options.top),
        "workload": None if ev.workload is None else [u.as_dict() for u in ev.workload],
        "brokerage": None if ev.brokerage is None else [
            {"unit": u, **{r: roles[r] for r in ROLES}} for u, roles in ev.brokerage.items()],
        "betweenness": ev.betweenness,
        "structure": None if ev.structure is None else ev.structure.as_dict(ev.function),
        "missing_resource": agg.missing_resource,
        "notes": list(ev.notes),
    }


def evidence_document(mined: Mined, aggregates: Aggregates, declared: Declared | None,
                      config: Config, options: Options) -> tuple[Evidence, dict[str, Any]]:
    """What `custorg mine` adds to its JSON: `{"evidence": ..., "findings": [...]}`, and
    the Evidence behind it (for the text section, the files and the CI formats)."""
    ev = compute(mined, aggregates, declared, config, options)
    return ev, {"evidence": as_dict(ev), "findings": [finding_dict(f) for f in ev.findings]}
