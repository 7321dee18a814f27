"""The speed-ups keep behaviour identical: the compiled schema check (schemacheck.py) never
passes what jsonschema rejects, and schema.py reports exactly jsonschema's errors, in
jsonschema's order, whether or not the fast path is taken."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from custorg.findings import Entity, Finding, Location, Severity
from custorg.orgfile.schema import checker, schema_errors, schema_text, validator
from custorg.orgfile.schemacheck import Checker, Unsupported, compile_schema
from custorg.orgfile.sections import SECTIONS as ENTITY_SECTIONS
from custorg.orgfile.sources import load
from parse_helpers import assert_same_parse

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
SECTIONS = list(ENTITY_SECTIONS)
KEYS = ["id", "name", "parent", "kind", "function", "customer_contact", "head", "headcount",
        "kpis", "suppress", "unit", "title", "owner", "strategic", "team", "volume",
        "stakeholder", "steps", "from", "to", "provides", "coordination", "responsible",
        "feedback", "sla", "need", "channel", "target", "processes", "projects", "manager",
        "members", "units", "goal", "activity", "x-note", "bogus", "Id", "P001", "no rule"]
TEXTS = ["", "a", "a b", "sales", "direct", "none", "customer", "nps", "other", "NO",
         " x", "x\n", "P001", "x-y", "010", "Ärger", "客户"]

scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 10**13),
                    st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(TEXTS),
                    st.sampled_from([1.0, 0.5, -0.0, 2**70]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.sampled_from(KEYS), inner, max_size=3),
                      max_leaves=8)


def signature(errors: Any) -> list[tuple[Any, ...]]:
    return [(tuple(e.absolute_path), tuple(e.absolute_schema_path), e.validator, e.message)
            for e in errors]


def example_documents() -> list[Any]:
    docs = load([str(ROOT / "examples" / "bakery"), str(ROOT / "examples" / "telecom")])
    return [d.data for d in docs.documents]


def test_the_org_schema_compiles() -> None:
    assert checker() is not None, "schemacheck.py no longer covers the schema's keywords"


def test_valid_examples_take_the_fast_path() -> None:
    fast = checker()
    assert fast is not None
    for data in example_documents():
        assert fast.document(data)
        assert list(validator().iter_errors(data)) == []


def assert_schema_paths_agree(doc: Any) -> None:
    """schema.py reports exactly jsonschema's errors, and the compiled check never
    passes a document jsonschema rejects."""
    expected = signature(validator().iter_errors(doc))
    assert signature(schema_errors(doc)) == expected
    fast = checker()
    assert fast is not None
    if fast.document(doc):
        assert expected == []


@given(st.data())
@SETTINGS
def test_one_change_to_a_valid_org(data: st.DataObject) -> None:
    """Change, add or remove one value anywhere in a valid org: same errors as jsonschema."""
    doc = copy.deepcopy(data.draw(st.sampled_from(example_documents())))
    node: Any = doc
    for _ in range(data.draw(st.integers(0, 4))):
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node, key=str)))
        elif isinstance(node, list) and node:
            key = data.draw(st.integers(0, len(node) - 1))
        else:
            break
        if not isinstance(node[key], (dict, list)):
            break
        node = node[key]
    action = data.draw(st.sampled_from(["set", "add", "delete"]))
    if isinstance(node, dict):
        key = data.draw(st.sampled_from(sorted(node, key=str) + KEYS + SECTIONS + ["custorg"]))
        if action == "delete":
            node.pop(key, None)
        else:
            node[key] = data.draw(values)
    elif isinstance(node, list):
        if action == "delete" and node:
            node.pop(data.draw(st.integers(0, len(node) - 1)))
        elif action == "add" or not node:
            node.append(data.draw(values))
        else:
            node[data.draw(st.integers(0, len(node) - 1))] = data.draw(values)
    assert_schema_paths_agree(doc)


@given(st.dictionaries(st.sampled_from(SECTIONS + ["custorg", "organization", "x-a", "unitz"]),
                       st.one_of(st.lists(st.dictionaries(st.sampled_from(KEYS), values,
                                                          max_size=6), max_size=3), values),
                       max_size=4))
@SETTINGS
def test_random_documents(doc: dict[str, Any]) -> None:
    assert_schema_paths_agree(doc)


@pytest.mark.parametrize("schema", [
    {"type": "string", "format": "email"},
    {"$ref": "https://example.com/other.json"},
    {"properties": {"a": {"prefixItems": [{"type": "string"}]}}},
    {"anyOf": [{"type": "string"}]},
])
def test_unknown_keywords_are_not_guessed(schema: dict[str, Any]) -> None:
    with pytest.raises(Unsupported):
        compile_schema(schema)


def _jsonschema(schema: dict[str, Any]) -> Any:
    """jsonschema's Draft 2020-12 validator with JSON Schema's `pattern` (ECMA-262's `$`,
    `schemaleaf.pattern_keyword`), as custorg runs it: jsonschema's own `pattern` uses
    Python's `$`, which also matches before a final line break."""
    import jsonschema

    from custorg.orgfile.schemaleaf import pattern_keyword

    return jsonschema.validators.extend(jsonschema.Draft202012Validator,
                                        validators={"pattern": pattern_keyword})(schema)


@pytest.mark.parametrize(("schema", "value", "valid"), [
    ({"type": "integer"}, 1.0, True),
    ({"type": "integer"}, True, False),
    ({"type": "number"}, False, False),
    ({"minimum": 0}, True, True),
    ({"minimum": 0}, "text", True),
    ({"maximum": 5}, 6, False),
    ({"enum": ["a", None]}, None, True),
    ({"enum": [1]}, True, False),
    ({"pattern": "^\\S+$"}, "a b", False),
    ({"pattern": "^\\S+$"}, 3, True),
    ({"pattern": "^\\S+$"}, "x\n", False),  # ECMA-262's `$`: the end of the text
    ({"minLength": 1}, "", False),
    ({"items": {"type": "string"}}, ["a", 1], False),
    ({"if": {"type": "object"}, "then": {"required": ["unit"]}, "else": {"type": "string"}},
     {"unit": "a"}, True),
    ({"if": {"type": "object"}, "then": {"required": ["unit"]}, "else": {"type": "string"}},
     1, False),
    ({"propertyNames": {"pattern": "^[A-Z]"}, "additionalProperties": {"type": "string"}},
     {"Ab": "x"}, True),
    ({"patternProperties": {"^x-": {}}, "additionalProperties": False}, {"x-a": 1}, True),
    ({"patternProperties": {"^x-": {}}, "additionalProperties": False}, {"y": 1}, False),
])
def test_keyword_semantics_match_jsonschema(schema: dict[str, Any], value: Any,
                                            valid: bool) -> None:
    assert _jsonschema(schema).is_valid(value) == valid
    assert compile_schema(schema)(value) == valid


class Text(str):
    pass


TEXT_SCHEMAS = [{"type": ["string", "integer", "null"], "pattern": "^\\S+$", "minLength": 1},
                {"type": "string", "maxLength": 3}, {"type": "string", "minLength": 2},
                {"type": ["integer", "boolean"], "pattern": "^a"}, {"type": "string"},
                {"type": ["string", "number"], "pattern": "^[a-z]+$", "maxLength": 4,
                 "title": "annotated"}]


@given(st.sampled_from(TEXT_SCHEMAS),
       st.text(max_size=6) | st.sampled_from(["x\n", "a b", "\u00a0", "abcd", "ab", ""])
       | st.sampled_from([None, True, 0, 1.5, 10**20, [], {}, Text("ab"), Text("a b")]))
@SETTINGS
def test_text_keywords_checked_together_match_jsonschema(schema: dict[str, Any],
                                                         value: Any) -> None:
    """The fused `type` + string keywords check (the org schema's ids and references)."""
    from custorg.orgfile.schemaleaf import scalar_check

    valid = _jsonschema(schema).is_valid(value)
    assert scalar_check(schema)(value) in ((valid,) if type(value) is not Text else
                                            (False,))  # a str subclass: left to jsonschema
    assert compile_schema(schema)(value) == scalar_check(schema)(value)


def test_checker_errors_match_on_a_whole_schema() -> None:
    schema = json.loads(schema_text())
    doc = {"units": [{"id": "a"}, {"id": "b c", "kpis": [1, "x y"]}, {"name": "no id"}],
           "processes": [{"id": "p", "steps": ["a", {"unit": "a", "what": 1}, ["x"]]}],
           "bogus": 1}
    expected = signature(validator().iter_errors(doc))
    assert expected
    assert signature(Checker(schema).validator().iter_errors(doc)) == expected


# ----------------------------------------------------------------------------- loader


def yaml_corpus() -> list[str]:
    files = sorted((ROOT / "examples").rglob("*.yaml")) + sorted((ROOT / "tests").rglob("*.yaml"))
    texts = [f.read_text(encoding="utf-8") for f in files]
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    texts += [generate.generate(150, seed) for seed in (1, 2)]
    return texts


def test_fast_loader_on_real_files(monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = yaml_corpus()
    assert len(corpus) >= 4
    for text in corpus:
        assert_same_parse(text, monkeypatch)


SNIPPETS = ["a: 1\n", "a: 010\n", "a: NO\n", "a: ~\n", "a:\n", "a: '1'\n", "a: !!str 1\n",
            "a: &x 1\nb: *x\n", "a: 1\na: 2\n", "<<: {a: 1}\n", "'<<': 1\n", "[a, b]\n",
            "- {a: [1, 2.5, -3, .5, 1e3, 0x1F, 0o17, +1, true, False, null, .inf]}\n",
            "a: {b: {c: [d, {e: f}]}}\n", "? [a]\n: 1\n", "plain\n", "", "---\na: 1\n---\nb: 2\n",
            "a: [1,\n", "a: b: c\n", "a:\n  - x\n  -  y\n b: 1\n", "\ta: 1\n", "a: \"x\\ty\"\n",
            "a: |\n  text\n  more\n", "a: >-\n  folded\n", "'': 1\n", "a: !tag x\n",
            "a: !!map {b: 1}\n", "ключ: значение\n", "a: 1 # comment\n", "{a: 1, b: [2, 3]}\n",
            "a: -\n", "a: 1.\n", "a: +.5e-3\n", "a: 00\n", "a: 0o\n", "a: 1_000\n"]


@given(st.lists(st.sampled_from(SNIPPETS), min_size=1, max_size=4),
       st.lists(st.tuples(st.integers(0, 200), st.sampled_from(["", " ", "\n", "-", ":", "&a ",
                                                               "*a", "!!int ", "[", "{", "'"])),
                max_size=3))
@SETTINGS
def test_fast_loader_on_fragments(parts: list[str], edits: list[tuple[int, str]]) -> None:
    text = "".join(parts)
    for at, insert in edits:
        at = min(at, len(text))
        text = text[:at] + insert + text[at:]
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert_same_parse(text, monkeypatch)


@pytest.mark.parametrize("extra", [-1, 0, 1])
def test_nesting_limit_is_the_same(extra: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from custorg.orgfile.load import MAX_DEPTH, _plain

    n = MAX_DEPTH + extra
    text = "[" * n + "]" * n + "\n"
    assert (_plain(text, "f") is not None) == (n <= MAX_DEPTH)
    assert_same_parse(text, monkeypatch)


# ----------------------------------------------------------------------------- graphs


def _reference_graphs(org: Any, unit_lists: list[list[str]]) -> tuple[Any, Any, Any]:  # noqa: C901 - the reference definition, written edge by edge on purpose
    """The graphs built edge by edge, as graph.py first did (the definition)."""
    import networkx as nx

    from custorg.graph import CUSTOMER_NODE, transitions

    def work(declared: bool) -> Any:
        graph = nx.Graph()
        graph.add_node(CUSTOMER_NODE)
        graph.add_nodes_from(u.id for u in org.units)
        for process in org.processes:
            graph.add_edges_from((a, b) for a, b in transitions(org, process) if a != b)
        graph.add_edges_from((i.source, i.target) for i in org.interfaces)
        for units in unit_lists:
            graph.add_edges_from((a, b) for n, a in enumerate(units) for b in units[n + 1:])
        graph.add_edges_from((CUSTOMER_NODE, c.unit) for c in org.contact_points)
        if declared:
            graph.add_edges_from((CUSTOMER_NODE, u.id) for u in org.units
                                 if u.customer_contact == "direct")
        return graph

    collab = nx.Graph()
    collab.add_nodes_from(u.id for u in org.units)

    def add(a: str, b: str, weight: float) -> None:
        if collab.has_edge(a, b):
            collab[a][b]["weight"] += weight
        else:
            collab.add_edge(a, b, weight=weight)

    for process in org.processes:
        for a, b in transitions(org, process):
            if a != b and CUSTOMER_NODE not in (a, b):
                add(a, b, process.volume)
    for itf in org.interfaces:
        add(itf.source, itf.target, 1)
    for units in unit_lists:
        for n, a in enumerate(units):
            for b in units[n + 1:]:
                add(a, b, 1)
    return work(True), work(False), collab


def _metrics_edge_by_edge(analysis: Any, work: Any, collab: Any) -> dict[str, Any]:
    """The metrics with distances and silos computed on the graphs built edge by edge
    (projects as cliques), everything else as the analysis has it."""
    from dataclasses import replace

    from custorg.analysis.layers import customer_layers, distances
    from custorg.analysis.silos import silos
    from custorg.analysis.structure import manager_units

    dist = distances(work)
    ref = replace(analysis, distance=dist, layers=customer_layers(
        analysis.org, analysis.structure, dist, manager_units(analysis.org)))
    ref.__dict__["silos"] = silos(collab, analysis.structure.function,
                                  analysis.thresholds.silo_ei_threshold)
    return ref.metrics()  # type: ignore[no-any-return]


def _org_with_projects(seed: int) -> str:
    """A random org whose projects overlap, span functions (and units of none), reach
    units nothing else reaches, and repeat pairs that processes and interfaces tie."""
    import random

    rng = random.Random(seed)
    n = rng.randint(5, 40)
    functions = ["sales", "ops", "it", None]
    lines = ["units:"]
    for i in range(n):
        fn = rng.choice(functions)
        parent = f", parent: u{rng.randrange(i)}" if i and rng.random() < 0.7 else ""
        contact = ", customer_contact: direct" if rng.random() < 0.1 else ""
        lines.append(f"  - {{id: u{i}{parent}{', function: ' + fn if fn else ''}{contact}}}")
    lines.append("processes:")
    for p in range(rng.randint(0, 4)):
        steps = ["customer"] + [f"u{rng.randrange(n)}" for _ in range(rng.randint(1, 6))]
        lines.append(f"  - {{id: p{p}, volume: {rng.randint(1, 50)}, "
                     f"steps: [{', '.join(steps)}]}}")
    lines.append("interfaces:")
    lines += [f"  - {{from: u{rng.randrange(n)}, to: u{rng.randrange(n)}}}"
              for _ in range(rng.randint(0, 4))]
    lines.append("projects:")
    for j in range(rng.randint(1, 4)):
        members = sorted({f"u{rng.randrange(n)}" for _ in range(rng.randint(1, n))})
        lines.append(f"  - {{id: pr{j}, units: [{', '.join(members)}]}}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("seed", range(40))
def test_projects_as_hubs_give_the_metrics_of_cliques(seed: int, tmp_path: Path) -> None:
    """Issue 10: a project is a hub in the analysis (8,000 units were 32 million pairs);
    every metric stays the one of analysis.md's graphs, built edge by edge."""
    from custorg.analysis import analyse
    from custorg.orgfile.model import build

    path = tmp_path / "org.yaml"
    path.write_text(_org_with_projects(seed))
    result = load([str(path)])
    org = build(result.documents)
    analysis = analyse(org)
    unit_lists = list(analysis.project_units.values())
    work, evidence, collab = _reference_graphs(org, unit_lists)
    from custorg.analysis.layers import distances, evidence_distance

    assert dict(analysis.distance) == dict(distances(work))
    assert analysis.evidence == evidence_distance(analysis.structure, distances(evidence))
    assert analysis.metrics() == _metrics_edge_by_edge(analysis, work, collab)
    assert _shape(analysis.work) == _shape(work)
    assert _shape(analysis.collaboration) == _shape(collab)


def _shape(graph: Any) -> Any:
    return (list(graph.nodes), [(n, list(nbrs.items())) for n, nbrs in graph.adj.items()],
            list(graph.edges(data=True)))


@pytest.mark.parametrize("source", ["seed:1", "seed:2", "seed:3", "examples/bakery",
                                    "examples/telecom"])
def test_graphs_are_built_as_defined(source: str, tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import generate

    from custorg.analysis import analyse
    from custorg.graph import work_graph
    from custorg.orgfile.model import build

    if source.startswith("seed:"):
        path = generate.write(300, int(source[5:]), tmp_path / "org.yaml")
    else:
        path = ROOT / source
    org = build(load([str(path)]).documents)
    analysis = analyse(org)
    unit_lists = list(analysis.project_units.values())
    work, evidence, collab = _reference_graphs(org, unit_lists)
    assert _shape(analysis.work) == _shape(work)
    assert _shape(work_graph(org, unit_lists, declared=False)) == _shape(evidence)
    assert _shape(analysis.collaboration) == _shape(collab)
    from custorg.analysis.layers import adjacency, distances, evidence_distance
    from custorg.graph import contact_edges, work_edges

    relations = work_edges(org) + contact_edges(org)
    # projects are hubs in the breadth-first searches: the same distances as the cliques
    assert dict(distances(adjacency(relations), unit_lists)) == dict(distances(evidence))
    assert dict(analysis.distance) == dict(distances(work))
    assert analysis.evidence == evidence_distance(analysis.structure, distances(evidence))
    from custorg.analysis.silos import silos
    from custorg.graph import collaboration_weights, edges_in_graph_order

    ordered = edges_in_graph_order((u.id for u in org.units),
                                   collaboration_weights(org, unit_lists))
    assert ordered == list(collab.edges(data="weight"))
    # projects added arithmetically (hubs) give the sums of their pairs edge by edge
    assert analysis.silos == silos(collab, analysis.structure.function,
                                   analysis.thresholds.silo_ei_threshold)
    assert analysis.metrics() == _metrics_edge_by_edge(analysis, work, collab)


# ----------------------------------------------------------------------------- model


@given(st.text(max_size=8) | st.sampled_from(["", " ", "a b", "\u00a0", "x\u2003", "\u200b",
                                              "\x1c", "\x85", "a\u3000", "id-1"]))
@settings(max_examples=500, deadline=None)
def test_an_id_is_any_text_without_isspace_characters(text: str) -> None:
    import unicodedata

    from custorg.orgfile.model import _ident

    expected = None if not text or any(c.isspace() for c in text) else \
        unicodedata.normalize("NFC", text)
    assert _ident(text) == expected


def test_distances_without_customer_edges() -> None:
    import networkx as nx

    from custorg.analysis.layers import adjacency, distances

    graph = nx.Graph()
    graph.add_node("customer")
    graph.add_edge("a", "b")
    assert distances(adjacency([("a", "b")])) == distances(graph) == {"customer": 0}


# ----------------------------------------------------------------------------- JSON report


nasty = st.text(st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["", "\"", "\\", "</script>", "a\nb", "\t", "\u202e", "\u200b", "客户", "Łódź", "\x00"])
locations = st.builds(Location, nasty, st.integers(0, 10**6), st.integers(0, 10**6))
findings = st.builds(Finding, nasty, nasty, st.sampled_from(list(Severity)), nasty, locations,
                     st.builds(Entity, nasty, nasty),
                     st.lists(locations, max_size=3).map(tuple))


@given(st.lists(findings, max_size=4), st.lists(findings, max_size=3), st.booleans(),
       st.lists(nasty, max_size=2))
@SETTINGS
def test_json_report_is_what_json_dumps_writes(found: list[Finding], suppressed: list[Finding],
                                               show: bool, files: list[str]) -> None:
    from custorg.audit.engine import Report
    from custorg.formatters import json as json_format

    report = Report(files, found, suppressed)
    expected = json_format.dumps(json_format.report_dict(report, show))
    assert json_format.render(report, show) == expected
    assert [f["message"] for f in json.loads(expected)["findings"]] == [f.message for f in found]


# ----------------------------------------------------------------------------- text report


@pytest.mark.parametrize("color", [False, True])
def test_text_report_in_batches_is_one_print_per_finding(color: bool) -> None:
    """Findings are written as plain lines (finding_lines): the same text as a print each."""
    from custorg.audit.engine import Report
    from custorg.formatters import text_report

    files = ["a.yaml", "b/ą.yaml"]
    found = [Finding(f"C{i % 7:03}", "rule", list(Severity)[i % 3], f"message {i} <&> \u202e ü",
                     Location(files[i // 1500], i + 1, 3), Entity("unit", f"u{i}"))
             for i in range(2_500)]
    report = Report(files, found, found[:1200])
    con, buffer = text_report.console(color)
    for file in files:
        con.print(text_report.Text(file, style="bold underline"))
        for f in found:
            if f.location.file == file:
                con.print(text_report.finding_line(f), soft_wrap=True)
        con.print()
    con.print(text_report.Text("Suppressed", style="bold underline"))
    for f in found[:1200]:
        con.print(text_report.finding_line(f), soft_wrap=True)
    expected = buffer.getvalue()
    got = text_report.render(report, color=color, show_suppressed=True)
    assert got.startswith(expected)
    assert got.count("\n") > 3_700


# ----------------------------------------------------------------------------- steps


def test_steps_read_the_same_with_or_without_the_reader() -> None:
    """A step mapping of text is read without a field reader; any other type goes through
    it, so numbers keep their text and wrong types read as absent."""
    from custorg.orgfile.load import parse_text
    from custorg.orgfile.model import Step, build

    text = """units: [{id: a}]
processes:
  - id: p
    steps:
      - {unit: sales, activity: quote}
      - {unit: 010, activity: 2024-01-01}
      - {unit: sales, activity: 12}
      - {unit: sales, activity: [x]}
      - {unit: "two words"}
      - {unit: ""}
      - {unit: "L\\u006f\\u0301d"}
      - {activity: none}
      - 020
      - plain
"""
    doc, findings = parse_text(text, "f.yaml")
    assert doc is not None and findings == []
    steps = build([doc]).processes[0].steps
    assert steps == (Step("sales", "quote"), Step("010", "2024-01-01"), Step("sales", "12"),
                     Step("sales", None), Step("L\u00f3d", None), Step("020", None),
                     Step("plain", None))
