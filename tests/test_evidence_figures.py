"""Figures 1-6 of docs/evidence.md on small logs computed by hand (complete results)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from custorg.evidence import Aggregates, EvidenceTally, PairWait, as_dict, nearest_rank
from custorg.evidence.graphs import brokerage, structure, unit_graph, weighted
from evidence_helpers import evidence_of

H = 3600  # seconds in an hour

# case 1: a b a (waits 1 h, 2 h); case 2: a b b, the two b events at the same time keep
# their input order (wait 0.5 h; one event without a resource); case 3: c a (4 h); case 4: a
LOG = """\
case,time,unit,activity,resource
1,2024-03-04T09:00,a,x,ann
1,2024-03-04T10:00,b,y,bob
1,2024-03-04T12:00,a,x,ann
2,2024-03-04T09:30,b,y,
2,2024-03-04T09:00,a,x,ann
2,2024-03-04T09:30,b,z,bob
3,2024-03-04T09:00,c,x,eve
3,2024-03-04T13:00,a,x,ann
4,2024-03-04T08:00,a,y,bob
"""


def test_nearest_rank_is_the_spec_formula() -> None:
    assert [nearest_rank([1, 2, 3, 4], q) for q in (0.5, 0.9, 1.0)] == [2, 4, 4]
    assert nearest_rank([7], 0.5) == nearest_rank([7], 0.9) == 7
    assert PairWait.of([30, 10, 20]) == PairWait(3, 20, 30, 60)


def test_the_tally_of_the_log() -> None:
    ev = evidence_of(LOG)
    agg = ev.aggregates
    us = 1_000_000
    assert agg.waits == {("a", "b"): PairWait(2, 1800 * us, 3600 * us, 5400 * us),
                         ("b", "a"): PairWait(1, 7200 * us, 7200 * us, 7200 * us),
                         ("c", "a"): PairWait(1, 4 * H * us, 4 * H * us, 4 * H * us)}
    assert {p: (w.median_us // us, w.p90_us // us) for p, w in agg.variant_waits.items()} \
        == {("a", "b", "a"): (3 * H, 3 * H), ("a", "b"): (H // 2, H // 2),
            ("c", "a"): (4 * H, 4 * H), ("a",): (0, 0)}
    assert agg.together == {("a", "b"): 2, ("a", "c"): 1}
    assert agg.work == {("ann", "a", "x"): 4, ("bob", "b", "y"): 1, (None, "b", "y"): 1,
                        ("bob", "b", "z"): 1, ("eve", "c", "x"): 1, ("bob", "a", "y"): 1}
    assert agg.missing_resource == 1
    assert agg.resources == ("ann", "bob", "eve")


def test_figures_1_to_3_and_betweenness_without_an_org() -> None:
    doc = as_dict(evidence_of(LOG, top=1))
    assert doc["handover_time"] == [
        {"from": "a", "to": "b", "count": 2, "median": 1800.0, "p90": 3600.0,
         "mean": 2700.0, "total": 5400.0},
        {"from": "b", "to": "a", "count": 1, "median": 7200.0, "p90": 7200.0,
         "mean": 7200.0, "total": 7200.0},
        {"from": "c", "to": "a", "count": 1, "median": 14400.0, "p90": 14400.0,
         "mean": 14400.0, "total": 14400.0}]
    # four variants of one case each: ranked by the path joined with ' > '
    assert doc["variant_time"] == [{"rank": 1, "path": ["a"], "cases": 1, "median": 0.0,
                                    "p90": 0.0}]
    assert doc["working_together"] == [{"units": ["a", "b"], "cases": 2}]
    assert doc["workload"] == [
        {"unit": "a", "members": 2, "events": 5, "activities": [
            {"activity": "x", "stake": 0.8, "focus": 0.8, "coverage": 0.5,
             "top_contributor": "ann", "contribution": 1.0},
            {"activity": "y", "stake": 0.3333, "focus": 0.2, "coverage": 0.5,
             "top_contributor": "bob", "contribution": 1.0}]},
        {"unit": "b", "members": 1, "events": 3, "activities": [
            {"activity": "y", "stake": 0.6667, "focus": 0.6667, "coverage": 1.0,
             "top_contributor": "bob", "contribution": 1.0},
            {"activity": "z", "stake": 1.0, "focus": 0.3333, "coverage": 1.0,
             "top_contributor": "bob", "contribution": 1.0}]},
        {"unit": "c", "members": 1, "events": 1, "activities": [
            {"activity": "x", "stake": 0.2, "focus": 1.0, "coverage": 1.0,
             "top_contributor": "eve", "contribution": 1.0}]}]
    # G: a -> b, b -> a, c -> a; the one shortest path through a node is c -> a -> b
    assert doc["betweenness"] == {"a": 0.5, "b": 0.0, "c": 0.0}
    assert doc["brokerage"] is None and doc["structure"] is None
    assert doc["missing_resource"] == 1
    assert doc["notes"] == ["brokerage, structure, E003 and E005 (needs --org: functions "
                            "come from the org)"]


def test_top_contributor_ties_by_name_and_no_resource_leaves_workload_out() -> None:
    log = "case,time,unit,activity,resource\n1,2024-03-04T09:00,a,x,zoe\n" \
          "2,2024-03-04T09:00,a,x,amy\n"
    (unit,) = as_dict(evidence_of(log))["workload"]
    assert unit["activities"][0]["top_contributor"] == "amy"
    assert unit["activities"][0]["contribution"] == 0.5
    bare = as_dict(evidence_of("case,time,unit,activity\n1,2024-03-04T09:00,a,x\n"))
    assert bare["workload"] is None and bare["missing_resource"] == 1


# Brokerage: s1 s2 s3 sales, o1 o2 ops, l legal, x without a function. G's edges:
# s3->s1, s1->s2, s2->o1, o1->o2, o2->x, o1->l, o2->s2.
BROKER_LOG = """\
case,time,unit,activity,resource
1,2024-03-04T09:00,s3,a,p
1,2024-03-04T09:01,s1,a,p
1,2024-03-04T09:02,s2,a,p
1,2024-03-04T09:03,o1,a,p
1,2024-03-04T09:04,o2,a,p
1,2024-03-04T09:05,x,a,p
2,2024-03-04T09:00,o1,a,p
2,2024-03-04T09:01,l,a,p
3,2024-03-04T09:00,o2,a,p
3,2024-03-04T09:01,s2,a,p
4,2024-03-04T09:00,ghost,a,p
"""
BROKER_ORG = {"units": [{"id": u, "function": f} for u, f in (
    ("s1", "sales"), ("s2", "sales"), ("s3", "sales"), ("o1", "ops"), ("o2", "ops"),
    ("l", "legal"))] + [{"id": "x"}]}


def _row(unit: str, **roles: int) -> dict[str, Any]:
    names = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison", "unknown")
    return {"unit": unit, **{r: roles.get(r, 0) for r in names}}


def test_brokerage_roles_counted_by_hand(tmp_path: Path) -> None:
    doc = as_dict(evidence_of(BROKER_LOG, BROKER_ORG, tmp_path))
    # `ghost` maps to (unmapped): in the figures 1-3, never a node of G
    assert doc["brokerage"] == [
        _row("l"), _row("o1", gatekeeper=1, liaison=1), _row("o2", representative=1,
                                                            unknown=1),
        _row("s1", coordinator=1), _row("s2", representative=1, itinerant=1), _row("s3"),
        _row("x")]
    assert "(unmapped)" not in doc["betweenness"]
    assert doc["workload"][0]["unit"] == "(unmapped)"


def test_structure_modularity_of_the_functions_by_hand(tmp_path: Path) -> None:
    st = as_dict(evidence_of(BROKER_LOG, BROKER_ORG, tmp_path))["structure"]
    # m = 7 edges of weight 1; sales: 2 inside, degree 6; ops: 1 inside, degree 6; l, x: 1
    # Q = 3/7 - (36 + 36 + 1 + 1) / 196 = 10/196
    assert st["q_functions"] == round(10 / 196, 4) == 0.051


def test_louvain_communities_are_reported_with_their_modularity(tmp_path: Path) -> None:
    ev = evidence_of(BROKER_LOG, BROKER_ORG, tmp_path)
    st = ev.structure
    assert st is not None and st.q_work is not None
    reported = [set(c) for c in st.communities] + [{u} for u in st.isolated]
    assert sorted(u for c in reported for u in c) == sorted(ev.graph)  # a partition of G
    w = weighted(ev.graph, ev.mined.pairs)
    assert st.q_work == pytest.approx(nx.community.modularity(w, reported, weight="weight"))
    sizes = [len(c) for c in st.communities]
    assert sizes == sorted(sizes, reverse=True) and all(n > 1 for n in sizes)


def test_structure_of_two_clusters_across_two_functions(tmp_path: Path) -> None:
    log = ("case,time,unit,activity,resource\n1,2024-03-04T09:00,shop,s,a\n"
           "1,2024-03-04T10:00,depot,t,b\n2,2024-03-04T09:00,web,s,c\n"
           "2,2024-03-04T10:00,hub,t,d\n")
    org = {"units": [{"id": "shop", "function": "sales"}, {"id": "web", "function": "sales"},
                     {"id": "depot", "function": "logistics"},
                     {"id": "hub", "function": "logistics"}]}
    st = as_dict(evidence_of(log, org, tmp_path))["structure"]
    # two edges of weight 1, each across: Q(functions) = 0 - 2 * (2/4)^2; Q(work) = 2 * (1/2
    # - (2/4)^2)
    assert st == {"q_functions": -0.5, "q_work": 0.5, "communities": [
        {"units": ["depot", "shop"], "functions": ["logistics", "sales"]},
        {"units": ["hub", "web"], "functions": ["logistics", "sales"]}], "isolated": []}


def test_no_edge_between_org_units_gives_null_modularity(tmp_path: Path) -> None:
    log = "case,time,unit,activity,resource\n1,2024-03-04T09:00,shop,s,a\n" \
          "2,2024-03-04T09:00,depot,t,b\n"
    org = {"units": [{"id": "shop", "function": "sales"},
                     {"id": "depot", "function": "logistics"}]}
    ev = evidence_of(log, org, tmp_path)
    assert as_dict(ev)["structure"] == {"q_functions": None, "q_work": None,
                                        "communities": [], "isolated": ["depot", "shop"]}
    assert ev.findings == []


def test_one_function_leaves_brokerage_and_structure_out(tmp_path: Path) -> None:
    org = {"units": [{"id": u, "function": "ops"} for u in ("a", "b", "c")]}
    doc = as_dict(evidence_of(LOG, org, tmp_path))
    assert doc["brokerage"] is None and doc["structure"] is None
    assert doc["notes"] == ["brokerage, structure, E003 and E005 (needs at least two "
                            "functions among the units with events (found 1))"]


def test_graph_builders_on_hand_made_tables() -> None:
    graph = unit_graph({"b": 1, "a": 2, "c": 0}, {("a", "b"): 3, ("b", "b"): 1,
                                                  ("b", "c"): 1}, None)
    assert list(graph) == ["a", "b"] and list(graph.edges) == [("a", "b")]
    chain = unit_graph({u: 1 for u in "abc"}, {("a", "b"): 1, ("b", "c"): 1}, None)
    assert brokerage(chain, {})["b"] == {"unknown": 1}
    assert structure(chain, {("a", "b"): 2, ("b", "c"): 1}, {"a": "f", "b": "f", "c": "g"}
                     ).communities != ()
    tally = EvidenceTally()
    tally.add_case([])
    assert tally.result() == Aggregates(variant_waits=tally.result().variant_waits)
