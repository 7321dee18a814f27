"""Reading back the DOT source custorg's diagrams write (diagrams/customer_on_top.py,
hierarchy.py...): their nodes with the positions custorg pinned (`pos="x,y!"`, inches,
y upwards), sizes, colours and roles, the edges with their style, and each cluster's
corner points. The deck draws these as native shapes, so a slide shows the layout the
diagrams compute; nothing is laid out twice.

Only custorg's own DOT is read (one statement per line, as the `graphviz` package writes
it); anything else on a line is ignored."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_ID = r'(?:"(?:[^"\\]|\\.)*"|[A-Za-z0-9_.-]+)'
_NODE = re.compile(rf"^\s*({_ID}) \[(.*)\]\s*$")
_EDGE = re.compile(rf"^\s*({_ID}) -[->] ({_ID})(?: \[(.*)\])?\s*$")
_SUB = re.compile(rf"^\s*subgraph ({_ID}) \{{\s*$")
_KEY = re.compile(r"\s*([A-Za-z_]+)=")
_BARE = re.compile(r'[^\s\]"]+')
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Node:
    id: str
    attrs: dict[str, str]
    cluster: str | None

    @property
    def pos(self) -> tuple[float, float] | None:
        raw = self.attrs.get("pos", "").rstrip("!")
        try:
            x, y = raw.split(",")
            return float(x), float(y)
        except ValueError:
            return None

    def size(self, default: float = 0.0) -> tuple[float, float]:
        def get(key: str) -> float:
            try:
                return float(self.attrs.get(key, default))
            except ValueError:
                return default
        return get("width"), get("height")

    @property
    def role(self) -> str:
        return self.attrs.get("class", "")

    def lines(self) -> tuple[str, list[str]]:
        """(the box's name, its detail lines) as the label shows them."""
        label = self.attrs.get("label", "")
        bold = re.search(r"<B>(.*?)</B>", label, re.DOTALL)
        name_part = bold.group(1) if bold else label
        pieces = [html.unescape(_TAG.sub("", p)) for p in re.split(r"<BR/>", name_part)]
        name = ""
        for piece in pieces:
            name += piece if not name or name.endswith("-") else " " + piece
        full = self.tooltip.split(" · ")[0]  # the name unwrapped (where a line broke
        if full.replace(" ", "") == name.replace(" ", ""):  # after "/" or "-")
            name = full
        rest = label[bold.end():] if bold else ""
        details = [html.unescape(_TAG.sub("", p)).strip() for p in rest.split("<BR/>")]
        return name.strip(), [d for d in details if d]

    @property
    def tooltip(self) -> str:
        return self.attrs.get("tooltip", "")


@dataclass(frozen=True)
class Edge:
    a: str
    b: str
    attrs: dict[str, str]

    @property
    def role(self) -> str:
        return self.attrs.get("class", "")


@dataclass
class Graph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    clusters: list[str] = field(default_factory=list)
    directed: bool = False  # a digraph: its edges have arrows unless dir=none says not


def arrows(graph: Graph, edge: Edge) -> tuple[bool, bool]:
    """(at the start, at the end) of the edge: DOT's `dir` (forward in a digraph, none in
    a graph; back, both), with `arrowhead=none`/`arrowtail=none` taking that end's off."""
    way = edge.attrs.get("dir", "forward" if graph.directed else "none")
    start = way in ("back", "both") and edge.attrs.get("arrowtail") != "none"
    end = way in ("forward", "both") and edge.attrs.get("arrowhead") != "none"
    return start, end


def _unquote(token: str) -> str:
    if token.startswith('"') and token.endswith('"'):
        return re.sub(r"\\(.)", r"\1", token[1:-1])
    return token


def attributes(text: str) -> dict[str, str]:
    """`key=value key="va lue" label=<<B>x</B>>` as a dict."""
    out: dict[str, str] = {}
    i = 0
    while True:
        key = _KEY.match(text, i)
        if key is None:
            return out
        i = key.end()
        if text.startswith('"', i):
            end = i + 1
            while end < len(text) and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            out[key.group(1)] = _unquote(text[i:end + 1])
            i = end + 1
        elif text.startswith("<", i):
            depth, end = 0, i
            while end < len(text):
                depth += {"<": 1, ">": -1}.get(text[end], 0)
                end += 1
                if depth == 0:
                    break
            out[key.group(1)] = text[i + 1:end - 1]
            i = end
        else:
            bare = _BARE.match(text, i)
            out[key.group(1)] = bare.group(0) if bare else ""
            i = bare.end() if bare else i + 1


def parse(source: str) -> Graph:
    graph = Graph()
    cluster: str | None = None
    defaults: dict[str, str] = {}  # `edge [...]` statements: for the edges after them
    for line in source.splitlines():
        stripped = line.strip()
        if stripped.startswith("edge [") and stripped.endswith("]"):
            defaults = {**defaults, **attributes(stripped[6:-1])}
            continue
        if stripped.startswith(("digraph", "strict digraph")):
            graph.directed = True
            continue
        if stripped.startswith(("//", "graph [", "node [", "graph ")):
            continue
        sub = _SUB.match(line)
        if sub:
            cluster = _unquote(sub.group(1))
            graph.clusters.append(cluster)
            continue
        if stripped == "}":
            cluster = None
            continue
        edge = _EDGE.match(line)
        if edge:
            graph.edges.append(Edge(_unquote(edge.group(1)), _unquote(edge.group(2)),
                                    {**defaults, **attributes(edge.group(3) or "")}))
            continue
        node = _NODE.match(line)
        if node:
            nid = _unquote(node.group(1))
            graph.nodes[nid] = Node(nid, attributes(node.group(2)), cluster)
    return graph
