"""The evidence's outputs: evidence.json, the text section, handoffs.graphml (read back
with NetworkX), --anonymize everywhere, the CI formats, and `metrics --format graphml`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import networkx as nx
import pytest

from conftest import run
from custorg import __version__
from custorg.evidence import Evidence, evidence_files, evidence_json, render_text
from custorg.formatters import github, gitlab, sarif
from evidence_helpers import evidence_of

HEAD = "case,time,unit,activity,resource\n"
# claims -> payments: a 30-hour wait; Alice Smith does 4 of 5 approvals
LOG = HEAD + "".join(
    f"{n},2024-03-04T09:00,claims,Approve,{who}\n{n},2024-03-05T15:00,payments,Pay,Zoë Ng\n"
    for n, who in enumerate(["Alice Smith"] * 4 + ["Bob Jones"], 1))
ORG = """\
organization: {name: Acme}
units:
  - {id: claims, name: Claims, function: operations}
  - {id: payments, name: "Pay <&> out", function: finance}
"""
NAMES = ("Alice Smith", "Bob Jones", "Zoë Ng")


def _evidence(tmp_path: Path, anonymize: bool = False) -> Evidence:
    return evidence_of(LOG, ORG, tmp_path, anonymize=anonymize, min_events=5,
                       min_handoffs=5)


def test_evidence_json_has_the_log_the_org_and_the_version(tmp_path: Path) -> None:
    ev = _evidence(tmp_path)
    doc = json.loads(evidence_files(ev)["evidence.json"])
    assert doc == json.loads(json.dumps(evidence_json(ev)))
    assert (doc["custorg"], doc["log"], doc["org"]) == (__version__, "log.csv",
                                                        str(tmp_path / "org.yaml"))
    assert list(doc["evidence"]) == ["handover_time", "variant_time", "working_together",
                                     "workload", "brokerage", "betweenness", "structure",
                                     "missing_resource", "notes"]
    assert [(f["code"], f["entity"]) for f in doc["findings"]] == [
        ("E005", {"kind": "org", "id": "Acme"}),  # one cluster across two functions
        ("E001", {"kind": "unit", "id": "claims"}),
        ("E004", {"kind": "unit_pair", "id": "claims->payments"})]
    assert doc["evidence"]["handover_time"][0]["median"] == 30 * 3600.0


def test_the_text_section_is_short_and_names_what_matters(tmp_path: Path) -> None:
    text = render_text(_evidence(tmp_path))
    assert text.splitlines()[:3] == [
        "Evidence", "  Slowest handoffs (median wait):",
        "    Claims (claims) -> Pay <&> out (payments): 30.0 h median, 30.0 h p90 "
        "(5 handoffs)"]
    assert "  Key people and ownership:" in text and "E001 In unit Claims (claims)" in text
    assert "Structure: the work forms 1 cluster; 1 of them span finance and operations" \
        in text
    assert len(text.splitlines()) < 15


def test_handoffs_graphml_reads_back_with_networkx(tmp_path: Path) -> None:
    text = evidence_files(_evidence(tmp_path))["handoffs.graphml"]
    graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert graph.is_directed()
    assert dict(graph.nodes(data=True)) == {
        "claims": {"name": "Claims", "function": "operations", "events": 5,
                   "betweenness": 0.0},
        "payments": {"name": "Pay <&> out", "function": "finance", "events": 5,
                     "betweenness": 0.0}}
    assert list(graph.edges(data=True)) == [
        ("claims", "payments", {"count": 5, "median_wait_seconds": 108000.0})]


def test_graphml_leaves_out_attributes_without_a_value_and_hidden_characters() -> None:
    ev = evidence_of(HEAD + "1,2024-03-04T09:00,a\x1b[31m,x,p\n1,2024-03-04T10:00,b,y,q\n")
    text = evidence_files(ev)["handoffs.graphml"]
    assert "\x1b" not in text and 'attr.name="name"' not in text
    graph = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert sorted(graph) == ["a\\x1b[31m", "b"]
    assert set(graph.nodes["b"]) == {"events", "betweenness"}


def test_anonymize_leaves_no_name_in_any_output(tmp_path: Path) -> None:
    plain = _evidence(tmp_path)
    ev = _evidence(tmp_path, anonymize=True)
    outputs = [*evidence_files(ev).values(), render_text(ev),
               sarif.render_findings(ev.findings, ["log.csv"]),
               github.render_findings(ev.findings, ["log.csv"]),
               gitlab.render(ev.findings, ["log.csv"])]
    for text in outputs:
        for name in NAMES:
            assert name not in text and json.dumps(name) not in text
    assert any("Alice Smith" in f.message for f in plain.findings)
    assert "'person-1' does 80% of 'Approve'" in ev.findings[1].message
    assert ev.aggregates.resources == ("person-1", "person-2", "person-3")
    loads = {u.unit: [a.top for a in u.activities] for u in ev.workload or []}
    assert loads == {"claims": ["person-1"], "payments": ["person-2"]}


def test_ci_formats_render_mine_findings(tmp_path: Path) -> None:
    ev = _evidence(tmp_path)
    files = [str(tmp_path / "org.yaml"), "log.csv"]
    results = json.loads(sarif.render_findings(ev.findings, files))["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [
        ("E005", "note"), ("E001", "warning"), ("E004", "note")]
    assert results[1]["locations"][0]["physicalLocation"]["region"] == {"startLine": 3,
                                                                        "startColumn": 5}
    lines = github.render_findings(ev.findings, files).splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["::notice", "::warning", "::notice"]
    assert "title=E004 slow-handoff" in lines[2]


def test_metrics_writes_the_declared_org_as_graphml(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    org = tmp_path / "org.yaml"
    org.write_text("""\
units:
  - {id: board, name: "Board <\\u001b>"}
  - {id: sales, parent: board, function: sales}
  - {id: ops, parent: board, function: ops}
processes:
  - id: order
    volume: 120
    steps: [{unit: sales}, {unit: ops}, {unit: sales}]
  - id: refund
    volume: 5
    steps: [{unit: sales}, {unit: ops}]
""", encoding="utf-8")
    code, out, err = run(capsys, "metrics", str(org), "--format", "graphml")
    assert code == 0, err
    assert "\x1b" not in out
    graph = nx.read_graphml(io.BytesIO(out.encode("utf-8")))
    assert graph.is_directed() and graph.is_multigraph()
    assert graph.nodes["board"]["name"] == "Board <\\x1b>"
    assert graph.nodes["sales"] == {"function": "sales", "depth": 1}
    edges = sorted((a, b, d["kind"], d.get("weight")) for a, b, d in graph.edges(data=True))
    assert edges == [("ops", "board", "reports_to", None), ("ops", "sales", "work", 120.0),
                     ("sales", "board", "reports_to", None),
                     ("sales", "ops", "work", 5.0), ("sales", "ops", "work", 120.0)]
