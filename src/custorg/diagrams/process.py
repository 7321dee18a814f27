"""`process`: one process as swim lanes, the customer lane on top (when it has one).

Steps run left to right, one column each, in the lane of their unit (units in the order
they first appear). Handoffs cross lanes: cross-function ones in red, ping-pong (work
sent back to the unit it came from) in purple and labelled, customer contacts in
orange. The title carries the process's numbers (docs/metrics.md, "Handoffs per process").
Positions are computed here and pinned; neato routes the arrows around the steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import graphviz

from ..analysis import Analysis
from ..graph import CUSTOMER_NODE, step_nodes
from ..notions import Transition
from ..orgfile.model import Org, Person, Process, Unit
from . import common as C, labels as T, steps as S, textwidth as W
from .boxes import box_height, pinned
from .views import MAX_LANES

STEP_W = 1.55
HEADER_W = 1.9
ADVANCE = 0.95  # each step starts at least this far right of the previous one...
SAME_LANE_GAP = 0.35  # ...and clear of the previous step in its own lane
LANE_PAD = 0.22
FOLDED_LINES = 3  # a folded box: its steps, how many, the handoffs inside
WINDOW_FILL = "#F4F6F7"


@dataclass(frozen=True)
class Lanes:
    """Which lane each unit of a process is drawn in. A lane is named by a unit id (the
    unit itself, its ancestor at the fold depth, or the first unit of a folded function
    or of the "other units" lane); `titles` names the lanes that are not one unit."""

    lane_of: dict[str, str]  # unit -> the unit whose lane it is in
    cut: int | None  # the depth the lanes were cut at (None: every unit its own lane)
    note: str | None  # what was folded automatically, for the user
    titles: dict[str, str]  # lane -> its title, for lanes that stand for several units


def _ancestors_at(analysis: Analysis, units: list[str], cut: int | None) -> dict[str, str]:
    """unit -> its ancestor at depth `cut` (itself when not deeper), each unit of the org
    walked at most once (memoised: linear, whatever the depth)."""
    if cut is None:
        return {u: u for u in units}
    depth, parent = analysis.structure.depth, analysis.org.unit_by_id
    memo: dict[str, str] = {}
    for unit in units:
        path, here = [], unit
        while here not in memo and depth.get(here, 0) > cut and parent[here].parent:
            path.append(here)
            here = parent[here].parent  # type: ignore[assignment]
        top = memo.get(here, here)
        memo[here] = top
        for item in path:
            memo[item] = top
    return {u: memo[u] for u in units}


def lanes_for(analysis: Analysis, nodes: list[str], depth: int | None,
              limit: int = MAX_LANES) -> Lanes:
    """The lanes of a process: one per unit, or folded when there are more than `limit`:
    first by depth (the deepest cut that fits, found by bisection: the lanes of a cut
    only merge as the cut rises), then, when even the top units are too many, by
    function, and past `limit` functions the rest share one "other units" lane. Linear
    in the units of the org per cut tried."""
    units = list(dict.fromkeys(n for n in nodes if n != CUSTOMER_NODE))
    st = analysis.structure
    deepest = max((st.depth.get(u, 0) for u in units), default=0)
    high = deepest if depth is None else min(depth, deepest)

    def count(cut: int) -> int:
        return len(set(_ancestors_at(analysis, units, cut).values()))

    if count(high) <= limit:
        return Lanes(_ancestors_at(analysis, units, high if depth is not None else None),
                     depth, None, {})
    low, top = 0, high  # count(top) > limit; find the deepest cut that fits
    if count(0) <= limit:
        while top - low > 1:
            middle = (low + top) // 2
            low, top = (middle, top) if count(middle) <= limit else (low, middle)
        note = (f"{len(units)} units take part: lanes show units down to depth {low}, deeper "
                "units drawn in their ancestor's lane (use --depth N to choose)")
        return Lanes(_ancestors_at(analysis, units, low), low, note, {})
    return _by_function(analysis, units, _ancestors_at(analysis, units, 0), limit)


def lane_limit(max_nodes: int) -> int:
    """How many lanes a process view draws before they fold: MAX_LANES, or fewer when
    `max_nodes` (0: no limit) is smaller, but at least 2."""
    return max(2, min(MAX_LANES, max_nodes or MAX_LANES))


def lane_order(nodes: list[str], folded: Lanes) -> tuple[list[str], list[int]]:
    """(the lanes, the customer's first and then in the order the process reaches them;
    each step's lane index). A process with no customer step has no customer lane."""
    lane_of = folded.lane_of
    lanes = [CUSTOMER_NODE] if CUSTOMER_NODE in nodes else []
    lanes += dict.fromkeys(lane_of[n] for n in nodes if n != CUSTOMER_NODE)
    index = {lane: i for i, lane in enumerate(lanes)}
    return lanes, [index[CUSTOMER_NODE if n == CUSTOMER_NODE else lane_of[n]] for n in nodes]


def _by_function(analysis: Analysis, units: list[str], top_of: dict[str, str],
                 limit: int) -> Lanes:
    """Lanes by function of the top units; past `limit` - 1 functions, one lane for the
    rest."""
    function = analysis.structure.function
    groups: dict[str | None, list[str]] = {}
    for unit in units:
        groups.setdefault(function.get(top_of[unit]), []).append(unit)
    keys = list(groups)
    kept, rest = (keys, []) if len(keys) <= limit else (keys[:limit - 1], keys[limit - 1:])
    lane_of, titles = {}, {}
    for key in kept:
        members = groups[key]
        lane = members[0]
        titles[lane] = f"{key or 'no function'} ({len(members)} units)"
        lane_of.update(dict.fromkeys(members, lane))
    others = [u for key in rest for u in groups[key]]
    if others:
        titles[others[0]] = f"{len(others)} other units ({len(rest)} functions)"
        lane_of.update(dict.fromkeys(others, others[0]))
    note = (f"{len(units)} units take part, more than {limit} lanes even at the top: "
            f"lanes show functions{', the rest in one lane' if others else ''}")
    return Lanes(lane_of, 0, note, titles)


def build(analysis: Analysis, process: Process, depth: int | None = None,
          max_nodes: int = 0) -> C.Diagram:
    """The swim-lane diagram of `process`: lanes fold past MAX_LANES or `max_nodes`,
    whichever is smaller; past `max_nodes` steps (0: no limit), consecutive steps fold
    into boxes (steps.py), so any process draws within `max_nodes` step boxes."""
    org = analysis.org
    nodes = step_nodes(org, process)
    folded = lanes_for(analysis, nodes, depth, lane_limit(max_nodes))
    lane_of = folded.lane_of
    lanes, in_lane = lane_order(nodes, folded)
    lane_index = {lane: i for i, lane in enumerate(lanes)}
    boxes = S.fold_steps(in_lane, max_nodes) if max_nodes else None
    shown = S.boxes_of(in_lane, boxes)
    steps = {b.first: _step_text(process, b.first) for b in shown if b.count == 1}
    height = box_height(max((len(s) for s in steps.values()), default=1) if boxes is None
                        else max([FOLDED_LINES, *map(len, steps.values())]))
    lane_h = height + 2 * LANE_PAD
    g = C.new_graph(layout="neato", overlap="true", outputorder="edgesfirst",
                    splines=C.splines(len(shown) + len(lanes), len(shown)))
    texts = [org.name, process.name]
    classes: dict[str, str] = {}
    xs = box_positions([(b.low, b.high) for b in shown])
    width = (xs[-1] if xs else HEADER_W) + STEP_W / 2 + 0.3
    for lane in lanes:
        texts.append(_lane(g, analysis, lane, lane_index[lane], lane_h, width, classes,
                           folded.titles.get(lane), customer_name(org, process)))
    transitions = analysis.handoffs[process.id].transitions
    for box, x in zip(shown, xs, strict=True):
        if box.count > 1:
            _folded(g, analysis, box, lanes, (x, lane_h, height), transitions, classes)
            continue
        i, node = box.first, nodes[box.first]
        lane = CUSTOMER_NODE if node == CUSTOMER_NODE else lane_of[node]
        layer = "customer" if node == CUSTOMER_NODE else analysis.layers.get(node, "support")
        fill, border, _ = C.LAYER_COLORS[layer]
        body = "<BR/>".join(T.html(line) for line in steps[i][1:])
        label = f'<<FONT POINT-SIZE="10"><B>{T.html(steps[i][0])}</B></FONT>' + \
            (f'<BR/><FONT POINT-SIZE="9">{body}</FONT>>' if body else ">")
        g.node(f"s{i}", label=label, pos=pinned(x, lane_index[lane] * lane_h + lane_h / 2),
               width=f"{STEP_W}", height=f"{height:.3f}", fixedsize="true",
               style="rounded,filled", fillcolor="white" if layer != "customer" else fill,
               color=border, fontcolor="#1F2A30", penwidth="1.4",
               tooltip=T.tooltip(f"step {i + 1}", _unit_name(org, node, process),
                                 process.steps[i].activity or ""),
               **{"class": f"step lane{lane_index[lane]}"})
        classes[f"s{i}"] = f"lane{lane_index[lane]}"
    edges = _arrows(g, S.drawn(shown, transitions))
    g.attr(label=C.title(org.name, T.shorten(T.clean(process.name), 70),
                         _facts(analysis, process, len(nodes), boxes), _legend(boxes)))
    notes = [n for n in (folded.note, boxes and S.note(len(nodes), boxes)) if n]
    return C.finish("process", g, "neato", len(shown) + len(lanes), edges, notes, texts,
                    classes)


def _facts(analysis: Analysis, process: Process, steps: int,
           boxes: list[S.StepBox] | None) -> list[str]:
    """The title's numbers: the process's handoffs (docs/metrics.md), and what was folded."""
    h = analysis.handoffs[process.id]
    facts = [f"{T.count(h.handoffs, 'handoff')} ({h.cross_function} cross-function)",
             f"{h.ping_pong} ping-pong", T.count(h.customer_contacts, "customer contact"),
             f"{T.count(h.contact_units, 'unit')} facing the customer",
             f"volume {T.number(h.volume)}", _owner(analysis.org, process)]
    if boxes is not None:
        facts.append(f"{T.count(steps, 'step')} folded into "
                     f"{T.count(len(boxes), 'box', 'boxes')}")
    return facts


def _folded(g: graphviz.Graph | graphviz.Digraph, analysis: Analysis, box: S.StepBox,
            lanes: list[str], place: tuple[float, float, float],
            transitions: Sequence[Transition], classes: dict[str, str]) -> None:
    """A box of several consecutive steps: in its lane ("37 steps"), or spanning the
    lanes of a window ("steps 120–180", "61 steps · 4 lanes"); what happens inside it
    is counted on the box and in its tooltip."""
    x, lane_h, height = place
    if box.lanes == 1:
        lane = lanes[box.low]
        layer = "customer" if lane == CUSTOMER_NODE else analysis.layers.get(lane, "support")
        fill, border, _ = C.LAYER_COLORS[layer]
        fill = fill if layer == "customer" else "white"
    else:
        fill, border = WINDOW_FILL, C.MUTED
    heading, size = S.heading(box, STEP_W * 72 - 14)
    inside = S.inside(box, transitions)
    label = (f'<<FONT POINT-SIZE="{size:g}"><B>{T.html(heading)}</B></FONT><BR/>'
             f'<FONT POINT-SIZE="9">{T.html(box.summary())}<BR/>{T.html(inside.short())}'
             '</FONT>>')
    span = box.high - box.low
    g.node(box.node, label=label, pos=pinned(x, (box.low + box.high + 1) * lane_h / 2),
           width=f"{STEP_W}", height=f"{height + span * lane_h:.3f}", fixedsize="true",
           style="rounded,filled,bold", fillcolor=fill, color=border, fontcolor="#1F2A30",
           penwidth="2.4", tooltip=T.tooltip(box.heading(), box.summary(), inside.full()),
           **{"class": f"step folded lane{box.low}"})
    classes[box.node] = f"lane{box.low}"


def step_positions(lanes: list[int]) -> list[float]:
    """x of each step: always to the right of the previous step (time runs left to
    right), but only as far as its own lane needs: a relay between lanes advances by
    ADVANCE, a run inside one lane by a full box."""
    return box_positions([(lane, lane) for lane in lanes])


def box_positions(spans: list[tuple[int, int]]) -> list[float]:
    """x of each box spanning the lanes `low`..`high` (a step: one lane), as
    `step_positions`: clear of the previous box in every lane it spans."""
    xs: list[float] = []
    last: dict[int, float] = {}
    x = HEADER_W + 0.3 + STEP_W / 2 - ADVANCE
    for low, high in spans:
        x = max(x + ADVANCE, max(last.get(lane, -1e9) for lane in range(low, high + 1))
                + STEP_W + SAME_LANE_GAP)
        for lane in range(low, high + 1):
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
    customer stakeholder (the org format's default: README, "The org file"), else
    "Customer"."""
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
          lane_h: float, width: float, classes: dict[str, str], title: str | None,
          customer: str) -> str:
    """A lane: a shaded cluster spanning the width, its unit (or `title`, for a folded
    lane) named in a header box."""
    org = analysis.org
    if lane == CUSTOMER_NODE:
        name, layer, detail = customer, "customer", None
    else:
        unit = org.unit_by_id[lane]
        name, layer = title or unit.name, analysis.layers.get(lane, "support")
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


def _arrows(g: graphviz.Graph | graphviz.Digraph,
            drawn: Sequence[tuple[str, Transition]]) -> int:
    """Each transition drawn from its box (`s{i}`, or the folded box holding step i) to
    the box of step i + 1, coloured by what it is."""
    for source, t in drawn:
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
        g.edge(source, f"s{i + 1}", tooltip=f"step {i + 1} → {i + 2}: {kind}",
               **attrs, **{"class": kind})
    return len(drawn)


def _legend(boxes: list[S.StepBox] | None = None) -> list[tuple[str, str]]:
    rows = [(C.line_sample(C.CONTACT, 3), "customer contact"),
            (C.line_sample(C.HANDOFF, 3), "handoff within a function"),
            (C.line_sample(C.CROSS, 3), "cross-function handoff"),
            (C.line_sample(C.PING_PONG, 3, dashed=True), "ping-pong: sent back"),
            (C.line_sample(C.INTERFACE, 2), "next step, same unit")]
    if boxes is not None:  # what was folded: lines drawn are the handoffs between boxes
        rows.append((_box_sample("white", C.HANDOFF), "bold box: consecutive steps of one "
                     "lane, folded (handoffs inside counted)"))
        if any(box.lanes > 1 for box in boxes):
            rows.append((_box_sample(WINDOW_FILL, C.MUTED), "grey box across lanes: a "
                         "window of steps in several lanes, folded"))
    return rows


def _box_sample(fill: str, border: str) -> str:
    return (f'<TABLE BORDER="2" COLOR="{border}" CELLBORDER="0" CELLPADDING="0" '
            f'CELLSPACING="0" BGCOLOR="{fill}"><TR><TD WIDTH="28" HEIGHT="10"></TD></TR>'
            '</TABLE>')
