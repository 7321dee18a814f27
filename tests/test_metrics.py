"""Metrics of analysis.md, checked against numbers computed by hand (see the comments)."""

from __future__ import annotations

import pytest

ORG = """
units:
  - {id: board, kind: board}
  - {id: sales, parent: board, function: sales}
  - {id: shop, parent: sales}                 # function sales, inherited
  - {id: callcenter, parent: sales, customer_contact: direct}
  - {id: ops, parent: board, kind: executive, function: logistics}
  - {id: warehouse, parent: ops}
  - {id: billing, parent: board, function: finance}
  - {id: archive, parent: billing}
  - {id: hr-a, parent: board, function: hr}
  - {id: hr-b, parent: board, function: hr}
  - {id: legal, parent: board, function: legal, customer_contact: indirect}
processes:
  - id: order
    volume: 10
    steps: [customer, shop, warehouse, shop, billing, customer]
  - id: refund
    volume: 2
    steps: [customer, shop, sales, billing, customer]
interfaces:
  - {from: shop, to: warehouse}
projects:
  - {id: hr-project, units: [hr-a, hr-b]}
  - {id: filing, units: [billing, archive]}
"""


@pytest.fixture
def metrics(run_audit):
    return run_audit(ORG).metrics


def test_structure(metrics) -> None:
    # depth: board 0; sales ops billing hr-a hr-b legal 1; shop callcenter warehouse archive 2
    assert metrics["layers"] == 3
    # spans: board 6, sales 2, ops 1, billing 1 -> max 6, mean (6+2+1+1)/4
    assert metrics["max_span"] == 6
    assert metrics["mean_span"] == 2.5
    assert (metrics["units"], metrics["processes"], metrics["interfaces"]) == (11, 2, 1)


def test_handoffs_per_process(metrics) -> None:
    by = metrics["handoffs"]["by_process"]
    # order: C>shop contact; shop>warehouse, warehouse>shop, shop>billing: 3 handoffs, all
    # cross-function (sales/logistics/finance); billing>C contact; shop-warehouse-shop is
    # one ping-pong; units shop, warehouse, billing; contact units shop and billing
    assert by["order"] == {"handoffs": 3, "cross_function": 3, "unknown_function": 0,
                           "customer_contacts": 2,
                           "ping_pong": 1, "units": 3, "functions": 3, "contact_units": 2,
                           "volume": 10}
    # refund: shop>sales (same function sales), sales>billing (cross); contacts 2
    assert by["refund"] == {"handoffs": 2, "cross_function": 1, "unknown_function": 0,
                            "customer_contacts": 2,
                            "ping_pong": 0, "units": 3, "functions": 2, "contact_units": 2,
                            "volume": 2}


def test_handoff_totals(metrics) -> None:
    h = metrics["handoffs"]
    assert (h["total"], h["cross_function"], h["customer_contacts"], h["ping_pong"]) == (5, 4, 4, 1)
    # weighted: 3*10 + 2*2 = 34; cross 3*10 + 1*2 = 32; contacts 2*10 + 2*2 = 24; ping 10
    assert (h["weighted_total"], h["weighted_cross_function"],
            h["weighted_customer_contacts"], h["weighted_ping_pong"]) == (34, 32, 24, 10)
    # every handoff crosses depth-1 branches except shop>sales (manager: sales):
    # escalated 3*10 + 1*2 = 32 of 34
    assert h["top_escalation_share"] == round(32 / 34, 4)


def test_silos(metrics) -> None:
    s = metrics["silos"]
    # edges: shop-warehouse 10+10 (order) +1 (interface) = 21; shop-billing 10;
    # shop-sales 2; sales-billing 2; hr-a-hr-b 1; billing-archive 1
    # sales {sales, shop, callcenter}: I = 2, E = 21 + 10 + 2 = 33 -> (33-2)/35
    assert s["sales"] == {"units": 3, "internal": 2, "external": 33,
                          "ei_index": round(31 / 35, 4), "silo": False}
    # finance {billing, archive}: I = 1, E = 10 + 2 = 12 -> 11/13
    assert s["finance"]["ei_index"] == round(11 / 13, 4)
    assert s["logistics"] == {"units": 2, "internal": 0, "external": 21, "ei_index": 1.0,
                              "silo": False}
    # hr: only the project tie inside: I = 1, E = 0 -> -1: a silo
    assert s["hr"] == {"units": 2, "internal": 1, "external": 0, "ei_index": -1.0, "silo": True}
    # legal: no ties while the graph has some: a silo with no index
    assert s["legal"] == {"units": 1, "internal": 0, "external": 0, "ei_index": None,
                          "silo": True}
    assert "none" not in s and None not in s  # board has no function: takes no part


NO_FUNCTION = """
units:
  - {id: top}                                  # no function
  - {id: desk, parent: top}                    # no function (none to inherit)
  - {id: f1, parent: top, function: finance}
  - {id: f2, parent: top, function: finance}
  - {id: s1, parent: top, function: sales}
processes:
  - {id: p, volume: 3, steps: [f1, desk, f1]}
  - {id: q, volume: 2, steps: [f1, f2]}
  - {id: r, volume: 5, steps: [desk, top]}
interfaces:
  - {from: s1, to: top}
"""


def test_silos_count_ties_to_units_without_function_as_external(run_audit) -> None:
    # Krackhardt and Stern: E is every tie from a unit of F to a unit outside F.
    # ties: f1-desk 3 + 3 = 6; f1-f2 2; desk-top 5; s1-top 1
    # finance {f1, f2}: I = 2 (f1-f2), E = 6 (f1-desk) -> (6 - 2) / 8 = +0.5, no silo
    # sales {s1}: I = 0, E = 1 (s1-top) -> +1
    # desk-top joins two units without a function: in no row; they get no row themselves
    s = run_audit(NO_FUNCTION).metrics["silos"]
    assert s == {
        "finance": {"units": 2, "internal": 2, "external": 6, "ei_index": 0.5, "silo": False},
        "sales": {"units": 1, "internal": 0, "external": 1, "ei_index": 1.0, "silo": False}}


def test_project_pairs_with_units_without_function_count_as_external(run_audit) -> None:
    org = NO_FUNCTION + "projects:\n  - {id: mixed, units: [f1, desk, s1]}\n"
    # the project adds 1 to each pair: f1-desk, f1-s1, desk-s1
    # ties: f1-desk 6 + 1 = 7; f1-f2 2; desk-top 5; s1-top 1; f1-s1 1; desk-s1 1
    # finance {f1, f2}: I = 2, E = 7 + 1 = 8 -> (8 - 2) / 10 = +0.6
    # sales {s1}: I = 0, E = 1 (top) + 1 (f1) + 1 (desk) = 3 -> +1
    s = run_audit(org).metrics["silos"]
    assert s == {
        "finance": {"units": 2, "internal": 2, "external": 8, "ei_index": 0.6, "silo": False},
        "sales": {"units": 1, "internal": 0, "external": 3, "ei_index": 1.0, "silo": False}}


def test_customer_layers(metrics) -> None:
    # distance: shop 1, billing 1, callcenter 1 (declared direct); warehouse, sales, archive 2
    assert metrics["customer_layers"] == {
        "board": "management", "sales": "support", "shop": "front-line",
        "callcenter": "front-line", "ops": "management", "warehouse": "support",
        "billing": "front-line", "archive": "support", "hr-a": "disconnected",
        "hr-b": "disconnected", "legal": "support"}


def test_evidence_distance(run_audit) -> None:
    analysis = run_audit(ORG).analysis
    # callcenter's only tie is its declaration: no evidence; sales gets its team shop's 1
    assert analysis.evidence["callcenter"] is None
    assert analysis.evidence["sales"] == 1
    assert analysis.evidence["warehouse"] == 2
    assert analysis.evidence["board"] == 1
    assert analysis.evidence["hr-a"] is None


def test_back_office_and_unreachable_parent(run_audit) -> None:
    report = run_audit("""
        units:
          - {id: top}
          - {id: a, parent: top}
          - {id: b, parent: top}
          - {id: c, parent: top}
          - {id: group}
          - {id: member, parent: group}
        processes:
          - {id: p, steps: [customer, a, b, c]}
    """)
    layers = report.metrics["customer_layers"]
    # a 1, b 2, c 3 -> back-office; top is unreachable with children -> management;
    # group likewise; member unreachable without children -> disconnected
    assert (layers["a"], layers["b"], layers["c"]) == ("front-line", "support", "back-office")
    assert (layers["top"], layers["group"], layers["member"]) == ("management", "management",
                                                                  "disconnected")


def test_customer_stakeholder_id_as_step_is_the_customer(run_audit) -> None:
    report = run_audit("""
        units: [{id: a}, {id: b}]
        stakeholders: [{id: shoppers, kind: customer}]
        processes: [{id: p, steps: [shoppers, a, b, customer]}]
    """)
    assert report.metrics["handoffs"]["by_process"]["p"]["customer_contacts"] == 2
    assert report.metrics["handoffs"]["by_process"]["p"]["contact_units"] == 2


def test_no_handoffs_gives_null_share_and_no_processes_is_fine(run_audit) -> None:
    metrics = run_audit("units: [{id: a}]\n").metrics
    assert metrics["handoffs"]["top_escalation_share"] is None
    assert metrics["handoffs"]["total"] == 0 and metrics["mean_span"] is None
    assert metrics["silos"] == {}


def test_fractional_volume(run_audit) -> None:
    h = run_audit("units: [{id: a}, {id: b}]\nprocesses: [{id: p, volume: 2.5, steps: [a, b]}]\n"
                  ).metrics["handoffs"]
    assert h["weighted_total"] == 2.5 and h["by_process"]["p"]["volume"] == 2.5


# ----------------------------------------------------------------------------- maturity

LEVEL5 = """
units:
  - {id: board, kind: board, head: ceo}
  - {id: cx, parent: board, function: customer-experience}
  - {id: shop, parent: board, function: sales}
people:
  - {id: ceo, unit: board}
stakeholders:
  - {id: clients, kind: customer, owner: ceo}
processes:
  - {id: order, strategic: true, owner: ceo, steps: [customer, shop, cx, customer]}
interfaces:
  - {from: shop, to: cx, coordination: weekly, responsible: ceo, feedback: true}
contact_points:
  - {need: order, unit: shop}
kpis:
  - {id: nps, kind: nps, owner: ceo, target: 40}
goals:
  - {id: loyal, stakeholder: clients, processes: [order]}
"""


def test_maturity_level_5(run_audit) -> None:
    m = run_audit(LEVEL5).metrics["maturity"]
    assert m["level"] == 5 and m["next"] is None and len(m["met"]) == 7


@pytest.mark.parametrize("change, level, next_words", [
    (("  - {need: order, unit: cx}\n", "contact_points:\n"), 4, "one point of contact"),
    (("feedback: true", "feedback: false"), 4, "every interface"),
    (("target: 40", "target: ~"), 3, "owner and a target"),
    (("kpis:\n  - {id: nps, kind: nps, owner: ceo, target: 40}\n", ""), 3, "at least one"),
    (("goals:\n  - {id: loyal, stakeholder: clients, processes: [order]}\n", ""), 2, "goal"),
    (("owner: ceo, steps", "steps"), 2, "senior owner"),
    (("{id: cx, parent: board, function: customer-experience}", "{id: cx, parent: board}"),
     5, None),
])
def test_maturity_stops_at_the_first_unmet_criterion(run_audit, change, level, next_words) -> None:
    old, new = change
    if old.startswith("  - {need"):  # add a second contact point for the same need
        text = LEVEL5.replace(new, new + old)
    else:
        text = LEVEL5.replace(old, new)
    m = run_audit(text).metrics["maturity"]
    assert m["level"] == level
    assert (m["next"] is None) if next_words is None else (next_words in m["next"])


def test_maturity_level_1_and_2(run_audit) -> None:
    m = run_audit("units: [{id: a}]\n").metrics["maturity"]
    assert (m["level"], m["met"]) == (1, [])
    m = run_audit("units: [{id: a, function: customer-experience}]\n").metrics["maturity"]
    assert m["level"] == 2 and "goal" in m["next"]  # no strategic process: vacuously met


def test_maturity_ignores_rule_config(write) -> None:
    from custorg.audit.config import Config
    from custorg.audit.engine import audit

    path = write(LEVEL5.replace("owner: ceo, steps", "steps"))
    report = audit([str(path)], Config(ignore=("P",)))
    assert "P001" not in [f.code for f in report.findings]
    assert report.metrics["maturity"]["level"] == 2


def test_graphs_follow_the_definitions(run_audit) -> None:
    analysis = run_audit(ORG).analysis
    # reporting tree: one edge per parent link, parent -> child
    assert set(analysis.reporting.edges) == {
        ("board", "sales"), ("sales", "shop"), ("sales", "callcenter"), ("board", "ops"),
        ("ops", "warehouse"), ("board", "billing"), ("billing", "archive"),
        ("board", "hr-a"), ("board", "hr-b"), ("board", "legal")}
    # collaboration weights as computed by hand in test_silos
    assert analysis.collaboration["shop"]["warehouse"]["weight"] == 21
    assert analysis.collaboration["hr-a"]["hr-b"]["weight"] == 1
    # work graph: the declared-direct callcenter is tied to the customer
    assert analysis.work.has_edge("customer", "callcenter")
