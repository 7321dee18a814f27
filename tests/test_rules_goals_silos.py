"""G001-G002 (shared goals) and X001 (functional silos)."""

from __future__ import annotations

from conftest import codes, ids

UNITS = """
units:
  - {id: sales, function: sales, kpis: [nps, revenue]}
  - {id: ops, function: logistics, kpis: [cost]}
  - {id: cx, function: customer-experience, kpis: [nps]}
kpis:
  - {id: nps, kind: nps}
  - {id: revenue}
  - {id: cost}
"""


def test_no_shared_goal(run_audit) -> None:
    report = run_audit(UNITS + "processes: [{id: p, steps: [customer, sales, ops]}]\n")
    assert ids(report, "G001") == ["p"]


def test_shared_kpi_passes(run_audit) -> None:
    report = run_audit(UNITS + "processes: [{id: p, steps: [customer, sales, cx]}]\n")
    assert "G001" not in codes(report)


def test_internal_process_or_no_unit_kpis_not_checked(run_audit) -> None:
    report = run_audit(UNITS + "processes: [{id: p, steps: [sales, ops]}]\n")
    assert "G001" not in codes(report)
    report = run_audit("units: [{id: a}, {id: b}]\nprocesses: [{id: p, steps: [customer, a, b]}]\n")
    assert "G001" not in codes(report)


def test_goal_without_delivery(run_audit) -> None:
    report = run_audit("""
        units: [{id: a}]
        processes: [{id: p}]
        goals:
          - {id: empty}
          - {id: fine, processes: [p]}
    """)
    assert ids(report, "G002") == ["empty"]


def test_functional_silo(run_audit) -> None:
    report = run_audit("""
        units:
          - {id: f1, function: finance}
          - {id: f2, function: finance}
          - {id: s1, function: sales}
        processes:
          - {id: p, volume: 10, steps: [f1, f2, f1]}
          - {id: q, volume: 1, steps: [f1, s1]}
    """)
    # finance: I = 20, E = 1 -> (1-20)/21 = -0.90 <= -0.5; sales: I = 0, E = 1 -> +1
    [f] = [f for f in report.findings if f.code == "X001"]
    assert (f.entity.kind, f.entity.id, f.location.line) == ("function", "finance", 3)
    assert "-0.90" in f.message


def test_silo_threshold_is_configurable(run_audit) -> None:
    text = """
        units: [{id: f1, function: finance}, {id: f2, function: finance}, {id: s1, function: sales}]
        processes: [{id: p, volume: 2, steps: [f1, f2]}, {id: q, steps: [f1, s1]}]
    """
    # finance: I = 2, E = 1 -> -1/3
    assert "X001" not in codes(run_audit(text))
    assert ids(run_audit(text, silo_ei_threshold=-0.3), "X001") == ["finance"]


def test_no_edges_at_all_means_no_silo(run_audit) -> None:
    assert "X001" not in codes(run_audit("units: [{id: a, function: hr}]\n"))


def test_ties_to_units_without_function_count_as_external(run_audit) -> None:
    report = run_audit("""
        units: [{id: top}, {id: f1, parent: top, function: finance},
                {id: f2, parent: top, function: finance}]
        processes: [{id: p, volume: 10, steps: [f1, f2]}, {id: q, volume: 20, steps: [f1, top]}]
    """)
    # finance: I = 10 (f1-f2), E = 20 (f1-top: top has no function, it is outside
    # finance) -> (20 - 10) / 30 = +0.33: no silo (the tie used to be dropped: -1.00)
    assert "X001" not in codes(report)
    assert report.metrics["silos"]["finance"]["ei_index"] == round(1 / 3, 4)
