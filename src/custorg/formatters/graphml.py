"""GraphML (graph exchange XML: Gephi, Cytoscape, yEd, `networkx.read_graphml`).

`graphml(graph)` writes any NetworkX graph: attributes without a value (None) are left
out, and every string (ids included) is shown as one line of text (escape.text: a control
character as `\\x1b`, never a raw byte that would make the XML invalid); ElementTree
escapes XML's own characters. The gate then writes it as the `graphml` kind.

`org_graph(org, analysis)` is the declared org for `custorg metrics ORG --format graphml`:
one directed multigraph, nodes the units (name, function, kind, depth), edges of kind
`reports_to` (unit -> its parent) and `work` (each handoff between two units in a
process, weight = the process's volume, with the process id)."""

from __future__ import annotations

from typing import Any

import networkx as nx

from .. import escape
from ..analysis import Analysis
from ..graph import transitions
from ..notions import is_handoff
from ..orgfile.model import Org

HEADER = '<?xml version="1.0" encoding="utf-8"?>\n'


def _value(value: Any) -> Any:
    return escape.text(value) if isinstance(value, str) else value


def _attributes(data: dict[str, Any]) -> dict[str, Any]:
    return {escape.text(k): _value(v) for k, v in data.items() if v is not None}


def graphml(graph: nx.Graph) -> str:
    """The graph as GraphML text (see the module docstring)."""
    clean = graph.__class__()
    clean.add_nodes_from((_value(n), _attributes(d)) for n, d in graph.nodes(data=True))
    clean.add_edges_from((_value(a), _value(b), _attributes(d))
                         for a, b, d in graph.edges(data=True))
    return HEADER + "\n".join(nx.generate_graphml(clean)) + "\n"


def org_graph(org: Org, analysis: Analysis) -> nx.MultiDiGraph:
    """The declared org as one directed multigraph (see the module docstring)."""
    st = analysis.structure
    graph = nx.MultiDiGraph()
    for unit in org.units:
        graph.add_node(unit.id, name=unit.name if unit.name != unit.id else None,
                       function=st.function.get(unit.id), kind=unit.kind,
                       depth=st.depth.get(unit.id))
    for unit in org.units:
        if unit.parent is not None and unit.parent in org.unit_by_id:
            graph.add_edge(unit.id, unit.parent, kind="reports_to")
    for process in org.processes:
        for a, b in transitions(org, process):
            if is_handoff(a, b):
                graph.add_edge(a, b, kind="work", weight=float(process.volume),
                               process=process.id)
    return graph
