"""What every view shares: the `Diagram` result, the palette, graph defaults, labels,
titles and legends.

Every node gets an internal id (`u0`, `o0`, `cust`...), never a user id: a `:` in an id
would be read as a port, and user text must stay in labels and tooltips. Labels are
HTML-like, built here from escaped pieces only.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import graphviz

from . import labels as T

FONT = "DejaVu Sans"
CUSTOMER_ID = "cust"

LAYER_TITLES = {
    "customer": "Customer", "front-line": "Front line", "support": "Support",
    "back-office": "Back office", "management": "Management",
    "disconnected": "Disconnected", "unknown": "Unknown",
}
# fill, border, text: colour-blind-safe hues, light fills so black text reads on a slide
LAYER_COLORS = {
    "customer": ("#F28C28", "#B35900", "#FFFFFF"),
    "front-line": ("#D9F0D3", "#2E7D32", "#1B3A1C"),
    "support": ("#D6E6F5", "#2F6DA3", "#14324D"),
    "back-office": ("#E8E1F2", "#5E4B8B", "#2C2242"),
    "management": ("#ECECEC", "#616161", "#212121"),
    "disconnected": ("#FBE3E0", "#B3261E", "#5C1410"),
    # neutral grey, never red: nothing is wrong with these units, only unknown
    "unknown": ("#F4F4F4", "#9E9E9E", "#424242"),
}
BAND_COLORS = {
    "customer": "#FFF4E8", "front-line": "#F3FAF1", "support": "#F1F6FB",
    "back-office": "#F6F3FA", "management": "#F7F7F7", "disconnected": "#FDF3F2",
    "unknown": "#FAFAFA",
}
HANDOFF = "#37474F"
CROSS = "#C62828"
CONTACT = "#E07B00"
INTERFACE = "#78909C"
REPORTING = "#C3CACE"
PING_PONG = "#8E24AA"
MUTED = "#5F6B73"


@dataclass(frozen=True)
class Diagram:
    """A view ready to render: DOT source, the layout engine it needs, its size (for the
    time budget) and notes for the user (automatic folding...)."""

    view: str
    source: str
    engine: str
    nodes: int
    edges: int
    notes: tuple[str, ...] = ()
    cjk: bool = False
    classes: dict[str, str] = field(default_factory=dict)  # internal node id -> role


def new_graph(directed: bool = True, **graph_attr: str) -> graphviz.Graph | graphviz.Digraph:
    """A graph with the house defaults: one font with Latin-Extended and Cyrillic, white
    background, tooltips instead of visible ids."""
    cls = graphviz.Digraph if directed else graphviz.Graph
    attrs = {"fontname": FONT, "bgcolor": "white", "pad": "0.3", "labelloc": "t",
             "labeljust": "l", "fontsize": "13", "outputorder": "edgesfirst"}
    attrs.update(graph_attr)
    return cls("custorg", graph_attr=attrs,
               node_attr={"fontname": FONT, "fontsize": "11", "shape": "box",
                          "style": "rounded,filled", "penwidth": "1.2", "margin": "0.12,0.06"},
               edge_attr={"fontname": FONT, "fontsize": "9", "arrowsize": "0.7"})


def splines(nodes: int, edges: int) -> str:
    """Curved lines routed around the boxes while that stays quick; straight lines on
    big or dense views (Graphviz's router slows down fast with the number of boxes)."""
    return "true" if nodes <= 150 and edges <= 400 else "false"


def label(lines: Sequence[str], detail: str | None = None, *, bold: bool = True,
          detail_color: str = MUTED, size: int | None = None) -> str:
    """An HTML-like label from already-cleaned text: name lines (bold), a smaller
    detail line below."""
    body = "<BR/>".join(T.html(line) for line in lines)
    if bold:
        body = f"<B>{body}</B>"
    if size:
        body = f'<FONT POINT-SIZE="{size}">{body}</FONT>'
    if detail:
        body += f'<BR/><FONT POINT-SIZE="9" COLOR="{detail_color}">{T.html(detail)}</FONT>'
    return f"<{body}>"


def title(org_name: str, heading: str, facts: Iterable[str],
          legend: Sequence[tuple[str, str]] = (), per_row: int = 6) -> str:
    """The graph title block: organisation name and view, a line of key figures, and the
    legend as rows of (sample, explanation) under it, all left-aligned."""
    name = T.html(T.shorten(T.clean(org_name), 90))
    line = "  ·  ".join(T.html(T.clean(f)) for f in facts if f)
    rows = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="20"><B>{name}</B></FONT>'
            f'<FONT POINT-SIZE="17" COLOR="{MUTED}">  —  {T.html(heading)}</FONT></TD></TR>']
    if line:
        rows.append(f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="12" COLOR="{MUTED}">{line}'
                    '</FONT></TD></TR>')
    if legend:
        grid = []
        for start in range(0, len(legend), per_row):
            chunk = list(legend[start:start + per_row])
            cells = "".join(f'<TD>{sample}</TD><TD ALIGN="LEFT"><FONT POINT-SIZE="10">'
                            f'{T.html(text)}</FONT></TD><TD WIDTH="12"></TD>'
                            for sample, text in chunk)
            cells += '<TD></TD><TD></TD><TD></TD>' * (per_row - len(chunk))
            grid.append(f"<TR>{cells}</TR>")
        rows.append('<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" '
                    f'CELLPADDING="2">{"".join(grid)}</TABLE></TD></TR>')
    return ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3">'
            + "".join(rows) + "</TABLE>>")


def layer_style(layer: str, folded: bool = False) -> dict[str, str]:
    fill, border, fontcolor = LAYER_COLORS[layer]
    style = "rounded,filled"
    if layer == "disconnected":
        style += ",dashed"
    if folded:
        style += ",bold"
    return {"fillcolor": fill, "color": border, "fontcolor": fontcolor, "style": style}


def customer_node(g: graphviz.Graph | graphviz.Digraph, caption: str = "Customer",
                  **attrs: str) -> None:
    fill, border, fontcolor = LAYER_COLORS["customer"]
    g.node(CUSTOMER_ID, label=label([caption], size=14), shape="box",
           style="rounded,filled,bold", fillcolor=fill, color=border, fontcolor=fontcolor,
           margin="0.3,0.12", tooltip=T.tooltip(caption), **{"class": "customer", **attrs})


# ----------------------------------------------------------------------------- legends


def swatch(layer: str) -> str:
    fill, border, _ = LAYER_COLORS[layer]
    return (f'<TABLE BORDER="1" COLOR="{border}" CELLBORDER="0" CELLPADDING="0" '
            f'CELLSPACING="0" BGCOLOR="{fill}"><TR><TD WIDTH="28" HEIGHT="10"></TD></TR>'
            f'</TABLE>')


def line_sample(color: str, thickness: int = 2, dashed: bool = False) -> str:
    """A short horizontal line drawn as table cells (dashed: gaps between segments)."""
    if dashed:
        seg = (f'<TD BGCOLOR="{color}" WIDTH="6" HEIGHT="{thickness}" FIXEDSIZE="TRUE">'
               '</TD><TD WIDTH="3" HEIGHT="1" FIXEDSIZE="TRUE"></TD>')
        inner = seg * 3 + (f'<TD BGCOLOR="{color}" WIDTH="6" HEIGHT="{thickness}" '
                           'FIXEDSIZE="TRUE"></TD>')
    else:
        inner = (f'<TD BGCOLOR="{color}" WIDTH="33" HEIGHT="{thickness}" '
                 'FIXEDSIZE="TRUE"></TD>')
    return (f'<TABLE BORDER="0" CELLBORDER="0" CELLPADDING="0" CELLSPACING="0">'
            f'<TR>{inner}</TR></TABLE>')


def layer_rows(layers: Iterable[str]) -> list[tuple[str, str]]:
    return [(swatch(layer), LAYER_TITLES[layer]) for layer in layers]


def finish(view: str, g: graphviz.Graph | graphviz.Digraph, engine: str, nodes: int,
           edges: int, notes: Iterable[str], texts: Iterable[str],
           classes: dict[str, str] | None = None) -> Diagram:
    """The Diagram of a built graph (`texts`: the user text shown, to check for CJK)."""
    header = (f"// custorg diagram --view {view}; layout engine: {engine}\n"
              f"// render it with: {engine} -Tsvg THIS.dot -o diagram.svg\n")
    cjk = any(T.has_cjk(t) for t in texts)
    return Diagram(view, header + g.source, engine, nodes, edges, tuple(notes), cjk,
                   dict(classes or {}))
