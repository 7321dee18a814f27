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

from collections.abc import Sequence
from itertools import pairwise

from ..analysis import LAYER_ORDER, Analysis
from ..escape import mermaid_label
from ..graph import CUSTOMER_NODE, step_nodes
from ..notions import Transition
from ..orgfile.model import Process
from . import common as C, labels as T, steps as S
from .fold import Folding, group_function, group_layer, group_name, layer_counts, split_by_layer
from .interfaces import NO_FUNCTION, ei_fill, line_kind
from .process import customer_name, lane_limit, lane_order, lanes_for
from .relations import relations
from .teamtags import mermaid_legend, mode_label, team_tag
from .views import DEFAULT_MAX_NODES


def escape(text: str, limit: int = 60) -> str:
    """Cleaned, shortened user text, safe inside a quoted Mermaid label (escape.py)."""
    return mermaid_label(T.shorten(T.clean(text), limit))


_TITLE_LOOKALIKES = str.maketrans({"<": "‹", ">": "›", "%": "％", "#": "＃", "{": "｛",
                                   "}": "｝"})


def title(*parts: str) -> list[str]:
    """YAML front matter with the diagram title: single-quoted (a `\\` or `: ` in a
    name cannot break it); the title is no label (no entity codes), so `<`, `>`, `%`,
    `#` and braces become look-alikes: no `%%{init}%%` directive, no `##[` command."""
    text = " — ".join(T.shorten(T.clean(p), 80) for p in parts)
    text = text.translate(_TITLE_LOOKALIKES).replace("'", "''")
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
    detail = [team_tag(analysis, group) or "", escape(group_function(analysis, group) or "", 30)]
    if group.folded:  # what the box holds, counted on the unfolded org
        counts = layer_counts(analysis, group.members)
        detail.append(f"{len(group.members)} units: " + ", ".join(
            f"{n} {C.LAYER_TITLES[layer].lower()}" for layer, n in counts.items()))
    small = " · ".join(d for d in detail if d)
    name = escape(group_name(analysis, group))
    return f'["{name}<br/><small>{small}</small>"]' if small else f'["{name}"]'


def hierarchy(analysis: Analysis, folding: Folding) -> str:
    lines = title(analysis.org.name, "reporting structure") + ["flowchart TB"] + _class_defs()
    lines += mermaid_legend(analysis)
    for node, group in folding.groups.items():
        layer = group_layer(analysis, group).replace("-", "")
        lines.append(f"  {node}{_unit_label(analysis, folding, node)}:::{layer}")
    for node, group in folding.groups.items():
        if group.parent is not None:
            lines.append(f"  {group.parent} --- {node}")
    return "\n".join(lines) + "\n"


def customer_on_top(analysis: Analysis, folding: Folding) -> str:
    folding = split_by_layer(analysis, folding)  # one box per band, as in the DOT view
    rel = relations(analysis, folding)
    lines = title(analysis.org.name, "customer on top") + ["flowchart TB"] + _class_defs()
    lines += mermaid_legend(analysis)
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


def process(analysis: Analysis, process_id: str, depth: int | None,
            max_nodes: int = DEFAULT_MAX_NODES) -> tuple[str, list[str]]:
    """Swim lanes as subgraphs; lanes fold as in the Graphviz view, and so do steps past
    `max_nodes` (steps.py): a box of one lane's steps sits in its lane, a window across
    lanes outside them (every lane is listed, even one whose steps are all in windows).
    Linear in the steps: each box is placed in one pass."""
    org = analysis.org
    proc = org.process_by_id[process_id]
    nodes = step_nodes(org, proc)
    folded = lanes_for(analysis, nodes, depth, lane_limit(max_nodes))
    lanes, in_lane = lane_order(nodes, folded)
    boxes = S.fold_steps(in_lane, max_nodes)
    shown = S.boxes_of(in_lane, boxes)
    h = analysis.handoffs[proc.id]
    parts = [org.name, proc.name, f"{T.count(h.handoffs, 'handoff')}, {h.cross_function} "
             f"cross-function, {h.ping_pong} ping-pong"]
    if boxes is not None:
        parts.append(f"{T.count(len(nodes), 'step')} folded into "
                     f"{T.count(len(boxes), 'box', 'boxes')}")
    lines = title(*parts) + ["flowchart LR", *_class_defs()]
    in_lanes: list[list[S.StepBox]] = [[] for _ in lanes]  # every lane, even one of windows
    windows: list[S.StepBox] = []
    for box in shown:
        (in_lanes[box.low] if box.lanes == 1 else windows).append(box)
    transitions = h.transitions
    for index, members in enumerate(in_lanes):
        lane = lanes[index]
        name = escape(customer_name(org, proc) if lane == CUSTOMER_NODE
                      else folded.titles.get(lane) or org.unit_by_id[lane].name)
        layer = "customer" if lane == CUSTOMER_NODE else analysis.layers.get(lane, "support")
        lines.append(f'  subgraph lane{index}["{name}"]')
        lines.append("    direction LR")
        lines.extend(f'    {box.node}["{_step_label(proc, box, transitions)}"]:::'
                     f'{layer.replace("-", "")}' for box in members)
        lines.append("  end")
    if windows:
        lines.append(f"  classDef window fill:#F4F6F7,stroke:{C.MUTED},stroke-width:3px")
        lines.extend(f'  {box.node}["{_step_label(proc, box, transitions)}"]:::window'
                     for box in windows)
    links, styles = _process_links(S.drawn(shown, transitions))
    note = [n for n in (folded.note, boxes and S.note(len(nodes), boxes)) if n]
    lines += mermaid_legend(analysis, modes=True)
    return "\n".join(lines + links + _link_styles(styles, 0)) + "\n", note


def _step_label(proc: Process, box: S.StepBox, transitions: Sequence[Transition]) -> str:
    """A step: its number and activity; a folded box: its steps, how many, and the
    handoffs inside it."""
    if box.count == 1:
        activity = proc.steps[box.first].activity
        return f"{box.first + 1}. {escape(activity, 80)}" if activity else f"{box.first + 1}."
    inside = S.inside(box, transitions)
    return (f"{escape(box.heading())}<br/><small>{escape(box.summary())} · "
            f"{escape(inside.short())}</small>")


def _process_links(drawn: Sequence[tuple[str, Transition]]) -> tuple[list[str], list[str]]:
    links, styles = [], []
    for source, t in drawn:
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
            links.append(f'  {source} -- "ping-pong" --> s{i + 1}')
            styles.append(f"stroke:{C.PING_PONG},stroke-width:3px,stroke-dasharray:6 4")
        else:
            links.append(f"  {source} --> s{i + 1}")
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
        text = " ".join(t for t in ("!" if line.kind == "missing" else "",
                                    mode_label(link.interfaces) or "") if t)
        links.append(f'  {a} -- "{text}" --- {b}' if text else f"  {a} --- {b}")
        styles.append(f"stroke:{line.color},stroke-width:{width}px{dash}")
    lines += mermaid_legend(analysis, modes=True)
    return "\n".join(lines + links + _link_styles(styles, 0)) + "\n"


def _px(volume: float, biggest: float) -> int:
    return max(1, round(1 + 7 * (volume / biggest) ** 0.5)) if biggest else 1


def _link_styles(styles: list[str], offset: int) -> list[str]:
    """`linkStyle N ...` for links numbered from `offset` (earlier links are the
    invisible ones that stack the bands)."""
    return [f"  linkStyle {offset + i} {style}" for i, style in enumerate(styles)]


def build(analysis: Analysis, view: str, process_id: str | None = None,
          depth: int | None = None, max_nodes: int = DEFAULT_MAX_NODES
          ) -> tuple[str, list[str]]:
    """(Mermaid source, notes for the user) of a view in MERMAID_VIEWS (views.py)."""
    from . import build_mermaid

    return build_mermaid(analysis, view, process_id, depth, max_nodes)
