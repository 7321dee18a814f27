"""Hostile names and ids: user text goes only into labels and tooltips, escaped; the
output parses and carries nothing active."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from custorg.diagrams import build, mermaid
from custorg.diagrams.render import RenderError, check_svg, render
from test_diagrams_support import analyse, svg_nodes

LONG = "Ż" * 10_000
HOSTILE = f'''
organization: {{name: "Evil <script>alert(1)</script> & \\"Co\\" \\\\"}}
units:
  - id: "a:b"
    name: "Board \\"quoted\\" trailing\\\\"
    kind: board
  - id: "x<y>"
    name: "<script>alert('x')</script> & <b>bold</b> ]]> -->"
    parent: "a:b"
    customer_contact: direct
  - id: long
    name: "{LONG}"
    parent: "a:b"
  - id: nl
    name: "line one\\nline two\\ttab \\x07bell \\u202eevil"
    parent: "x<y>"
  - id: "javascript:alert(1)"
    name: "javascript:alert(1)"
    function: "it\\\\"
    parent: "a:b"
  - id: 'q"uote'
    name: '\\N \\G \\L <<>> {{}} [[]] ; -- node [URL="javascript:x"]'
    parent: "a:b"
processes:
  - id: "p:1"
    name: "Proc <img src=x onerror=alert(1)>"
    steps:
      - {{unit: customer, activity: "<script>steal()</script>"}}
      - {{unit: "x<y>", activity: "ends with backslash \\\\"}}
      - {{unit: long, activity: "quote \\" and & and ]]> and -->"}}
      - {{unit: "x<y>"}}
      - {{unit: 'q"uote', activity: "{LONG}"}}
      - {{unit: nl}}
      - customer
interfaces:
  - {{from: "x<y>", to: long, provides: "<x>"}}
  - {{from: nl, to: "javascript:alert(1)"}}
'''
VIEWS = [("hierarchy", None), ("customer-on-top", None), ("radial", None),
         ("interfaces", None), ("process", "p:1")]
DANGEROUS = {"url", "href", "image", "imagepath", "stylesheet", "fontpath", "shapefile",
             "target", "id", "edgeurl", "headurl", "tailurl", "labelurl", "edgehref",
             "headhref", "tailhref", "labelhref"}


@cache
def hostile_report():  # type: ignore[no-untyped-def]
    import tempfile

    folder = Path(tempfile.mkdtemp())
    (folder / "org.yaml").write_text(HOSTILE, encoding="utf-8")
    return analyse(folder / "org.yaml")


@pytest.mark.parametrize(("view", "process"), VIEWS)
def test_dot_uses_internal_ids_and_sets_no_dangerous_attribute(view: str,
                                                               process: str | None) -> None:
    import pygraphviz

    source = build(hostile_report().analysis, view, process).source
    graph = pygraphviz.AGraph(string=source)  # parses: nothing broke out of a string
    names = [str(n) for n in graph.nodes()]
    assert names and all(re.fullmatch(r"[A-Za-z0-9_\-]+", n) for n in names), names
    items = [graph.graph_attr, graph.node_attr, graph.edge_attr]
    items += [graph.get_node(n).attr for n in names] + [e.attr for e in graph.edges()]
    for sub in graph.subgraphs():
        items.append(sub.graph_attr)
    for attrs in items:
        keys = {k.lower() for k, v in attrs.items() if v}
        assert not keys & DANGEROUS, keys & DANGEROUS
        for key in ("label", "xlabel"):  # HTML-like labels: user text escaped
            value = attrs.get(key) or ""
            assert "<script" not in value.lower() and "<b>" not in value and "<img" not in value
    assert "&lt;script&gt;" in source or "&lt;img" in source


@pytest.mark.parametrize(("view", "process"), VIEWS)
def test_svg_parses_and_shows_the_names_as_text(view: str, process: str | None) -> None:
    diagram = build(hostile_report().analysis, view, process)
    data = render(diagram.source, diagram.engine, "svg").data
    text = data.decode("utf-8")
    root = ET.fromstring(data)  # well-formed XML
    assert "<script" not in text.lower() and "javascript:" not in text.lower()
    for element in root.iter():  # no event handler, no link (the text may mention them)
        for key, value in element.attrib.items():
            name = key.rsplit("}", 1)[-1].lower()
            assert not name.startswith("on") and name != "href", (key, value)
    labels = [t for node in svg_nodes(data).values() for t in node.texts]
    assert all(len(t) <= 120 for t in labels)  # 10,000-character names are shortened
    shown = "".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    shown = "".join(shown.split())  # labels wrap: compare without white space
    assert "Evil<script>alert(1)</script>&\"Co\"\\" in shown  # the title, as plain text
    if view != "process":
        assert "<script>alert('x')</script>&<b>bold</b>" in shown
        assert "\\N\\G\\L<<>>" in shown  # Graphviz escapes such as \N stay literal
        assert "u5" not in shown and "custorg" not in shown
        assert "\u2216N \u2216G \u2216L" in text  # in tooltips: a look-alike, no escape


@pytest.mark.parametrize("view", ["hierarchy", "customer-on-top", "interfaces"])
def test_mermaid_labels_are_escaped(view: str) -> None:
    text, _ = mermaid.build(hostile_report().analysis, view)
    _check_mermaid(text)


def test_mermaid_process_is_escaped() -> None:
    text, _ = mermaid.build(hostile_report().analysis, "process", "p:1")
    _check_mermaid(text)
    assert "lane0[\"Customer\"]" in text.replace("subgraph ", "")


def _check_mermaid(text: str) -> None:
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "javascript:" not in text
    for line in text.splitlines()[3:]:  # after the front matter
        assert line.count('"') % 2 == 0, line  # quotes only delimit labels
        assert "a:b" not in line.split('"')[0], line  # user ids never used as node ids
    title = text.splitlines()[1]
    assert title.startswith("title: '") and title.endswith("'")


def test_check_svg_refuses_active_content() -> None:
    good = b'<svg xmlns="http://www.w3.org/2000/svg"><text>&lt;script&gt;</text></svg>'
    check_svg(good)
    for bad in (b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>',
                b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>',
                b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:l="http://www.w3.org/1999/'
                b'xlink"><a l:href="javascript:x()"/></svg>',
                b'<svg><unclosed></svg>'):
        with pytest.raises(RenderError):
            check_svg(bad)


# ----------------------------------------------------------------------------- any org


@st.composite
def small_orgs(draw: st.DrawFn) -> str:
    """YAML of a random small org: any tree shape (several top units allowed), random
    functions, contacts, processes (possibly empty) and interfaces."""
    count = draw(st.integers(0, 12))
    names = st.text(st.characters(categories=("L", "M", "N", "P", "S", "Zs")), max_size=30)
    lines = ["units:" if count else "units: []"]
    for i in range(count):
        parent = draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None
        lines.append(f"  - id: u{i}")
        lines.append(f"    name: {json.dumps(draw(names) or 'x', ensure_ascii=False)}")
        if parent is not None:
            lines.append(f"    parent: u{parent}")
        function = draw(st.sampled_from([None, "sales", "it", "service"]))
        if function:
            lines.append(f"    function: {function}")
        contact = draw(st.sampled_from([None, "direct", "indirect", "none"]))
        if contact:
            lines.append(f"    customer_contact: {contact}")
        if draw(st.booleans()):
            lines.append("    kind: executive")
    units = [f"u{i}" for i in range(count)] + ["customer"]
    lines.append("processes:")
    for p in range(draw(st.integers(1, 3))):
        steps = draw(st.lists(st.sampled_from(units), max_size=8))
        lines.append(f"  - {{id: p{p}, name: {json.dumps(draw(names) or 'p', ensure_ascii=False)}, "
                     f"volume: {draw(st.integers(0, 500))}, steps: [{', '.join(steps)}]}}")
    if count >= 2:
        pairs = draw(st.lists(st.tuples(st.integers(0, count - 1), st.integers(0, count - 1))
                              .filter(lambda ab: ab[0] != ab[1]), max_size=6))
        if pairs:
            lines.append("interfaces:")
            lines += [f"  - {{from: u{a}, to: u{b}}}" for a, b in pairs]
    return "\n".join(lines) + "\n"


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(small_orgs())
def test_any_small_org_draws_in_every_view(tmp_path_factory: pytest.TempPathFactory,
                                           text: str) -> None:
    path = tmp_path_factory.mktemp("org") / "org.yaml"
    path.write_text(text, encoding="utf-8")
    analysis = analyse(path).analysis
    for view, process in [("hierarchy", None), ("customer-on-top", None), ("radial", None),
                          ("interfaces", None), ("process", "p0")]:
        diagram = build(analysis, view, process)
        data = render(diagram.source, diagram.engine, "svg").data
        nodes = svg_nodes(data)
        if view == "customer-on-top":
            (customer,) = [n for n in nodes.values() if "customer" in n.classes]
            for node in nodes.values():
                if "front-line" in node.classes:
                    assert customer.box[3] < node.box[1]
        if view != "process":
            mermaid.build(analysis, view) if view != "radial" else None
