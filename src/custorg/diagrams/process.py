"""`process`: one process as swim lanes, the customer lane on top.

Steps run left to right, one column each, in the lane of their unit (units in the order
they first appear). Handoffs cross lanes: cross-function ones in red, ping-pong (work
sent back to the unit it came from) in purple and labelled, customer contacts in
orange. The title carries the process's numbers (analysis.md, "Handoffs").
Positions are computed here and pinned; neato routes the arrows around the steps.
"""

from __future__ import annotations

from dataclasses import dataclass

import graphviz

from ..analysis import Analysis
from ..graph import CUSTOMER_NODE, step_nodes
from ..model import Org, Person, Process, Unit
from . import common as C, text as T, textwidth as W
from .boxes import box_height, pinned

STEP_W = 1.55
HEADER_W = 1.9
ADVANCE = 0.95  # each step starts at least this far right of the previous one...
SAME_LANE_GAP = 0.35  # ...and clear of the previous step in its own lane
LANE_PAD = 0.22
MAX_LANES = 14  # more lanes than this do not fit a slide: fold automatically


@dataclass(frozen=True)
class Lanes:
    """Which lane each unit of a process is drawn in."""

    lane_of: dict[str, str]  # unit -> the unit whose lane it is in (itself or an ancestor)
    cut: int | None  # the depth the lanes were cut at (None: every unit its own lane)
    note: str | None  # what was folded automatically, for the user


def lanes_for(analysis: Analysis, nodes: list[str], depth: int | None) -> Lanes:
    """unit -> the unit whose lane it is drawn in (itself, or its ancestor at `depth`);
    folds automatically when there are more than MAX_LANES lanes."""
    parent = {u.id: u.parent for u in analysis.org.units}
    st = analysis.structure
    units = list(dict.fromkeys(n for n in nodes if n != CUSTOMER_NODE))

    def ancestor(unit: str, cut: int | None) -> str:
        while cut is not None and st.depth.get(unit, 0) > cut and parent.get(unit):
            unit = parent[unit]  # type: ignore[assignment]
        return unit

    cut, note = depth, None
    while len({ancestor(u, cut) for u in units}) > MAX_LANES:
        deepest = max(st.depth.get(ancestor(u, cut), 0) for u in units)
        if deepest == 0:
            break
        cut = deepest - 1
        note = (f"{len(units)} units take part: lanes show units down to depth {cut}, deeper "
                "units drawn in their ancestor's lane (use --depth N to choose)")
    return Lanes({u: ancestor(u, cut) for u in units}, cut, note)


def build(analysis: Analysis, process: Process, depth: int | None = None,
          max_nodes: int = 0) -> C.Diagram:
    """The swim-lane diagram of `process` (`max_nodes` is unused: lanes fold at
    MAX_LANES, steps are never hidden)."""
    org = analysis.org
    nodes = step_nodes(org, process)
    lanes_found = lanes_for(analysis, nodes, depth)
    lane_of, note = lanes_found.lane_of, lanes_found.note
    lanes = [CUSTOMER_NODE] + list(dict.fromkeys(lane_of[n] for n in nodes
                                                 if n != CUSTOMER_NODE))
    lane_index = {lane: i for i, lane in enumerate(lanes)}
    steps = [_step_text(process, i) for i in range(len(nodes))]
    height = box_height(max((len(s) for s in steps), default=1))
    lane_h = height + 2 * LANE_PAD
    g = C.new_graph(layout="neato", overlap="true", outputorder="edgesfirst",
                    splines=C.splines(len(nodes) + len(lanes), len(nodes)))
    texts = [org.name, process.name]
    classes: dict[str, str] = {}
    xs = step_positions([lane_index[CUSTOMER_NODE if n == CUSTOMER_NODE else lane_of[n]]
                         for n in nodes])
    width = (xs[-1] if xs else HEADER_W) + STEP_W / 2 + 0.3
    for lane in lanes:
        texts.append(_lane(g, analysis, lane, lane_index[lane], lane_h, width, classes,
                           customer_name(org, process)))
    for i, node in enumerate(nodes):
        lane = CUSTOMER_NODE if node == CUSTOMER_NODE else lane_of[node]
        layer = "customer" if node == CUSTOMER_NODE else analysis.layers.get(node, "support")
        fill, border, _ = C.LAYER_COLORS[layer]
        body = "<BR/>".join(T.html(line) for line in steps[i][1:])
        label = f'<<FONT POINT-SIZE="10"><B>{T.html(steps[i][0])}</B></FONT>' + \
            (f'<BR/><FONT POINT-SIZE="9">{body}</FONT>>' if body else ">")
        g.node(f"s{i}", label=label, pos=pinned(xs[i], lane_index[lane] * lane_h + lane_h / 2),
               width=f"{STEP_W}", height=f"{height:.3f}", fixedsize="true",
               style="rounded,filled", fillcolor="white" if layer != "customer" else fill,
               color=border, fontcolor="#1F2A30", penwidth="1.4",
               tooltip=T.tooltip(f"step {i + 1}", _unit_name(org, node, process),
                                 process.steps[i].activity or ""),
               **{"class": f"step lane{lane_index[lane]}"})
        classes[f"s{i}"] = f"lane{lane_index[lane]}"
    edges = _arrows(g, analysis, process)
    h = analysis.handoffs[process.id]
    facts = [f"{T.count(h.handoffs, 'handoff')} ({h.cross_function} cross-function)",
             f"{h.ping_pong} ping-pong", T.count(h.customer_contacts, "customer contact"),
             f"{T.count(h.contact_units, 'unit')} facing the customer",
             f"volume {T.number(h.volume)}", _owner(org, process)]
    g.attr(label=C.title(org.name, T.shorten(T.clean(process.name), 70), facts, _legend()))
    return C.finish("process", g, "neato", len(nodes) + len(lanes), edges,
                    [note] if note else [], texts, classes)


def step_positions(lanes: list[int]) -> list[float]:
    """x of each step: always to the right of the previous step (time runs left to
    right), but only as far as its own lane needs: a relay between lanes advances by
    ADVANCE, a run inside one lane by a full box."""
    xs: list[float] = []
    last: dict[int, float] = {}
    x = HEADER_W + 0.3 + STEP_W / 2 - ADVANCE
    for lane in lanes:
        x = max(x + ADVANCE, last.get(lane, -1e9) + STEP_W + SAME_LANE_GAP)
        last[lane] = x
        xs.append(x)
    return xs


def _step_text(process: Process, i: int) -> list[str]:
    """["3. ", activity lines...]: the number line first (bold), then the activity."""
    activity = process.steps[i].activity
    lines = W.wrap(T.shorten(T.clean(activity), 80), STEP_W * 72 - 14, 9.0, False, 4) \
        if activity else []
    return [f"{i + 1}."] + lines


def _unit_name(org: Org, node: str, process: Process | None = None) -> str:
    if node == CUSTOMER_NODE:
        return customer_name(org, process) if process else "Customer"
    return org.unit_by_id[node].name


def customer_name(org: Org, process: Process) -> str:
    """Whom the process serves, for its customer lane: the customer stakeholder it
    names, else the one its customer steps name (when one), else the org's first
    customer stakeholder (the default of format.md), else "Customer"."""
    named = org.stakeholder_by_id.get(process.stakeholder or "")
    if named is not None and named.kind == "customer":
        return named.name
    in_steps = {s.unit for s in process.steps if s.unit in org.stakeholder_by_id
                and org.is_customer_step(s.unit)}
    if len(in_steps) == 1:
        return org.stakeholder_by_id[in_steps.pop()].name
    customers = org.customer_stakeholders()
    return customers[0].name if customers and not in_steps else "Customer"


def _owner(org: Org, process: Process) -> str:
    if process.owner is None:
        return "no owner"
    who: Person | Unit | None = (org.person_by_id.get(process.owner)
                                 or org.unit_by_id.get(process.owner))
    return "owner: " + T.shorten(T.clean(who.name if who else process.owner), 40)


def _lane(g: graphviz.Graph | graphviz.Digraph, analysis: Analysis, lane: str, index: int,
          lane_h: float, width: float, classes: dict[str, str], customer: str) -> str:
    """A lane: a shaded cluster spanning the width, its unit named in a header box."""
    org = analysis.org
    if lane == CUSTOMER_NODE:
        name, layer, detail = customer, "customer", None
    else:
        unit = org.unit_by_id[lane]
        name, layer = unit.name, analysis.layers.get(lane, "support")
        function = analysis.structure.function.get(lane)
        detail = " · ".join(T.clean(x) for x in (function, C.LAYER_TITLES[layer].lower()) if x)
        room = (HEADER_W - 0.1) * 72 - 14  # what fits under the name in the small font
        if W.measure(detail, 9) > room:
            detail = W.shorten(T.clean(function or ""), room, 9) or \
                C.LAYER_TITLES[layer].lower()
    top, mid = index * lane_h, index * lane_h + lane_h / 2
    with g.subgraph(name=f"cluster_lane{index}") as sub:
        sub.attr(label="", style="filled", fillcolor=C.BAND_COLORS[layer],
                 color="#D5DADD", penwidth="0.6")
        for i, (x, y) in enumerate(((0.0, top + 0.03), (width, top + lane_h - 0.03))):
            sub.node(f"lane{index}_corner{i}", label="", shape="point", width="0",
                     height="0", style="invis", pos=pinned(x, y), **{"class": "joint"})
        fill, border, fontcolor = C.LAYER_COLORS[layer]
        lines, size = W.fit(T.shorten(T.clean(name), 120), (HEADER_W - 0.1) * 72 - 14,
                            (11.0, 10.0, 9.0), True, 3 if lane_h > 1.0 else 2)
        sub.node(f"lane{index}", label=C.label(lines, detail or None, size=int(size)),
                 pos=pinned(HEADER_W / 2 + 0.1, mid), width=f"{HEADER_W - 0.1}",
                 height=f"{lane_h - 0.2:.3f}", fixedsize="true", shape="box",
                 style="filled", fillcolor=fill, color=border,
                 fontcolor=fontcolor if layer == "customer" else "#1F2A30",
                 tooltip=T.tooltip(name), **{"class": f"lane {layer}"})
    classes[f"lane{index}"] = f"lane{index}"
    return name


def _arrows(g: graphviz.Graph | graphviz.Digraph, analysis: Analysis, process: Process) -> int:
    transitions = analysis.handoffs[process.id].transitions
    for t in transitions:
        i = t.step
        attrs: dict[str, str] = {"penwidth": "1.6", "color": C.HANDOFF}
        kind = "handoff"
        if t.contact:
            attrs["color"], kind = C.CONTACT, "contact"
        elif not t.handoff:
            attrs["color"], kind = C.INTERFACE, "same-unit"
        elif t.cross_function:
            attrs.update(color=C.CROSS, penwidth="2.4")
            kind = "handoff cross"
        if t.ping_pong_return:
            attrs.update(color=C.PING_PONG, penwidth="2.6", style="dashed",
                         label=f'<<FONT COLOR="{C.PING_PONG}"><B>ping-pong</B></FONT>>')
            kind += " ping-pong"
        g.edge(f"s{i}", f"s{i + 1}", tooltip=f"step {i + 1} → {i + 2}: {kind}",
               **attrs, **{"class": kind})
    return len(transitions)


def _legend() -> list[tuple[str, str]]:
    return [(C.line_sample(C.CONTACT, 3), "customer contact"),
            (C.line_sample(C.HANDOFF, 3), "handoff within a function"),
            (C.line_sample(C.CROSS, 3), "cross-function handoff"),
            (C.line_sample(C.PING_PONG, 3, dashed=True), "ping-pong: sent back"),
            (C.line_sample(C.INTERFACE, 2), "next step, same unit")]
