"""Mermaid flowcharts for Markdown pages (GitHub, GitLab, wikis render them inline).

Supported views: hierarchy, customer-on-top, process and interfaces. The radial view is
not: Mermaid cannot place nodes on rings. Mermaid lays out on its own, so these are
simpler than the Graphviz pictures: the same boxes, colours and lines, without pinned
positions.

User text goes only into quoted labels, with every character that Mermaid or HTML
would read (`"`, `#`, `<`, `>`, `&`, backtick) written as a `#code;` entity; node ids
are internal.
"""

from __future__ import annotations

from itertools import pairwise

from ..analysis import LAYER_ORDER, Analysis
from ..graph import CUSTOMER_NODE, step_nodes
from . import common as C, text as T
from .fold import Folding, group_function, group_layer, group_name, layer_counts
from .interfaces import NO_FUNCTION, ei_fill, line_kind
from .process import customer_name, lanes_for
from .relations import relations

_ENTITIES = {"#": "#35;", '"': "#quot;", "&": "#amp;", "<": "#lt;", ">": "#gt;",
             "`": "#96;"}


def escape(text: str, limit: int = 60) -> str:
    """Cleaned, shortened user text, safe inside a quoted Mermaid label."""
    return "".join(_ENTITIES.get(ch, ch) for ch in T.shorten(T.clean(text), limit))


def title(*parts: str) -> list[str]:
    """YAML front matter with the diagram title: single-quoted (a `\\` or `: ` in a
    name cannot break it), angle brackets replaced (the title is not a label)."""
    text = " — ".join(T.shorten(T.clean(p), 80) for p in parts)
    text = text.replace("<", "‹").replace(">", "›").replace("'", "''")
    return ["---", f"title: '{text}'", "---"]


def _class_defs() -> list[str]:
    out = []
    for layer in LAYER_ORDER:
        fill, border, font = C.LAYER_COLORS[layer]
        out.append(f"  classDef {layer.replace('-', '')} fill:{fill},stroke:{border},"
                   f"color:{font}")
    return out


def _unit_label(analysis: Analysis, folding: Folding, node: str) -> str:
    group = folding.groups[node]
    detail = [escape(group_function(analysis, group) or "", 30)]
    if group.folded:  # what the box holds, counted on the unfolded org
        counts = layer_counts(analysis, group.members)
        detail.append(f"{len(group.members)} units: " + ", ".join(
            f"{n} {C.LAYER_TITLES[layer].lower()}" for layer, n in counts.items()))
    small = " · ".join(d for d in detail if d)
    name = escape(group_name(analysis, group))
    return f'["{name}<br/><small>{small}</small>"]' if small else f'["{name}"]'


def hierarchy(analysis: Analysis, folding: Folding) -> str:
    lines = title(analysis.org.name, "reporting structure") + ["flowchart TB"] + _class_defs()
    for node, group in folding.groups.items():
        layer = group_layer(analysis, group).replace("-", "")
        lines.append(f"  {node}{_unit_label(analysis, folding, node)}:::{layer}")
    for node, group in folding.groups.items():
        if group.parent is not None:
            lines.append(f"  {group.parent} --- {node}")
    return "\n".join(lines) + "\n"


def customer_on_top(analysis: Analysis, folding: Folding) -> str:
    rel = relations(analysis, folding)
    lines = title(analysis.org.name, "customer on top") + ["flowchart TB"] + _class_defs()
    lines.append(f'  {C.CUSTOMER_ID}(["Customer"]):::customer')
    layers: dict[str, list[str]] = {}
    for node, group in folding.groups.items():
        layers.setdefault(group_layer(analysis, group), []).append(node)
    present = [layer for layer in LAYER_ORDER[1:] if layer in layers]
    for layer in present:
        key = layer.replace("-", "")
        lines.append(f'  subgraph band_{key}["{C.LAYER_TITLES[layer]}"]')
        lines.extend(f"    {node}{_unit_label(analysis, folding, node)}:::{key}"
                     for node in layers[layer])
        lines.append("  end")
    chain = [C.CUSTOMER_ID] + [f"band_{layer.replace('-', '')}" for layer in present]
    links, styles = [f"  {a} ~~~ {b}" for a, b in pairwise(chain)], []
    biggest = rel.max_volume() or 1.0
    for node, volume in rel.contact.items():
        styles.append(f"stroke:{C.CONTACT},stroke-width:{_px(volume, biggest)}px")
        links.append(f"  {C.CUSTOMER_ID} --- {node}")
    for (a, b), link in rel.links.items():
        if not link.handoffs:
            continue
        color = C.CROSS if link.cross_function else C.HANDOFF
        styles.append(f"stroke:{color},stroke-width:{_px(link.volume, biggest)}px")
        links.append(f"  {a} --- {b}")
    return "\n".join(lines + links + _link_styles(styles, len(chain) - 1)) + "\n"


def process(analysis: Analysis, process_id: str, depth: int | None) -> tuple[str, list[str]]:
    org = analysis.org
    proc = org.process_by_id[process_id]
    nodes = step_nodes(org, proc)
    lanes_found = lanes_for(analysis, nodes, depth)
    lane_of, note = lanes_found.lane_of, lanes_found.note
    h = analysis.handoffs[proc.id]
    lines = title(org.name, proc.name, f"{T.count(h.handoffs, 'handoff')}, "
                  f"{h.cross_function} cross-function, {h.ping_pong} ping-pong")
    lines += ["flowchart LR", *_class_defs()]
    lanes = [CUSTOMER_NODE] + list(dict.fromkeys(lane_of[n] for n in nodes
                                                 if n != CUSTOMER_NODE))
    for index, lane in enumerate(lanes):
        name = escape(customer_name(org, proc) if lane == CUSTOMER_NODE
                      else org.unit_by_id[lane].name)
        layer = "customer" if lane == CUSTOMER_NODE else analysis.layers.get(lane, "support")
        lines.append(f'  subgraph lane{index}["{name}"]')
        lines.append("    direction LR")
        for i, node in enumerate(nodes):
            if (CUSTOMER_NODE if node == CUSTOMER_NODE else lane_of[node]) == lane:
                activity = proc.steps[i].activity
                text = f"{i + 1}. {escape(activity, 80)}" if activity else f"{i + 1}."
                lines.append(f'    s{i}["{text}"]:::{layer.replace("-", "")}')
        lines.append("  end")
    links, styles = _process_links(analysis, proc.id)
    return "\n".join(lines + links + _link_styles(styles, 0)) + "\n", [note] if note else []


def _process_links(analysis: Analysis, process_id: str) -> tuple[list[str], list[str]]:
    links, styles = [], []
    for t in analysis.handoffs[process_id].transitions:
        i = t.step
        if t.contact:
            color = C.CONTACT
        elif not t.handoff:
            color = C.INTERFACE
        elif t.cross_function:
            color = C.CROSS
        else:
            color = C.HANDOFF
        if t.ping_pong_return:
            links.append(f'  s{i} -- "ping-pong" --> s{i + 1}')
            styles.append(f"stroke:{C.PING_PONG},stroke-width:3px,stroke-dasharray:6 4")
        else:
            links.append(f"  s{i} --> s{i + 1}")
            styles.append(f"stroke:{color},stroke-width:{3 if color == C.CROSS else 2}px")
    return links, styles


def interfaces(analysis: Analysis, folding: Folding) -> str:
    rel = relations(analysis, folding)
    lines = title(analysis.org.name, "interfaces and silos") + ["flowchart LR"]
    blocks: dict[str, list[str]] = {}
    for node, group in folding.groups.items():
        blocks.setdefault(group_function(analysis, group) or NO_FUNCTION, []).append(node)
    for index, (function, members) in enumerate(blocks.items()):
        silo = analysis.silos.get(function)
        caption = escape(function, 30)
        if silo is not None:
            caption += " · E-I " + ("n/a" if silo.ei_index is None else f"{silo.ei_index:+.2f}")
            caption += " · SILO" if silo.silo else ""
        lines.append(f'  subgraph fn{index}["{caption}"]')
        lines.extend(f"    {node}{_unit_label(analysis, folding, node)}" for node in members)
        lines.append("  end")
        border = "#C62828,stroke-width:3px" if silo and silo.silo else "#B0BEC5"
        lines.append(f"  style fn{index} fill:{ei_fill(silo.ei_index if silo else None)},"
                     f"stroke:{border}")
    links, styles = [], []
    biggest = max((lk.volume for lk in rel.links.values()), default=0.0) or 1.0
    for (a, b), link in rel.links.items():
        line = line_kind(link)
        width = _px(link.volume, biggest) if link.handoffs else 1
        dash = ",stroke-dasharray:6 4" if line.style == "dashed" else ""
        links.append(f'  {a} -- "!" --- {b}' if line.kind == "missing" else f"  {a} --- {b}")
        styles.append(f"stroke:{line.color},stroke-width:{width}px{dash}")
    return "\n".join(lines + links + _link_styles(styles, 0)) + "\n"


def _px(volume: float, biggest: float) -> int:
    return max(1, round(1 + 7 * (volume / biggest) ** 0.5)) if biggest else 1


def _link_styles(styles: list[str], offset: int) -> list[str]:
    """`linkStyle N ...` for links numbered from `offset` (earlier links are the
    invisible ones that stack the bands)."""
    return [f"  linkStyle {offset + i} {style}" for i, style in enumerate(styles)]


def build(analysis: Analysis, view: str, process_id: str | None = None,
          depth: int | None = None, max_nodes: int = 60) -> tuple[str, list[str]]:
    """(Mermaid source, notes for the user) of a view in MERMAID_VIEWS (views.py)."""
    from . import build_mermaid

    return build_mermaid(analysis, view, process_id, depth, max_nodes)
