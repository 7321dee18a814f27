"""The files `custorg mine -o DIR` adds for the evidence: `evidence.json` (the evidence
object and findings with the log's name, the org's path and custorg's version; what
`custorg report --evidence DIR` and `deck --evidence DIR` read) and `handoffs.graphml`
(G: nodes the units with name, function, events, betweenness; edges a != b with count
and median wait in seconds)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from .. import __version__
from ..formatters.graphml import graphml
from ..formatters.json import dumps, finding_dict
from .document import as_dict
from .model import Evidence
from .numbers import seconds

EVIDENCE_JSON = "evidence.json"
HANDOFFS_GRAPHML = "handoffs.graphml"
KINDS = {EVIDENCE_JSON: "json", HANDOFFS_GRAPHML: "graphml"}  # the gate's kind of each


def evidence_json(ev: Evidence) -> dict[str, Any]:
    return {"custorg": __version__, "log": ev.mined.log,
            "org": ev.declared.path if ev.declared is not None else None,
            "evidence": as_dict(ev), "findings": [finding_dict(f) for f in ev.findings]}


def handoffs_graph(ev: Evidence) -> nx.DiGraph:
    graph = nx.DiGraph()
    for unit in ev.graph:
        name = ev.declared.name(unit) if ev.declared is not None else None
        graph.add_node(unit, name=name, function=ev.function.get(unit),
                       events=ev.mined.unit_events.get(unit, 0),
                       betweenness=float(ev.betweenness.get(unit, 0.0)))
    for a, b in ev.graph.edges:
        wait = ev.aggregates.waits.get((a, b))
        graph.add_edge(a, b, count=ev.mined.pairs[a, b],
                       median_wait_seconds=None if wait is None else seconds(wait.median_us))
    return graph


def evidence_files(ev: Evidence) -> dict[str, str]:
    """File name -> text, for the `-o` folder; each passes the gate as `KINDS[name]`."""
    return {EVIDENCE_JSON: dumps(evidence_json(ev)),
            HANDOFFS_GRAPHML: graphml(handoffs_graph(ev))}
